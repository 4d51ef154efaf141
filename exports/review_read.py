"""Reading a review workbook back, trusting nothing in it (SPEC §8).

Before openpyxl sees the file: it must be a zip holding an xlsx workbook (not a macro
workbook, not an encrypted or legacy .xls), within limits on size, entry count and
compression ratio (a zip bomb is refused from its directory, and every part is read in
bounded chunks), and no XML part may declare a DTD or an entity (an XML bomb is refused
before any parser expands it). openpyxl then reads it read-only, with formulas kept as
formulas, through defusedxml (openpyxl 3.1 parses every part through
`openpyxl.xml.functions`, which uses defusedxml's parsers when `openpyxl.DEFUSEDXML` is
true; pjd refuses to read if it is not).

What the workbook says is checked against its record sheet (see review_layout): the sheet
set, every hidden id in order, every header and row label, every decision in its sheet's
pick-list, no formula anywhere. Every problem is collected, as `Sheet!A12: message`; a
problem in the structure of a sheet stops the reading of that sheet's values (they would
be read against the wrong row), not the checking of the others.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

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
    MAX_COMMENT,
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
    RecordError,
    SourceSheet,
    from_record,
)

Cell = tuple[str, str, str]


@dataclass(frozen=True)
class Limits:
    """What a review workbook may be: far above the 100× synthetic catalogue's workbook
    (~80 MB of XML, 4 MB zipped, ratios below 20:1), far below what hurts."""

    file_bytes: int = 512 * 2**20
    entries: int = 5_000
    total_bytes: int = 2 * 2**30  # uncompressed, all parts
    entry_bytes: int = 1 * 2**30
    ratio: int = 200  # uncompressed / compressed, for parts over 1 MiB
    comment_chars: int = MAX_COMMENT


LIMITS = Limits()


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


class NotAWorkbook(Exception):
    """The file cannot be read as a review workbook at all (the message says why)."""


# -- the archive, before any XML parser --------------------------------------------------------
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<", b"<\x00")


def check_archive(path: Path, limits: Limits = LIMITS) -> None:
    """Raise NotAWorkbook unless `path` is a plausible, bounded, DTD-free xlsx archive."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except OSError as err:
        raise NotAWorkbook(f"cannot read {path}: {err.strerror}") from None
    if not path.is_file():
        raise NotAWorkbook(f"{path} is not a file")
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAWorkbook(f"{path} is a password-protected workbook or an old .xls file; save it as .xlsx without a password")
    if size > limits.file_bytes:
        raise NotAWorkbook(f"{path} is {size / 2**20:.0f} MiB; a review workbook is never above {limits.file_bytes / 2**20:.0f} MiB")
    if not zipfile.is_zipfile(path):
        raise NotAWorkbook(f"{path} is not an xlsx workbook (not a zip archive); export a new one with pjd review export")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_entries(archive, limits)
            for info in archive.infolist():
                _scan_part(archive, info, limits)
    except zipfile.BadZipFile as err:
        raise NotAWorkbook(f"{path} is a damaged zip archive ({err})") from None
    except NotImplementedError as err:  # an unsupported compression method
        raise NotAWorkbook(f"{path} uses a zip feature pjd does not read ({err})") from None


