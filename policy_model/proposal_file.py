"""A proposal as a new catalogue file, `proposals/<name>.yaml`: rendered, proven, then
created — never an existing file edited, never half a file left.

Proven: the rendered text is loaded together with the catalogue's files (in memory, through
the real loader) and must load without a finding and give exactly the decisions the
proposal was computed to give. Created: written to a temporary file beside the target and
hard-linked into place, which fails if the name exists (no overwrite, even in a race), or,
where hard links are not available, created exclusively.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .atomic import NEW_FILE_MODE
from .catalogue import Catalogue
from .findings import Cell
from .i18n import _
from .load import load_files
from .proposals import Proposal, ProposalError, Wanted, counted_view, verify
from .yaml_write import render_file


class ProposalExists(Exception):
    """A file of that name exists: pjd never edits or replaces an existing file."""


def render(proposal: Proposal, relative: str, comment: str | None = None) -> str:
    """The proposal's file text; `relative` is where it goes in the catalogue (for the schema line)."""
    sections = {"rules": list(proposal.rules), "assessments": list(proposal.assessments)}
    return render_file(sections, comment, depth=relative.count("/"))


def prove(catalogue: Catalogue, relative: str, text: str, view: str, wanted: Mapping[Cell, Wanted], proposal: Proposal) -> Catalogue:
    """The catalogue loaded back with the new file; ProposalError unless it loads clean and
    gives exactly the proposal's decisions."""
    files = [(f.path, f.raw) for f in catalogue.files.values()]
    if any(path == relative for path, _raw in files):
        raise ProposalExists(relative)
    result = load_files([*files, (relative, text.encode("utf-8"))], root=catalogue.root)
    if result.catalogue is None or result.findings:
        problems = "; ".join(f"{f.location}: {f.message}" for f in result.findings[:3])
        raise ProposalError(_("the rendered proposal does not load cleanly: {problems}", problems=problems))
    after = counted_view(result.catalogue, {r.id for r in proposal.rules}, view)
    verify(catalogue, view, wanted, proposal, after=after)
    return result.catalogue


def create(path: Path, text: str) -> None:
    """Create `path` with `text`, atomically and only if nothing is there (ProposalExists)."""
    if path.exists():
        raise ProposalExists(str(path))
    folder = path.parent
    made_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, NEW_FILE_MODE)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise ProposalExists(str(path)) from None
        except OSError:  # no hard links here: create exclusively instead
            _create_exclusively(path, text)
    except BaseException:
        if made_folder:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
                folder.rmdir()
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _create_exclusively(path: Path, text: str) -> None:
    try:
        handle = open(path, "xb")
    except FileExistsError:
        raise ProposalExists(str(path)) from None
    try:
        with handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise

