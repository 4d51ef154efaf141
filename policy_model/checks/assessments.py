"""Clinical-need assessments (SPEC §7) held against the decisions: a need that is not met,
sharing that nobody needs, and assessments that disagree about the same cells.

Assessments name no actions: a need is met where a cell is readable for every action, and
sharing happens where it is readable for some action (SPEC §9.1)."""

from __future__ import annotations

from collections.abc import Iterator

from ..decide import CellSet
from ..i18n import M, MP
from ..schema import Assessment
from ..vocabulary import NEED_WORDS, view_message
from .context import Context
from .registry import Problem, check


def covered(ctx: Context, assessment: Assessment) -> CellSet:
    """The applicable cells an assessment covers (every action)."""
    return ctx.evaluation.box(assessment.sources, assessment.documents, assessment.personnel)


def _location(ctx: Context, assessment: Assessment):
    return ctx.catalogue.locate("assessments", assessment.id)


@check("need_not_met", "warning")
def need_not_met(ctx: Context) -> Iterator[Problem]:
    """An agreed assessment with need `high` or `medium` covers applicable cells that are not
    readable in the view: the working groups agreed there is a clinical need, and the policy
    does not share. Draft assessments are not held against the policy yet.

    FAILS:
      assessments:
        - {id: a, sources: [fastlegekontor], documents: [henvisning], personnel: [sykehuslege], need: high, status: agreed}
    PASSES:
      assessments:
        - {id: a, sources: [fastlegekontor], documents: [henvisning], personnel: [sykehuslege], need: high, status: draft}
    """
    ev = ctx.evaluation
    for assessment in ctx.catalogue.assessments:
        if assessment.status != "agreed" or assessment.need not in ("high", "medium"):
            continue
        cells = covered(ctx, assessment)
        unmet = cells - ev.readable
        if not unmet:
            continue
        examples = ctx.examples(unmet)
        yield Problem(
            MP("assessment '{id}' (agreed, need {need}) covers {n} of {total} cells that are not readable in the "
               "'{view}' view: add allow rules, or revisit the assessment",
               "assessment '{id}' (agreed, need {need}) covers {n} of {total} cells that are not readable in the "
               "'{view}' view: add allow rules, or revisit the assessment",
               examples["cell_count"], id=assessment.id, need=M(NEED_WORDS[assessment.need]), total=len(cells),
               view=view_message(ctx.view)),
            entities=(assessment.id,),
            location=_location(ctx, assessment),
            **examples,
        )


@check("shared_without_need", "info")
def shared_without_need(ctx: Context) -> Iterator[Problem]:
    """Readable cells that an assessment with need `none` covers: the policy shares what the
    working groups found no clinical need for (draft or agreed). Worth a second look, not
    necessarily wrong.

    FAILS:
      assessments:
        - {id: a, sources: [fastlegekontor], documents: [henvisning], need: none}
      rules:
        - {id: r, effect: allow, sources: [fastlegekontor], documents: [henvisning], legal_basis: [hpl-45]}
    PASSES:
      assessments:
        - {id: a, sources: [fastlegekontor], documents: [henvisning], need: none}
    """
    ev = ctx.evaluation
    for assessment in ctx.catalogue.assessments:
        if assessment.need != "none":
            continue
        shared = covered(ctx, assessment) & ev.readable
        if not shared:
            continue
        examples = ctx.examples(shared)
        yield Problem(
            MP("{n} cell that assessment '{id}' finds no clinical need for is readable in the '{view}' view",
               "{n} cells that assessment '{id}' finds no clinical need for are readable in the '{view}' view",
               examples["cell_count"], id=assessment.id, view=view_message(ctx.view)),
            rules=ev.decisive_rules(shared.sorted_cells(10)),
            entities=(assessment.id,),
            location=_location(ctx, assessment),
            **examples,
        )


@check("assessment_overlap", "warning")
def assessment_overlap(ctx: Context) -> Iterator[Problem]:
    """Two assessments cover a common applicable cell with different `need`: the working
    groups disagree, or one assessment is broader than meant. One finding per pair, at the
    later assessment; the message names the earlier one. The same need overlapping is fine.

    FAILS:
      assessments:
        - {id: a, sources: [fastlegekontor], documents: [henvisning], need: high}
        - {id: b, sources: [fastlegekontor], personnel: [sykehuslege], need: low}
    PASSES:
      assessments:
        - {id: a, sources: [fastlegekontor], documents: [henvisning], need: high}
        - {id: b, sources: [fastlegekontor], personnel: [sykehuslege], need: high}
    """
    assessments = ctx.catalogue.assessments
    boxes = [covered(ctx, a) for a in assessments]
    for later in range(len(assessments)):
        for earlier in range(later):
            first, second = assessments[earlier], assessments[later]
            if first.need == second.need:
                continue
            common = boxes[earlier] & boxes[later]
            if not common:
                continue
            examples = ctx.examples(common)
            yield Problem(
                MP("assessment '{second}' (need {second_need}) and '{first}' (need {first_need}) cover {n} common "
                   "cell: agree on one need, or narrow one of them",
                   "assessment '{second}' (need {second_need}) and '{first}' (need {first_need}) cover {n} common "
                   "cells: agree on one need, or narrow one of them",
                   examples["cell_count"], second=second.id, second_need=M(NEED_WORDS[second.need]), first=first.id,
                   first_need=M(NEED_WORDS[first.need])),
                entities=(first.id, second.id),
                location=_location(ctx, second),
                **examples,
            )
