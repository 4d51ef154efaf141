"""Edits: the small set of changes the app makes to a catalogue (add, change or remove one
entry), each with its inverse, so the same operations power undo and redo.

A catalogue is never changed in place: applying an edit returns a new Catalogue. Every entry
keeps the Origin it was loaded from (file and position), also across a change of its id, so
`save` knows which text to replace; an added entry has an Origin with only its target file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pydantic import BaseModel

from .catalogue import Catalogue, Origin
from . import integrity
from .i18n import _
from .integrity import WHAT
from .schema import LIST_SECTIONS, SINGULAR

MAPPED = ("sources", "personnel_groups", "document_categories", "document_types", "actions", "legal_bases", "conditions")
"""Sections the Catalogue holds as id → entry mappings; the others are tuples."""


def entries(catalogue: Catalogue, section: str) -> list[BaseModel]:
    value = getattr(catalogue, section)
    return list(value.values()) if section in MAPPED else list(value)


AXIS_OF = {"sources": "source_axis", "personnel_groups": "personnel_axis", "document_categories": "document_axis", "document_types": "document_axis"}


def _with_entries(catalogue: Catalogue, section: str, models: list[BaseModel], origins: dict) -> Catalogue:
    value = {m.id: m for m in models} if section in MAPPED else tuple(models)
    changed = dataclasses.replace(catalogue, **{section: value}, origins=origins)
    # The axes are derived data: an edit that leaves a hierarchy alone keeps it (no rebuild).
    for axis in ("source_axis", "personnel_axis", "document_axis"):
        if AXIS_OF.get(section) != axis and axis in catalogue.__dict__:
            changed.__dict__[axis] = catalogue.__dict__[axis]
    return changed


@dataclass(frozen=True)
class Edit:
    """Replace `before` by `after` in `section`: an add has no `before`, a remove no `after`.

    `origin` and `index` say where the entry was (for a change or remove) or goes back (when
    the inverse of a remove re-adds it), so undo restores the entry exactly.
    """

    section: str
    before: BaseModel | None
    after: BaseModel | None
    origin: Origin | None = None
    index: int | None = None

    def inverse(self) -> Edit:
        return Edit(self.section, self.after, self.before, self.origin, self.index)

    @property
    def entry_id(self) -> str:
        return (self.after or self.before).id

    def describe(self) -> str:
        """The edit in words, for a notification ('ny regel «x»', in the interface's language)."""
        what = WHAT[self.section]
        if self.before is None:
            return _("add {what} '{id}'", what=what, id=self.after.id)
        if self.after is None:
            return _("remove {what} '{id}'", what=what, id=self.before.id)
        if self.before.id != self.after.id:
            return _("rename {what} '{old}' to '{new}'", what=what, old=self.before.id, new=self.after.id)
        return _("change {what} '{id}'", what=what, id=self.after.id)


def default_file(catalogue: Catalogue, section: str) -> str:
    """Where a new entry of `section` goes: rules.yaml for rules, else the file holding most of the section."""
    if section == "rules" and ("rules.yaml" in catalogue.files or not catalogue.rules):
        return "rules.yaml"
    counts: dict[str, int] = {}
    for (entry_section, _id), origin in catalogue.origins.items():
        if entry_section == section:
            counts[origin.file] = counts.get(origin.file, 0) + 1
    if counts:
        return max(sorted(counts), key=counts.__getitem__)
    return f"{section.replace('_', '-')}.yaml"


def add(catalogue: Catalogue, section: str, model: BaseModel, file: str | None = None) -> Edit:
    return Edit(section, None, model, Origin(file or default_file(catalogue, section)))


def change(catalogue: Catalogue, section: str, entry_id: str, model: BaseModel) -> Edit:
    before = _find(catalogue, section, entry_id)
    return Edit(section, before, model, catalogue.origins.get((section, entry_id)))


def remove(catalogue: Catalogue, section: str, entry_id: str) -> Edit:
    before = _find(catalogue, section, entry_id)
    index = [m.id for m in entries(catalogue, section)].index(entry_id)
    return Edit(section, before, None, catalogue.origins.get((section, entry_id)), index)


def _find(catalogue: Catalogue, section: str, entry_id: str) -> BaseModel:
    for model in entries(catalogue, section):
        if model.id == entry_id:
            return model
    raise KeyError(f"no {SINGULAR[section]} '{entry_id}'")


def apply(catalogue: Catalogue, edit: Edit) -> Catalogue:
    models = entries(catalogue, edit.section)
    origins = dict(catalogue.origins)
    ids = [m.id for m in models]
    if edit.before is not None:
        position = ids.index(edit.before.id)
        origin = origins.pop((edit.section, edit.before.id), edit.origin)
        if edit.after is None:
            del models[position]
        else:
            models[position] = edit.after
            if origin is not None:
                origins[(edit.section, edit.after.id)] = origin
    else:
        origin = edit.origin or Origin(default_file(catalogue, edit.section))
        position = _place(models, origins, edit.section, origin.file) if edit.index is None else min(edit.index, len(models))
        models.insert(position, edit.after)
        origins[(edit.section, edit.after.id)] = origin
    return _with_entries(catalogue, edit.section, models, origins)


def _place(models: list[BaseModel], origins: dict, section: str, file: str) -> int:
    """Where a new entry for `file` stands in catalogue order (sorted file path, then position):
    after every entry of that file or an earlier one. Saving appends it there, and redundancy
    findings depend on this order."""
    position = 0
    for index, model in enumerate(models):
        origin = origins.get((section, model.id))
        if origin is not None and origin.file <= file:
            position = index + 1
    return position


def integrity_problems(catalogue: Catalogue) -> list[str]:
    """What would make the catalogue fail to load — the loader's own integrity rules
    (policy_model.integrity), checked on the catalogue as edited in memory."""
    refs = []
    for section in LIST_SECTIONS:
        for model in entries(catalogue, section):
            effect = model.effect if section == "rules" else None
            refs.append((_position(catalogue, section, model.id), integrity.Entry(section, model.id, model, (section, model.id), effect)))
    refs.sort(key=lambda pair: pair[0])

    def where(ref: integrity.Entry, path: tuple) -> str | None:
        location = catalogue.locate(*ref.handle, *path)
        return f"{location.file}:{location.line}" if location else None

    found = integrity.problems([ref for _key, ref in refs], where, implicit_action=not catalogue.declares_actions)
    return [str(problem.message) for problem in found]


def _position(catalogue: Catalogue, section: str, entry_id: str) -> tuple:
    """Catalogue order: file, then place in it; entries not saved yet come after their file's."""
    origin = catalogue.origins.get((section, entry_id))
    if origin is None:
        return ("", 0, 0)
    if origin.location is None:
        return (origin.file, 1 << 30, 0)
    return (origin.file, origin.location.line, origin.location.column)


def rehomed(edit: Edit, catalogue: Catalogue) -> Edit:
    """The edit with its Origin taken from `catalogue` (the files as just saved and read back).

    An edit's origin says where its entry lives in the files its base was read from; after a
    save those files are the new base and positions move (an entry added has one now, one
    removed has none). The entry with the edit's id is looked up in `catalogue`: its origin
    if it is there, else only the file (applying the edit then adds it as a new entry; a
    removed entry also notes the entry now in its place, to go back in front of it). So
    undo and redo after a save patch the right text, and undoing then redoing an edit that
    was saved gives back exactly what the files hold.
    """
    for model in (edit.before, edit.after):
        if model is not None and (edit.section, model.id) in catalogue.origins:
            return dataclasses.replace(edit, origin=catalogue.origins[(edit.section, model.id)])
    if edit.origin is None or edit.origin.path is None:
        return edit
    following = _now_at(catalogue, edit.section, edit.origin) if edit.after is None else None
    return dataclasses.replace(edit, origin=Origin(edit.origin.file, before=following))


def _now_at(catalogue: Catalogue, section: str, origin: Origin) -> str | None:
    """The id of the entry now written where a removed entry was: the one that followed it
    (the entries after it moved up by one), so undo puts it back in front of that one."""
    for model in entries(catalogue, section):
        now = catalogue.origins.get((section, model.id))
        if now is not None and now.file == origin.file and now.path == origin.path:
            return model.id
    return None


def unsaved_entries(base: Catalogue, current: Catalogue) -> list[tuple[str, str]]:
    """(section, id) of every entry `current` adds, changes or removes compared with `base`
    (the files as loaded or last saved), in section order.

    An entry read from the files is matched by where it was read from (its origin), so a
    rename is one change; an entry not saved yet is added. Most entries of `current` are
    the very objects of `base` (edits replace one entry at a time), so this is quick."""
    found: list[tuple[str, str]] = []
    for section in LIST_SECTIONS:
        if getattr(base, section) is getattr(current, section):
            continue
        at_home = {}
        for model in entries(base, section):
            origin = base.origins.get((section, model.id))
            at_home[(origin.file, tuple(origin.path)) if origin and origin.path else (section, model.id)] = model
        for model in entries(current, section):
            origin = current.origins.get((section, model.id))
            home = (origin.file, tuple(origin.path)) if origin and origin.path else None
            before = at_home.pop(home, None) if home is not None else None
            if before is None or (before is not model and before != model):
                found.append((section, model.id))
        found.extend((section, model.id) for model in at_home.values())
    return found
