"""Decision changes between two catalogues: which cells changed, and the rules behind each side."""

from __future__ import annotations

from dataclasses import dataclass

from .decide import NA, Decision, Evaluation

Cell = tuple[str, str, str]


@dataclass(frozen=True)
class CellChange:
    cell: Cell
    old: Decision
    new: Decision
    old_rules: tuple[str, ...]  # the rules that decided the old decision
    new_rules: tuple[str, ...]

    @property
    def widens_access(self) -> bool:
        """The cell became readable, or gained a way to be read it did not have.

        A new alternative that demands at least the conditions of an old one is not a new
        way in; conditional → allow is (it drops the conditions).
        """
        old, new = self.old, self.new
        if not new.readable:
            return False
        if not old.readable or (old.kind == "conditional" and new.kind == "allow"):
            return True
        if old.kind == "conditional" and new.kind == "conditional":
            before = [set(a) for a in old.alternatives]
            return any(not any(set(alt) >= b for b in before) for alt in new.alternatives)
        return False


def _decisive(evaluation: Evaluation, cell: Cell, decision: Decision) -> tuple[str, ...]:
    if decision.kind in ("na", "none"):
        return ()
    return tuple(rule.id for rule in evaluation.provenance(*cell).decisive)


def diff(old: Evaluation, new: Evaluation) -> list[CellChange]:
    """Every cell whose decision or alternatives differ, sorted by source, document, personnel.

    A cell that exists on one side only counts as not applicable on the other.
    """
    if (old.sources, old.documents, old.personnel) == (new.sources, new.documents, new.personnel):
        candidates = _candidates_same_grid(old, new)
    else:
        candidates = _candidates_any_grid(old, new)
    changes = []
    for cell in candidates:
        before, after = _decision(old, cell), _decision(new, cell)
        if before != after:
            changes.append(CellChange(cell, before, after, _decisive(old, cell, before), _decisive(new, cell, after)))
    return sorted(changes, key=lambda change: change.cell)


def _decision(evaluation: Evaluation, cell: Cell) -> Decision:
    s, d, g = cell
    if s not in evaluation.source_index or d not in evaluation.document_index or g not in evaluation.personnel_index:
        return NA
    return evaluation.decision(s, d, g)


def _candidates_same_grid(old: Evaluation, new: Evaluation):
    """Cells whose covering bits differ: only these can have changed (same leaves, same bit layout)."""
    for s in range(len(old.sources)):
        a, b = old.grids[s], new.grids[s]
        mask = (old.applicable[s] ^ new.applicable[s]) | (a.deny ^ b.deny) | (a.allow ^ b.allow)
        for conditions in set(a.conditional) | set(b.conditional):
            mask |= a.conditional.get(conditions, 0) ^ b.conditional.get(conditions, 0)
        yield from old.cells_in(s, mask)


def _candidates_any_grid(old: Evaluation, new: Evaluation):
    sources = sorted(set(old.sources) | set(new.sources))
    documents = sorted(set(old.documents) | set(new.documents))
    personnel = sorted(set(old.personnel) | set(new.personnel))
    for s in sources:
        for d in documents:
            for g in personnel:
                yield (s, d, g)
