"""Decisions (SPEC §2): every cell of a view, computed once per rule over leaf sets.

The one source of truth for a decision. A cell is (leaf source, document type, leaf
personnel group). For each leaf source, the cells form a grid of document × personnel; a
set of cells in that grid is a Python int used as a bitmask (bit `d * G + g`). A rule
covers a box — its sources × its documents × its personnel — so it is a handful of
bitmask ORs, not a probe of every cell; checks, exports and the app read the masks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .catalogue import Catalogue
from .schema import Rule

View = Literal["draft", "proposed", "approved"]
VIEWS: tuple[View, ...] = ("draft", "proposed", "approved")
VIEW_STATUSES: dict[str, frozenset[str]] = {
    "approved": frozenset({"approved"}),
    "proposed": frozenset({"approved", "proposed"}),
    "draft": frozenset({"approved", "proposed", "draft"}),
}

DecisionKind = Literal["allow", "conditional", "deny", "none", "na"]
Alternatives = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Decision:
    """One cell's decision; `alternatives` are the condition sets of a conditional cell."""

    kind: DecisionKind
    alternatives: Alternatives = ()

    @property
    def readable(self) -> bool:
        return self.kind in ("allow", "conditional")

    @property
    def applicable(self) -> bool:
        return self.kind != "na"


NA = Decision("na")
NONE = Decision("none")
ALLOW = Decision("allow")
DENY = Decision("deny")


@dataclass(frozen=True)
class Provenance:
    """Why a cell is what it is: the rules that cover it, those that decided, their legal bases."""

    decision: Decision
    applicable: tuple[Rule, ...]
    decisive: tuple[Rule, ...]
    legal_bases: tuple[str, ...]


def minimal_sets(sets: Iterable[frozenset[str]]) -> Alternatives:
    """SPEC §2.5: duplicates removed, supersets of another set removed, each sorted, all sorted."""
    unique = set(sets)
    minimal = [s for s in unique if not any(other < s for other in unique)]
    return tuple(sorted(tuple(sorted(s)) for s in minimal))


def rules_in_view(catalogue: Catalogue, view: str) -> list[Rule]:
    statuses = VIEW_STATUSES[view]
    return [rule for rule in catalogue.rules if rule.status in statuses]


@dataclass(eq=False)
class Cover:
    """A rule's box over the leaves: which leaf sources, and which cells within each source's grid."""

    rule: Rule
    order: int
    sources: tuple[int, ...]
    mask: int  # documents × personnel, the same for each of `sources`
    conditions: frozenset[str] | None  # None: unconditional (or a deny)

    @property
    def is_deny(self) -> bool:
        return self.rule.effect == "deny"

    @property
    def is_unconditional_allow(self) -> bool:
        return self.rule.effect == "allow" and self.conditions is None


@dataclass(frozen=True, eq=False)
class Region:
    """Cells of one source covered by exactly the same rules: they share decision and provenance."""

    mask: int
    covers: tuple[Cover, ...]

    @cached_property
    def decision(self) -> Decision:
        if any(c.is_deny for c in self.covers):
            return DENY
        if any(c.is_unconditional_allow for c in self.covers):
            return ALLOW
        if self.covers:
            return Decision("conditional", minimal_sets(c.conditions for c in self.covers))
        return NONE

    @cached_property
    def decisive(self) -> tuple[Cover, ...]:
        kind = self.decision.kind
        if kind == "deny":
            return tuple(c for c in self.covers if c.is_deny)
        if kind == "allow":
            return tuple(c for c in self.covers if c.is_unconditional_allow)
        if kind == "conditional":
            wanted = {frozenset(a) for a in self.decision.alternatives}
            return tuple(c for c in self.covers if c.conditions in wanted)
        return ()


@dataclass(eq=False)
class SourceGrid:
    """One leaf source's grid: the masks of cells by what covers them, and the covering rules."""

    deny: int = 0
    allow: int = 0  # unconditional allows
    conditional: dict[frozenset[str], int] = field(default_factory=dict)
    covers: list[Cover] = field(default_factory=list)

    @cached_property
    def any_conditional(self) -> int:
        mask = 0
        for m in self.conditional.values():
            mask |= m
        return mask


