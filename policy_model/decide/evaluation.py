"""Every cell's decision in one view of a catalogue, computed once per rule over leaf sets.

The one source of truth for a decision (SPEC §2, §9.3). Each rule in the view becomes a
`Cover` (its box of cells); per grid the covers are folded into a deny mask and one mask per
distinct grant, so a cell's decision is `resolve` over the grants whose mask holds it. The
queries below are what checks, exports and the faces need; they answer in `CellSet`s and
ids, never in bits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, get_args

from ..catalogue import Catalogue
from ..schema import Rule
from .answer import CellAnswer, answer
from .decision import NA, Decision, Grant, make_grant, resolve
from .explanation import Explanation
from .space import Cell, CellSet, CellSpace

View = Literal["draft", "proposed", "approved"]
VIEWS: tuple[View, ...] = get_args(View)
VIEW_STATUSES: dict[str, frozenset[str]] = {
    "approved": frozenset({"approved"}),
    "proposed": frozenset({"approved", "proposed"}),
    "draft": frozenset({"approved", "proposed", "draft"}),
}


def counts_in(status: str, view: str) -> bool:
    """Whether a rule of this status decides anything in the view (SPEC §2)."""
    return status in VIEW_STATUSES[view]


def views_counting(status: str) -> tuple[View, ...]:
    """The views in which a rule of this status counts (none for a retired rule)."""
    return tuple(view for view in VIEWS if counts_in(status, view))


def rules_in_view(catalogue: Catalogue, view: str) -> list[Rule]:
    return [rule for rule in catalogue.rules if counts_in(rule.status, view)]


@dataclass(eq=False)
class Cover:
    """A rule's box: the grids (leaf source × action) it touches and its cells in each."""

    rule: Rule
    order: int
    grids: tuple[int, ...]
    mask: int  # documents × personnel, the same in each grid
    grant: Grant | None  # None for a deny

    @property
    def is_deny(self) -> bool:
        return self.grant is None


class _Grid:
    """One grid's covers, folded: the denied cells and the cells of each distinct grant."""

    __slots__ = ("deny", "grants", "covers")

    def __init__(self):
        self.deny = 0
        self.grants: dict[Grant, int] = {}
        self.covers: list[Cover] = []


@dataclass(frozen=True, eq=False)
class Region:
    """Cells of one grid covered by exactly the same rules: one decision, one explanation."""

    cells: CellSet
    explanation: Explanation

    @property
    def decision(self) -> Decision:
        return self.explanation.decision


