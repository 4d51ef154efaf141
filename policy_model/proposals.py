"""From the decisions a reviewer wants to the fewest rules that give exactly them (SPEC §8).

Given the cells a reviewer changed and what was entered for each (`Wanted`), `propose`
returns `proposed` rules that, added to the catalogue, give every reachable changed cell
exactly the entered decision in the view and change no other cell, plus the cells that
cannot be reached by adding rules, with the rules that stand in the way.

What can be reached by adding rules (deny beats allow, allow beats conditional):
- `Nei` on a readable cell: a deny. On a `none` or `deny` cell it is already met.
- `Ja` on a `none` or conditional cell: an allow. On a deny: unreachable (the deny).
- `Betinget: S` (alternatives S) on a `none` cell: one conditional allow per alternative.
  On a conditional cell with alternatives C: the allows for S − C, when every c in C
  demands at least the conditions of some s in S (so c is dropped as a superset, SPEC
  §2.5); otherwise unreachable (the allows giving the surviving alternatives must be
  narrowed). On an allow: unreachable (the allow must be narrowed). On a deny:
  unreachable (the deny).
- A cell that is not applicable any more (the catalogue changed since the workbook was
  made): unreachable, with no rule to blame.

Fewest rules: the cells that need the same rule (a deny, an allow, or an allow with one
condition set) are covered by boxes — sources × documents × personnel — that contain no
other applicable cell (so no other decision changes; a deny over a `none` cell would be a
change). Rows (or columns, whichever gives fewer boxes) with the same changed groups
become one box, boxes with the same rows across sources merge, and two boxes that agree
on one axis merge into their bounding box whenever that adds no applicable cell outside
the changed ones (cells a source does not produce may join). Each box is one rule, naming
inner nodes where a set of leaves is exactly an inner node's leaves (never an omitted
axis: a rule over "all" would also reach leaves added later).

Legal bases: an allow cites every legal basis whose scope covers all its cells; none if no
basis does (and `check` reports the missing basis: legality is the guidance author's
call). A deny lists in `overrides` the allows it overrides without being their carve-out,
so it reads as intended rather than as a conflict.

Before returning, the result is verified: the catalogue with the new rules is evaluated
and compared cell by cell with what was asked (`ProposalError` if not — a bug must never
become a file).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .catalogue import Catalogue
from .decide import Alternatives, Cover, Decision, Evaluation, minimal_sets
from .diff import diff
from .findings import Cell, Location
from .graph import Hierarchy
from .schema import ID_PATTERN, Assessment, Rule

WantedKind = Literal["allow", "conditional", "not_readable"]


@dataclass(frozen=True)
class Wanted:
    """What a reviewer entered for a cell: readable without conditions, readable on the
    given alternatives, or not readable (`Nei`: a deny or no rule)."""

    kind: WantedKind
    alternatives: Alternatives = ()

    def met_by(self, decision: Decision) -> bool:
        if self.kind == "not_readable":
            return decision.kind in ("deny", "none")
        if self.kind == "allow":
            return decision.kind == "allow"
        return decision.kind == "conditional" and decision.alternatives == minimal_sets(map(frozenset, self.alternatives))


@dataclass(frozen=True)
class Blocker:
    """A rule that stands in the way of an entered decision, and where it is written."""

    rule: str
    location: Location | None


@dataclass(frozen=True)
class Unreachable:
    cell: Cell
    wanted: Wanted
    current: Decision
    reason: Literal["deny", "allow", "alternatives", "not_applicable"]
    blockers: tuple[Blocker, ...]

    @property
    def advice(self) -> str:
        return {
            "deny": "a deny rule decides it; only changing that deny can lift it",
            "allow": "an unconditional allow decides it; that allow must be narrowed first",
            "alternatives": "other alternatives would survive; the allows that give them must be narrowed",
            "not_applicable": "the source no longer produces this document type (produced_by changed)",
        }[self.reason]


@dataclass(frozen=True)
class AssessmentInput:
    """An assessment entered for one (source, document type) row of the assessment sheet."""

    source: str
    document: str
    personnel: tuple[str, ...] | None
    need: str
    feasibility: str
    rationale: str | None = None


@dataclass(frozen=True)
class Proposal:
    name: str
    rules: tuple[Rule, ...]
    assessments: tuple[Assessment, ...]
    landed: tuple[Cell, ...]  # changed cells the rules give the entered decision
    already: tuple[Cell, ...]  # changed cells whose entered decision already holds
    unreachable: tuple[Unreachable, ...]

    @property
    def empty(self) -> bool:
        return not self.rules and not self.assessments


class ProposalError(Exception):
    """The computed rules do not give what was asked: a bug in pjd, never written to a file."""


# -- the view with the new rules counted ----------------------------------------------------------
def with_rules(catalogue: Catalogue, rules: Sequence[Rule], view: str) -> Catalogue:
    """The catalogue with `rules` added; in the approved view they are counted as approved
    (a proposal for an approved-view workbook is what the view would be once approved)."""
    if view == "approved":
        rules = [rule.model_copy(update={"status": "approved"}) for rule in rules]
    return dataclasses.replace(catalogue, rules=(*catalogue.rules, *rules))


def counted_view(catalogue: Catalogue, rule_ids: set[str], view: str) -> Catalogue:
    """A loaded catalogue in which the named (proposed) rules count in `view`."""
    if view != "approved":
        return catalogue
    rules = tuple(r.model_copy(update={"status": "approved"}) if r.id in rule_ids else r for r in catalogue.rules)
    return dataclasses.replace(catalogue, rules=rules)


# -- what each cell needs ---------------------------------------------------------------------------
Action = tuple[str, frozenset[str] | None]  # ("deny", None) | ("allow", None) | ("allow", conditions)


def _needs(ev: Evaluation, cell: Cell, wanted: Wanted) -> list[Action] | Unreachable:
    """The rules a changed cell needs, [] when already met, or why it cannot be reached."""
    decision = ev.decision(*cell)
    if decision.kind == "na":
        return Unreachable(cell, wanted, decision, "not_applicable", ())
    if wanted.met_by(decision):
        return []
    if wanted.kind == "not_readable":
        return [("deny", None)]
    if decision.kind == "deny":
        return _blocked(ev, cell, wanted, decision, "deny", lambda cover: cover.is_deny)
    if wanted.kind == "allow":
        return [("allow", None)]
    if decision.kind == "allow":
        return _blocked(ev, cell, wanted, decision, "allow", lambda cover: cover.is_unconditional_allow)
    want = [frozenset(a) for a in minimal_sets(map(frozenset, wanted.alternatives))]
    have = [frozenset(a) for a in decision.alternatives]
    surviving = {c for c in have if not any(s <= c for s in want)}
    if surviving:
        return _blocked(ev, cell, wanted, decision, "alternatives", lambda cover: cover.conditions in surviving)
    return [("allow", s) for s in want if s not in have]


def _blocked(ev, cell, wanted, decision, reason, stands_in_way) -> Unreachable:
    s, d, g = ev.index(*cell)
    bit = ev.cell_bit(d, g)
    blockers = [
        Blocker(cover.rule.id, ev.catalogue.locate("rules", cover.rule.id))
        for cover in ev.grids[s].covers
        if cover.mask & bit and stands_in_way(cover)
    ]
    return Unreachable(cell, wanted, decision, reason, tuple(blockers))


# -- boxes: the fewest rules that cover exactly the cells -------------------------------------------
@dataclass(frozen=True)
class Box:
    sources: frozenset[int]
    documents: frozenset[int]
    personnel: int  # bits


def cover_exactly(ev: Evaluation, targets: dict[int, int]) -> list[Box]:
    """Boxes whose union holds every target cell and no other applicable cell."""
    by_rows = _merge(ev, targets, _row_boxes(ev, targets))
    by_columns = _merge(ev, targets, _column_boxes(ev, targets))
    return by_columns if len(by_columns) < len(by_rows) else by_rows


def _row_boxes(ev: Evaluation, targets: dict[int, int]) -> list[Box]:
    """Rows with the same changed groups, then the same sources, share a box."""
    sources_of: dict[tuple[int, int], set[int]] = {}
    for s, mask in targets.items():
        for d in _rows_of(ev, mask):
            sources_of.setdefault((d, ev.row(mask, d)), set()).add(s)
    documents_of: dict[tuple[int, frozenset[int]], set[int]] = {}
    for (d, bits), sources in sources_of.items():
        documents_of.setdefault((bits, frozenset(sources)), set()).add(d)
    return [Box(sources, frozenset(docs), bits) for (bits, sources), docs in documents_of.items()]


def _column_boxes(ev: Evaluation, targets: dict[int, int]) -> list[Box]:
    """Columns with the same changed documents, then the same sources, share a box."""
    sources_of: dict[tuple[int, frozenset[int]], set[int]] = {}
    for s, mask in targets.items():
        columns: dict[int, set[int]] = {}
        for d in _rows_of(ev, mask):
            bits = ev.row(mask, d)
            while bits:
                low = bits & -bits
                columns.setdefault(low.bit_length() - 1, set()).add(d)
                bits ^= low
        for g, docs in columns.items():
            sources_of.setdefault((g, frozenset(docs)), set()).add(s)
    groups_of: dict[tuple[frozenset[int], frozenset[int]], int] = {}
    for (g, docs), sources in sources_of.items():
        key = (docs, frozenset(sources))
        groups_of[key] = groups_of.get(key, 0) | (1 << g)
    return [Box(sources, docs, bits) for (docs, sources), bits in groups_of.items()]


def _rows_of(ev: Evaluation, mask: int) -> list[int]:
    rows = []
    while mask:
        d = (mask.bit_length() - 1) // ev.width
        rows.append(d)
        mask &= ~(ev.row(mask, d) << (d * ev.width))
    return sorted(rows)


def _fits(ev: Evaluation, targets: dict[int, int], box: Box) -> bool:
    """The box holds no applicable cell outside the targets."""
    cells = ev.spread(box.documents) * box.personnel
    return all(not (cells & ev.applicable[s] & ~targets.get(s, 0)) for s in box.sources)


def _merge(ev: Evaluation, targets: dict[int, int], boxes: list[Box]) -> list[Box]:
    """Merge two boxes into their bounding box while it still fits; drop boxes inside others.

    Only boxes that agree on one axis are tried together (a bounding box that grows on all
    three axes almost never fits), so scattered changes stay fast: pairs are tried within
    buckets of equal sources, documents or personnel, pass after pass until none merges.
    """
    boxes = sorted(boxes, key=_box_order)
    merged = True
    while merged:
        merged = False
        buckets: dict[tuple, list[int]] = {}
        for i, box in enumerate(boxes):
            for key in (("s", box.sources), ("d", box.documents), ("p", box.personnel)):
                buckets.setdefault(key, []).append(i)
        alive = [True] * len(boxes)
        for members in buckets.values():
            for position, i in enumerate(members):
                for j in members[position + 1 :]:
                    if not (alive[i] and alive[j]):
                        continue
                    a, b = boxes[i], boxes[j]
                    bound = Box(a.sources | b.sources, a.documents | b.documents, a.personnel | b.personnel)
                    if _fits(ev, targets, bound):
                        boxes[i], alive[j], merged = bound, False, True
        boxes = [box for box, keep in zip(boxes, alive) if keep]
    return [
        box
        for i, box in enumerate(boxes)
        if not any(i != j and _inside(box, other) for j, other in enumerate(boxes))
    ]


def _inside(box: Box, other: Box) -> bool:
    return (
        box != other
        and box.sources <= other.sources
        and box.documents <= other.documents
        and box.personnel & ~other.personnel == 0
    )


def _box_order(box: Box):
    return (min(box.sources), min(box.documents), (box.personnel & -box.personnel).bit_length())


# -- naming: leaf sets as the fewest nodes ----------------------------------------------------------
def node_names(axis: Hierarchy, leaves: set[str]) -> tuple[str, ...]:
    """Nodes whose leaves together are exactly `leaves`: inner nodes where they fit, few of them."""
    candidates = [n for n in axis.order if axis.leaves_under(n) and axis.leaves_under(n) <= leaves]
    chosen: list[str] = []
    covered: set[str] = set()
    while covered != leaves:
        best = max(candidates, key=lambda n: (len(axis.leaves_under(n) - covered), -axis.order[n]))
        chosen.append(best)
        covered |= axis.leaves_under(best)
    for node in list(chosen):
        others = set().union(*(axis.leaves_under(n) for n in chosen if n != node))
        if axis.leaves_under(node) <= others:
            chosen.remove(node)
    return tuple(axis.sorted(chosen))


# -- the proposal -----------------------------------------------------------------------------------
def propose(
    catalogue: Catalogue,
    view: str,
    wanted: Mapping[Cell, Wanted],
    *,
    name: str,
    owner: str | None = None,
    comments: Mapping[tuple[str, str], str] | None = None,
    assessments: Sequence[AssessmentInput] = (),
    today: datetime.date | None = None,
    default_rationale: str = "Fra gjennomgang i Excel.",
) -> Proposal:
    """The proposal for the changed cells (see the module docstring); verified before it returns."""
    if not re.fullmatch(ID_PATTERN, name):
        raise ValueError(f"'{name}' cannot name a proposal: use lower-case letters, digits, '-', '_' and '.'")
    ev = Evaluation(catalogue, view)
    comments = comments or {}
    targets: dict[Action, dict[int, int]] = {}
    landed, already, unreachable = [], [], []
    for cell in sorted(wanted):
        needs = _needs(ev, cell, wanted[cell])
        if isinstance(needs, Unreachable):
            unreachable.append(needs)
            continue
        (landed if needs else already).append(cell)
        s, d, g = ev.index(*cell)
        for action in needs:
            per_source = targets.setdefault(action, {})
            per_source[s] = per_source.get(s, 0) | ev.cell_bit(d, g)
    ids = _Ids(name, {r.id for r in catalogue.rules})
    rules = []
    for action in sorted(targets, key=_action_order):
        for box in cover_exactly(ev, targets[action]):
            rules.append(_rule(ev, action, box, ids, owner, comments, default_rationale))
    rules.sort(key=lambda r: _rule_order(ev, r))
    rules = [rule.model_copy(update={"id": ids.next()}) for rule in rules]
    made = _assessments(ev, assessments, name, owner, today or datetime.date.today(), default_rationale)
    proposal = Proposal(name, tuple(rules), tuple(made), tuple(landed), tuple(already), tuple(unreachable))
    verify(catalogue, view, wanted, proposal)
    return proposal


class _Ids:
    def __init__(self, name: str, taken: set[str]):
        self.name, self.taken, self.n = name, set(taken), 0

    def next(self) -> str:
        while True:
            self.n += 1
            candidate = f"{self.name}-{self.n}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _action_order(action: Action):
    effect, conditions = action
    return (effect != "deny", conditions is not None, sorted(conditions or ()))


def _rule_order(ev: Evaluation, rule: Rule):
    cat = ev.catalogue
    first = lambda axis, ids, order: min(order[leaf] for leaf in axis.leaves_under_any(ids))  # noqa: E731
    return (
        first(cat.source_axis, rule.sources, ev.source_index),
        first(cat.document_axis, rule.documents, ev.document_index),
        rule.effect != "deny",
        first(cat.personnel_axis, rule.personnel, ev.personnel_index),
    )


def _rule(ev: Evaluation, action: Action, box: Box, ids: _Ids, owner, comments, default_rationale) -> Rule:
    cat = ev.catalogue
    effect, conditions = action
    sources = {ev.sources[s] for s in box.sources}
    documents = {ev.documents[d] for d in box.documents}
    personnel = {ev.personnel[g] for g in range(ev.width) if box.personnel >> g & 1}
    fields: dict = {
        "id": f"{ids.name}-0",  # numbered once all rules are sorted
        "effect": effect,
        "sources": node_names(cat.source_axis, sources),
        "documents": node_names(cat.document_axis, documents),
        "personnel": node_names(cat.personnel_axis, personnel),
    }
    if conditions:
        fields["conditions"] = tuple(c for c in cat.conditions if c in conditions)
    if effect == "allow":
        fields["legal_basis"] = _covering_bases(ev, box)
    else:
        overridden = _overridden(ev, box)
        if overridden:
            fields["overrides"] = overridden
    fields["status"] = "proposed"
    fields["rationale"] = _rationale(ev, box, comments) or default_rationale
    if owner:
        fields["owner"] = owner
    return Rule(**fields)


def _applicable_pairs(ev: Evaluation, box: Box) -> list[tuple[int, int]]:
    return [(s, d) for s in sorted(box.sources) for d in sorted(box.documents) if ev.row(ev.applicable[s], d)]


def _covering_bases(ev: Evaluation, box: Box) -> tuple[str, ...]:
    """The legal bases whose scope covers every applicable cell of the box."""
    cat = ev.catalogue
    pairs = _applicable_pairs(ev, box)
    personnel = {ev.personnel[g] for g in range(ev.width) if box.personnel >> g & 1}
    found = []
    for basis in cat.legal_bases.values():
        scope = basis.scope
        if scope is not None:
            sources = cat.source_axis.leaves_under_any(scope.sources)
            documents = cat.document_axis.leaves_under_any(scope.documents)
            if not personnel <= cat.personnel_axis.leaves_under_any(scope.personnel):
                continue
            if not all(ev.sources[s] in sources and ev.documents[d] in documents for s, d in pairs):
                continue
        found.append(basis.id)
    return tuple(found)


def _overridden(ev: Evaluation, box: Box) -> tuple[str, ...]:
    """Allows in the view that the deny overlaps without being a carve-out of them."""
    deny = Cover(rule=None, order=-1, sources=tuple(sorted(box.sources)), mask=ev.spread(box.documents) * box.personnel, conditions=None)
    found = []
    for cover in ev.covers:
        if cover.rule.effect == "allow":
            shared, carve_out = ev.overlap(cover, deny)
            if shared and not carve_out:
                found.append(cover.rule.id)
    return tuple(found)


def _rationale(ev: Evaluation, box: Box, comments) -> str | None:
    """The reviewer's row comments for the rows the rule changes, each named when they differ."""
    cat = ev.catalogue
    said: dict[str, list[str]] = {}
    for s, d in _applicable_pairs(ev, box):
        text = comments.get((ev.sources[s], ev.documents[d]))
        if text:
            where = f"{cat.name_of('documents', ev.documents[d])} ({cat.name_of('sources', ev.sources[s])})"
            said.setdefault(text, []).append(where)
    if not said:
        return None
    if len(said) == 1:
        return next(iter(said))
    return "\n".join(f"{', '.join(where)}: {text}" for text, where in said.items())


