"""Reading a review workbook back, trusting nothing in it (SPEC §8).

The file, its archive and its cells are read by review_archive, which refuses anything that
is not a bounded, DTD-free xlsx archive before an XML parser sees it. What the workbook says is checked against its record sheet (see review_layout): the sheet
set, every hidden id in order, every header and row label, every decision in its sheet's
pick-list, no formula anywhere. Every problem is collected, as `Sheet!A12: message`; a
problem in the structure of a sheet stops the reading of that sheet's values (they would
be read against the wrong row), not the checking of the others.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

from policy_model.i18n import _
from policy_model.load import printable

from .review_archive import LIMITS, Grid, Limits, NotAWorkbook, open_workbook, read_sheet
from .review_layout import (
    ASSESSMENT_FIRST_ROW,
    ASSESSMENT_HEADER_ROW,
    ASSESSMENT_HEADERS,
    ASSESSMENT_ID_ROW,
    ASSESSMENT_IDS,
    ASSESSMENTS,
    COMMENT_HEADER,
    COMMENT_ID,
    FEASIBILITY_LABELS,
    FIRST_GROUP_COLUMN,
    ID_MARK,
    INSTRUCTIONS,
    NEED_LABELS,
    RECORD,
    REVIEWER_CELL,
    SOURCE_FIRST_ROW,
    SOURCE_HEADER_ROW,
    SOURCE_HEADERS,
    SOURCE_HPR_ROW,
    SOURCE_ID_ROW,
    AssessmentLine,
    CategoryRow,
    Layout,
    SourceSheet,
)
from .review_record import RecordError, from_record

Cell = tuple[str, str, str, str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook: where (sheet and cell, when known) and what."""

    message: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{_sheet_ref(self.sheet)}!{self.cell}: {self.message}"
        if self.sheet:
            return f"{_sheet_ref(self.sheet)}: {self.message}"
        return self.message

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message}


def _sheet_ref(title: str) -> str:
    return f"'{title}'" if re.search(r"[^A-Za-z0-9_]", title) else title


@dataclass(frozen=True)
class AssessmentEntry:
    """What a reviewer entered on one row of the assessment sheet."""

    line: AssessmentLine
    need: str
    feasibility: str
    rationale: str | None


@dataclass
class Review:
    """A review workbook as read: its layout (from the record) and what the reviewer entered."""

    layout: Layout | None = None
    reviewer: str = ""
    entered: dict[Cell, int] = field(default_factory=dict)  # changed cells → choice index
    comments: dict[tuple[str, str], str] = field(default_factory=dict)
    comment_cells: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # → (sheet, cell)
    assessments: list[AssessmentEntry] = field(default_factory=list)
    remarks: list[Problem] = field(default_factory=list)  # comments without a change, and the like
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, sheet: str | None = None, row: int | None = None, column: int | None = None) -> None:
        where = f"{get_column_letter(column)}{row}" if row and column else None
        self.problems.append(Problem(message, sheet, where))

    def remark(self, message: str, sheet: str, row: int, column: int) -> None:
        self.remarks.append(Problem(message, sheet, f"{get_column_letter(column)}{row}"))


# -- reading the workbook ------------------------------------------------------------------------
def read_review(path: Path | str, limits: Limits = LIMITS) -> Review:
    """The review as read; NotAWorkbook when it cannot be read at all. Problems found in
    the content are in `Review.problems` (all of them)."""
    with open_workbook(path, limits) as workbook:
        return _read(workbook, limits)


def _read(workbook, limits: Limits) -> Review:
    """Read the record first (it says what the rest must be), then one sheet at a time (a
    100× workbook holds a million cells: no sheet is kept once it has been checked)."""
    review = Review()
    titles = list(workbook.sheetnames)
    if RECORD not in titles:
        raise NotAWorkbook(_("this is not a pjd review workbook (no record sheet); export one with pjd review export"))
    record = read_sheet(workbook[RECORD])
    _formulas(review, record)
    try:
        layout = from_record([[_text_of(value) for value in row] for row in record.rows()])
    except RecordError as err:
        review.problem(_("the hidden record sheet was changed ({problem}); export a new workbook", problem=err), RECORD, err.row, 1)
        return review
    layout = dataclasses.replace(layout, reviewer=one_line(layout.reviewer))  # it becomes a rule's owner
    review.layout = layout
    expected = layout.sheet_titles
    if titles != expected:
        missing = [printable(t) for t in expected if t not in titles]
        extra = [printable(t) for t in titles if t not in expected]
        detail = "; ".join(
            part for part in (
                _("missing: {sheets}", sheets=", ".join(missing)) if missing else "",
                _("not ours: {sheets}", sheets=", ".join(extra)) if extra else "",
                "" if missing or extra else _("in another order"),
            ) if part
        )
        review.problem(_("the sheets were changed ({detail}); sheets must not be added, removed, renamed or moved", detail=detail))
    source_sheets = {sheet.title: sheet for sheet in layout.sheets}
    for ws in workbook.worksheets:
        if ws.title == RECORD:
            continue
        grid = read_sheet(ws)
        _formulas(review, grid)
        if ws.title == INSTRUCTIONS:
            review.reviewer = _reviewer(grid)
        elif ws.title in source_sheets:
            _read_source_sheet(review, layout, source_sheets[ws.title], grid, limits)
        elif ws.title == ASSESSMENTS:
            _read_assessment_sheet(review, layout, grid, limits)
    order = {title: i for i, title in enumerate(titles)}
    review.problems.sort(key=lambda p: _problem_order(p, order))
    return review


