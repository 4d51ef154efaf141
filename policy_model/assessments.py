"""Clinical-need assessments read against a view's decisions: the working groups' priority
list (SPEC §7), one line per assessment, leaf source and document type it covers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .decide import Evaluation
from .schema import Assessment

NEEDS = ("high", "medium", "low", "none")
FEASIBILITIES = ("now", "later", "unknown")


@dataclass(frozen=True)
class PriorityLine:
    """One assessment on one (leaf source, document type): how many of its cells are readable."""

    assessment: Assessment
    source: str
    document: str
    cells: int  # applicable cells the assessment covers on this row
    readable: int  # of those, readable in the view

    @property
    def met(self) -> str:
        """'all', 'some' or 'none' of the covered cells are readable."""
        if self.readable == self.cells:
            return "all"
        return "some" if self.readable else "none"


def covered_rows(evaluation: Evaluation, assessment: Assessment) -> Iterator[tuple[int, int, int]]:
    """(source index, document index, personnel bits) for each applicable row the assessment covers."""
    cat, ev = evaluation.catalogue, evaluation
    documents = cat.document_axis.leaves_under_any(assessment.documents)
    personnel = cat.personnel_axis.leaves_under_any(assessment.personnel)
    group_bits = 0
    for g in personnel:
        group_bits |= 1 << ev.personnel_index[g]
    document_indexes = sorted(ev.document_index[d] for d in documents)
    for s in sorted(ev.source_index[leaf] for leaf in cat.source_axis.leaves_under_any(assessment.sources)):
        for d in document_indexes:
            bits = ev.row(ev.applicable[s], d) & group_bits
            if bits:
                yield s, d, bits


def priority_list(evaluation: Evaluation) -> list[PriorityLine]:
    """Every assessment's applicable rows, by need (high first), then feasibility (now
    first), then source and document in catalogue order, then catalogue order of assessments."""
    ev = evaluation
    lines = []
    for order, assessment in enumerate(ev.catalogue.assessments):
        for s, d, bits in covered_rows(ev, assessment):
            readable = ev.row(ev.readable_mask(s), d) & bits
            line = PriorityLine(assessment, ev.sources[s], ev.documents[d], bits.bit_count(), readable.bit_count())
            key = (NEEDS.index(assessment.need), FEASIBILITIES.index(assessment.feasibility), s, d, order)
            lines.append((key, line))
    return [line for _key, line in sorted(lines, key=lambda item: item[0])]