def _assessments(ev: Evaluation, inputs: Sequence[AssessmentInput], name: str, owner, today, default_rationale) -> list[Assessment]:
    """Assessment entries, one per box of rows with the same personnel, need, feasibility and rationale."""
    if not inputs:
        return []
    cat = ev.catalogue
    groups: dict[tuple, dict[int, int]] = {}
    for item in inputs:
        key = (item.personnel, item.need, item.feasibility, item.rationale or "")
        s, d = ev.source_index[item.source], ev.document_index[item.document]
        if not ev.row(ev.applicable[s], d):
            continue  # the source no longer produces it (a --force import): nothing to assess
        per_source = groups.setdefault(key, {})
        per_source[s] = per_source.get(s, 0) | (ev.spread((d,)) * ev.all_personnel)
    ids = _Ids(f"{name}-vurdering", {a.id for a in cat.assessments})
    made = []
    for (personnel, need, feasibility, rationale), targets in groups.items():
        for box in cover_exactly(ev, targets):
            fields: dict = {
                "id": ids.next(),
                "sources": node_names(cat.source_axis, {ev.sources[s] for s in box.sources}),
                "documents": node_names(cat.document_axis, {ev.documents[d] for d in box.documents}),
            }
            if personnel is not None:
                fields["personnel"] = personnel
            fields.update(need=need, feasibility=feasibility, status="draft", assessed_on=today)
            if owner:
                fields["assessed_by"] = (owner,)
            fields["rationale"] = rationale or default_rationale
            made.append(Assessment(**fields))
    return made


# -- verification -----------------------------------------------------------------------------------
def verify(catalogue: Catalogue, view: str, wanted: Mapping[Cell, Wanted], proposal: Proposal, after: Catalogue | None = None) -> None:
    """Every landed cell now has exactly the entered decision and no other cell changed.

    `after` is the catalogue with the proposal (built in memory when not given, or loaded
    back from the rendered file)."""
    old = Evaluation(catalogue, view)
    new = Evaluation(after if after is not None else with_rules(catalogue, proposal.rules, view), view)
    changed = {change.cell: change.new for change in diff(old, new)}
    landed = set(proposal.landed)
    if set(changed) != landed:
        extra = sorted(set(changed) - landed)[:3]
        missing = sorted(landed - set(changed))[:3]
        raise ProposalError(f"the proposal changes other cells than asked (extra {extra}, missing {missing})")
    for cell in landed:
        if not wanted[cell].met_by(changed[cell]):
            raise ProposalError(f"the proposal gives {cell} {changed[cell]}, not {wanted[cell]}")
