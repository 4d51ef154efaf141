"""A catalogue folder as committed at a git revision, read with git itself (no checkout touched)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .files import FileTooLarge
from .findings import Finding, Location
from .i18n import M, _
from .load import MAX_FILES, YAML_SUFFIXES, LoadResult, file_name_problem, load_files
from .yaml_tree import MAX_FILE_BYTES

REGULAR_MODES = (b"100644", b"100755")


class RevisionError(Exception):
    """The revision cannot be read (not a repository, unknown revision, git missing)."""


def _git(folder: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", str(folder), *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError(_("git is not installed")) from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {' '.join(args)} failed")
    return proc.stdout


def _problem(message: str, rel: str) -> Finding:
    return Finding("schema", "error", message, location=Location(rel, 1, 1))


def _listing(folder: Path, revision: str) -> tuple[list[tuple[str, bytes]], list[Finding]]:
    """The YAML blobs under `folder` at `revision` as (relative path, object id), and the entries
    refused before anything is read: names that are not UTF-8, links, submodules, huge blobs."""
    prefix = _git(folder, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").rstrip("\n")
    listing = _git(folder, "ls-tree", "-r", "-l", "-z", "--full-name", revision, "--", ".")
    wanted, findings = [], []
    for entry in filter(None, listing.split(b"\0")):
        meta, _tab, raw_name = entry.partition(b"\t")
        mode, kind, object_id, size = meta.split()
        rel = raw_name.decode("utf-8", "surrogateescape")[len(prefix) :]
        if not rel.endswith(YAML_SUFFIXES) or any(part.startswith(".") or part == "__pycache__" for part in rel.split("/")):
            continue
        problem = file_name_problem(rel)
        if problem is not None:
            findings.append(problem)
        elif kind != b"blob" or mode not in REGULAR_MODES:
            if mode == b"120000":
                message = M("cannot read the file: not a regular file but a symbolic link at {revision}", revision=revision)
            else:
                message = M("cannot read the file: not a regular file but a submodule at {revision}", revision=revision)
            findings.append(_problem(message, rel))
        elif int(size) > MAX_FILE_BYTES:
            too_large = FileTooLarge(rel, int(size), MAX_FILE_BYTES)
            findings.append(_problem(M("{problem} per file: split it into several files", problem=too_large.strerror), rel))
        else:
            wanted.append((rel, object_id))
    if len(wanted) > MAX_FILES:
        findings.append(Finding("schema", "error", M("the folder holds {count} YAML files at {revision}; the limit is {limit}",
                                                     count=len(wanted), revision=revision, limit=MAX_FILES)))
        wanted = wanted[:MAX_FILES]
    return sorted(wanted), findings


def files_at_revision(folder: Path, revision: str) -> tuple[list[tuple[str, bytes]], list[Finding]]:
    """The YAML files under `folder` as committed at `revision` (paths relative to `folder`),
    and the files that were refused, as load findings."""
    folder = Path(folder).resolve()
    if revision.startswith("-"):
        raise RevisionError(_("'{revision}' is not a revision", revision=revision))
    _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    wanted, findings = _listing(folder, revision)
    if not wanted:
        return [], findings
    # One `git cat-file --batch` for all blobs, asked for by object id (a name could hold a
    # newline): "<id> blob <size>\n<bytes>\n" per request.
    out = _git(folder, "cat-file", "--batch", data=b"".join(object_id + b"\n" for _rel, object_id in wanted))
    files, pos = [], 0
    for rel, _object_id in wanted:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise RevisionError(_("cannot read {file} at {revision}", file=rel, revision=revision))
        size = int(header[2])
        start = header_end + 1
        files.append((rel, out[start : start + size]))
        pos = start + size + 1
    return files, findings


def load_revision(folder: Path, revision: str) -> LoadResult:
    files, findings = files_at_revision(folder, revision)
    return load_files(files, root=None, read_problems=findings)
