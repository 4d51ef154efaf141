"""What an edit would do before it is made: the cells whose decision changes, and the findings
that appear or vanish."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .diff import CellChange
from .findings import Finding


def finding_key(finding: Finding) -> tuple:
    """What makes two findings 'the same' across an edit (messages carry counts that move)."""
    return (finding.kind, finding.rules, finding.entities)


@dataclass(frozen=True)
class Impact:
    changes: list[CellChange]
    appeared: list[Finding]
    vanished: list[Finding]

    def transitions(self) -> Counter:
        """How many cells go from one decision to another, e.g. {('none', 'allow'): 3}."""
        return Counter((c.old.kind, c.new.kind) for c in self.changes)


def finding_changes(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    old = {finding_key(f) for f in before}
    new = {finding_key(f) for f in after}
    return [f for f in after if finding_key(f) not in old], [f for f in before if finding_key(f) not in new]
