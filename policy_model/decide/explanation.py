"""Why a cell is what it is: the one value the command line, the app, the workbooks and the
guidance page all render (SPEC §2: nothing states a decision it cannot explain this way)."""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import Rule
from .decision import Decision


@dataclass(frozen=True)
class Explanation:
    decision: Decision
    applicable: tuple[Rule, ...]
    """Every rule in the view that covers the cell, in catalogue order."""
    decisive: tuple[Rule, ...]
    """The rules that decide it: every deny of a denied cell, else the allows whose grant is
    one of the cell's grants."""
    legal_bases: tuple[str, ...]
    """The legal bases the decisive rules cite, in the order they cite them."""
    produced_by: tuple[str, ...] = ()
    """For a cell that is not applicable: the sources that produce the document type."""

    @property
    def others(self) -> tuple[Rule, ...]:
        """Rules that applied but did not decide."""
        decisive = {rule.id for rule in self.decisive}
        return tuple(rule for rule in self.applicable if rule.id not in decisive)

    def is_decisive(self, rule_id: str) -> bool:
        return any(rule.id == rule_id for rule in self.decisive)
