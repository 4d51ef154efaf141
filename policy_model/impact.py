"""What an edit would do before it is made: the cells whose decision changes, and the findings
that appear or vanish."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .catalogue import Catalogue
from .checks import Context, policy_findings
from .decide import Evaluation
from .diff import CellChange, diff
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


def impact(before: Catalogue, after: Catalogue, view: str, findings_before: list[Finding] | None = None) -> Impact:
    old_ev, new_ev = Evaluation(before, view), Evaluation(after, view)
    old_findings = findings_before if findings_before is not None else policy_findings(Context(before, view, old_ev))
    new_findings = policy_findings(Context(after, view, new_ev))
    appeared, vanished = finding_changes(old_findings, new_findings)
    return Impact(diff(old_ev, new_ev), appeared, vanished)
