"""Integrity of a catalogue's ids (SPEC §3 load errors): ids used twice on an axis, references
to nothing or to the wrong kind of thing, and loops — the one statement of these rules.

The loader runs it on what it read (and adds file locations); the app's edit operations run
it on the catalogue as edited, so an edit the app accepts is one the loader accepts.
Entries are given in catalogue order, each with a `handle` the caller uses to locate it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import BaseModel

from .graph import find_cycles
from .findings import printable
from .i18n import M, Message
from .schema import AXIS_OF_SECTION, IMPLICIT_ACTION, PERSONNEL_ATTRIBUTES, REFERENCES, SOURCE_ATTRIBUTES

HIERARCHIES = (("sources",), ("personnel_groups",), ("document_categories", "document_types"), ("actions",))
"""The sections whose entries link up into one graph each; actions link through `requires`."""

WHAT = {
    "sources": M("source"),
    "personnel_groups": M("personnel group"),
    "document_categories": M("document category"),
    "document_types": M("document type"),
    "legal_bases": M("legal basis"),
    "conditions": M("condition"),
    "rules": M("rule"),
    "expectations": M("expectation"),
    "assessments": M("assessment"),
    "actions": M("action"),
}
"""A section's entry in words (singular)."""

WHAT_PLURAL = {
    "sources": M("sources"),
    "personnel_groups": M("personnel groups"),
    "legal_bases": M("legal bases"),
    "conditions": M("conditions"),
    "rules": M("rules"),
    "expectations": M("expectations"),
    "assessments": M("assessments"),
    "actions": M("actions"),
}

AXIS_WHAT = {
    "sources": M("source"),
    "personnel": M("personnel group"),
    "documents": M("document category or type"),
    "conditions": M("condition"),
    "legal_bases": M("legal basis"),
    "rules": M("rule"),
    "actions": M("action"),
}


@dataclass(frozen=True)
class Entry:
    """An entry as the caller holds it: `model` is None when it did not validate (its id
    still counts, so a reference to it is not reported twice)."""

    section: str
    id: str | None
    model: BaseModel | None
    handle: object
    effect: str | None = None  # for rules: allow or deny (read even when the rule did not validate)


@dataclass(frozen=True)
class Problem:
    kind: str  # duplicate_id | unknown_reference | cycle
    message: Message
    entry: Entry
    path: tuple = ()
    """Where inside the entry: ('id',), ('parents', 0), ... (empty: the entry itself)."""
    rules: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)


def problems(entries: Iterable[Entry], where: Callable[[Entry, tuple], str | None], implicit_action: bool) -> Iterator[Problem]:
    """Every integrity problem of the entries. `where(entry, path)` says where something is
    written ('file:line') for messages naming an earlier occurrence; `implicit_action`: the
    catalogue declares no actions, so the implicit `read` may be named."""
    entries = list(entries)
    known: dict[str, dict[str, Entry]] = {axis: {} for axis in set(AXIS_OF_SECTION.values())}
    if implicit_action:
        known["actions"][IMPLICIT_ACTION] = Entry("actions", IMPLICIT_ACTION, None, None)
    yield from _duplicates(entries, known, where)
    yield from _references(entries, known)
    yield from _cycles(entries)
    yield from _attributes_on_inner_nodes(entries)


def _duplicates(entries, known, where) -> Iterator[Problem]:
    for entry in entries:
        if entry.id is None:
            continue
        axis = AXIS_OF_SECTION[entry.section]
        first = known[axis].get(entry.id)
        if first is None:
            known[axis][entry.id] = entry
            continue
        among = M("document categories and types") if axis == "documents" else WHAT_PLURAL[entry.section]
        message = M(
            "{what} id '{id}' is already used by the {first_what} at {where}; ids must be unique among {among}",
            what=WHAT[entry.section], id=printable(entry.id), first_what=WHAT[first.section],
            where=where(first, ("id",)) or "?", among=among,
        )
        yield Problem("duplicate_id", message, entry, ("id",), **_ids(entry, entry.id))


def _ids(entry: Entry, *others: str) -> dict:
    if entry.section == "rules":
        return {"rules": (entry.id,), "entities": tuple(o for o in others if o != entry.id)}
    return {"entities": tuple(dict.fromkeys((entry.id, *others)))}