def _check_entries(archive: zipfile.ZipFile, limits: Limits) -> None:
    entries = archive.infolist()
    if len(entries) > limits.entries:
        raise NotAWorkbook(f"the archive holds {len(entries)} parts; a review workbook holds a few hundred at most")
    names = {info.filename for info in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise NotAWorkbook("the zip archive is not an xlsx workbook (no xl/workbook.xml)")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise NotAWorkbook("the workbook holds macros (xlsm); save it as a plain .xlsx workbook")
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise NotAWorkbook(f"the part {info.filename} is encrypted")
        total += info.file_size
        if info.file_size > limits.entry_bytes:
            raise NotAWorkbook(f"the part {info.filename} unpacks to {info.file_size / 2**20:.0f} MiB: refused (zip bomb?)")
        if info.file_size > 2**20 and info.file_size > limits.ratio * max(1, info.compress_size):
            raise NotAWorkbook(
                f"the part {info.filename} unpacks {info.file_size // max(1, info.compress_size)} times its packed size: "
                "refused (zip bomb?)"
            )
    if total > limits.total_bytes:
        raise NotAWorkbook(f"the workbook unpacks to {total / 2**20:.0f} MiB: refused (zip bomb?)")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Read one part in bounded chunks: no part may be UTF-16/32 text, declare a DTD or an
    entity (every part is scanned, whatever its name: a workbook may point at a sheet called
    anything; a review workbook holds nothing else that could contain those bytes), or
    unpack to more than the directory declared."""
    read, tail = 0, b""
    with archive.open(info) as part:
        head = part.read(4)
        if head.startswith(_WIDE):
            raise NotAWorkbook(f"the part {info.filename} is UTF-16 or UTF-32 text, which pjd does not read: refused")
        chunk = head
        while chunk:
            read += len(chunk)
            if read > min(info.file_size, limits.entry_bytes):
                raise NotAWorkbook(f"the part {info.filename} unpacks to more than it declares: refused (zip bomb?)")
            if _DECLARATION.search(tail + chunk):
                raise NotAWorkbook(
                    f"the part {info.filename} declares a DTD or XML entities, which no spreadsheet program writes: "
                    "refused (XML bomb?)"
                )
            tail = chunk[-32:]
            chunk = part.read(2**20)


# -- reading the workbook ------------------------------------------------------------------------
def read_review(path: Path | str, limits: Limits = LIMITS) -> Review:
    """The review as read; NotAWorkbook when it cannot be read at all. Problems found in
    the content are in `Review.problems` (all of them)."""
    import openpyxl

    path = Path(path)
    check_archive(path, limits)
    if not openpyxl.DEFUSEDXML:
        raise NotAWorkbook("openpyxl is not using defusedxml here (is OPENPYXL_DEFUSEDXML set?); pjd will not parse an untrusted workbook without it")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds on damaged parts
        raise NotAWorkbook(f"{path} cannot be read as an xlsx workbook ({type(err).__name__}: {err})") from None
    try:
        return _read(workbook, limits)
    finally:
        workbook.close()


def _grid(ws) -> list[tuple]:
    """Every row of a read-only sheet as cells, whatever its declared dimension says."""
    ws.reset_dimensions()  # a lying <dimension> must not hide rows
    try:
        return [tuple(row) for row in ws.iter_rows()]
    except Exception as err:  # the sheet's XML is parsed only now: damage shows up here
        raise NotAWorkbook(f"the sheet '{ws.title}' is damaged and cannot be read ({type(err).__name__}: {err})") from None


def _value(c):
    return getattr(c, "value", None)


def _is_formula(c) -> bool:
    return getattr(c, "data_type", None) == "f"


def _read(workbook, limits: Limits) -> Review:
    """Read the record first (it says what the rest must be), then one sheet at a time (a
    100× workbook holds a million cells: no sheet is kept once it has been checked)."""
    review = Review()
    titles = list(workbook.sheetnames)
    if RECORD not in titles:
        raise NotAWorkbook("this is not a pjd review workbook (no record sheet); export one with pjd review export")
    record = _grid(workbook[RECORD])
    _formulas(review, RECORD, record)
    try:
        layout = from_record([[_text_of(_value(c)) for c in row] for row in record])
    except RecordError as err:
        review.problem(f"the hidden record sheet was changed ({err}); export a new workbook", RECORD, err.row, 1)
        return review
    review.layout = layout
    expected = layout.sheet_titles
    if titles != expected:
        missing = [t for t in expected if t not in titles]
        extra = [t for t in titles if t not in expected]
        detail = "; ".join(
            part for part in (
                f"missing: {', '.join(missing)}" if missing else "",
                f"not ours: {', '.join(extra)}" if extra else "",
                "" if missing or extra else "in another order",
            ) if part
        )
        review.problem(f"the sheets were changed ({detail}); sheets must not be added, removed, renamed or moved")
    source_sheets = {sheet.title: sheet for sheet in layout.sheets}
    for ws in workbook.worksheets:
        if ws.title == RECORD:
            continue
        grid = _grid(ws)
        _formulas(review, ws.title, grid)
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


def _formulas(review: Review, title: str, grid) -> None:
    for r, row in enumerate(grid, start=1):
        for c, item in enumerate(row, start=1):
            if _is_formula(item):
                review.problem(
                    "a formula; type the value itself (text that starts with =, +, - or @ becomes a formula in Excel: "
                    "start it with an apostrophe)",
                    title, r, c,
                )


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _at(grid, row: int, column: int):
    if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
        return grid[row - 1][column - 1]
    return None


def _reviewer(grid) -> str:
    row, column = REVIEWER_CELL
    item = _at(grid, row, column)
    if _is_formula(item):
        return ""
    return " ".join(_text_of(_value(item)).split())[:200]


def _clean_text(review: Review, item, sheet: str, row: int, column: int, limit: int) -> str | None:
    """A free-text cell (comment, rationale): normalised, or None when empty."""
    if _is_formula(item):
        return None  # reported already
    text = _text_of(_value(item)).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch.isprintable()).strip()
    if len(text) > limit:
        review.problem(f"the text is {len(text)} characters; at most {limit}", sheet, row, column)
        return None
    return text or None


def _expect(review: Review, grid, sheet: str, row: int, column: int, want: str, what: str) -> bool:
    item = _at(grid, row, column)
    found = _text_of(_value(item))
    if found == want:
        return True
    review.problem(f"{what}: expected '{want}', found '{found}'", sheet, row, column)
    return False


def _stray(review: Review, grid, sheet: str, first_row: int, last_column: int, skip=()) -> None:
    """Anything below the table (from `first_row`) or right of it (beyond `last_column`)."""
    for r, row in enumerate(grid, start=1):
        for c, item in enumerate(row, start=1):
            if (r >= first_row or c > last_column) and r not in skip and _value(item) not in (None, ""):
                where = "below" if r >= first_row else "right of"
                review.problem(f"text {where} the table, where pjd reads nothing (rows or columns inserted?)", sheet, r, c)
                return


def _read_source_sheet(review: Review, layout: Layout, sheet: SourceSheet, grid, limits: Limits) -> None:
    title = sheet.title
    width = len(layout.groups)
    comment_column = FIRST_GROUP_COLUMN + width
    ok = _expect(review, grid, title, SOURCE_ID_ROW, 1, ID_MARK, "hidden row of column ids changed")
    for g, group in enumerate(layout.groups):
        ok = ok and _expect(review, grid, title, SOURCE_ID_ROW, FIRST_GROUP_COLUMN + g, group, "hidden column id changed (columns moved, inserted or deleted)")
    ok = ok and _expect(review, grid, title, SOURCE_ID_ROW, comment_column, COMMENT_ID, "hidden column id changed (columns moved, inserted or deleted)")
    headers = [*SOURCE_HEADERS, *layout.group_names, COMMENT_HEADER]
    for i, header in enumerate(headers):
        ok = _expect(review, grid, title, SOURCE_HEADER_ROW, 2 + i, header, "header changed") and ok
    for g, code in enumerate(layout.group_codes):
        ok = _expect(review, grid, title, SOURCE_HPR_ROW, FIRST_GROUP_COLUMN + g, code, "header changed") and ok
    if not ok:
        return
    labels = {layout.label(i): i for i in sheet.choices}
    choices_text = ", ".join(labels)
    r = SOURCE_FIRST_ROW
    for expected in sheet.rows:
        is_category = isinstance(expected, CategoryRow)
        want_id = (expected.category or "") if is_category else expected.document
        if not _expect(review, grid, title, r, 1, want_id, f"hidden row id changed: this should be the row for '{expected.name}' (rows moved, inserted or deleted)"):
            return
        fixed = [expected.code, expected.name] + ([] if is_category else [expected.confidentiality])
        for i, text in enumerate(fixed):
            _expect(review, grid, title, r, 2 + i, text, "row label changed")
        if is_category:
            r += 1
            continue
        for g, original in enumerate(expected.originals):
            column = FIRST_GROUP_COLUMN + g
            item = _at(grid, r, column)
            if _is_formula(item):
                continue
            value = _value(item)
            text = value.strip() if isinstance(value, str) else value
            if text in (None, ""):
                review.problem(f"empty; choose one of: {choices_text}", title, r, column)
            elif not isinstance(text, str) or text not in labels:
                review.problem(f"'{_text_of(value)}' is not in the pick-list; choose one of: {choices_text}", title, r, column)
            elif labels[text] != original:
                review.entered[(sheet.source, expected.document, layout.groups[g])] = labels[text]
        comment = _clean_text(review, _at(grid, r, comment_column), title, r, comment_column, limits.comment_chars)
        if comment:
            review.comments[(sheet.source, expected.document)] = comment
            review.comment_cells[(sheet.source, expected.document)] = (title, f"{get_column_letter(comment_column)}{r}")
        r += 1
    # The note on a sheet without rows is ours.
    skip = (SOURCE_FIRST_ROW,) if not sheet.rows else ()
    _stray(review, grid, title, r, comment_column, skip)


def _read_assessment_sheet(review: Review, layout: Layout, grid, limits: Limits) -> None:
    title = ASSESSMENTS
    ok = _expect(review, grid, title, ASSESSMENT_ID_ROW, 1, ID_MARK, "hidden row of column ids changed")
    for i, want in enumerate(ASSESSMENT_IDS):
        if want:
            ok = _expect(review, grid, title, ASSESSMENT_ID_ROW, 2 + i, want, "hidden column id changed (columns moved, inserted or deleted)") and ok
    for i, header in enumerate(ASSESSMENT_HEADERS):
        ok = _expect(review, grid, title, ASSESSMENT_HEADER_ROW, 2 + i, header, "header changed") and ok
    if not ok:
        return
    needs = {label: code for code, label in NEED_LABELS.items()}
    feasibilities = {label: code for code, label in FEASIBILITY_LABELS.items()}
    r = ASSESSMENT_FIRST_ROW
    for line in layout.assessments:
        if not _expect(review, grid, title, r, 1, line.key, f"hidden row id changed: this should be the row for '{line.document_name}' from '{line.source_name}' (rows moved, inserted or deleted)"):
            return
        for i, text in enumerate((line.source_name, line.document_name, line.personnel_text, line.shared, line.existing)):
            _expect(review, grid, title, r, 2 + i, text, "row text changed")
        need = _pick(review, grid, title, r, 7, needs)
        feasibility = _pick(review, grid, title, r, 8, feasibilities)
        rationale = _clean_text(review, _at(grid, r, 9), title, r, 9, limits.comment_chars)
        _assessment_entry(review, line, need, feasibility, rationale, r)
        r += 1
    _stray(review, grid, title, r, 9)


def _pick(review: Review, grid, sheet: str, row: int, column: int, allowed: dict[str, str]) -> str | None:
    """The code of a pick-list cell; '' when empty; None when wrong (reported)."""
    item = _at(grid, row, column)
    if _is_formula(item):
        return None
    value = _value(item)
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        return ""
    if isinstance(text, str) and text in allowed:
        return allowed[text]
    review.problem(f"'{_text_of(value)}' is not in the pick-list; choose one of: {', '.join(allowed)} (or leave it empty)", sheet, row, column)
    return None


def _assessment_entry(review: Review, line: AssessmentLine, need, feasibility, rationale, row: int) -> None:
    if need is None or feasibility is None:
        return
    if not need:
        if feasibility:
            review.problem("feasibility without a clinical need: choose the need too (or clear both)", ASSESSMENTS, row, 8)
        elif line.need:
            review.remark("an emptied assessment is not removed: the assessment in the catalogue stays", ASSESSMENTS, row, 7)
        elif rationale:
            review.remark(f"a rationale without a need: «{rationale}»", ASSESSMENTS, row, 9)
        return
    if (need, feasibility or "unknown") == (line.need, line.feasibility or "unknown") and line.need:
        if rationale:
            review.remark(f"a rationale for the assessment as it stands: «{rationale}»", ASSESSMENTS, row, 9)
        return
    review.assessments.append(AssessmentEntry(line, need, feasibility or "unknown", rationale))
