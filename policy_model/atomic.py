"""Atomic file writes: write beside the target, flush to disk, then rename over it.

A crash or Ctrl-C leaves either the old file or the new one, never half of one, and no
temporary file behind; a write that fails also removes the folders it made. A set of files
(an export) is staged in a hidden folder and moved into place only once all of them are written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path in the target's folder; renamed onto `target` when the block succeeds."""
    target = Path(target)
    created = make_folders(target.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except BaseException:
        remove_folders(created)
        raise
    os.close(fd)
    temporary = Path(name)
    done = False
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, NEW_FILE_MODE)
        os.replace(temporary, target)
        done = True
        _fsync_folder(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        if not done:
            remove_folders(created)


@contextlib.contextmanager
def staged_folder(folder: Path | str) -> Iterator[Path]:
    """A hidden folder inside `folder` to write a set of files into. When the block succeeds they
    all move into `folder` (each replacing its namesake, atomically); when it fails none does,
    the staged files go, and so do the folders made for them."""
    folder = Path(folder)
    created = make_folders(folder)
    try:
        stage = Path(tempfile.mkdtemp(prefix=".pjd-staged-", dir=folder))
    except BaseException:
        remove_folders(created)
        raise
    try:
        yield stage
        items = sorted(stage.iterdir())
        for item in items:  # first: nothing in the way, so that either all move or none does
            _check_replaceable(item, folder / item.name)
        for item in items:
            _move_into_place(item, folder / item.name)
        _fsync_folder(folder)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        remove_folders(created)
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _check_replaceable(item: Path, target: Path) -> None:
    if target.is_dir() and not item.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if target.exists() and not target.is_dir() and item.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target))


def _move_into_place(item: Path, target: Path) -> None:
    """A file replaces its namesake atomically. A folder (the Cedar bundle) cannot replace a
    full one in one step: the old one is moved aside first, then removed."""
    if not item.is_dir() or not target.is_dir():
        os.replace(item, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    os.replace(target, aside / target.name)
    try:
        os.replace(item, target)
    except BaseException:
        os.replace(aside / target.name, target)  # put the old one back
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def make_folders(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; return those made, innermost first (to undo)."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            break
        missing.append(candidate)
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def remove_folders(created: list[Path]) -> None:
    """Undo make_folders, innermost first, as far as the folders are still empty."""
    for folder in created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def atomic_write_bytes(target: Path | str, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


NEW_FILE_MODE = 0o666 & ~_read_umask()  # read once at import, before any worker thread exists


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
