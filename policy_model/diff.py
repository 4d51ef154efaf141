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


def _rows(evaluation: Evaluation, s: int) -> dict[str, tuple[int, int, int, dict]]:
    """Per document of one source: its row of applicable, denied, allowed and per-condition-set bits."""
    grid, applicable = evaluation.grids[s], evaluation.applicable[s]
    rows = {}
    for d, document in enumerate(evaluation.documents):
        conditional = {c: evaluation.row(m, d) for c, m in grid.conditional.items() if evaluation.row(m, d)}
        rows[document] = (evaluation.row(applicable, d), evaluation.row(grid.deny, d), evaluation.row(grid.allow, d), conditional)
    return rows


def _candidates_any_grid(old: Evaluation, new: Evaluation):
    """Leaves were added or removed. With the same personnel groups (a document type or source
    changed), rows are compared by document id; otherwise every cell is looked at."""
    documents = sorted(set(old.documents) | set(new.documents))
    personnel = sorted(set(old.personnel) | set(new.personnel))
    for source in sorted(set(old.sources) | set(new.sources)):
        if source not in old.source_index or source not in new.source_index or old.personnel != new.personnel:
            yield from ((source, d, g) for d in documents for g in personnel)
            continue
        old_rows, new_rows = _rows(old, old.source_index[source]), _rows(new, new.source_index[source])
        for document in documents:
            before, after = old_rows.get(document), new_rows.get(document)
            if before is None or after is None:
                yield from ((source, document, g) for g in personnel)
                continue
            bits = (before[0] ^ after[0]) | (before[1] ^ after[1]) | (before[2] ^ after[2])
            for conditions in set(before[3]) | set(after[3]):
                bits |= before[3].get(conditions, 0) ^ after[3].get(conditions, 0)
            while bits:
                low = bits & -bits
                yield (source, document, old.personnel[low.bit_length() - 1])
                bits ^= low
