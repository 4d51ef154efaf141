"""From the decisions a reviewer wants to the fewest rules that give exactly them (SPEC §8).

Given the cells a reviewer changed and what was entered for each (`Wanted`), `propose`
returns `proposed` rules that, added to the catalogue, give every reachable changed cell
exactly the entered decision in the view and change no other cell, plus the cells that
cannot be reached by adding rules, with the rules that stand in the way.

What can be reached by adding rules (deny beats allow, allow beats conditional; a grant
dominates one with more conditions or a shorter window, SPEC §9.3). Each wish may carry a
window W (None: unlimited):
- `Nei` on a readable cell: a deny. On a `none` or `deny` cell it is already met.
- `Ja (W)` on a `none` or conditional cell, or on an allow with a shorter window: an allow
  with window W. On an allow reaching further back: unreachable (it must be narrowed). On a
  deny: unreachable (the deny).
- `Betinget: S (W)` (grants (s, W) for each alternative s) on a `none` cell: one conditional
  allow per alternative. On a conditional cell with grants H: the allows for the wanted
  grants it lacks, when every grant in H is covered by a wanted one (fewer or equal
  conditions, a window at least as long: then it drops out, SPEC §2.5, §9.3); otherwise
  unreachable (the allows giving the surviving grants must be narrowed). On an allow:
  unreachable (the allow must be narrowed). On a deny: unreachable (the deny).
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

from .box_cover import Box, box_cells, cover_exactly
from .catalogue import Catalogue
from .decide import Alternatives, Cell, CellSet, Decision, Evaluation, Grant, minimal_sets
from .diff import diff
from .findings import Location
from .graph import Hierarchy
from .i18n import N_, _, gettext
from .schema import ID_PATTERN, Assessment, Rule
from .windows import Months, at_least, format_window, window_key

WantedKind = Literal["allow", "conditional", "not_readable", "deny"]


@dataclass(frozen=True)
class Wanted:
    """What a reviewer entered for a cell: readable without conditions, readable on the
    given alternatives, or not readable (`Nei`: a deny or no rule); a readable wish looks
    back `window` months (None: no limit). `deny` asks for an explicit deny (the app's range
    selection: `d` on cells with no rule makes them denied, as `d` on one cell does)."""

    kind: WantedKind
    alternatives: Alternatives = ()
    window: Months = None
    per_grant: tuple[Grant, ...] | None = None
    """A conditional wish whose grants look back differently (as a cell can show it)."""

    @property
    def grants(self) -> tuple[Grant, ...]:
        if self.per_grant is not None:
            return self.per_grant
        if self.kind == "allow":
            return (Grant((), self.window),)
        if self.kind == "conditional":
            return tuple(Grant(a, self.window) for a in minimal_sets(self.alternatives))
        return ()

    def met_by(self, decision: Decision) -> bool:
        if self.kind == "deny":
            return decision.kind == "deny"
        if self.kind == "not_readable":
            return decision.kind in ("deny", "none")
        if self.kind == "allow":
            return decision.kind == "allow" and decision.window == self.window
        return decision.kind == "conditional" and set(decision.grants) == set(self.grants)


@dataclass(frozen=True)
class Blocker:
    """A rule that stands in the way of an entered decision, and where it is written."""

    rule: str
    location: Location | None


ADVICE = {
    "deny": N_("a deny rule decides it; only changing that deny can lift it"),
    "allow": N_("an unconditional allow decides it; that allow must be narrowed first"),
    "alternatives": N_("other alternatives would survive; the allows that give them must be narrowed"),
    "not_applicable": N_("the source no longer produces this document type (produced_by changed)"),
}
"""Why a changed cell cannot be reached by adding rules, and what it takes instead."""


@dataclass(frozen=True)
class Unreachable:
    cell: Cell
    wanted: Wanted
    current: Decision
    reason: Literal["deny", "allow", "alternatives", "not_applicable"]
    blockers: tuple[Blocker, ...]

    @property
    def advice(self) -> str:
        return gettext(ADVICE[self.reason])


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
Need = tuple[str, frozenset[str] | None, Months]
"""The rule a cell needs: ("deny", None, None) or ("allow", conditions or None, window)."""


def _needs(ev: Evaluation, cell: Cell, wanted: Wanted) -> list[Need] | Unreachable:
    """The rules a changed cell needs, [] when already met, or why it cannot be reached."""
    decision = ev.decision(cell)
    if decision.kind == "na":
        return Unreachable(cell, wanted, decision, "not_applicable", ())
    if wanted.met_by(decision):
        return []
    if wanted.kind in ("not_readable", "deny"):
        return [("deny", None, None)]
    if decision.kind == "deny":
        return _blocked(ev, cell, wanted, decision, "deny", lambda rule: rule.effect == "deny")
    if decision.kind == "allow" and not (wanted.kind == "allow" and at_least(wanted.window, decision.window)):
        return _blocked(ev, cell, wanted, decision, "allow", lambda rule: rule.effect == "allow" and not rule.conditions)
    if wanted.kind == "allow":
        return [("allow", None, wanted.window)]
    want = wanted.grants
    surviving = {h for h in decision.grants if not any(t.covers(h) for t in want)}
    if surviving:
        return _blocked(ev, cell, wanted, decision, "alternatives", lambda rule: ev.grant_of(rule) in surviving)
    return [("allow", frozenset(t.conditions), t.window) for t in want if t not in decision.grants]


def _blocked(ev, cell, wanted, decision, reason, stands_in_way) -> Unreachable:
    blockers = [
        Blocker(rule.id, ev.catalogue.locate("rules", rule.id))
        for rule in ev.explain(cell).applicable
        if stands_in_way(rule)
    ]
    return Unreachable(cell, wanted, decision, reason, tuple(blockers))


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
    met_may_join: bool = False,
) -> Proposal:
    """The proposal for the changed cells (see the module docstring); verified before it returns.

    `met_may_join`: a wanted cell the rule would not change (it already has the decision the
    rule gives) may lie inside the rule's box, so a range with a few cells already as asked
    still becomes one rule (the app's range selection). The review import leaves it off: a
    reviewer's unchanged cells are not in `wanted` there anyway."""
    if not re.fullmatch(ID_PATTERN, name):
        raise ValueError(_("'{name}' cannot name a proposal: use lower-case letters, digits, '-', '_' and '.'", name=name))
    ev = Evaluation(catalogue, view)
    comments = comments or {}
    targets: dict[Need, list[Cell]] = {}
    landed, already, unreachable = [], [], []
    for cell in sorted(wanted):
        needs = _needs(ev, cell, wanted[cell])
        if isinstance(needs, Unreachable):
            unreachable.append(needs)
            continue
        (landed if needs else already).append(cell)
        for need in needs:
            targets.setdefault(need, []).append(cell)
    ids = _Ids(name, {r.id for r in catalogue.rules})
    rules = []
    for need in sorted(targets, key=_need_order):
        free = ev.cell_set(_unchanged_by(ev, need, wanted) if met_may_join else ())
        for box in cover_exactly(ev, ev.cell_set(targets[need]), free):
            rules.append(_rule(ev, need, box, ids, owner, comments, default_rationale))
    rules.sort(key=lambda r: _rule_order(ev, r))
    rules = [rule.model_copy(update={"id": ids.next()}) for rule in rules]
    made = _assessments(ev, assessments, name, owner, today or datetime.date.today(), default_rationale)
    proposal = Proposal(name, tuple(rules), tuple(made), tuple(landed), tuple(already), tuple(unreachable))
    verify(catalogue, view, wanted, proposal)
    return proposal


def _unchanged_by(ev: Evaluation, need: Need, wanted: Mapping[Cell, Wanted]) -> list[Cell]:
    """The wanted cells whose decision the rule for `need` leaves as it is, whatever else is
    added: a deny over a denied cell; an allow over a cell with a grant at least as wide
    (adding a grant that is already there, or dominated, changes nothing). A denied cell is
    not free for an allow: the new allow would read as a conflict with that deny."""
    effect, conditions, window = need
    wide = Grant(tuple(sorted(conditions or ())), window)
    unchanged = []
    for cell in wanted:
        decision = ev.decision(cell)
        if decision.kind == "na":
            continue
        if effect == "deny" and decision.kind == "deny":
            unchanged.append(cell)
        elif effect == "allow" and decision.kind in ("allow", "conditional") and any(h.covers(wide) for h in decision.grants):
            unchanged.append(cell)
    return unchanged


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


def _need_order(need: Need):
    effect, conditions, window = need
    return (effect != "deny", conditions is not None, sorted(conditions or ()), window_key(window))


def _rule_order(ev: Evaluation, rule: Rule):
    cat = ev.catalogue
    first = lambda axis, ids, leaves: min(leaves.index(leaf) for leaf in axis.leaves_under_any(ids))  # noqa: E731
    return (
        first(cat.source_axis, rule.sources, ev.sources),
        first(cat.document_axis, rule.documents, ev.documents),
        rule.effect != "deny",
        first(cat.personnel_axis, rule.personnel, ev.personnel),
        min(ev.actions.index(a) for a in rule.actions or ev.actions),
    )


def _rule(ev: Evaluation, need: Need, box: Box, ids: _Ids, owner, comments, default_rationale) -> Rule:
    cat = ev.catalogue
    effect, conditions, window = need
    fields: dict = {
        "id": f"{ids.name}-0",  # numbered once all rules are sorted
        "effect": effect,
        "sources": node_names(cat.source_axis, set(box.sources)),
        "documents": node_names(cat.document_axis, set(box.documents)),
        "personnel": node_names(cat.personnel_axis, set(box.personnel)),
    }
    if cat.declares_actions:
        fields["actions"] = tuple(a for a in ev.actions if a in box.actions)
    if conditions:
        fields["conditions"] = tuple(c for c in cat.conditions if c in conditions)
    if window is not None:
        fields["window"] = format_window(window)
    draft = Rule(**fields)
    if effect == "allow":
        fields["legal_basis"] = ev.bases_covering(draft)
    else:
        overridden = tuple(allow.id for allow, _shared in ev.conflicting_allows(draft))
        if overridden:
            fields["overrides"] = overridden
    fields["status"] = "proposed"
    fields["rationale"] = _rationale(ev, box, comments) or default_rationale
    if owner:
        fields["owner"] = owner
    return Rule(**fields)


def _rationale(ev: Evaluation, box: Box, comments) -> str | None:
    """The reviewer's row comments for the rows the rule changes, each named when they differ."""
    cat = ev.catalogue
    said: dict[str, list[str]] = {}
    pairs = box_cells(ev, box).pairs()
    for source in ev.sources:
        for document in ev.documents:
            if (source, document) not in pairs:
                continue
            text = comments.get((source, document))
            if text:
                where = f"{cat.name_of('documents', document)} ({cat.name_of('sources', source)})"
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
    groups: dict[tuple, CellSet] = {}
    for item in inputs:
        key = (item.personnel, item.need, item.feasibility, item.rationale or "")
        row = ev.box(sources=[item.source], documents=[item.document])
        if row:  # empty: the source no longer produces it (a --force import): nothing to assess
            groups[key] = groups[key] | row if key in groups else row
    ids = _Ids(f"{name}-vurdering", {a.id for a in cat.assessments})
    made = []
    for (personnel, need, feasibility, rationale), targets in groups.items():
        for box in cover_exactly(ev, targets):
            fields: dict = {
                "id": ids.next(),
                "sources": node_names(cat.source_axis, set(box.sources)),
                "documents": node_names(cat.document_axis, set(box.documents)),
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
        raise ProposalError(_("the proposal changes other cells than asked (extra {extra}, missing {missing})", extra=extra, missing=missing))
    for cell in landed:
        if not wanted[cell].met_by(changed[cell]):
            raise ProposalError(_("the proposal gives {cell} {got}, not {wanted}", cell=cell, got=changed[cell], wanted=wanted[cell]))
