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

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path is a folder, a FIFO, a device or a socket, not a file with content."""


class FileTooLarge(OSError):
    """The file is bigger than what pjd reads of its kind."""

    def __init__(self, path, size: int, limit: int):
        super().__init__(errno.EFBIG, f"the file is {_size_words(size)}; the limit is {_size_words(limit)}", str(path))
        self.size, self.limit = size, limit


def _size_words(size: int) -> str:
    if size >= 2**20:
        return f"{size / 2**20:.1f} MiB"
    return f"{size} bytes" if size < 1024 else f"{size / 1024:.1f} KiB"


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path | str, limit: int) -> BinaryIO:
    """The file at `path`, opened for binary reading; NotRegularFile or FileTooLarge (both
    OSError, like FileNotFoundError) when it is not a regular file of at most `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file but {_kind(info.st_mode)}", str(path))
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
