"""Expectations are policy tests: decisions that must hold in the view being checked."""

from __future__ import annotations

from collections.abc import Iterator

from ..decide import CellSet, Evaluation
from ..i18n import M, MP
from ..vocabulary import EXPECTED_WORDS
from .context import Context
from .registry import Problem, check

WORDS = {decision: M(words) for decision, words in EXPECTED_WORDS.items()}
"""What an expectation expects, as its finding says it (rendered when shown)."""


def meeting(ev: Evaluation, decision: str) -> CellSet:
    """The applicable cells whose decision meets an expected decision."""
    if decision == "readable":
        return ev.readable
    if decision == "not_readable":
        return ev.cells_with("deny") | ev.cells_with("none")
    return ev.cells_with(decision)


@check("expectation_failed", "error")
def expectation_failed(ctx: Context) -> Iterator[Problem]:
    """An expectation does not hold; the finding lists the failing cells.

    `quantifier: all` (default) needs every applicable cell it covers to meet `decision`;
    `any` needs at least one. `readable` = allow or conditional; `not_readable` = deny or
    none. An expectation that covers no applicable cell fails: it almost certainly names the
    wrong thing. An expectation with `severity: warning` (an ambition, not a rule) fails as
    a warning.

    FAILS:
      expectations:
        - {id: e, personnel: [fastlege], documents: [epikrise], decision: readable}
    PASSES:
      expectations:
        - {id: e, personnel: [fastlege], documents: [epikrise], decision: readable}
      rules:
        - {id: r, effect: allow, personnel: [fastlege], documents: [epikrise], legal_basis: [hpl-45]}
    """
    ev = ctx.evaluation
    met: dict[str, CellSet] = {}
    for expectation in ctx.catalogue.expectations:
        covered = ev.box(expectation.sources, expectation.documents, expectation.personnel, expectation.actions)
        if expectation.decision not in met:
            met[expectation.decision] = meeting(ev, expectation.decision)
        failing = covered - met[expectation.decision]
        total, failed = len(covered), len(failing)
        words = WORDS[expectation.decision]
        if total == 0:
            message = M("expectation '{id}' covers no applicable cell: check its sources, documents, personnel "
                        "and actions", id=expectation.id)
        elif expectation.quantifier == "all" and failed:
            message = MP("expectation '{id}' fails on {n} of {total} cells (expected: {words})",
                         "expectation '{id}' fails on {n} of {total} cells (expected: {words})",
                         failed, id=expectation.id, total=total, words=words)
        elif expectation.quantifier == "any" and failed == total:
            message = MP("expectation '{id}' fails: its {n} cell is not {words} (quantifier any)",
                         "expectation '{id}' fails: none of its {n} cells is {words} (quantifier any)",
                         total, id=expectation.id, words=words)
        else:
            continue
        if expectation.description:
            message = M("{message} ({description})", message=message, description=expectation.description)
        examples = ctx.examples(failing)
        yield Problem(
            message,
            rules=ev.decisive_rules(failing.sorted_cells(10)),
            entities=(expectation.id,),
            location=ctx.catalogue.locate("expectations", expectation.id),
            severity=expectation.severity,
            **examples,
        )
