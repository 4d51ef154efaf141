"""Expectations are policy tests: decisions that must hold in the view being checked."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .context import Context
from .registry import check

WORDS = {
    "allow": "allowed",
    "conditional": "conditional",
    "deny": "denied",
    "none": "without a rule (none)",
    "readable": "readable",
    "not_readable": "not readable",
}


def expected_mask(masks: dict[str, int], decision: str) -> int:
    """The cells of a source whose decision meets an expected decision."""
    if decision == "readable":
        return masks["allow"] | masks["conditional"]
    if decision == "not_readable":
        return masks["deny"] | masks["none"]
    return masks[decision]


@check("expectation_failed", "error")
def expectation_failed(ctx: Context) -> Iterator[Finding]:
    """An expectation does not hold; the finding lists the failing cells.

    `quantifier: all` (default) needs every applicable cell it covers to meet `decision`;
    `any` needs at least one. `readable` = allow or conditional; `not_readable` = deny or
    none. An expectation that covers no applicable cell fails: it almost certainly names the
    wrong thing.

    FAILS:   expectations: [{id: e, personnel: [fastlege], documents: [epikrise], decision: readable}]
             (and no rule allows fastlege to read epikrise)
    PASSES:  rules: [{id: r, effect: allow, personnel: [fastlege], documents: [epikrise], legal_basis: [hpl-45]}]
    """
    ev = ctx.evaluation
    by_source = {}
    for expectation in ctx.catalogue.expectations:
        covered = ctx.box_masks(expectation.sources, expectation.documents, expectation.personnel)
        total = sum(m.bit_count() for _s, m in covered)
        failing = []
        for s, mask in covered:
            if mask:
                if s not in by_source:
                    by_source[s] = ev.masks(s)
                failing.append((s, mask & ~expected_mask(by_source[s], expectation.decision)))
        failed = sum(m.bit_count() for _s, m in failing)
        words = WORDS[expectation.decision]
        if total == 0:
            message = f"expectation '{expectation.id}' covers no applicable cell: check its sources, documents and personnel"
        elif expectation.quantifier == "all" and failed:
            message = f"expectation '{expectation.id}' fails on {failed} of {total} cells (expected: {words})"
        elif expectation.quantifier == "any" and failed == total:
            message = f"expectation '{expectation.id}' fails: none of its {total} cells is {words} (quantifier any)"
        else:
            continue
        if expectation.description:
            message += f" ({expectation.description})"
        examples = ctx.example_cells(failing)
        yield Finding(
            "expectation_failed",
            "error",
            message,
            rules=ctx.deciding_rules(examples["cells"]),
            entities=(expectation.id,),
            location=ctx.catalogue.locate("expectations", expectation.id),
            **examples,
        )

