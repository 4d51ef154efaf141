"""A catalogue folder as committed at a git revision, read with git itself (no checkout touched)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .load import YAML_SUFFIXES, LoadResult, load_files


class RevisionError(Exception):
    """The revision cannot be read (not a repository, unknown revision, git missing)."""


def _git(folder: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", str(folder), *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {' '.join(args)} failed")
    return proc.stdout


def files_at_revision(folder: Path, revision: str) -> list[tuple[str, bytes]]:
    """The YAML files under `folder` as committed at `revision`, paths relative to `folder`."""
    folder = Path(folder).resolve()
    if revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    prefix = _git(folder, "rev-parse", "--show-prefix").decode().strip()
    listing = _git(folder, "ls-tree", "-r", "-z", "--full-name", "--name-only", revision, "--", ".").split(b"\0")
    names = [n.decode("utf-8") for n in listing if n]
    wanted = [
        name
        for name in names
        if name.endswith(YAML_SUFFIXES)
        and not any(part.startswith(".") or part == "__pycache__" for part in name[len(prefix) :].split("/"))
    ]
    if not wanted:
        return []
    # One `git cat-file --batch` for all files: "<sha> blob <size>\n<bytes>\n" per request.
    requests = "".join(f"{revision}:{name}\n" for name in wanted).encode("utf-8")
    out = _git(folder, "cat-file", "--batch", data=requests)
    files, pos = [], 0
    for name in wanted:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise RevisionError(f"cannot read {name} at {revision}")
        size = int(header[2])
        start = header_end + 1
        files.append((name[len(prefix) :], out[start : start + size]))
        pos = start + size + 1
    return files


def load_revision(folder: Path, revision: str) -> LoadResult:
    return load_files(files_at_revision(folder, revision), root=None)
