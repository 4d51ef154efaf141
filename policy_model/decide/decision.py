"""What one cell's decision is (SPEC §2 and §9.3): grants, dominance, and the one function
that turns what covers a cell into its decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..windows import Months, at_least, format_window, window_key

DecisionKind = Literal["allow", "conditional", "deny", "none", "na"]
Alternatives = tuple[tuple[str, ...], ...]

GLYPHS: dict[str, str] = {"allow": "✔", "conditional": "◐", "deny": "✖", "none": "·", "na": "–"}
"""How each decision looks wherever a glyph stands for it (terminal, text output, guidance
page): each reads without colour."""


@dataclass(frozen=True, order=False)
class Grant:
    """A way in (SPEC §9.3): every condition of `conditions` holds, and the document lies
    within `window` months (None: unlimited)."""

    conditions: tuple[str, ...] = ()
    window: Months = None

    def covers(self, other: Grant) -> bool:
        """This grant lets in everything `other` lets in: fewer or equal conditions, and a
        window at least as long."""
        return set(self.conditions) <= set(other.conditions) and at_least(self.window, other.window)

    def dominates(self, other: Grant) -> bool:
        return self != other and self.covers(other)

    @property
    def sort_key(self) -> tuple:
        """Condition ids (as sorted lists), then window: shortest first, unlimited last."""
        return (list(self.conditions), window_key(self.window))

    def to_json(self) -> dict:
        return {"conditions": list(self.conditions), "window": format_window(self.window)}


def make_grant(conditions: Iterable[str] | None, window: Months) -> Grant:
    return Grant(tuple(sorted(set(conditions or ()))), window)


@dataclass(frozen=True)
class Decision:
    """One cell's decision. `alternatives` are the condition sets of a conditional cell (the
    §2 value); `grants` the cell's undominated grants; `window` the allow's window."""

    kind: DecisionKind
    alternatives: Alternatives = ()
    grants: tuple[Grant, ...] = ()
    window: Months = None

    @property
    def readable(self) -> bool:
        return self.kind in ("allow", "conditional")

    @property
    def applicable(self) -> bool:
        return self.kind != "na"

    @property
    def limited(self) -> bool:
        """Some way in reaches back only so far (a grant with a window): the '*' of the faces."""
        return any(grant.window is not None for grant in self.grants)


NA = Decision("na")
NONE = Decision("none")
DENY = Decision("deny")
ALLOW = Decision("allow", grants=(Grant(),))


def minimal_sets(sets: Iterable[Iterable[str]]) -> Alternatives:
    """SPEC §2.5: duplicates removed, supersets of another set removed, each sorted, all sorted."""
    unique = {frozenset(s) for s in sets}
    minimal = [s for s in unique if not any(other < s for other in unique)]
    return tuple(sorted(tuple(sorted(s)) for s in minimal))


def resolve(denied: bool, grants: Iterable[Grant]) -> Decision:
    """SPEC §9.3, the one place the precedence is written: any deny wins; else the grants
    no other grant dominates decide — one without conditions is an allow (its window is the
    cell's), otherwise the cell is conditional; no grant at all is none."""
    if denied:
        return DENY
    present = set(grants)
    kept = tuple(sorted((g for g in present if not any(o.dominates(g) for o in present)), key=lambda g: g.sort_key))
    if not kept:
        return NONE
    unconditional = [g for g in kept if not g.conditions]
    if unconditional:
        return Decision("allow", (), kept, unconditional[0].window)
    return Decision("conditional", minimal_sets(g.conditions for g in kept), kept)
