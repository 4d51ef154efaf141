"""A cell's answer to one request (SPEC §10.3, §10.4): which grant lets it in, or why not.

The cell's decision is the Evaluation's; here only the request's facts are held against its
grants — which conditions hold in the request's context, and whether the document lies
within a grant's window on the request date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ..schema import Rule
from ..windows import window_key, within
from .decision import Decision, Grant

Reason = str  # permit | not_applicable | deny | none | conditions_not_met | outside_window


@dataclass(frozen=True)
class CellAnswer:
    decision: Decision
    reason: Reason
    grant: Grant | None
    """The grant that permitted: fewest conditions, then the longest window, then the cell's order."""
    rules: tuple[Rule, ...]
    """Permitted: every applicable allow whose conditions hold and whose window holds the
    document; denied: every applicable deny; otherwise none."""

    @property
    def permit(self) -> bool:
        return self.reason == "permit"

    @property
    def legal_bases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(basis for rule in self.rules for basis in rule.legal_basis))


def answer(
    decision: Decision,
    applicable: list[tuple[Rule, Grant | None]],
    holds: Callable[[str], bool],
    start: datetime.date | None,
    at: datetime.date,
) -> CellAnswer:
    """The answer for a cell with `decision`, whose applicable rules give these grants (None:
    a deny), for a request in which `holds(condition)` says which conditions hold."""
    if decision.kind == "na":
        return CellAnswer(decision, "not_applicable", None, ())
    if decision.kind == "deny":
        return CellAnswer(decision, "deny", None, tuple(rule for rule, grant in applicable if grant is None))
    if decision.kind == "none":
        return CellAnswer(decision, "none", None, ())
    met = [g for g in decision.grants if all(holds(c) for c in g.conditions)]
    letting_in = [g for g in met if within(start, at, g.window)]
    if not letting_in:
        return CellAnswer(decision, "outside_window" if met else "conditions_not_met", None, ())
    order = {g: i for i, g in enumerate(decision.grants)}
    grant = min(letting_in, key=lambda g: (len(g.conditions), _longest_first(g), order[g]))
    rules = tuple(
        rule for rule, g in applicable
        if g is not None and all(holds(c) for c in g.conditions) and within(start, at, g.window)
    )
    return CellAnswer(decision, "permit", grant, rules)


def _longest_first(grant: Grant) -> tuple[int, int]:
    kind, months = window_key(grant.window)
    return (-kind, -months)
