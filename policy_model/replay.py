"""Our unsaved edits replayed on top of the files as someone else left them: which still apply.

When saving finds that another writer changed the files since we read them (`base`), the
author may re-read the files (`theirs`) and replay the edit steps made since `base` onto them.

What "still applies" means, exactly. An entry is known by its section and id. An edit
touches the entry it changes or removes (its `before`) and the entry it creates (its
`after`; a rename touches both ids). The edit **still applies** when every entry it touches
is, in `theirs`, exactly as it was in `base`: the same model, field for field (comments
and layout in the file do not count), or absent from both. So:
- changing or removing X applies iff the other writer left X alone; if they changed X or
  removed it, that is a conflict;
- adding X applies iff nobody else added an X meanwhile (an X in `theirs` that `base` did
  not have is a conflict, even if it is identical: we cannot tell who meant what);
- an edit to an entry the other writer did not touch applies, whatever else they changed.
Beyond that:
- A step (the edits made together, which undo takes back together, e.g. clearing a cell)
  applies whole or not at all.
- A step that touches an entry of a step already dropped is dropped too: it builds on it.
- The result must load: a step after which the catalogue breaks the loader's integrity
  rules (e.g. our new rule names a source the other writer removed) is a conflict too.
Nothing here writes a file or changes the catalogues given: the caller decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from . import edits
from .catalogue import Catalogue, Origin
from .edits import Edit
from .i18n import _
from .integrity import WHAT

CHANGED, REMOVED, ADDED, DEPENDS, BREAKS = "changed", "removed", "added", "depends", "breaks"


@dataclass(frozen=True)
class Conflict:
    """Why a step of ours was not replayed: the entry, what the other writer did to it, our edit."""

    step: int
    edit: Edit
    section: str
    entry_id: str
    theirs: str  # CHANGED | REMOVED | ADDED (by the other writer), DEPENDS, BREAKS
    problem: str = ""

    def describe(self) -> str:
        entry = _("{what} '{id}'", what=WHAT[self.section], id=self.entry_id)
        ours = self.edit.describe()
        if self.theirs == CHANGED:
            return _("{entry}: someone else changed it on disk. Your edit: {edit}", entry=entry, edit=ours)
        if self.theirs == REMOVED:
            return _("{entry}: someone else removed it on disk. Your edit: {edit}", entry=entry, edit=ours)
        if self.theirs == ADDED:
            return _("{entry}: someone else added one with this id on disk. Your edit: {edit}", entry=entry, edit=ours)
        if self.theirs == DEPENDS:
            return _("{entry}: your edit ({edit}) builds on an edit above that cannot be applied", entry=entry, edit=ours)
        return _("{entry}: with your edit ({edit}) the files as they are now would not load: {problem}",
                 entry=entry, edit=ours, problem=self.problem)


@dataclass
class Replay:
    catalogue: Catalogue
    """`theirs` with the steps that still apply."""
    applied: list[list[Edit]] = field(default_factory=list)
    dropped: list[list[Edit]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts

    @property
    def dropped_edits(self) -> int:
        return sum(len(step) for step in self.dropped)


class EntriesById:
    """section → id → model of one catalogue, built on first use of a section."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue, self._sections = catalogue, {}

    def get(self, section: str, entry_id: str) -> BaseModel | None:
        if section not in self._sections:
            self._sections[section] = {m.id: m for m in edits.entries(self.catalogue, section)}
        return self._sections[section].get(entry_id)


def touched(edit: Edit) -> set[tuple[str, str]]:
    return {(edit.section, model.id) for model in (edit.before, edit.after) if model is not None}


def replay(base: Catalogue, theirs: Catalogue, steps: list[list[Edit]]) -> Replay:
    """Replay `steps` (made on top of `base`) onto `theirs`, keeping those that still apply."""
    ours, now = EntriesById(base), EntriesById(theirs)
    out = Replay(theirs)
    tainted: set[tuple[str, str]] = set()
    for number, step in enumerate(steps):
        conflicts = [Conflict(number, edit, section, entry_id, what)
                     for edit in step for section, entry_id in sorted(touched(edit))
                     for what in [_conflict(ours.get(section, entry_id), now.get(section, entry_id), (section, entry_id) in tainted)]
                     if what]
        after = None if conflicts else _apply(out.catalogue, step)
        if after is None and not conflicts:  # cannot happen when the entries match; never guess
            conflicts = [Conflict(number, step[0], step[0].section, step[0].entry_id, DEPENDS)]
        if conflicts:
            out.conflicts.extend(conflicts)
            out.dropped.append(step)
            tainted.update(key for edit in step for key in touched(edit))
        else:
            out.catalogue = after
            out.applied.append(step)
    if out.applied and edits.integrity_problems(out.catalogue):
        _drop_breaking(theirs, out, tainted, {id(step): number for number, step in enumerate(steps)})
    return out


def _conflict(in_base: BaseModel | None, in_theirs: BaseModel | None, builds_on_dropped: bool) -> str | None:
    if builds_on_dropped:
        return DEPENDS
    if in_base == in_theirs:
        return None
    if in_base is None:
        return ADDED
    return REMOVED if in_theirs is None else CHANGED


def _apply(catalogue: Catalogue, step: list[Edit]) -> Catalogue | None:
    for edit in step:
        if edit.before is None and edit.origin is not None and edit.origin.path is not None:
            # A position in *our* files means nothing in theirs: the entry is new there.
            edit = Edit(edit.section, None, edit.after, Origin(edit.origin.file))
        try:
            catalogue = edits.apply(catalogue, edit)
        except (ValueError, KeyError):
            return None
    return catalogue


def _drop_breaking(theirs: Catalogue, out: Replay, tainted: set, numbers: dict[int, int]) -> None:
    """Replay the applied steps again one at a time, dropping each after which the catalogue
    would not load (only when the whole replay does not load: this costs a check per step)."""
    steps, out.applied, out.catalogue = out.applied, [], theirs
    for step in steps:
        number, first = numbers[id(step)], step[0]
        if any(key in tainted for edit in step for key in touched(edit)):
            conflict = Conflict(number, first, first.section, first.entry_id, DEPENDS)
        else:
            after = _apply(out.catalogue, step)
            problems = edits.integrity_problems(after) if after is not None else [""]
            if not problems:
                out.catalogue = after
                out.applied.append(step)
                continue
            conflict = Conflict(number, first, first.section, first.entry_id, BREAKS, problems[0])
        out.conflicts.append(conflict)
        out.dropped.append(step)
        tainted.update(key for edit in step for key in touched(edit))
    out.conflicts.sort(key=lambda c: c.step)
    out.dropped.sort(key=lambda s: numbers[id(s)])
