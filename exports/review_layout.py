"""What a review workbook holds, as data: its sheets, rows, columns, pick-lists and the
decision each cell showed when it was made (SPEC §8).

The writer lays a `Layout` out as xlsx and also stores it, as plain rows of text, on a
very hidden, protected record sheet ("pjd"). The reader takes the layout back from that
record, so it knows which cell was which and what it showed, even when the catalogue has
changed since (`--force`); when the catalogue has not changed, the record must equal a
layout built afresh (else the record was tampered with).

Pick-list strings (the reviewer's vocabulary; Norwegian):
- `Ja` (allow), `Nei` (not readable: deny or no rule), `Betinget: <condition name>` for
  each condition, in catalogue order.
- A conditional cell shows all its alternatives: `Betinget: A | B` is "on condition A, or
  on condition B"; `Betinget: A + B` is "on A and B together". Such a label is added to
  that sheet's pick-list, so a reviewer can put a changed cell back.
- A condition whose name is shared by another condition, or contains ` | ` or ` + `, is
  shown as `<name> (<id>)` so that every label means exactly one decision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from policy_model.assessments import covered_rows
from policy_model.decide import Decision, Evaluation
from policy_model.proposals import Wanted

from .sheets import sheet_title

FORMAT = "pjd-review"
FORMAT_VERSION = "1"

INSTRUCTIONS = "Slik gjør du"
ASSESSMENTS = "Vurderinger"
LISTS = "Lister"
RECORD = "pjd"
RESERVED = (INSTRUCTIONS, ASSESSMENTS, LISTS, RECORD)

ALLOW_LABEL = "Ja"
NOT_READABLE_LABEL = "Nei"
CONDITIONAL_PREFIX = "Betinget: "
NEED_LABELS = {"high": "Høyt", "medium": "Middels", "low": "Lavt", "none": "Ingen"}
FEASIBILITY_LABELS = {"now": "Nå", "later": "Senere", "unknown": "Ukjent"}
STATUS_LABELS = {"draft": "utkast", "agreed": "omforent"}

# Where things are, shared by the writer and the reader.
REVIEWER_CELL = (4, 2)  # B4 on the instructions sheet
ID_MARK = "pjd-id"
COMMENT_ID = "kommentar"
SOURCE_ID_ROW, SOURCE_HEADER_ROW, SOURCE_HPR_ROW, SOURCE_FIRST_ROW = 5, 6, 7, 8
FIRST_GROUP_COLUMN = 5  # A id (hidden), B code, C document type, D confidentiality
ASSESSMENT_ID_ROW, ASSESSMENT_HEADER_ROW, ASSESSMENT_FIRST_ROW = 3, 4, 5
ASSESSMENT_IDS = ("", "", "", "", "", "need", "feasibility", "rationale")  # B… after the hidden A
ASSESSMENT_HEADERS = (
    "Kilde",
    "Dokumenttype",
    "Gjelder personell",
    "Deles i dag",
    "Vurdert i dag",
    "Helsefaglig behov",
    "Kan deles raskt fra EPJ",
    "Begrunnelse",
)
SOURCE_HEADERS = ("Kode", "Dokumenttype", "Konf.")  # B, C, D; then the groups, then:
COMMENT_HEADER = "Kommentar"
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Choice:
    """A pick-list value and the decision it stands for: 'allow', 'not_readable', or
    'conditional:a+b|c' (alternatives joined by '|', conditions within one by '+')."""

    label: str
    code: str

    def wanted(self) -> Wanted:
        if self.code == "allow":
            return Wanted("allow")
        if self.code == "not_readable":
            return Wanted("not_readable")
        alternatives = tuple(tuple(part.split("+")) for part in self.code.removeprefix("conditional:").split("|"))
        return Wanted("conditional", alternatives)


def decision_code(decision: Decision) -> str:
    if decision.kind == "allow":
        return "allow"
    if decision.kind == "conditional":
        return "conditional:" + "|".join("+".join(a) for a in decision.alternatives)
    return "not_readable"


@dataclass(frozen=True)
class CategoryRow:
    category: str | None  # None: document types without a category
    code: str
    name: str


@dataclass(frozen=True)
class DocumentRow:
    document: str
    code: str
    name: str
    confidentiality: str
    originals: tuple[int, ...]  # index into Layout.choices, one per personnel column
    denied: tuple[bool, ...] = ()  # explicit deny (not stored in the record: styling only)


@dataclass(frozen=True)
class SourceSheet:
    title: str
    source: str
    name: str
    choices: tuple[int, ...]  # this sheet's pick-list, as indexes into Layout.choices
    rows: tuple[CategoryRow | DocumentRow, ...]

    @property
    def documents(self) -> list[DocumentRow]:
        return [row for row in self.rows if isinstance(row, DocumentRow)]


@dataclass(frozen=True)
class AssessmentLine:
    """One (reviewed source, applicable document type) on the assessment sheet, pre-filled
    from the one assessment that covers it (if exactly one does)."""

    source: str
    document: str
    personnel: tuple[str, ...] | None  # whom it is about: the pre-filling assessment's, else anyone
    need: str  # code, or "" when not pre-filled
    feasibility: str
    source_name: str
    document_name: str
    personnel_text: str
    existing: str
    shared: str

    @property
    def key(self) -> str:
        return f"{self.source}/{self.document}"


@dataclass(frozen=True)
class Layout:
    catalogue_id: str
    title: str
    version: str
    content_hash: str
    view: str
    reviewer: str
    generated: str
    groups: tuple[str, ...]
    group_names: tuple[str, ...]
    group_codes: tuple[str, ...]
    choices: tuple[Choice, ...]
    sheets: tuple[SourceSheet, ...]
    assessments: tuple[AssessmentLine, ...] = ()
    base_choices: int = 2  # the first n choices are the same on every sheet

    def structure(self) -> Layout:
        """The layout without what differs between two exports of the same catalogue."""
        sheets = tuple(replace(s, rows=tuple(_bare(r) for r in s.rows)) for s in self.sheets)
        return replace(self, reviewer="", generated="", sheets=sheets)

    def label(self, index: int) -> str:
        return self.choices[index].label

    @property
    def sheet_titles(self) -> list[str]:
        return [INSTRUCTIONS, *(s.title for s in self.sheets), ASSESSMENTS, LISTS, RECORD]


def _bare(row):
    return replace(row, denied=()) if isinstance(row, DocumentRow) else row


# -- building a layout from a view ---------------------------------------------------------
def condition_labels(catalogue) -> dict[str, str]:
    """Condition id → the name a label shows; unambiguous (see the module docstring)."""
    names = [" ".join(c.name.split()) for c in catalogue.conditions.values()]
    labels = {}
    for condition, name in zip(catalogue.conditions.values(), names):
        clash = names.count(name) > 1 or " | " in name or " + " in name or not name
        labels[condition.id] = f"{name} ({condition.id})" if clash else name
    if len(set(labels.values())) < len(labels):  # "A (b)" written as a name: ids everywhere
        labels = {cid: f"{name} ({cid})" for cid, name in zip(catalogue.conditions, names)}
    return labels


def decision_label(decision: Decision, names: dict[str, str]) -> str:
    if decision.kind == "allow":
        return ALLOW_LABEL
    if decision.kind == "conditional":
        return CONDITIONAL_PREFIX + " | ".join(" + ".join(names[c] for c in alt) for alt in decision.alternatives)
    return NOT_READABLE_LABEL


def selected_sources(catalogue, ids: list[str] | None) -> list[str]:
    """Leaf sources to review, in catalogue order: all, or the leaves under the given ids."""
    axis = catalogue.source_axis
    if not ids:
        return list(axis.leaves)
    wanted = axis.leaves_under_any(ids)
    return [leaf for leaf in axis.leaves if leaf in wanted]


def build_layout(evaluation: Evaluation, sources: list[str], reviewer: str = "", generated: str = "") -> Layout:
    cat, ev = evaluation.catalogue, evaluation
    names = condition_labels(cat)
    choices: list[Choice] = [Choice(ALLOW_LABEL, "allow"), Choice(NOT_READABLE_LABEL, "not_readable")]
    choices += [Choice(CONDITIONAL_PREFIX + names[c], f"conditional:{c}") for c in cat.conditions]
    index = {choice.code: i for i, choice in enumerate(choices)}
    base = len(choices)
    used = {title.lower() for title in RESERVED}
    sheets = []
    action = ev.actions[0]
    for source in sources:
        sheet_choices = list(range(base))
        rows: list = []
        for category, documents in cat.documents_by_category():
            decided = {d: ev.row(source, d, action) for d in documents}
            applicable = [d for d in documents if decided[d][0].applicable]
            if not applicable:
                continue
            rows.append(_category_row(cat, category, documents))
            for doc_id in applicable:
                decisions = decided[doc_id]
                originals = tuple(_choice(decision, names, choices, index) for decision in decisions)
                sheet_choices += [i for i in originals if i >= base and i not in sheet_choices]
                doc = cat.document_types[doc_id]
                rows.append(
                    DocumentRow(
                        doc_id,
                        doc.type_code.code if doc.type_code else "",
                        doc.name,
                        doc.confidentiality,
                        originals,
                        tuple(decision.kind == "deny" for decision in decisions),
                    )
                )
        name = cat.sources[source].name
        sheets.append(SourceSheet(sheet_title(name, used), source, name, tuple(sheet_choices), tuple(rows)))
    groups = [cat.personnel_groups[g] for g in ev.personnel]
    return Layout(
        catalogue_id=cat.meta.id,
        title=cat.meta.title,
        version=cat.meta.version,
        content_hash=cat.content_hash,
        view=ev.view,
        reviewer=reviewer,
        generated=generated,
        groups=tuple(ev.personnel),
        group_names=tuple(g.name for g in groups),
        group_codes=tuple(", ".join(g.authorizations) or "–" for g in groups),
        choices=tuple(choices),
        sheets=tuple(sheets),
        assessments=tuple(_assessment_lines(ev, sources)),
        base_choices=base,
    )


def _choice(decision, names, choices: list[Choice], index: dict[str, int]) -> int:
    """The pick-list entry that shows a decision, added to the list when it is new."""
    code = decision_code(decision)
    if code not in index:
        index[code] = len(choices)
        choices.append(Choice(decision_label(decision, names), code))
    return index[code]


def _category_row(cat, category: str | None, documents: list[str]) -> CategoryRow:
    codes = {cat.document_types[d].class_code.code for d in documents if cat.document_types[d].class_code}
    code = codes.pop() if len(codes) == 1 else ""
    return CategoryRow(category, code, cat.name_of("documents", category) if category else "–")


def _assessment_lines(ev: Evaluation, sources: list[str]) -> list[AssessmentLine]:
    cat = ev.catalogue
    covering: dict[tuple[str, str], list] = {}
    for assessment in cat.assessments:
        for source, document, _groups, _readable in covered_rows(ev, assessment):
            covering.setdefault((source, document), []).append(assessment)
    applicable = ev.applicable.pairs()
    lines = []
    for source in sources:
        for _category, documents in cat.documents_by_category():
            for doc_id in documents:
                if (source, doc_id) not in applicable:
                    continue
                found = covering.get((source, doc_id), [])
                single = found[0] if len(found) == 1 else None
                personnel = single.personnel if single else None
                lines.append(
                    AssessmentLine(
                        source=source,
                        document=doc_id,
                        personnel=personnel,
                        need=single.need if single else "",
                        feasibility=single.feasibility if single else "",
                        source_name=cat.sources[source].name,
                        document_name=cat.document_types[doc_id].name,
                        personnel_text="; ".join(cat.name_of("personnel", p) for p in personnel) if personnel else "Alle",
                        existing="\n".join(_describe(cat, a) for a in found),
                        shared=_shared(ev, source, doc_id, personnel),
                    )
                )
    return lines


def _describe(cat, assessment) -> str:
    who = f" – {'; '.join(cat.name_of('personnel', p) for p in assessment.personnel)}" if assessment.personnel else ""
    return (
        f"{assessment.id}: {NEED_LABELS[assessment.need].lower()} behov, {FEASIBILITY_LABELS[assessment.feasibility].lower()}"
        f" ({STATUS_LABELS[assessment.status]}){who}"
    )


def _shared(ev: Evaluation, source: str, document: str, personnel) -> str:
    """Whether the row's personnel can read it today (for every action): ja, delvis or nei."""
    row = ev.box(sources=[source], documents=[document], personnel=personnel)
    readable = row & ev.readable
    if readable == row:
        return "ja"
    return "delvis" if readable else "nei"


