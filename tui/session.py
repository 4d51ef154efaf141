"""The app's working state, free of any UI: the catalogue as loaded, the catalogue as edited,
the undo and redo history, the view, and saving. Every change goes through an Edit."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import catalogue as bundled
from policy_model import edits
from policy_model.catalogue import Catalogue
from policy_model.decide import Evaluation
from policy_model.i18n import _
from policy_model.load import LoadResult, load_folder
from policy_model.save import save as save_files


class EditRejected(Exception):
    """The edit would leave a catalogue that cannot load (unknown id, loop, id used twice)."""


@dataclass
class Session:
    root: Path
    read_only: bool
    result: LoadResult
    view: str = "draft"
    current: Catalogue | None = None
    undo_stack: list[list[edits.Edit]] = field(default_factory=list)
    redo_stack: list[list[edits.Edit]] = field(default_factory=list)
    """Each step is a list of edits made together (e.g. clearing a cell removes several rules)."""
    _evaluation: tuple | None = None

    @classmethod
    def open(cls, root: Path | str, read_only: bool | None = None) -> Session:
        root = Path(root)
        if read_only is None:
            read_only = root.resolve() == bundled.path().resolve()
        result = load_folder(root)
        return cls(root=root, read_only=read_only, result=result, current=result.catalogue)

    @property
    def base(self) -> Catalogue | None:
        return self.result.catalogue

    @property
    def loaded(self) -> bool:
        return self.result.catalogue is not None

    @property
    def dirty(self) -> bool:
        return bool(self.undo_stack)

    @property
    def edit_count(self) -> int:
        """The unsaved edits, one per entry added, changed or removed (an undo step may hold several)."""
        return sum(len(step) for step in self.undo_stack)

    # -- decisions of the current catalogue ------------------------------------------
    def evaluation(self) -> Evaluation:
        """The current catalogue's decisions in the current view (computed once per change)."""
        key = (id(self.current), self.view)
        if self._evaluation is None or self._evaluation[0] != key:
            self._evaluation = (key, Evaluation(self.current, self.view))
        return self._evaluation[1]

    # -- edits ----------------------------------------------------------------------------
    def try_apply(self, *steps: edits.Edit) -> Catalogue:
        """The catalogue after the edits, or EditRejected saying why they cannot be made."""
        after = self.current
        for edit in steps:
            after = edits.apply(after, edit)
        problems = edits.integrity_problems(after)
        if problems:
            raise EditRejected("; ".join(problems[:3]))
        return after

    def apply(self, *steps: edits.Edit) -> None:
        """Make the edits as one undoable step."""
        self.current = self.try_apply(*steps)
        self.undo_stack.append(list(steps))
        self.redo_stack.clear()

    def undo(self) -> list[edits.Edit]:
        if not self.undo_stack:
            return []
        steps = self.undo_stack.pop()
        for edit in reversed(steps):
            self.current = edits.apply(self.current, edit.inverse())
        self.redo_stack.append(steps)
        return steps

    def redo(self) -> list[edits.Edit]:
        if not self.redo_stack:
            return []
        steps = self.redo_stack.pop()
        for edit in steps:
            self.current = edits.apply(self.current, edit)
        self.undo_stack.append(steps)
        return steps

    # -- files ------------------------------------------------------------------------------
    def save(self) -> list[str]:
        """Write the edited entries (and only those); then start afresh from what is on disk.

        Raises a policy_model.save.SaveError (ChangedOnDisk, ReadOnlyCatalogue, UnsafeSave),
        having written nothing.
        """
        written = save_files(self.base, self.current)
        self.reload()
        return written

    def reload(self) -> None:
        """Read the catalogue from disk again; unsaved edits are dropped."""
        self.result = load_folder(self.root)
        self.current = self.result.catalogue
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._evaluation = None

    def copy_to(self, target: Path) -> None:
        """Make an editable copy of this (read-only) catalogue at `target` and continue there,
        with the edits made so far replayed onto it. On failure nothing changes here and the
        copy is removed again."""
        target = Path(target)
        if target.exists() and any(target.iterdir()):
            raise FileExistsError(_("{folder} is not an empty folder", folder=target))
        existed = target.exists()
        shutil.copytree(self.root, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        try:
            copy = Session.open(target, read_only=False)
            if not copy.loaded:
                raise EditRejected(_("the copy in {folder} does not load", folder=target))
            for steps in self.undo_stack:
                copy.apply(*steps)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            if existed:
                target.mkdir(exist_ok=True)
            raise
        copy.view = self.view
        self.__dict__.update(copy.__dict__)
