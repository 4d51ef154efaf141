"""Clinical-need assessments (SPEC §7) held against the decisions: a need that is not met,
sharing that nobody needs, and assessments that disagree about the same cells."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..schema import Assessment
from .context import Context
from .registry import check

def covered(ctx: Context, assessment: Assessment) -> list[tuple[int, int]]:
    """The applicable cells an assessment covers, as (source index, mask)."""
    return ctx.box_masks(assessment.sources, assessment.documents, assessment.personnel)


def _location(ctx: Context, assessment: Assessment):
    return ctx.catalogue.locate("assessments", assessment.id)


@check("need_not_met", "warning")
def need_not_met(ctx: Context) -> Iterator[Finding]:
    """An agreed assessment with need `high` or `medium` covers applicable cells that are not
    readable in the view: the working groups agreed there is a clinical need, and the policy
    does not share. Draft assessments are not held against the policy yet.

    FAILS:   assessments: [{id: a, sources: [fastlege], documents: [henvisning],
                            personnel: [legevaktlege], need: high, status: agreed}]
             (and no rule lets legevaktleger read henvisninger from fastleger)
    PASSES:  the same with status: draft, or with an allow rule that covers those cells
    """
    ev = ctx.evaluation
    for assessment in ctx.catalogue.assessments:
        if assessment.status != "agreed" or assessment.need not in ("high", "medium"):
            continue
        unmet = [(s, mask & ~ev.readable_mask(s)) for s, mask in covered(ctx, assessment)]
        examples = ctx.example_cells(unmet)
        if not examples["cell_count"]:
            continue
        total = sum(mask.bit_count() for _s, mask in covered(ctx, assessment))
        yield Finding(
            "need_not_met",
            "warning",
            f"assessment '{assessment.id}' (agreed, need {assessment.need}) covers {examples['cell_count']} of "
            f"{total} cells that are not readable in the '{ctx.view}' view: add allow rules, or revisit the assessment",
            entities=(assessment.id,),
            location=_location(ctx, assessment),
            **examples,
        )


@check("shared_without_need", "info")
def shared_without_need(ctx: Context) -> Iterator[Finding]:
    """Readable cells that an assessment with need `none` covers: the policy shares what the
    working groups found no clinical need for (draft or agreed). Worth a second look, not
    necessarily wrong.

    FAILS:   assessments: [{id: a, sources: [fastlege], documents: [sykmeldinger-og-trygdesaker], need: none}]
             rules: [{id: r, effect: allow, sources: [fastlege], documents: [sykmeldinger-og-trygdesaker], ...}]
    PASSES:  the same without the rule (or with a deny over those cells)
    """
    ev = ctx.evaluation
    for assessment in ctx.catalogue.assessments:
        if assessment.need != "none":
            continue
        shared = [(s, mask & ev.readable_mask(s)) for s, mask in covered(ctx, assessment)]
        examples = ctx.example_cells(shared)
        if not examples["cell_count"]:
            continue
        yield Finding(
            "shared_without_need",
            "info",
            f"{examples['cell_count']} cells that assessment '{assessment.id}' finds no clinical need for "
            f"are readable in the '{ctx.view}' view",
            rules=ctx.deciding_rules(examples["cells"]),
            entities=(assessment.id,),
            location=_location(ctx, assessment),
            **examples,
        )


@check("assessment_overlap", "warning")
def assessment_overlap(ctx: Context) -> Iterator[Finding]:
    """Two assessments cover a common applicable cell with different `need`: the working
    groups disagree, or one assessment is broader than meant. One finding per pair, at the
    later assessment; the message names the earlier one. The same need overlapping is fine.

    FAILS:   assessments: [{id: a, sources: [fastlege], documents: [henvisning], need: high},
                           {id: b, sources: [fastlege], personnel: [sykehuslege], need: low}]
    PASSES:  the same with need: high in both, or with b naming documents: [journalnotat]
    """
    assessments = ctx.catalogue.assessments
    boxes = [dict(covered(ctx, a)) for a in assessments]
    for later in range(len(assessments)):
        for earlier in range(later):
            first, second = assessments[earlier], assessments[later]
            if first.need == second.need:
                continue
            common = [(s, mask & boxes[earlier].get(s, 0)) for s, mask in boxes[later].items()]
            examples = ctx.example_cells(common)
            if not examples["cell_count"]:
                continue
            yield Finding(
                "assessment_overlap",
                "warning",
                f"assessment '{second.id}' (need {second.need}) and '{first.id}' (need {first.need}) cover "
                f"{examples['cell_count']} common cells: agree on one need, or narrow one of them",
                entities=(first.id, second.id),
                location=_location(ctx, second),
                **examples,
            )

