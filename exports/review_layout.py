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
- Windows (SPEC §9.2): `Ja (1 år)`, `Betinget: A (1 år)` for each window the catalogue's
  rules use; a cell whose grants look back differently shows each grant's window:
  `Betinget: A (6 måneder) | B`.
- A catalogue with actions gets one sheet per source and action (`Helse Vest – Åpne`).

The workbook's vocabulary — sheet names, the headers the reader checks, pick-list values and
the texts the record holds — is Norwegian whatever the interface's language (`REVIEW_LANGUAGE`):
the reader compares it with a layout built afresh, so it must not depend on who imports it.
Instructions, prompts and cell comments follow the language (review_xlsx).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import re

from policy_model.assessments import covered_rows
from policy_model.decide import Decision, Evaluation, Grant
from policy_model.i18n import using
from policy_model.proposals import Wanted
from policy_model.windows import window_key, window_words

from .sheets import sheet_title

FORMAT = "pjd-review"
FORMAT_VERSION = "2"
READABLE_VERSIONS = ("1", "2")
"""Version 1 workbooks (no actions, no windows) are read as sheets for the action `read`."""

REVIEW_LANGUAGE = "nb"
"""The language of everything the reader reads back (module docstring)."""

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


_PART = re.compile(r"([^@]*)(?:@(\d+))?")


@dataclass(frozen=True)
class Choice:
    """A pick-list value and the decision it stands for: 'allow', 'not_readable', or
    'conditional:a+b|c' (alternatives joined by '|', conditions within one by '+'); a window
    in months follows '@' ('allow@12', 'conditional:a@6|b')."""

    label: str
    code: str

    @property
    def kind(self) -> str:
        """allow, not_readable or conditional."""
        return re.split("[:@]", self.code, maxsplit=1)[0]

    def wanted(self) -> Wanted:
        if self.code == "not_readable":
            return Wanted("not_readable")
        kind, _, rest = self.code.partition(":")
        if kind == "allow" or self.code.startswith("allow@"):
            _conditions, window = _grant(self.code.removeprefix("allow"))
            return Wanted("allow", window=window)
        grants = tuple(Grant(*_grant(part)) for part in rest.split("|"))
        windows = {g.window for g in grants}
        if len(windows) == 1:
            return Wanted("conditional", tuple(g.conditions for g in grants), windows.pop())
        return Wanted("conditional", tuple(g.conditions for g in grants), per_grant=grants)


def _grant(part: str) -> tuple[tuple[str, ...], int | None]:
    conditions, months = _PART.fullmatch(part).groups()
    return tuple(c for c in conditions.split("+") if c), (int(months) if months else None)


def _window_code(window) -> str:
    return "" if window is None else f"@{window}"


def decision_code(decision: Decision) -> str:
    if decision.kind == "allow":
        return "allow" + _window_code(decision.window)
    if decision.kind == "conditional":
        windows = {g.window for g in decision.grants}
        if len(windows) == 1:
            return "conditional:" + "|".join("+".join(a) for a in decision.alternatives) + _window_code(windows.pop())
        return "conditional:" + "|".join("+".join(g.conditions) + _window_code(g.window) for g in decision.grants)
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
    action: str
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


def _window_label(window) -> str:
    return "" if window is None else f" ({window_words(window)})"


def decision_label(decision: Decision, names: dict[str, str]) -> str:
    if decision.kind == "allow":
        return ALLOW_LABEL + _window_label(decision.window)
    if decision.kind == "conditional":
        windows = {g.window for g in decision.grants}
        if len(windows) == 1:
            ways = " | ".join(" + ".join(names[c] for c in alt) for alt in decision.alternatives)
            return CONDITIONAL_PREFIX + ways + _window_label(windows.pop())
        return CONDITIONAL_PREFIX + " | ".join(
            " + ".join(names[c] for c in g.conditions) + _window_label(g.window) for g in decision.grants
        )
    return NOT_READABLE_LABEL


def base_choices(catalogue, names: dict[str, str]) -> list[Choice]:
    """The pick-list every sheet offers: Ja, Nei, Betinget on each condition — and both again
    for each window the catalogue's rules use."""
    windows = [None, *sorted({r.months for r in catalogue.rules if r.window}, key=window_key)]
    choices = [Choice(ALLOW_LABEL, "allow"), Choice(NOT_READABLE_LABEL, "not_readable")]
    choices += [Choice(CONDITIONAL_PREFIX + names[c], f"conditional:{c}") for c in catalogue.conditions]
    for window in windows[1:]:
        choices.append(Choice(ALLOW_LABEL + _window_label(window), f"allow@{window}"))
        choices += [
            Choice(CONDITIONAL_PREFIX + names[c] + _window_label(window), f"conditional:{c}@{window}") for c in catalogue.conditions
        ]
    return choices


def selected_sources(catalogue, ids: list[str] | None) -> list[str]:
    """Leaf sources to review, in catalogue order: all, or the leaves under the given ids."""
    axis = catalogue.source_axis
    if not ids:
        return list(axis.leaves)
    wanted = axis.leaves_under_any(ids)
    return [leaf for leaf in axis.leaves if leaf in wanted]


def build_layout(evaluation: Evaluation, sources: list[str], reviewer: str = "", generated: str = "") -> Layout:
    with using(REVIEW_LANGUAGE):  # windows in words ("1 år") are part of the labels read back
        return _build_layout(evaluation, sources, reviewer, generated)


def _build_layout(evaluation: Evaluation, sources: list[str], reviewer: str, generated: str) -> Layout:
    cat, ev = evaluation.catalogue, evaluation
    names = condition_labels(cat)
    choices = base_choices(cat, names)
    index = {choice.code: i for i, choice in enumerate(choices)}
    base = len(choices)
    used = {title.lower() for title in RESERVED}
    sheets = []
    for source, action in ((s, a) for s in sources for a in ev.actions):
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
        if cat.declares_actions:
            entry = cat.action_entries[action]
            name = f"{name} – {entry.short_name or entry.name}"
        sheets.append(SourceSheet(sheet_title(name, used), source, name, action, tuple(sheet_choices), tuple(rows)))
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
