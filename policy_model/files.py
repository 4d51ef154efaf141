"""Opening a file for reading, safely: only a regular file, only up to a size limit.

A FIFO named `*.yaml` or `*.xlsx` would block the first read for ever, and a device such as
/dev/zero never ends. So every file pjd reads (catalogue files, review workbooks, request
files) is opened here: without blocking (O_NONBLOCK, so opening a FIFO returns at once), and
then the descriptor that was opened is asked what it is (fstat), so nothing can swap the file
between the check and the read. The refusals are OSErrors with a plain message, as a missing
file's is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .i18n import M, N_

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path is a folder, a FIFO, a device or a socket, not a file with content."""


class FileTooLarge(OSError):
    """The file is bigger than what pjd reads of its kind."""

    def __init__(self, path, size: int, limit: int):
        super().__init__(
            errno.EFBIG, M("the file is {size}; the limit is {limit}", size=_size_words(size), limit=_size_words(limit)), str(path)
        )
        self.size, self.limit = size, limit


def _size_words(size: int):
    if size >= 2**20:
        return M("{size} MiB", size=f"{size / 2**20:.1f}")
    return M("{size} bytes", size=size) if size < 1024 else M("{size} KiB", size=f"{size / 1024:.1f}")


_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
    (stat.S_ISCHR, N_("a device")),
    (stat.S_ISBLK, N_("a device")),
    (stat.S_ISSOCK, N_("a socket")),
)


_OTHER_KIND = N_("something other than a file")


def _kind(mode: int):
    return M(next((words for test, words in _KINDS if test(mode)), _OTHER_KIND))


OS_ERRORS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("File name too long"),
}
"""The operating system's usual reasons in the interface's language; the message ids are the
system's own (English) words, so English output is what the system says."""


def os_error_words(err: OSError):
    """Why a file operation failed, in words: pjd's own reasons, the usual system ones
    translated, else the system's text. A Message (rendered when shown) or a str."""
    if err.strerror is not None and not isinstance(err.strerror, str):
        return err.strerror  # a Message of pjd's own (too large, not a regular file)
    known = OS_ERRORS.get(err.errno)
    if known is not None:
        return M(known)
    return str(err.strerror or err)


def open_regular(path: Path | str, limit: int) -> BinaryIO:
    """The file at `path`, opened for binary reading; NotRegularFile or FileTooLarge (both
    OSError, like FileNotFoundError) when it is not a regular file of at most `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, M("not a regular file but {kind}", kind=_kind(info.st_mode)), str(path))
        if info.st_size > limit:
            raise FileTooLarge(path, info.st_size, limit)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """All the bytes of a regular file of at most `limit` bytes (see open_regular); a file
    that grows past the limit while it is read is refused too."""
    with open_regular(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, len(data), limit)
    return data