class Evaluation:
    """The decisions of one view of a catalogue, and the questions asked about them."""

    def __init__(self, catalogue: Catalogue, view: str = "draft"):
        if view not in VIEW_STATUSES:
            raise ValueError(f"unknown view '{view}'")
        self.catalogue = catalogue
        self.view = view
        self._space = space = CellSpace(
            catalogue.source_axis.leaves,
            catalogue.document_axis.leaves,
            catalogue.personnel_axis.leaves,
            catalogue.action_entries,
        )
        self.sources, self.documents, self.personnel, self.actions = (
            space.sources, space.documents, space.personnel, space.actions
        )
        self._applicable = self._applicable_masks()
        self._covers = [self._cover(rule, order) for order, rule in enumerate(rules_in_view(catalogue, view))]
        self._by_id = {cover.rule.id: cover for cover in self._covers}
        self._grids = [_Grid() for _ in range(space.grid_count)]
        for cover in self._covers:
            for k in cover.grids:
                grid = self._grids[k]
                grid.covers.append(cover)
                if cover.is_deny:
                    grid.deny |= cover.mask
                else:
                    grid.grants[cover.grant] = grid.grants.get(cover.grant, 0) | cover.mask
        self._resolved: dict[tuple, Decision] = {}
        self._scopes: dict[str, CellSet] = {}
        self._answers: dict[Cell, tuple] = {}

    # -- building ------------------------------------------------------------------------
    def _applicable_masks(self) -> list[int]:
        """Per grid, the cells of the documents its source produces (SPEC §2.1)."""
        space, cat = self._space, self.catalogue
        producers = [
            None if (by := cat.document_types[doc].produced_by) is None else cat.source_axis.leaves_under_any(by)
            for doc in space.documents
        ]
        masks = []
        for source in space.sources:
            produced = [d for d, leaves in enumerate(producers) if leaves is None or source in leaves]
            mask = space.rows_mask(produced) * space.full_row
            masks.extend([mask] * len(space.actions))
        return masks

    def _cover(self, rule: Rule, order: int = -1) -> Cover:
        cat, space = self.catalogue, self._space
        grant = None if rule.effect == "deny" else make_grant(rule.conditions, rule.months)
        return Cover(
            rule=rule,
            order=order,
            grids=space.grids_of(cat.source_axis.leaves_under_any(rule.sources), self._actions_under(rule.actions)),
            mask=space.box(
                cat.document_axis.leaves_under_any(rule.documents), cat.personnel_axis.leaves_under_any(rule.personnel)
            ),
            grant=grant,
        )

    def _actions_under(self, actions: Iterable[str] | None) -> Iterable[str]:
        return self.actions if actions is None else actions

    def _set(self, masks: dict[int, int]) -> CellSet:
        return CellSet(self._space, masks)

    def _cover_of(self, rule: Rule) -> Cover:
        cover = self._by_id.get(rule.id)
        return cover if cover is not None and cover.rule is rule else self._cover(rule)

    # -- the rules -----------------------------------------------------------------------
    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules that count in this view, in catalogue order."""
        return tuple(cover.rule for cover in self._covers)

    def in_view(self, rule_id: str) -> bool:
        return rule_id in self._by_id

    def order(self, rule_id: str) -> int:
        return self._by_id[rule_id].order

    def grant_of(self, rule: Rule) -> Grant | None:
        """The grant an allow rule gives (None for a deny)."""
        return self._cover_of(rule).grant

    # -- sets of cells -------------------------------------------------------------------
    @cached_property
    def applicable(self) -> CellSet:
        return self._set(dict(enumerate(self._applicable)))

    def cell_set(self, cells: Iterable[Cell]) -> CellSet:
        """The given cells (ids) as a set."""
        masks: dict[int, int] = {}
        for cell in cells:
            k, bit = self._space.bit(cell)
            masks[k] = masks.get(k, 0) | bit
        return self._set(masks)

    def covered(self, rule: Rule) -> CellSet:
        """The applicable cells a rule covers (whatever its status)."""
        cover = self._cover_of(rule)
        return self._set({k: cover.mask & self._applicable[k] for k in cover.grids})

    def box(self, sources=None, documents=None, personnel=None, actions=None) -> CellSet:
        """The applicable cells under the given nodes (None: the whole axis)."""
        cat, space = self.catalogue, self._space
        mask = space.box(cat.document_axis.leaves_under_any(documents), cat.personnel_axis.leaves_under_any(personnel))
        grids = space.grids_of(cat.source_axis.leaves_under_any(sources), self._actions_under(actions))
        return self._set({k: mask & self._applicable[k] for k in grids})

    def scope(self, basis_id: str) -> CellSet:
        """The applicable cells within a legal basis's scope (SPEC §1.4)."""
        found = self._scopes.get(basis_id)
        if found is None:
            scope = self.catalogue.legal_bases[basis_id].scope
            found = self.applicable if scope is None else self.box(scope.sources, scope.documents, scope.personnel, scope.actions)
            self._scopes[basis_id] = found
        return found

    def outside_bases(self, rule: Rule, bases: Iterable[str] | None = None) -> CellSet:
        """The applicable cells the rule covers outside the scope of every one of `bases`
        (by default the bases it cites)."""
        outside = self.covered(rule)
        for basis in rule.legal_basis if bases is None else bases:
            outside = outside - self.scope(basis)
        return outside

    def bases_covering(self, rule: Rule) -> tuple[str, ...]:
        """The legal bases whose scope holds every applicable cell the rule covers, in catalogue order."""
        covered = self.covered(rule)
        return tuple(b for b in self.catalogue.legal_bases if not (covered - self.scope(b)))

    @cached_property
    def _kind_masks(self) -> list[dict[str, int]]:
        """Per grid, the applicable cells by decision kind: resolve()'s precedence in masks."""
        kinds = []
        for grid, applicable in zip(self._grids, self._applicable):
            deny = grid.deny & applicable
            allow = conditional = 0
            for grant, mask in grid.grants.items():
                if grant.conditions:
                    conditional |= mask
                else:
                    allow |= mask
            allow &= applicable & ~deny
            conditional &= applicable & ~deny & ~allow
            none = applicable & ~deny & ~allow & ~conditional
            kinds.append({"allow": allow, "conditional": conditional, "deny": deny, "none": none})
        return kinds

    def cells_with(self, kind: str) -> CellSet:
        """The applicable cells whose decision is `kind` (allow, conditional, deny, none)."""
        return self._set({k: masks[kind] for k, masks in enumerate(self._kind_masks)})

    @cached_property
    def readable(self) -> CellSet:
        return self.cells_with("allow") | self.cells_with("conditional")

    def counts(self) -> dict[str, int]:
        return {kind: len(self.cells_with(kind)) for kind in ("allow", "conditional", "deny", "none")}

    # -- one cell ------------------------------------------------------------------------
    def _resolve(self, denied: bool, grants: tuple[Grant, ...]) -> Decision:
        key = (denied, grants) if not denied else (True,)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = resolve(denied, grants)
        return found

    def decision(self, cell: Cell) -> Decision:
        k, bit = self._space.bit(cell)
        if not self._applicable[k] & bit:
            return NA
        grid = self._grids[k]
        return self._resolve(bool(grid.deny & bit), tuple(g for g, m in grid.grants.items() if m & bit))

    def _covers_at(self, cell: Cell) -> list[Cover]:
        k, bit = self._space.bit(cell)
        return [c for c in self._grids[k].covers if c.mask & bit]

    def explain(self, cell: Cell) -> Explanation:
        """The decision of a cell with its provenance: every applicable rule, the decisive ones,
        their legal bases (SPEC §2, §9.3)."""
        decision = self.decision(cell)
        if decision.kind == "na":
            produced_by = self.catalogue.document_types[cell[1]].produced_by or ()
            return Explanation(decision, (), (), (), tuple(produced_by))
        return self._explanation(decision, self._covers_at(cell))

    def _explanation(self, decision: Decision, covers: Iterable[Cover]) -> Explanation:
        covers = tuple(covers)
        if decision.kind == "deny":
            decisive = [c for c in covers if c.is_deny]
        else:
            decisive = [c for c in covers if c.grant is not None and c.grant in decision.grants]
        bases: dict[str, None] = {}
        for cover in decisive:
            bases.update(dict.fromkeys(cover.rule.legal_basis))
        return Explanation(decision, tuple(c.rule for c in covers), tuple(c.rule for c in decisive), tuple(bases))

    def answer(self, cell: Cell, holds, start, at) -> CellAnswer:
        """The cell's answer to a request: `holds(condition id)` says which conditions hold
        in its context, `start` is the document's start date, `at` the request's (SPEC §10.3)."""
        found = self._answers.get(cell)
        if found is None:
            decision = self.decision(cell)
            applicable = [] if decision.kind == "na" else [(c.rule, c.grant) for c in self._covers_at(cell)]
            found = self._answers[cell] = (decision, applicable)
        return answer(found[0], found[1], holds, start, at)

    def decisive_rules(self, cells: Iterable[Cell]) -> tuple[str, ...]:
        """The rules that decide the given cells, in catalogue order."""
        found = {rule.id for cell in cells for rule in self.explain(cell).decisive}
        return tuple(sorted(found, key=self.order))

    # -- rows and the whole matrix -------------------------------------------------------
    def _row(self, k: int, d: int) -> list[Decision]:
        """The decisions of one document row of a grid, per personnel group."""
        space, grid = self._space, self._grids[k]
        applicable = space.row_bits(self._applicable[k], d)
        if not applicable:
            return [NA] * space.width
        deny = space.row_bits(grid.deny, d)
        present: list[list[Grant]] = [[] for _ in range(space.width)]
        for grant, mask in grid.grants.items():
            bits = space.row_bits(mask, d) & applicable & ~deny
            while bits:
                low = bits & -bits
                present[low.bit_length() - 1].append(grant)
                bits ^= low
        return [
            NA if not applicable >> g & 1 else self._resolve(bool(deny >> g & 1), tuple(present[g]))
            for g in range(space.width)
        ]

    def row(self, source: str, document: str, action: str) -> list[Decision]:
        """The decisions of one source's document row for one action, per personnel group
        (in the order of `personnel`)."""
        space = self._space
        k = space.grid(space.source_index[source], space.action_index[action])
        return self._row(k, space.document_index[document])

    def matrix(self) -> Iterator[tuple[Cell, Decision]]:
        """Every applicable cell and its decision, sorted by source, document, personnel and
        action id. Cells with the same decision share one Decision object."""
        space = self._space
        doc_order = sorted(range(len(space.documents)), key=space.documents.__getitem__)
        group_order = sorted(range(space.width), key=space.personnel.__getitem__)
        action_order = sorted(range(len(space.actions)), key=space.actions.__getitem__)
        for s in sorted(range(len(space.sources)), key=space.sources.__getitem__):
            source = space.sources[s]
            grids = [(space.actions[a], space.grid(s, a)) for a in action_order]
            for d in doc_order:
                if not space.row_bits(self._applicable[grids[0][1]], d):
                    continue
                document = space.documents[d]
                rows = [(action, self._row(k, d)) for action, k in grids]
                for g in group_order:
                    group = space.personnel[g]
                    for action, decisions in rows:
                        yield (source, document, group, action), decisions[g]

    def regions(self, source: str | None = None, action: str | None = None) -> Iterator[Region]:
        """The applicable cells split by the exact set of rules that cover them (partition
        refinement per grid), optionally for one source and/or action."""
        space = self._space
        for k in range(space.grid_count):
            if (source is not None and space.source_of(k) != source) or (action is not None and space.action_of(k) != action):
                continue
            parts: list[tuple[int, tuple[Cover, ...]]] = [(self._applicable[k], ())]
            for cover in self._grids[k].covers:
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
            grid_deny = self._grids[k].deny
            for mask, covers in parts:
                if mask:
                    bit = mask & -mask
                    decision = self._resolve(
                        bool(grid_deny & bit), tuple(c.grant for c in covers if c.grant is not None)
                    )
                    yield Region(self._set({k: mask}), self._explanation(decision, covers))

    # -- rules against each other --------------------------------------------------------
    def denied_cells(self, rule: Rule) -> CellSet:
        """The applicable cells of a rule that some deny in the view covers."""
        cover = self._cover_of(rule)
        return self._set({k: cover.mask & self._applicable[k] & self._grids[k].deny for k in cover.grids})

    def denies_over(self, rule: Rule) -> list[str]:
        """The denies in the view that cover applicable cells of `rule`, in catalogue order."""
        cover, found = self._cover_of(rule), {}
        for k in cover.grids:
            cells = cover.mask & self._applicable[k]
            for other in self._grids[k].covers:
                if other.is_deny and other.mask & cells and other is not cover:
                    found[other.rule.id] = other.order
        return sorted(found, key=found.__getitem__)

    def conflicting_allows(self, deny: Rule) -> list[tuple[Rule, CellSet]]:
        """The allows in the view that `deny` overlaps on applicable cells without being their
        carve-out (a carve-out: every applicable cell the deny covers, the allow covers too)."""
        probe = self._cover_of(deny)
        denied, grids = self.covered(deny), set(probe.grids)
        found = []
        for cover in self._covers:
            if cover.is_deny or not cover.mask & probe.mask or grids.isdisjoint(cover.grids):
                continue
            allowed = self._set({k: cover.mask for k in cover.grids})
            shared = denied & allowed
            if shared and denied - allowed:
                found.append((cover.rule, shared))
        return found

    def changes_without(self, rule: Rule, removed: set[str]) -> bool:
        """Whether removing `rule` (with the `removed` rules already gone) changes any cell's
        decision, alternatives, window or grants (SPEC §3, §9.3).

        Only the rule's own cells can change. A deny matters where no other deny remains; an
        allow where no deny remains and no other remaining grant covers its grant (fewer or
        equal conditions, a window at least as long) — resolve() keeps the same grants then.
        """
        cover = self._cover_of(rule)
        for k in cover.grids:
            mine = cover.mask & self._applicable[k]
            if not mine:
                continue
            deny = kept = 0
            for other in self._grids[k].covers:
                if other is cover or other.rule.id in removed or not other.mask & mine:
                    continue
                if other.is_deny:
                    deny |= other.mask
                elif not cover.is_deny and other.grant.covers(cover.grant):
                    kept |= other.mask
            if mine & ~deny & ~kept:
                return True
        return False

    # -- two evaluations -----------------------------------------------------------------
    def same_space(self, other: Evaluation) -> bool:
        return (self.sources, self.documents, self.personnel, self.actions) == (
            other.sources, other.documents, other.personnel, other.actions
        )

    def changed_candidates(self, other: Evaluation) -> Iterator[Cell]:
        """Cells whose decision may differ in `other`: where what covers them differs. With
        the same leaves this compares masks; otherwise rows are compared by ids."""
        if self.same_space(other):
            for k, (a, b) in enumerate(zip(self._grids, other._grids)):
                mask = (self._applicable[k] ^ other._applicable[k]) | (a.deny ^ b.deny)
                for grant in set(a.grants) | set(b.grants):
                    mask |= a.grants.get(grant, 0) ^ b.grants.get(grant, 0)
                yield from self._space.cells_of(k, mask)
            return
        yield from _candidates_by_ids(self, other)

    def _row_signature(self, source: str, action: str, document: str):
        """Per personnel id, what covers it in one row (for comparing across catalogues)."""
        space = self._space
        if source not in space.source_index or action not in space.action_index or document not in space.document_index:
            return None
        k, d = space.grid(space.source_index[source], space.action_index[action]), space.document_index[document]
        grid = self._grids[k]
        groups = {}
        for g, group in enumerate(space.personnel):
            bit = 1 << g
            groups[group] = (
                bool(space.row_bits(self._applicable[k], d) & bit),
                bool(space.row_bits(grid.deny, d) & bit),
                frozenset(x for x, m in grid.grants.items() if space.row_bits(m, d) & bit),
            )
        return groups

    def short(self, cell: Cell) -> tuple[str, ...]:
        """A cell as outputs write it: without the action when the catalogue declares none
        (the implicit `read`), so version-1 catalogues keep their output shapes."""
        return cell if self.catalogue.declares_actions else cell[:3]


def _candidates_by_ids(old: Evaluation, new: Evaluation) -> Iterator[Cell]:
    """Leaves differ: compare each row by ids; a row on one side only is compared cell by cell."""
    documents = sorted(set(old.documents) | set(new.documents))
    personnel = sorted(set(old.personnel) | set(new.personnel))
    for source in sorted(set(old.sources) | set(new.sources)):
        for action in sorted(set(old.actions) | set(new.actions)):
            for document in documents:
                before = old._row_signature(source, action, document)
                after = new._row_signature(source, action, document)
                for group in personnel:
                    if before is None or after is None or before.get(group) != after.get(group):
                        yield (source, document, group, action)


def evaluate(catalogue: Catalogue, view: str = "draft") -> Evaluation:
    return Evaluation(catalogue, view)
