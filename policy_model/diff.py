"""Decision changes between two catalogues: which cells changed, and the rules behind each side."""

from __future__ import annotations

from dataclasses import dataclass

from .decide import NA, Cell, Decision, Evaluation


@dataclass(frozen=True)
class CellChange:
    cell: Cell
    old: Decision
    new: Decision
    old_rules: tuple[str, ...]  # the rules that decided the old decision
    new_rules: tuple[str, ...]

    @property
    def widens_access(self) -> bool:
        """The cell became readable, or gained a way in it did not have (SPEC §4, §9.5):
        a new grant that no old grant covers — fewer conditions than every old grant that
        demands them, or a longer window. Conditional → allow drops the conditions, so it is
        new access; a new alternative that demands at least the conditions of an old one,
        with no longer window, is not."""
        old, new = self.old, self.new
        if not new.readable:
            return False
        if not old.readable:
            return True
        return any(not any(before.covers(after) for before in old.grants) for after in new.grants)


def _decisive(evaluation: Evaluation, cell: Cell, decision: Decision) -> tuple[str, ...]:
    if decision.kind in ("na", "none"):
        return ()
    return tuple(rule.id for rule in evaluation.explain(cell).decisive)


def _decision(evaluation: Evaluation, cell: Cell) -> Decision:
    s, d, g, a = cell
    if s not in evaluation.sources or d not in evaluation.documents or g not in evaluation.personnel or a not in evaluation.actions:
        return NA
    return evaluation.decision(cell)


def diff(old: Evaluation, new: Evaluation) -> list[CellChange]:
    """Every cell whose decision, alternatives, window or grants differ, sorted by source,
    document, personnel and action. A cell that exists on one side only counts as not
    applicable on the other."""
    changes = []
    for cell in old.changed_candidates(new):
        before, after = _decision(old, cell), _decision(new, cell)
        if before != after:
            changes.append(CellChange(cell, before, after, _decisive(old, cell, before), _decisive(new, cell, after)))
    return sorted(changes, key=lambda change: change.cell)
