"""`pjd review import`, without the printing: a review workbook and the catalogue it was
made from → problems, or a proposal (SPEC §8).

Refused, with every problem listed: a file that is not a review workbook, a workbook with
problems in it (review_read), one made from another catalogue, one whose hidden record does
not match the catalogue it claims to come from, and a stale one (the catalogue's content
hash changed since) unless forced. A forced import applies only what the reviewer changed
(cells whose value differs from what the workbook showed when it was made), to the
catalogue as it is now; ids that no longer exist are problems.

Proposal names: `--as NAME`, else `gjennomgang-<reviewer>-<date>` (or the workbook's file
name when no reviewer is given), with `-2`, `-3`… when a proposal of that name exists.
Rules are `<name>-1`, `<name>-2`…, assessments `<name>-vurdering-1`….
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from policy_model.catalogue import Catalogue
from policy_model.decide import VIEWS, Evaluation
from policy_model.i18n import _
from policy_model.proposals import AssessmentInput, Proposal, Wanted, propose
from policy_model.schema import slug

from .review_layout import ASSESSMENTS, build_layout
from .review_archive import LIMITS, Limits
from .review_read import Problem, Review, one_line, read_review

PROPOSALS_FOLDER = "proposals"


@dataclass
class ImportResult:
    review: Review
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False
    proposal: Proposal | None = None
    wanted: dict = field(default_factory=dict)
    remarks: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def prepare(
    path: Path,
    catalogue: Catalogue,
    *,
    force: bool = False,
    name: str | None = None,
    today: datetime.date | None = None,
    limits: Limits = LIMITS,
) -> ImportResult:
    """Read and check the workbook against the catalogue and compute the proposal.

    Raises review_archive.NotAWorkbook when the file cannot be read as a review workbook."""
    today = today or datetime.date.today()
    review = read_review(path, limits)
    result = ImportResult(review, problems=list(review.problems), remarks=list(review.remarks))
    layout = review.layout
    if layout is None or result.problems:
        return result
    if layout.view not in VIEWS:
        result.problems.append(Problem(_("the workbook names an unknown view '{view}'", view=layout.view), "pjd"))
        return result
    if layout.catalogue_id != catalogue.meta.id:
        result.problems.append(
            Problem(_("the workbook was made from catalogue '{workbook}', not '{catalogue}'; give the right catalogue folder",
                      workbook=layout.catalogue_id, catalogue=catalogue.meta.id))
        )
        return result
    result.stale = layout.content_hash != catalogue.content_hash
    if result.stale and not force:
        result.problems.append(
            Problem(
                _("the catalogue changed since the workbook was made (content hash {then}… then, {now}… now): export a new "
                  "workbook, or use --force to apply the reviewer's changes to the catalogue as it is now",
                  then=layout.content_hash[:12], now=catalogue.content_hash[:12])
            )
        )
        return result
    if result.stale:
        result.problems += _missing_ids(catalogue, review)
    else:
        fresh = build_layout(Evaluation(catalogue, layout.view), list(dict.fromkeys(s.source for s in layout.sheets)))
        if fresh.structure() != layout.structure():
            result.problems.append(
                Problem(_("the hidden record does not match the catalogue it names (was it edited?); export a new workbook"), "pjd")
            )
    if result.problems:
        return result
    result.wanted = {cell: layout.choices[index].wanted() for cell, index in review.entered.items()}
    reviewer = review.reviewer or layout.reviewer
    name = name or default_name(catalogue, reviewer, Path(path), today)
    result.proposal = propose(
        catalogue,
        layout.view,
        result.wanted,
        name=name,
        owner=reviewer or None,
        comments=review.comments,
        assessments=[
            AssessmentInput(e.line.source, e.line.document, e.line.personnel, e.need, e.feasibility, e.rationale)
            for e in review.assessments
        ],
        today=today,
        default_rationale=f"Fra gjennomgang i Excel ({one_line(Path(path).name)}{', ' + reviewer if reviewer else ''}).",
    )
    # Comments that became no rationale are still the reviewer's words: list them.
    landed_rows = {cell[:2] for cell in result.proposal.landed}
    blocked_rows = {(u.cell[0], u.cell[1]) for u in result.proposal.unreachable}
    for row, text in review.comments.items():
        if row in landed_rows:
            continue
        sheet, cell = review.comment_cells[row]
        if row in blocked_rows:
            remark = _("a comment on a row whose changes need existing rules changed: «{text}»", text=text)
        else:
            remark = _("a comment on a row without a change: «{text}»", text=text)
        result.remarks.append(Problem(remark, sheet, cell))
    return result


def _missing_ids(catalogue: Catalogue, review: Review) -> list[Problem]:
    """For a forced import: the workbook's ids that the catalogue no longer has."""
    layout = review.layout
    problems = []
    sources, groups = catalogue.source_axis, catalogue.personnel_axis
    for group in layout.groups:
        if not groups.is_leaf(group):
            problems.append(Problem(_("personnel group '{id}' is no longer a leaf of the catalogue", id=group), "pjd"))
    for sheet in layout.sheets:
        if not sources.is_leaf(sheet.source):
            problems.append(Problem(_("source '{id}' is no longer a leaf of the catalogue", id=sheet.source), sheet.title))
        for row in sheet.documents:
            if row.document not in catalogue.document_types:
                problems.append(Problem(_("document type '{id}' is no longer in the catalogue", id=row.document), sheet.title))
    for line in review.assessments:
        if line.line.document not in catalogue.document_types or not sources.is_leaf(line.line.source):
            problems.append(Problem(_("'{id}' is no longer in the catalogue", id=line.line.key), ASSESSMENTS))
        for node in line.line.personnel or ():
            if node not in groups:
                problems.append(Problem(_("personnel group '{id}' is no longer in the catalogue", id=node), ASSESSMENTS))
    for index in set(review.entered.values()):
        wanted: Wanted = layout.choices[index].wanted()
        for alternative in wanted.alternatives:
            for condition in alternative:
                if condition not in catalogue.conditions:
                    problems.append(Problem(_("condition '{id}' ({label}) is no longer in the catalogue", id=condition,
                                              label=layout.choices[index].label), "pjd"))
    return problems


def default_name(catalogue: Catalogue, reviewer: str, path: Path, today: datetime.date) -> str:
    who = slug(reviewer, limit=60) or slug(path.stem, limit=60) or "arbeidsbok"
    base = f"gjennomgang-{who}-{today.isoformat()}"
    name, n = base, 1
    while proposal_path(catalogue, name).exists() or any(r.id.startswith(f"{name}-") for r in catalogue.rules):
        n += 1
        name = f"{base}-{n}"
    return name


def proposal_path(catalogue: Catalogue, name: str) -> Path:
    return Path(catalogue.root or ".") / PROPOSALS_FOLDER / f"{name}.yaml"