class Grid:
    """Leaf orders and bit arithmetic shared by the evaluation and its users."""

    def __init__(self, catalogue: Catalogue):
        self.sources: tuple[str, ...] = catalogue.source_axis.leaves
        self.documents: tuple[str, ...] = catalogue.document_axis.leaves
        self.personnel: tuple[str, ...] = catalogue.personnel_axis.leaves
        self.source_index = {s: i for i, s in enumerate(self.sources)}
        self.document_index = {d: i for i, d in enumerate(self.documents)}
        self.personnel_index = {g: i for i, g in enumerate(self.personnel)}
        self.width = len(self.personnel)
        self.all_personnel = (1 << self.width) - 1
        self.all_cells = self.spread(range(len(self.documents))) * self.all_personnel

    def spread(self, document_indexes: Iterable[int]) -> int:
        """A mask with the first personnel bit of each given document row set."""
        mask = 0
        for d in document_indexes:
            mask |= 1 << (d * self.width)
        return mask

    def box(self, documents: Iterable[str], personnel: Iterable[str]) -> int:
        """The cells of documents × personnel (leaf ids) in one source's grid."""
        personnel_mask = 0
        for g in personnel:
            personnel_mask |= 1 << self.personnel_index[g]
        # No carries: each row's personnel bits stay below the next row's first bit.
        return self.spread(self.document_index[d] for d in documents) * personnel_mask

    def row(self, mask: int, document_index: int) -> int:
        """The personnel bits of one document's row."""
        return (mask >> (document_index * self.width)) & self.all_personnel

    def cell_bit(self, document_index: int, personnel_index: int) -> int:
        return 1 << (document_index * self.width + personnel_index)

    def cells_in(self, source_index: int, mask: int) -> Iterator[tuple[str, str, str]]:
        """The cells of a mask, as ids, in document then personnel order."""
        source = self.sources[source_index]
        while mask:
            low = mask & -mask
            d, g = divmod(low.bit_length() - 1, self.width)
            yield (source, self.documents[d], self.personnel[g])
            mask ^= low