# -- the record: a layout as rows of text, and back ------------------------------------------
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
        rows.append(["sheet", sheet.title, sheet.source, sheet.name, _ints(sheet.choices)])
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
        raise RecordError(1, "this is not a pjd review workbook")
    if head["format_version"] != FORMAT_VERSION:
        raise RecordError(2, f"review workbook format {head['format_version']} is not supported (this pjd reads {FORMAT_VERSION})")
    groups = tuple(reader.take("groups"))
    group_names = tuple(reader.take("group_names", len(groups)))
    group_codes = tuple(reader.take("group_codes", len(groups)))
    choices = []
    while reader.peek() == "choice":
        label, code = reader.take("choice", 2)
        choices.append(Choice(label, code))
    sheets = []
    while reader.peek() == "sheet":
        title, source, name, indexes = reader.take("sheet", 4)
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
                    raise RecordError(reader.at, "a row does not have one value per personnel group")
                rows.append(DocumentRow(document, code, dname, confidentiality, values))
        sheets.append(SourceSheet(title, source, name, sheet_choices, tuple(rows)))
    lines = []
    while reader.peek() == "assessment":
        source, document, personnel, need, feasibility, *texts = reader.take("assessment", 10)
        who = None if personnel == "*" else tuple(personnel.split())
        lines.append(AssessmentLine(source, document, who, need, feasibility, *texts))
    reader.take("end", 0)
    try:
        base = int(head["base_choices"])
    except ValueError:
        raise RecordError(10, "base_choices is not a number") from None
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
            raise RecordError(self.at + 1, f"expected '{key}'")
        row = self.rows[self.at]
        self.at += 1
        values = row[1:]
        if width is not None:
            values = (values + [""] * width)[:width] if len(values) <= width else None
            if values is None:
                raise RecordError(self.at, f"too many values on the '{key}' row")
        return values

    def ints(self, text: str, limit: int) -> tuple[int, ...]:
        try:
            values = tuple(int(v) for v in text.split(",")) if text else ()
        except ValueError:
            raise RecordError(self.at, "a list of numbers is not numbers") from None
        if any(not 0 <= v < limit for v in values):
            raise RecordError(self.at, "a pick-list index is out of range")
        return values
