"""A validated catalogue: its entries by section, where each was written, and its axes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .findings import Location
from .graph import Hierarchy
from .schema import (
    IMPLICIT_ACTION,
    Action,
    Assessment,
    CatalogueMeta,
    Condition,
    DocumentCategory,
    DocumentType,
    Expectation,
    LegalBasis,
    PersonnelGroup,
    Rule,
    Source,
)
from .yaml_tree import Tree


@dataclass(frozen=True)
class SourceFile:
    """One YAML file as read: its relative path ('/'), raw bytes, text and parse tree."""

    path: str
    raw: bytes
    text: str
    tree: Tree | None


@dataclass(frozen=True)
class Origin:
    """Where an entry is written: its file, its path in that file's data, and its start.

    An entry added in memory (not saved yet) has only its target file: `path` and
    `location` are None.
    """

    file: str
    path: tuple | None = None
    location: Location | None = None
    before: str | None = None
    """For an entry not saved yet: the id of the entry it is written in front of (a removed
    entry that undo brings back goes back to its place, see edits.rehomed); else appended."""


def content_hash(files: Iterable[tuple[str, bytes]]) -> str:
    """SPEC §5.2: sha256 over (relative path, NUL, bytes, NUL) of each YAML file in sorted path order."""
    digest = hashlib.sha256()
    for path, raw in sorted(files):
        digest.update(path.encode("utf-8") + b"\0")
        digest.update(raw + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True, eq=False)
class Catalogue:
    meta: CatalogueMeta
    sources: dict[str, Source]
    personnel_groups: dict[str, PersonnelGroup]
    document_categories: dict[str, DocumentCategory]
    document_types: dict[str, DocumentType]
    legal_bases: dict[str, LegalBasis]
    conditions: dict[str, Condition]
    rules: tuple[Rule, ...]
    expectations: tuple[Expectation, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    actions: dict[str, Action] = field(default_factory=dict)
    """The declared actions; empty when the catalogue has no `actions` section."""
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    files: dict[str, SourceFile] = field(default_factory=dict)
    root: Path | None = None

    @cached_property
    def content_hash(self) -> str:
        return content_hash((f.path, f.raw) for f in self.files.values())

    # -- the axes --------------------------------------------------------------------
    @cached_property
    def source_axis(self) -> Hierarchy:
        return Hierarchy((s.id, s.parents) for s in self.sources.values())

    @cached_property
    def personnel_axis(self) -> Hierarchy:
        return Hierarchy((g.id, g.parents) for g in self.personnel_groups.values())

    @cached_property
    def document_axis(self) -> Hierarchy:
        nodes = [(c.id, c.parents) for c in self.document_categories.values()]
        nodes += [(t.id, t.parents) for t in self.document_types.values()]
        types = self.document_types
        return Hierarchy(nodes, is_leaf=lambda node, _has_children: node in types)

    @property
    def declares_actions(self) -> bool:
        return bool(self.actions)

    @cached_property
    def action_entries(self) -> dict[str, Action]:
        """The actions cells range over: the declared ones, or the implicit `read` (SPEC §9.1)."""
        return self.actions or {IMPLICIT_ACTION: Action(id=IMPLICIT_ACTION, name="Lese")}

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def documents_by_category(self) -> list[tuple[str | None, list[str]]]:
        """Document types grouped under their first parent category, both in catalogue order."""
        groups: dict[str | None, list[str]] = {c: [] for c in self.document_categories}
        for doc in self.document_types.values():
            groups.setdefault(doc.parents[0] if doc.parents else None, []).append(doc.id)
        return [(category, docs) for category, docs in groups.items() if docs]

    # -- where things are written ----------------------------------------------------
    def origin(self, section: str, entry_id: str) -> Origin | None:
        return self.origins.get((section, entry_id))

    def locate(self, section: str, entry_id: str, *field_path) -> Location | None:
        """Where an entry, or one key or list item inside it, is written (falls back to the entry)."""
        origin = self.origins.get((section, entry_id))
        if origin is None or origin.path is None:
            return None
        source = self.files.get(origin.file)
        if field_path and source is not None and source.tree is not None:
            path = (*origin.path, *field_path)
            marks = source.tree.value_marks if isinstance(field_path[-1], int) else source.tree.key_marks
            mark = marks.get(path)
            if mark is not None:
                return Location(origin.file, mark.line + 1, mark.column + 1)
        return origin.location

    # -- names for people ----------------------------------------------------------------
    def cell_names(self, cell) -> tuple[str, ...]:
        """A cell in words: source, document, personnel group (and the action, when the
        catalogue declares actions and the cell names one)."""
        names = (self.name_of("sources", cell[0]), self.name_of("documents", cell[1]), self.name_of("personnel", cell[2]))
        if len(cell) > 3 and self.declares_actions:
            names += (self.name_of("actions", cell[3]),)
        return names

    def entities_of(self, what: str) -> dict:
        """id → entry, in catalogue order, of an axis ("sources", "personnel", "documents": the
        categories, then the types; "document_categories" alone) or of "actions", "conditions" or
        "legal_bases"."""
        return {
            "sources": self.sources,
            "personnel": self.personnel_groups,
            "documents": {**self.document_categories, **self.document_types},
            "document_categories": self.document_categories,
            "legal_bases": self.legal_bases,
            "conditions": self.conditions,
            "actions": self.action_entries,
        }[what]

    def name_of(self, axis: str, node_id: str) -> str:
        entity = self.entities_of(axis).get(node_id)
        return entity.name if entity is not None else node_id