class Evaluation(Grid):
    """Every cell's decision for one view of a catalogue, with provenance on request."""

    def __init__(self, catalogue: Catalogue, view: str = "draft"):
        if view not in VIEW_STATUSES:
            raise ValueError(f"unknown view '{view}'")
        super().__init__(catalogue)
        self.catalogue = catalogue
        self.view = view
        producers = [
            None if (doc := catalogue.document_types[d]).produced_by is None
            else catalogue.source_axis.leaves_under_any(doc.produced_by)
            for d in self.documents
        ]
        self.applicable: list[int] = [self._applicable_mask(s, producers) for s in self.sources]
        self.covers: list[Cover] = [self.cover(rule, order) for order, rule in enumerate(rules_in_view(catalogue, view))]
        self.grids: list[SourceGrid] = [SourceGrid() for _ in self.sources]
        for cover in self.covers:
            self._add(cover)

    # -- building ------------------------------------------------------------------------
    def _applicable_mask(self, source: str, producers: list[frozenset[str] | None]) -> int:
        """The cells of documents this source produces (SPEC §2.1); `producers` per document."""
        produced = [d for d, leaves in enumerate(producers) if leaves is None or source in leaves]
        return self.spread(produced) * self.all_personnel

    def cover(self, rule: Rule, order: int = -1) -> Cover:
        """A rule's box over the leaves (whatever its status)."""
        cat = self.catalogue
        sources = cat.source_axis.leaves_under_any(rule.sources)
        documents = cat.document_axis.leaves_under_any(rule.documents)
        personnel = cat.personnel_axis.leaves_under_any(rule.personnel)
        conditions = frozenset(rule.conditions) if rule.effect == "allow" and rule.conditions else None
        return Cover(
            rule=rule,
            order=order,
            sources=tuple(sorted(self.source_index[s] for s in sources)),
            mask=self.box(documents, personnel),
            conditions=conditions,
        )

    def _add(self, cover: Cover) -> None:
        for s in cover.sources:
            grid = self.grids[s]
            grid.covers.append(cover)
            if cover.is_deny:
                grid.deny |= cover.mask
            elif cover.conditions is None:
                grid.allow |= cover.mask
            else:
                grid.conditional[cover.conditions] = grid.conditional.get(cover.conditions, 0) | cover.mask

    # -- reading -------------------------------------------------------------------------
    def index(self, source: str, document: str, personnel: str) -> tuple[int, int, int]:
        return self.source_index[source], self.document_index[document], self.personnel_index[personnel]

    def decision(self, source: str, document: str, personnel: str) -> Decision:
        s, d, g = self.index(source, document, personnel)
        return self.decision_at(s, self.cell_bit(d, g))

    def decision_at(self, s: int, bit: int) -> Decision:
        if not self.applicable[s] & bit:
            return NA
        grid = self.grids[s]
        if grid.deny & bit:
            return DENY
        if grid.allow & bit:
            return ALLOW
        sets = [c for c, mask in grid.conditional.items() if mask & bit]
        if sets:
            return Decision("conditional", minimal_sets(sets))
        return NONE

    def masks(self, s: int) -> dict[str, int]:
        """The applicable cells of one source by decision kind."""
        grid, applicable = self.grids[s], self.applicable[s]
        deny = grid.deny & applicable
        allow = grid.allow & applicable & ~deny
        conditional = grid.any_conditional & applicable & ~deny & ~allow
        return {
            "allow": allow,
            "conditional": conditional,
            "deny": deny,
            "none": applicable & ~deny & ~allow & ~conditional,
        }

    def readable_mask(self, s: int) -> int:
        grid = self.grids[s]
        return (grid.allow | grid.any_conditional) & self.applicable[s] & ~grid.deny

    def provenance(self, source: str, document: str, personnel: str) -> Provenance:
        s, d, g = self.index(source, document, personnel)
        bit = self.cell_bit(d, g)
        decision = self.decision_at(s, bit)
        if decision.kind == "na":
            return Provenance(decision, (), (), ())
        applicable = [c for c in self.grids[s].covers if c.mask & bit]
        if decision.kind == "deny":
            decisive = [c for c in applicable if c.is_deny]
        elif decision.kind == "allow":
            decisive = [c for c in applicable if c.is_unconditional_allow]
        elif decision.kind == "conditional":
            wanted = {frozenset(a) for a in decision.alternatives}
            decisive = [c for c in applicable if c.conditions in wanted]
        else:
            decisive = []
        bases: dict[str, None] = {}
        for cover in decisive:
            bases.update(dict.fromkeys(cover.rule.legal_basis))
        return Provenance(
            decision, tuple(c.rule for c in applicable), tuple(c.rule for c in decisive), tuple(bases)
        )

    def matrix(self) -> Iterator[tuple[tuple[str, str, str], Decision]]:
        """Every applicable cell and its decision, sorted by source, document, personnel id."""
        doc_order = sorted(range(len(self.documents)), key=self.documents.__getitem__)
        group_order = sorted(range(self.width), key=self.personnel.__getitem__)
        for s in sorted(range(len(self.sources)), key=self.sources.__getitem__):
            applicable = self.applicable[s]
            for d in doc_order:
                if not self.row(applicable, d):
                    continue
                for g in group_order:
                    bit = self.cell_bit(d, g)
                    decision = self.decision_at(s, bit)
                    yield (self.sources[s], self.documents[d], self.personnel[g]), decision

    def counts(self) -> dict[str, int]:
        totals = {"allow": 0, "conditional": 0, "deny": 0, "none": 0}
        for s in range(len(self.sources)):
            for kind, mask in self.masks(s).items():
                totals[kind] += mask.bit_count()
        return totals

    def regions(self, s: int) -> list[Region]:
        """The applicable cells of a source split by the exact set of rules covering them.

        Partition refinement over the source's rules: far fewer regions than cells, so
        per-cell provenance (for comments, grants, explanations) costs one computation
        per region instead of one per cell.
        """
        parts: list[tuple[int, tuple[Cover, ...]]] = [(self.applicable[s], ())]
        for cover in self.grids[s].covers:
            refined = []
            for mask, covers in parts:
                inside = mask & cover.mask
                if inside:
                    refined.append((inside, (*covers, cover)))
                    if mask & ~cover.mask:
                        refined.append((mask & ~cover.mask, covers))
                else:
                    refined.append((mask, covers))
            parts = refined
        return [Region(mask, covers) for mask, covers in parts if mask]

    def overlap(self, allow: Cover, deny: Cover) -> tuple[list[tuple[int, int]], bool]:
        """The applicable cells both cover (by source), and whether `deny` is a carve-out of
        `allow`: every applicable cell the deny covers, the allow covers too (SPEC §3)."""
        allow_sources = set(allow.sources)
        shared, carve_out = [], True
        for s in deny.sources:
            denied = deny.mask & self.applicable[s]
            allowed = allow.mask if s in allow_sources else 0
            if denied & allowed:
                shared.append((s, denied & allowed))
            if denied & ~allowed:
                carve_out = False
        return shared, carve_out

    def cells_of(self, cover: Cover, mask_filter=None) -> Iterator[tuple[int, int]]:
        """(source index, applicable mask within the cover) for each source the cover touches."""
        for s in cover.sources:
            mask = cover.mask & self.applicable[s]
            if mask_filter is not None:
                mask &= mask_filter(s)
            if mask:
                yield s, mask


def evaluate(catalogue: Catalogue, view: str = "draft") -> Evaluation:
    return Evaluation(catalogue, view)