def _problem_order(problem: Problem, order: dict[str, int]):
    row, column = coordinate_to_tuple(problem.cell) if problem.cell else (0, 0)
    return (problem.sheet is not None, order.get(problem.sheet, len(order)), row, column)


def _formulas(review: Review, grid: Grid) -> None:
    for r, c in sorted(grid.formulas):
        review.problem(
            _("a formula; type the value itself (text that starts with =, +, - or @ becomes a formula in Excel: "
              "start it with an apostrophe)"),
            grid.title, r, c,
        )


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def printable_only(text: str) -> str:
    """The text with every character that is not printable (controls, line breaks, surrogates
    from a file name that is not UTF-8) made a space."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def one_line(text: str, limit: int = 200) -> str:
    """A name typed into a cell or the record: one line, printable characters only."""
    return " ".join(printable_only(text).split())[:limit]


def _reviewer(grid: Grid) -> str:
    row, column = REVIEWER_CELL
    if grid.is_formula(row, column):
        return ""
    return one_line(_text_of(grid.value(row, column)))


def _clean_text(review: Review, grid: Grid, row: int, column: int, limit: int) -> str | None:
    """A free-text cell (comment, rationale): normalised, or None when empty."""
    if grid.is_formula(row, column):
        return None  # reported already
    text = _text_of(grid.value(row, column)).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch.isprintable()).strip()
    if len(text) > limit:
        review.problem(_("the text is {length} characters; at most {limit}", length=len(text), limit=limit), grid.title, row, column)
        return None
    return text or None


def _expect(review: Review, grid: Grid, row: int, column: int, want: str, what: str) -> bool:
    found = _text_of(grid.value(row, column))
    if found == want:
        return True
    review.problem(_("{what}: expected '{want}', found '{found}'", what=what, want=printable(want), found=printable(found)), grid.title, row, column)
    return False


def _stray(review: Review, grid: Grid, first_row: int, last_column: int, skip=()) -> None:
    """Anything below the table (from `first_row`) or right of it (beyond `last_column`)."""
    for r, c in grid.cells():
        if (r >= first_row or c > last_column) and r not in skip and grid.value(r, c) != "":
            if r >= first_row:
                message = _("text below the table, where pjd reads nothing (rows or columns inserted?)")
            else:
                message = _("text right of the table, where pjd reads nothing (rows or columns inserted?)")
            review.problem(message, grid.title, r, c)
            return


def _read_source_sheet(review: Review, layout: Layout, sheet: SourceSheet, grid, limits: Limits) -> None:
    title = sheet.title
    width = len(layout.groups)
    comment_column = FIRST_GROUP_COLUMN + width
    ok = _expect(review, grid, SOURCE_ID_ROW, 1, ID_MARK, _("hidden row of column ids changed"))
    moved = _("hidden column id changed (columns moved, inserted or deleted)")
    for g, group in enumerate(layout.groups):
        ok = ok and _expect(review, grid, SOURCE_ID_ROW, FIRST_GROUP_COLUMN + g, group, moved)
    ok = ok and _expect(review, grid, SOURCE_ID_ROW, comment_column, COMMENT_ID, moved)
    headers = [*SOURCE_HEADERS, *layout.group_names, COMMENT_HEADER]
    for i, header in enumerate(headers):
        ok = _expect(review, grid, SOURCE_HEADER_ROW, 2 + i, header, _("header changed")) and ok
    for g, code in enumerate(layout.group_codes):
        ok = _expect(review, grid, SOURCE_HPR_ROW, FIRST_GROUP_COLUMN + g, code, _("header changed")) and ok
    if not ok:
        return
    labels = {layout.label(i): i for i in sheet.choices}
    choices_text = ", ".join(labels)
    r = SOURCE_FIRST_ROW
    for expected in sheet.rows:
        is_category = isinstance(expected, CategoryRow)
        want_id = (expected.category or "") if is_category else expected.document
        row_moved = _("hidden row id changed: this should be the row for '{name}' (rows moved, inserted or deleted)", name=expected.name)
        if not _expect(review, grid, r, 1, want_id, row_moved):
            return
        fixed = [expected.code, expected.name] + ([] if is_category else [expected.confidentiality])
        for i, text in enumerate(fixed):
            _expect(review, grid, r, 2 + i, text, _("row label changed"))
        if is_category:
            r += 1
            continue
        for g, original in enumerate(expected.originals):
            column = FIRST_GROUP_COLUMN + g
            if grid.is_formula(r, column):
                continue
            value = grid.value(r, column)
            text = value.strip() if isinstance(value, str) else value
            if text in (None, ""):
                review.problem(_("empty; choose one of: {choices}", choices=choices_text), title, r, column)
            elif not isinstance(text, str) or text not in labels:
                review.problem(_("'{value}' is not in the pick-list; choose one of: {choices}", value=printable(_text_of(value)),
                                 choices=choices_text), title, r, column)
            elif labels[text] != original:
                review.entered[(sheet.source, expected.document, layout.groups[g], sheet.action)] = labels[text]
        comment = _clean_text(review, grid, r, comment_column, limits.comment_chars)
        if comment:
            key = (sheet.source, expected.document)
            # one row of several action sheets: the comments together, each once
            said = review.comments.get(key)
            review.comments[key] = comment if said in (None, comment) else f"{said}\n{comment}"
            review.comment_cells.setdefault(key, (title, f"{get_column_letter(comment_column)}{r}"))
        r += 1
    # The note on a sheet without rows is ours.
    skip = (SOURCE_FIRST_ROW,) if not sheet.rows else ()
    _stray(review, grid, r, comment_column, skip)


def _read_assessment_sheet(review: Review, layout: Layout, grid, limits: Limits) -> None:
    title = ASSESSMENTS
    ok = _expect(review, grid, ASSESSMENT_ID_ROW, 1, ID_MARK, _("hidden row of column ids changed"))
    for i, want in enumerate(ASSESSMENT_IDS):
        if want:
            ok = _expect(review, grid, ASSESSMENT_ID_ROW, 2 + i, want, _("hidden column id changed (columns moved, inserted or deleted)")) and ok
    for i, header in enumerate(ASSESSMENT_HEADERS):
        ok = _expect(review, grid, ASSESSMENT_HEADER_ROW, 2 + i, header, _("header changed")) and ok
    if not ok:
        return
    needs = {label: code for code, label in NEED_LABELS.items()}
    feasibilities = {label: code for code, label in FEASIBILITY_LABELS.items()}
    r = ASSESSMENT_FIRST_ROW
    for line in layout.assessments:
        row_moved = _("hidden row id changed: this should be the row for '{document}' from '{source}' (rows moved, inserted or deleted)",
                      document=line.document_name, source=line.source_name)
        if not _expect(review, grid, r, 1, line.key, row_moved):
            return
        for i, text in enumerate((line.source_name, line.document_name, line.personnel_text, line.shared, line.existing)):
            _expect(review, grid, r, 2 + i, text, _("row text changed"))
        need = _pick(review, grid, r, 7, needs)
        feasibility = _pick(review, grid, r, 8, feasibilities)
        rationale = _clean_text(review, grid, r, 9, limits.comment_chars)
        _assessment_entry(review, line, need, feasibility, rationale, r)
        r += 1
    _stray(review, grid, r, 9)


def _pick(review: Review, grid: Grid, row: int, column: int, allowed: dict[str, str]) -> str | None:
    """The code of a pick-list cell; '' when empty; None when wrong (reported)."""
    if grid.is_formula(row, column):
        return None
    value = grid.value(row, column)
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        return ""
    if isinstance(text, str) and text in allowed:
        return allowed[text]
    review.problem(_("'{value}' is not in the pick-list; choose one of: {choices} (or leave it empty)",
                     value=printable(_text_of(value)), choices=", ".join(allowed)), grid.title, row, column)
    return None


def _assessment_entry(review: Review, line: AssessmentLine, need, feasibility, rationale, row: int) -> None:
    if need is None or feasibility is None:
        return
    if not need:
        if feasibility:
            review.problem(_("feasibility without a clinical need: choose the need too (or clear both)"), ASSESSMENTS, row, 8)
        elif line.need:
            review.remark(_("an emptied assessment is not removed: the assessment in the catalogue stays"), ASSESSMENTS, row, 7)
        elif rationale:
            review.remark(_("a rationale without a need: «{text}»", text=rationale), ASSESSMENTS, row, 9)
        return
    if (need, feasibility or "unknown") == (line.need, line.feasibility or "unknown") and line.need:
        if rationale:
            review.remark(_("a rationale for the assessment as it stands: «{text}»", text=rationale), ASSESSMENTS, row, 9)
        return
    review.assessments.append(AssessmentEntry(line, need, feasibility or "unknown", rationale))