def _references(entries, known) -> Iterator[Problem]:
    for entry in entries:
        if entry.model is None:
            continue
        for path, axis, want in REFERENCES[entry.section]:
            for index, target in enumerate(_get(entry.model, path)):
                why = _reference_problem(target, axis, want, known)
                if why is not None:
                    message = M("{what} '{id}' {field}: {why}", what=WHAT[entry.section], id=printable(entry.id),
                                field=".".join(path), why=why)
                    ids = {"rules": (entry.id,), "entities": (target,)} if entry.section == "rules" else {"entities": (entry.id, target)}
                    yield Problem("unknown_reference", message, entry, (*path, index), **ids)


def _get(model, path: tuple[str, ...]):
    value = model
    for name in path:
        value = getattr(value, name, None)
        if value is None:
            return ()
    return value


def _reference_problem(target: str, axis: str, want: str | None, known) -> Message | None:
    entries = known.get(axis, {})
    found = entries.get(target)
    if found is None:
        close = difflib.get_close_matches(target, list(entries), n=1, cutoff=0.6)
        hint = M("; did you mean '{id}'?", id=close[0]) if close else ""
        if axis == "actions" and IMPLICIT_ACTION in entries and len(entries) == 1:
            return M("'{id}' names no action: this catalogue has no 'actions' section, so its only action is 'read'", id=target)
        return M("'{id}' names no {what}{hint}", id=printable(target), what=AXIS_WHAT[axis], hint=hint)
    if want == "category" and found.section != "document_categories":
        return M("'{id}' is a document type; only document categories can be parents", id=target)
    if want == "allow" and found.effect == "deny":
        return M("'{id}' is a deny rule; 'overrides' lists the allow rules this deny overrides", id=target)
    return None


def _cycles(entries) -> Iterator[Problem]:
    for sections in HIERARCHIES:
        edges, where = [], {}
        for entry in entries:
            if entry.section not in sections or entry.model is None:
                continue
            field_name = "requires" if entry.section == "actions" else "parents"
            for index, parent in enumerate(getattr(entry.model, field_name) or ()):
                # parents point up (parent → child); requires point across (action → required)
                edge = (entry.id, parent) if field_name == "requires" else (parent, entry.id)
                edges.append(edge)
                where[edge] = (entry, index)
        for loop in find_cycles(edges):
            closing = max(
                (where[(loop[i], loop[(i + 1) % len(loop)])] for i in range(len(loop))),
                key=lambda item: entries.index(item[0]),
            )
            entry, index = closing
            field_name = "requires" if entry.section == "actions" else "parents"
            if entry.section == "actions":
                message = M("the actions require each other in a loop: {loop}; remove one of these 'requires'",
                            loop=" → ".join([*loop, loop[0]]))
            else:
                message = M("the {what} hierarchy loops: {loop}; remove one of these parents",
                            what=HIERARCHY_WORD[sections[0]], loop=" → ".join([*loop, loop[0]]))
            yield Problem("cycle", message, entry, (field_name, index), entities=tuple(loop))


ATTRIBUTES = {"sources": SOURCE_ATTRIBUTES, "personnel_groups": PERSONNEL_ATTRIBUTES}
"""Request attributes, which only leaves may give (SPEC §10.2): a request resolves to a leaf."""


def _attributes_on_inner_nodes(entries) -> Iterator[Problem]:
    parents = {(e.section, p) for e in entries if e.model is not None for p in getattr(e.model, "parents", ())}
    for entry in entries:
        if entry.model is None or (entry.section, entry.id) not in parents:
            continue
        for name in ATTRIBUTES.get(entry.section, ()):
            if getattr(entry.model, name):
                message = M("{what} '{id}' has children, so it cannot give '{field}': request attributes belong on "
                            "the leaves a request resolves to", what=WHAT[entry.section], id=entry.id, field=name)
                yield Problem("schema", message, entry, (name,), entities=(entry.id,), extra={"key": True})


HIERARCHY_WORD = {
    "sources": M("source"),
    "personnel_groups": M("personnel"),
    "document_categories": M("document"),
}
