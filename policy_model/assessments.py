"""Clinical-need assessments read against a view's decisions: the working groups' priority
list (SPEC §7), one line per assessment, leaf source and document type it covers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import get_args

from .decide import Evaluation
from .schema import Assessment, Feasibility, Need

NEEDS: tuple[str, ...] = get_args(Need)
FEASIBILITIES: tuple[str, ...] = get_args(Feasibility)


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


def covered_rows(evaluation: Evaluation, assessment: Assessment) -> Iterator[tuple[str, str, frozenset[str], frozenset[str]]]:
    """(source, document, personnel covered, personnel readable) for each applicable row the
    assessment covers, in catalogue order. A group counts as readable on a row when it can
    read it for every action (SPEC §9.1)."""
    ev = evaluation
    covered = ev.box(assessment.sources, assessment.documents, assessment.personnel)
    readable = covered & ev.readable
    readable_rows: dict[tuple[str, str], list[frozenset[str]]] = {}
    for source, _action, document, groups in readable.rows():
        readable_rows.setdefault((source, document), []).append(groups)
    seen: set[tuple[str, str]] = set()
    for source, _action, document, groups in covered.rows():
        if (source, document) in seen:
            continue
        seen.add((source, document))
        per_action = readable_rows.get((source, document), [])
        every = frozenset.intersection(*per_action) if len(per_action) == len(ev.actions) else frozenset()
        yield source, document, groups, every & groups


def priority_list(evaluation: Evaluation) -> list[PriorityLine]:
    """Every assessment's applicable rows, by need (high first), then feasibility (now
    first), then source and document in catalogue order, then catalogue order of assessments."""
    ev = evaluation
    source_order = {s: i for i, s in enumerate(ev.sources)}
    document_order = {d: i for i, d in enumerate(ev.documents)}
    lines = []
    for order, assessment in enumerate(ev.catalogue.assessments):
        for source, document, groups, readable in covered_rows(ev, assessment):
            line = PriorityLine(assessment, source, document, len(groups), len(readable))
            key = (
                NEEDS.index(assessment.need),
                FEASIBILITIES.index(assessment.feasibility),
                source_order[source],
                document_order[document],
                order,
            )
            lines.append((key, line))
    return [line for _key, line in sorted(lines, key=lambda item: item[0])]
