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
from policy_model.replay import EntriesById, Replay, replay, touched
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
    """Each step is a list of edits made together (e.g. clearing a cell removes several rules).
    A save is not an edit: the history survives it (undo after a save makes the catalogue
    unsaved again)."""
    pending: list[tuple[list[edits.Edit], int]] = field(default_factory=list)
    """The way from `base` (the files as loaded or last saved) to `current`: each undo step
    forwards (+1) or backwards (-1, an undo past the save). Undoing the last step taken
    takes it off again, so this is the shortest way, the edits a replay onto the files makes."""
    _evaluation: tuple | None = None
    _unsaved: tuple | None = None

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
        """The catalogue as edited differs from the files (as loaded or last saved)."""
        return bool(self.unsaved_entries())

    @property
    def edit_count(self) -> int:
        """The unsaved edits, one per entry added, changed or removed compared with the files."""
        return len(self.unsaved_entries())

    def unsaved_entries(self) -> list[tuple[str, str]]:
        if self.base is None or self.current is None:
            return []
        if self._unsaved is None or self._unsaved[0] is not self.base or self._unsaved[1] is not self.current:
            self._unsaved = (self.base, self.current, edits.unsaved_entries(self.base, self.current))
        return self._unsaved[2]

    def unsaved_steps(self) -> list[list[edits.Edit]]:
        """The edit steps that lead from the files to the catalogue as edited."""
        return [step if way > 0 else [edit.inverse() for edit in reversed(step)] for step, way in self.pending]

    def _moved(self, step: list[edits.Edit], way: int) -> None:
        if self.pending and self.pending[-1][0] is step and self.pending[-1][1] == -way:
            self.pending.pop()  # back where we were: the step is no longer on the way
        else:
            self.pending.append((step, way))

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
        step = list(steps)
        self.undo_stack.append(step)
        self.redo_stack.clear()
        self._moved(step, 1)

    def undo(self) -> list[edits.Edit]:
        if not self.undo_stack:
            return []
        steps = self.undo_stack.pop()
        for edit in reversed(steps):
            self.current = edits.apply(self.current, edit.inverse())
        self.redo_stack.append(steps)
        self._moved(steps, -1)
        return steps

    def redo(self) -> list[edits.Edit]:
        if not self.redo_stack:
            return []
        steps = self.redo_stack.pop()
        for edit in steps:
            self.current = edits.apply(self.current, edit)
        self.undo_stack.append(steps)
        self._moved(steps, 1)
        return steps

    # -- files ------------------------------------------------------------------------------
    def save(self) -> list[str]:
        """Write the edited entries (and only those); the files as saved become the base.

        Raises a policy_model.save.SaveError (ChangedOnDisk, ReadOnlyCatalogue, UnsafeSave),
        having written nothing.
        """
        written = save_files(self.base, self.current)
        self._saved()
        return written

    def _saved(self) -> None:
        """Read back what was just written as the new base, keeping the undo and redo history
        (each edit re-homed in the files as they are now, see edits.rehomed)."""
        self.result = load_folder(self.root)
        self.current = self.result.catalogue
        self.pending.clear()
        self._evaluation = self._unsaved = None
        if self.current is None:  # another file broke meanwhile: nothing to undo onto
            self.undo_stack.clear()
            self.redo_stack.clear()
            return
        for stack in (self.undo_stack, self.redo_stack):
            stack[:] = [[edits.rehomed(edit, self.current) for edit in step] for step in stack]

    def replay_on_disk(self) -> tuple[LoadResult, Replay | None]:
        """Read the files again and replay the unsaved edit steps onto them (policy_model.replay
        says which still apply). Changes nothing here; the Replay is None when the files do not
        load now."""
        fresh = load_folder(self.root)
        if fresh.catalogue is None:
            return fresh, None
        return fresh, replay(self.base, fresh.catalogue, self.unsaved_steps())

    def save_replayed(self, fresh: LoadResult, outcome: Replay) -> list[str]:
        """Save the replayed catalogue onto the files read in `fresh`; the steps dropped are gone.

        When every step applied, the catalogue is exactly what the author's history led to, so
        the history stays (re-homed onto the new files, as after a plain save): undo takes back
        the author's last step, redo brings back what was undone. When some were dropped, the
        history no longer leads here (its steps include the dropped ones), so it starts at the
        replay: undoing a dropped step would overwrite the other writer's change."""
        written = save_files(fresh.catalogue, outcome.catalogue)
        if not outcome.clean:
            self.undo_stack.clear()
            self.redo_stack.clear()
        else:
            self._history_short_of(fresh.catalogue)
        self._saved()
        return written

    def _history_short_of(self, theirs: Catalogue) -> None:
        """Cut each stack below its step nearest the top that touches an entry the other writer
        changed (`base` and `theirs` differ there): undoing or redoing it, or anything made
        on top of it, would silently overwrite their change. The replayed steps never do (a
        clean replay checked them); older steps, saved before, may."""
        ours_by_id, theirs_by_id = EntriesById(self.base), EntriesById(theirs)

        def theirs_changed(step: list[edits.Edit]) -> bool:
            return any(ours_by_id.get(section, entry_id) != theirs_by_id.get(section, entry_id)
                       for edit in step for section, entry_id in touched(edit))

        for stack in (self.undo_stack, self.redo_stack):  # the top of each is its last step
            reached = next((number for number in range(len(stack) - 1, -1, -1) if theirs_changed(stack[number])), None)
            if reached is not None:
                del stack[: reached + 1]

    def reload(self) -> None:
        """Read the catalogue from disk again; unsaved edits are dropped."""
        self.result = load_folder(self.root)
        self.current = self.result.catalogue
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.pending.clear()
        self._evaluation = self._unsaved = None

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
            for steps in self.unsaved_steps():
                copy.apply(*steps)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            if existed:
                target.mkdir(exist_ok=True)
            raise
        copy.view = self.view
        self.__dict__.update(copy.__dict__)


COPY_NAME = "pjd-katalog"


def copy_target(root: Path) -> Path:
    """Where "make an editable copy" proposes to write: ~/pjd-katalog (-2, -3 … when taken).

    Never inside the open catalogue (a copy inside the bundled package would be read-only
    again, and one inside a catalogue folder would be read as part of it) nor relative to the
    working folder, which may be the catalogue itself; the home folder is where an author
    looks for it afterwards. When the home folder is inside the catalogue (odd, but possible),
    the folder beside the catalogue is used instead."""
    inside = Path(root).resolve()
    for parent in (Path.home(), inside.parent):
        for number in range(1, 100):
            candidate = parent / (COPY_NAME if number == 1 else f"{COPY_NAME}-{number}")
            where = candidate.resolve()
            if not candidate.exists() and where != inside and inside not in where.parents:
                return candidate
    return inside.parent / COPY_NAME
