"""The record of a review workbook: its Layout as plain rows of text on the very hidden
"pjd" sheet, and back — so the reader knows which cell was which and what it showed."""

from __future__ import annotations

from policy_model.i18n import _

from .review_layout import (
    FORMAT,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    AssessmentLine,
    CategoryRow,
    Choice,
    DocumentRow,
    Layout,
    SourceSheet,
)

IMPLICIT_ACTION = "read"


class RecordError(Exception):
    """The record sheet is not one pjd wrote (1-based row, for the message)."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row = row


def to_record(layout: Layout) -> list[list[str]]:
    rows = [
        ["format", FORMAT],
        ["format_version", FORMAT_VERSION],
        ["catalogue_id", layout.catalogue_id],
        ["catalogue_title", layout.title],
        ["catalogue_version", layout.version],
        ["content_hash", layout.content_hash],
        ["view", layout.view],
        ["reviewer", layout.reviewer],
        ["generated", layout.generated],
        ["base_choices", str(layout.base_choices)],
        ["groups", *layout.groups],
        ["group_names", *layout.group_names],
        ["group_codes", *layout.group_codes],
    ]
    rows += [["choice", c.label, c.code] for c in layout.choices]
    for sheet in layout.sheets:
        rows.append(["sheet", sheet.title, sheet.source, sheet.name, _ints(sheet.choices), sheet.action])
        for row in sheet.rows:
            if isinstance(row, CategoryRow):
                rows.append(["category", row.category or "", row.code, row.name])
            else:
                rows.append(["document", row.document, row.code, row.name, row.confidentiality, _ints(row.originals)])
    for line in layout.assessments:
        personnel = " ".join(line.personnel) if line.personnel is not None else "*"
        rows.append(
            [
                "assessment", line.source, line.document, personnel, line.need, line.feasibility,
                line.source_name, line.document_name, line.personnel_text, line.existing, line.shared,
            ]
        )
    rows.append(["end"])
    return rows


def _ints(values) -> str:
    return ",".join(str(v) for v in values)


_SINGLE = ("format", "format_version", "catalogue_id", "catalogue_title", "catalogue_version", "content_hash", "view", "reviewer", "generated", "base_choices")


def from_record(rows: list[list[str]]) -> Layout:
    """The layout a record describes; RecordError at the first row that does not fit."""
    reader = _RecordReader(rows)
    head = {}
    for key in _SINGLE:
        head[key] = reader.take(key, 1)[0]
    if head["format"] != FORMAT:
        raise RecordError(1, _("this is not a pjd review workbook"))
    if head["format_version"] not in READABLE_VERSIONS:
        raise RecordError(
            2, _("review workbook format {version} is not supported (this pjd reads {versions})",
                 version=head["format_version"], versions=", ".join(READABLE_VERSIONS))
        )
    sheet_width = 4 if head["format_version"] == "1" else 5
    groups = tuple(reader.take("groups"))
    group_names = tuple(reader.take("group_names", len(groups)))
    group_codes = tuple(reader.take("group_codes", len(groups)))
    choices = []
    while reader.peek() == "choice":
        label, code = reader.take("choice", 2)
        choices.append(Choice(label, code))
    sheets = []
    while reader.peek() == "sheet":
        title, source, name, indexes, *action = reader.take("sheet", sheet_width)
        sheet_choices = reader.ints(indexes, len(choices))
        rows: list = []
        while reader.peek() in ("category", "document"):
            if reader.peek() == "category":
                category, code, cname = reader.take("category", 3)
                rows.append(CategoryRow(category or None, code, cname))
            else:
                document, code, dname, confidentiality, originals = reader.take("document", 5)
                values = reader.ints(originals, len(choices))
                if len(values) != len(groups):
                    raise RecordError(reader.at, _("a row does not have one value per personnel group"))
                rows.append(DocumentRow(document, code, dname, confidentiality, values))
        sheets.append(SourceSheet(title, source, name, action[0] if action else IMPLICIT_ACTION, sheet_choices, tuple(rows)))
    lines = []
    while reader.peek() == "assessment":
        source, document, personnel, need, feasibility, *texts = reader.take("assessment", 10)
        who = None if personnel == "*" else tuple(personnel.split())
        lines.append(AssessmentLine(source, document, who, need, feasibility, *texts))
    reader.take("end", 0)
    try:
        base = int(head["base_choices"])
    except ValueError:
        raise RecordError(10, _("base_choices is not a number")) from None
    return Layout(
        catalogue_id=head["catalogue_id"],
        title=head["catalogue_title"],
        version=head["catalogue_version"],
        content_hash=head["content_hash"],
        view=head["view"],
        reviewer=head["reviewer"],
        generated=head["generated"],
        groups=groups,
        group_names=group_names,
        group_codes=group_codes,
        choices=tuple(choices),
        sheets=tuple(sheets),
        assessments=tuple(lines),
        base_choices=base,
    )


class _RecordReader:
    def __init__(self, rows: list[list[str]]):
        self.rows = rows
        self.at = 0  # 1-based number of the row last taken

    def peek(self) -> str | None:
        return self.rows[self.at][0] if self.at < len(self.rows) and self.rows[self.at] else None

    def take(self, key: str, width: int | None = None) -> list[str]:
        if self.peek() != key:
            raise RecordError(self.at + 1, _("expected '{key}'", key=key))
        row = self.rows[self.at]
        self.at += 1
        values = row[1:]
        if width is not None:
            values = (values + [""] * width)[:width] if len(values) <= width else None
            if values is None:
                raise RecordError(self.at, _("too many values on the '{key}' row", key=key))
        return values

    def ints(self, text: str, limit: int) -> tuple[int, ...]:
        try:
            values = tuple(int(v) for v in text.split(",")) if text else ()
        except ValueError:
            raise RecordError(self.at, _("a list of numbers is not numbers")) from None
        if any(not 0 <= v < limit for v in values):
            raise RecordError(self.at, _("a pick-list index is out of range")) from None
        return values
