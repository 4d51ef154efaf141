"""The review workbook (SPEC §8): a guidance matrix a working group can fill in, and only
where it should.

- "Slik gjør du": instructions in Norwegian, the reviewer's name (the one input there),
  what each pick-list value means, and the catalogue id, version, view and content hash.
- One sheet per reviewed leaf source: rows are the document types the source produces
  (grouped under their category), columns the leaf personnel groups. Each decision cell
  holds `Ja`, `Nei` or `Betinget: …` and accepts only those (a list validation that
  stops other input); a comment column per row becomes the rule's rationale. Cell fills
  follow the current value (conditional formatting), so a changed cell looks like what it
  now says; a thick frame marks an explicit deny, which the workbook cannot lift.
- "Vurderinger": one row per reviewed source and document type, with pick-lists for
  clinical need and feasibility, pre-filled where exactly one assessment covers the row.
- Hidden, stable ids: column A holds each row's id (document type or category), a hidden
  row above the headers each column's id (personnel group). Two very hidden sheets hold
  the pick-lists ("Lister") and the record the reader trusts ("pjd": ids, the content
  hash, the view, what each cell showed).
- Every sheet is protected (no password: it guards against slips, not against intent —
  the reader checks everything anyway) and the workbook structure is locked, so sheets
  cannot be added, removed, renamed or unhidden. Columns may be widened and rows filtered.

Text never becomes a formula (sheets.cell). Decisions come from policy_model.decide via
the layout; nothing here decides anything. Written in write-only mode, saved atomically.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from policy_model.atomic import atomic_path
from policy_model.decide import Evaluation, Explanation
from policy_model.i18n import N_, _, gettext, using
from policy_model.vocabulary import view_word

from . import sheets
from .review_layout import (
    ALLOW_LABEL,
    ASSESSMENT_FIRST_ROW,
    ASSESSMENT_HEADERS,
    ASSESSMENT_IDS,
    ASSESSMENTS,
    COMMENT_HEADER,
    COMMENT_ID,
    CONDITIONAL_PREFIX,
    FEASIBILITY_LABELS,
    FIRST_GROUP_COLUMN,
    FORMAT_VERSION,
    ID_MARK,
    INSTRUCTIONS,
    LISTS,
    MAX_COMMENT,
    NEED_LABELS,
    NOT_READABLE_LABEL,
    RECORD,
    REVIEW_LANGUAGE,
    REVIEWER_CELL,
    SOURCE_FIRST_ROW,
    SOURCE_HEADERS,
    DocumentRow,
    Layout,
    SourceSheet,
    _window_label,
    build_layout,
    condition_labels,
)
from .review_record import to_record
from .sheets import BORDER, CATEGORY_FILL, CENTER, HEADER_FILL, HEADER_FONT, WRAP, cell, note

UNLOCKED = Protection(locked=False)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THICK = Side(style="medium", color="000000")
DENY_BORDER = Border(left=_THICK, right=_THICK, top=_THICK, bottom=_THICK)
# What a value looks like, whatever the cell showed before (conditional formatting).
# Size 9: a condition's name must fit a narrow column in a few lines (conditional formats
# change colours, never the size).
VALUE_STYLE = {
    "allow": (PatternFill("solid", start_color="E2EFDA", end_color="E2EFDA"), Font(bold=True, color="1E4620", size=9)),
    "conditional": (PatternFill("solid", start_color="F4B183", end_color="F4B183"), Font(italic=True, color="5A2A08", size=9)),
    "not_readable": (PatternFill("solid", start_color="FFFFFF", end_color="FFFFFF"), Font(color="595959", size=9)),
}
GROUP_WIDTH = 15
PRINT_GROUPS_PER_PAGE = 8
SMALL_HEADER_FONT = Font(bold=True, size=9)
MIDDLE = Alignment(vertical="center", wrap_text=True)
MAX_FORMULA_TEXT = 250  # a label longer than this gets no conditional format (Excel's formula limit)


def write(
    evaluation: Evaluation,
    target: Path,
    sources: list[str],
    reviewer: str = "",
    now: datetime.datetime | None = None,
) -> Path:
    """Write the review workbook to `target` atomically; return its path."""
    generated = (now or datetime.datetime.now().astimezone()).isoformat(timespec="seconds")
    layout = build_layout(evaluation, sources, reviewer, generated)

    target = Path(target)
    with atomic_path(target) as temporary:  # first: a folder that cannot be written fails before any work
        build(evaluation, layout).save(temporary)
    return target


def build(evaluation: Evaluation, layout: Layout) -> Workbook:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "pjd"
    workbook.properties.title = _("Review – {title}", title=layout.title)
    workbook.security = WorkbookProtection(lockStructure=True)
    lists = _pick_lists(layout)
    _instructions_sheet(workbook.create_sheet(INSTRUCTIONS), evaluation, layout)
    for sheet in layout.sheets:
        _source_sheet(workbook.create_sheet(sheet.title), evaluation, layout, sheet, lists)
    _assessment_sheet(workbook.create_sheet(ASSESSMENTS), layout, lists)
    _plain_sheet(workbook.create_sheet(LISTS), lists.rows())
    _plain_sheet(workbook.create_sheet(RECORD), to_record(layout))
    return workbook


def _declare_size(ws, rows: int, columns: int) -> None:
    """Write the sheet's <dimension> (call before the first row). openpyxl's write-only sheets
    leave it out, and its read-only reader then parses a whole sheet just to size it."""
    ref = f"A1:{get_column_letter(max(1, columns))}{max(1, rows)}"
    ws.calculate_dimension = lambda: ref


def _protect(ws, *, filter_rows: bool = False) -> None:
    """Sheet protection: locked cells cannot be edited; columns may be widened and rows
    resized; nothing may be inserted, deleted or sorted (rows and columns are found by id)."""
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = not filter_rows
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


# -- the pick-lists ------------------------------------------------------------------------------
class _Lists:
    """The very hidden "Lister" sheet: one column per pick-list, and the range of each."""

    def __init__(self):
        self.columns: list[list[str]] = []  # stored by column; written transposed
        self._ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, values: tuple[str, ...]) -> str:
        if values not in self._ranges:
            self.columns.append(list(values))
            letter = get_column_letter(len(self.columns))
            self._ranges[values] = f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${len(values)}"
        return self._ranges[values]

    def rows(self) -> list[list[str | None]]:
        height = max((len(c) for c in self.columns), default=0)
        return [[c[r] if r < len(c) else None for c in self.columns] for r in range(height)]


def _pick_lists(layout: Layout) -> _Lists:
    lists = _Lists()
    lists.range_of(tuple(NEED_LABELS.values()))
    lists.range_of(tuple(FEASIBILITY_LABELS.values()))
    for sheet in layout.sheets:
        lists.range_of(tuple(layout.label(i) for i in sheet.choices))
    return lists


def _plain_sheet(ws, rows: list[list]) -> None:
    """A very hidden, protected sheet of plain text."""
    ws.sheet_state = "veryHidden"
    _protect(ws)
    _declare_size(ws, len(rows), max((len(r) for r in rows), default=1))
    for row in rows:
        ws.append([cell(ws, value) if value is not None else None for value in row])


def _list_validation(formula: str, *, title: str, prompt: str, error: str, allow_blank: bool) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_("Not a value of the list"),
        error=error[:225],
        showInputMessage=True,
        promptTitle=title[:32],
        prompt=prompt[:255],
    )


def _comment_validation() -> DataValidation:
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_COMMENT),
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_("Comment too long"),
        error=_("A comment can be at most {limit} characters.", limit=MAX_COMMENT),
    )


# -- the instructions --------------------------------------------------------------------------
STEPS = (
    N_("Each source sheet (e.g. «Fastleger») shows which document types the source shares with which personnel groups today. The rows are the document types the source produces, the columns the personnel groups."),
    N_("Change only the white and coloured decision cells. Choose from the drop-down list in the cell: «Ja» (shared), «Nei» (not shared) or «Betinget: …» (shared only when the condition is met). Other text is refused."),
    N_("Write why in the «Kommentar» column on the right of the same row, if you like. The comment becomes the rationale in the proposal."),
    N_("The «Vurderinger» sheet: give the clinical need (Høyt, Middels, Lavt, Ingen) and whether the document can be shared quickly from the record system (Nå, Senere, Ukjent), with a rationale. Leave the fields empty where you have not assessed."),
    N_("Do not move, insert or delete rows, columns or sheets, and do not change the headings. Hidden columns and rows hold ids that pjd needs to read the workbook back."),
    N_("Do not write formulas, and do not paste from other workbooks (pasting can get past the drop-down lists). Text that starts with =, +, - or @ becomes a formula in Excel: start with an apostrophe (') or a word."),
    N_("Write your name (and organisation) in the yellow field above, save, and send the workbook back. It is read in with: pjd review import <file>.xlsx"),
    N_("What happens next: the changes become a proposal (rules with the status «proposed», foreslått) that the guidance author at the Norwegian Directorate of Health considers. The legal basis is judged by the author, not by the working group. Some changes cannot be made by adding rules alone (e.g. from Ja to Betinget, or from an explicit Nei with a thick frame); they are listed for the author."),
)


def _instructions_sheet(ws, evaluation: Evaluation, layout: Layout) -> None:
    cat = evaluation.catalogue
    sheets.print_setup(ws, title_rows=None, title_cols=None, header=f"{layout.title} {layout.version} · " + _("review"),
                       draft=_("DRAFT"), footer=_("Page &P of &N"))
    ws.page_setup.orientation = "portrait"
    _protect(ws)
    out = sheets.Rows(ws, [24, 96])
    out.append([cell(ws, _("Review: {title}", title=layout.title), font=sheets.TITLE_FONT)], height=22)
    out.append([cell(ws, _("Workbook for the working group – the changes become a proposal, not a decision."), font=sheets.DRAFT_FONT)])
    out.append([])
    assert out.count + 1 == REVIEWER_CELL[0]
    out.append(
        [
            cell(ws, _("Reviewed by"), font=HEADER_FONT),
            cell(ws, layout.reviewer, fill=INPUT_FILL, border=BORDER, protection=UNLOCKED),
        ]
    )
    out.append([])
    out.append([cell(ws, _("How to do it"), font=HEADER_FONT)])
    for number, step in enumerate(map(gettext, STEPS), start=1):
        out.append([cell(ws, f"{number}.", alignment=Alignment(horizontal="right", vertical="top")), cell(ws, step, alignment=WRAP)], fit=["", step])
    out.append([])
    out.append([cell(ws, _("The values in the lists"), font=HEADER_FONT)])
    meanings = [
        (ALLOW_LABEL, "allow", _("The group can read the document type from the source.")),
        (NOT_READABLE_LABEL, "not_readable", _("The group cannot read it (no rule, or a rule that denies it). Thick frame: denied by a rule today.")),
    ]
    names = condition_labels(cat)
    for condition in cat.conditions.values():
        meaning = " ".join((condition.description or condition.name).split())
        meanings.append((f"{CONDITIONAL_PREFIX}{names[condition.id]}", "conditional",
                         _("Only when the condition is met: {meaning}", meaning=meaning)))
    meanings.append((f"{CONDITIONAL_PREFIX}A | B", "conditional",
                     _("Shown where several conditions each give access (A or B). «A + B»: both must be met.")))
    if any(rule.window for rule in cat.rules):
        with using(REVIEW_LANGUAGE):  # the label as the pick-list shows it
            one_year = _window_label(12)
        meanings.append((f"{ALLOW_LABEL}{one_year}", "allow",
                         _("Only documents from the last year (look-back window); likewise for other windows and for Betinget.")))
    if cat.declares_actions:
        meanings.append(("–", "not_readable", _("One sheet per source and action: the document list and opening the document are assessed separately.")))
    for label, code, meaning in meanings:
        fill, font = VALUE_STYLE[code]
        out.append([cell(ws, label, fill=fill, font=font, border=BORDER, alignment=WRAP), cell(ws, meaning, alignment=WRAP)], fit=[label, meaning])
    out.append([])
    out.append([cell(ws, _("About the workbook"), font=HEADER_FONT)])
    cells = sum(len(s.documents) for s in layout.sheets) * len(layout.groups)
    facts = [
        (_("Catalogue"), _("{title} ({id}), version {version}",
                                title=layout.title, id=layout.catalogue_id, version=layout.version)),
        (_("View"), _("{view} (which rules count: godkjent = approved ones; foreslått = proposed ones too; utkast = all but retired ones)",
                              view=view_word(layout.view))),
        (_("Content hash (sha256)"), layout.content_hash),
        (_("Made"), layout.generated),
        (_("Sources"), "; ".join(s.name for s in layout.sheets) or "–"),
        (_("Cells to review"), str(cells)),
        (_("Format"), f"pjd-review {FORMAT_VERSION}"),
    ]
    for key, value in facts:
        out.append([cell(ws, key, font=HEADER_FONT, alignment=WRAP), cell(ws, value, alignment=WRAP)], fit=[key, value])


# -- a source sheet ------------------------------------------------------------------------------
def _cell_comments(evaluation: Evaluation, source: str, action: str) -> dict[tuple[str, str], str]:
    """Why each cell is what it is today, for the cell comment (none for 'no rule')."""
    comments = {}
    for region in evaluation.regions(source, action):
        text = _why(evaluation, region.explanation)
        if text is None:
            continue
        for _source, _action, document, groups in region.cells.rows():
            for group in groups:
                comments[(document, group)] = text
    return comments


def _why(evaluation: Evaluation, explanation: Explanation) -> str | None:
    cat = evaluation.catalogue
    kind = explanation.decision.kind
    rules = ", ".join(rule.id for rule in explanation.decisive)
    bases = explanation.legal_bases
    legal = "\n" + _("Legal basis: {bases}", bases="; ".join(cat.name_of("legal_bases", b) for b in bases)) if bases else ""
    if kind == "allow":
        return _("Today: Ja – shared under rule {rules}.", rules=rules) + legal
    if kind == "conditional":
        return _("Today: Betinget – rule {rules}.", rules=rules) + legal
    if kind == "deny":
        return _("Today: Nei – denied by rule {rules}. Ja or Betinget here needs the guidance author to change that rule; the import lists the cell.", rules=rules)
    return None


def _source_sheet(ws, evaluation: Evaluation, layout: Layout, sheet: SourceSheet, lists: _Lists) -> None:
    ev = evaluation
    width = len(layout.groups)
    comment_column = FIRST_GROUP_COLUMN + width
    last = get_column_letter(comment_column)
    _declare_size(ws, SOURCE_FIRST_ROW + max(len(sheet.rows), 1) - 1, comment_column)
    sheets.print_setup(
        ws,
        title_rows="6:7",
        title_cols="B:C",
        header=f"{sheet.name} · {layout.title} {layout.version} · " + _("view: {view}", view=view_word(layout.view)),
        draft=_("REVIEW"),
        footer=_("Page &P of &N"),
    )
    # Two pages wide when there are many groups: one page would print at under half size;
    # the document names (B:C) repeat on each page.
    ws.page_setup.fitToWidth = 2 if width > PRINT_GROUPS_PER_PAGE else 1
    ws.page_setup.pageOrder = "overThenDown"  # the right half of the rows (and their comments) next
    ws.freeze_panes = f"{get_column_letter(FIRST_GROUP_COLUMN)}{SOURCE_FIRST_ROW}"
    _protect(ws)
    out = sheets.Rows(ws, [14, 9, 34, 6] + [GROUP_WIDTH] * width + [36])
    ws.column_dimensions["A"].hidden = True
    reviewer = " · " + _("reviewed by {name}", name=layout.reviewer) if layout.reviewer else ""
    title = _("{source}: who may read which documents – for review", source=sheet.name)
    out.append([None, cell(ws, title, font=sheets.TITLE_FONT)], height=22)
    made = _("made {time}", time=layout.generated)
    view = _("view: {view}", view=view_word(layout.view))
    out.append([None, cell(ws, f"{layout.title} {layout.version} · {view}{reviewer} · {made}", font=sheets.DIM_FONT)])
    out.append([None, cell(ws, _("Choose Ja, Nei or Betinget: … in the decision cells; write the rationale in the Kommentar column. See the sheet «Slik gjør du»."))])
    out.append([None, cell(ws, _("Ja = shared · Betinget = shared only when the condition is met · Nei = not shared · thick frame = denied by a rule today (cannot be lifted here)."),
                           font=sheets.DIM_FONT)])
    # The hidden id row: which personnel group each column is.
    out.append([cell(ws, ID_MARK), None, None, None] + [cell(ws, g) for g in layout.groups] + [cell(ws, COMMENT_ID)], hidden=True)
    header = dict(font=HEADER_FONT, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
    small = dict(header, font=SMALL_HEADER_FONT)
    out.append(
        [cell(ws, "id"), *(cell(ws, h, **header) for h in SOURCE_HEADERS)]
        + [cell(ws, name, **small) for name in layout.group_names]
        + [cell(ws, COMMENT_HEADER, **header)],
        height=_wrapped_height(layout.group_names, GROUP_WIDTH * 1.1),
    )
    out.append(
        [None, cell(ws, "", **header), cell(ws, _("HPR authorisation"), **header), cell(ws, "", **header)]
        + [cell(ws, code, **small) for code in layout.group_codes]
        + [cell(ws, "", **header)],
        height=_wrapped_height(layout.group_codes, GROUP_WIDTH * 1.1),
    )
    why = _cell_comments(ev, sheet.source, sheet.action)
    decision_ranges, comment_ranges, run_start = [], [], None
    for row in sheet.rows:
        if isinstance(row, DocumentRow):
            if run_start is None:
                run_start = out.count + 1
            labels = {layout.label(i) for i in row.originals}
            out.append(_document_cells(ws, ev, layout, row, why), height=_wrapped_height(labels, GROUP_WIDTH * 1.45, line=11.5))
            continue
        if run_start is not None:
            decision_ranges.append((run_start, out.count))
            run_start = None
        style = dict(font=HEADER_FONT, fill=CATEGORY_FILL, border=BORDER)
        out.append(
            [cell(ws, row.category or ""), cell(ws, row.code, **style), cell(ws, row.name, **style), cell(ws, "", **style)]
            + [cell(ws, "", **style) for _ in range(width + 1)]
        )
    if run_start is not None:
        decision_ranges.append((run_start, out.count))
    if not sheet.rows:
        out.append([None, None, cell(ws, _("The source produces none of the document types in the catalogue (produced_by)."), font=sheets.DIM_FONT)])
    first = get_column_letter(FIRST_GROUP_COLUMN)
    last_group = get_column_letter(comment_column - 1)
    decisions = " ".join(f"{first}{a}:{last_group}{b}" for a, b in decision_ranges)
    comment_ranges = " ".join(f"{last}{a}:{last}{b}" for a, b in decision_ranges)
    if decisions:
        labels = [layout.label(i) for i in sheet.choices]
        conditions = ", ".join(label for label in labels[2:4])
        validation = _list_validation(
            lists.range_of(tuple(labels)),
            title=_("Decision"),
            prompt=_("Choose from the list: Ja, Nei or Betinget: … (the condition)."),
            error=_("Choose a value from the list: {values}.",
                    values="Ja, Nei" + (", " + conditions if conditions else "") + (" …" if len(labels) > 4 else "")),
            allow_blank=False,
        )
        for part in decisions.split():
            validation.add(part)
        ws.data_validations.append(validation)
        comments = _comment_validation()
        for part in comment_ranges.split():
            comments.add(part)
        ws.data_validations.append(comments)
        for index in sheet.choices:
            choice = layout.choices[index]
            if len(choice.label) > MAX_FORMULA_TEXT:
                continue
            fill, font = VALUE_STYLE[choice.kind]
            literal = '"' + choice.label.replace('"', '""') + '"'
            ws.conditional_formatting.add(decisions, CellIsRule(operator="equal", formula=[literal], fill=fill, font=font))


def _wrapped_height(texts, width: float, line: float = 12.5) -> float:
    """A row height that shows each text wrapped at word boundaries in a column of `width`
    (bold header text: about one character per width unit)."""
    per_line = max(1, int(width * 0.95))
    most = 1
    for text in texts:
        lines, used = 1, 0
        for word in text.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
            lines += (len(word) - 1) // per_line  # a word longer than the column breaks inside
        most = max(most, lines)
    return line * most + 4


def _document_cells(ws, ev: Evaluation, layout: Layout, row: DocumentRow, why) -> list:
    cells = [
        cell(ws, row.document),
        cell(ws, row.code, border=BORDER, alignment=MIDDLE),
        cell(ws, row.name, border=BORDER, alignment=MIDDLE),
        cell(ws, row.confidentiality, border=BORDER, alignment=CENTER),
    ]
    for g, index in enumerate(row.originals):
        choice = layout.choices[index]
        fill, font = VALUE_STYLE[choice.kind]
        denied = row.denied[g] if row.denied else False
        text = why.get((row.document, layout.groups[g]))
        cells.append(
            cell(
                ws,
                choice.label,
                fill=fill,
                font=font,
                alignment=CENTER,
                border=DENY_BORDER if denied else BORDER,
                protection=UNLOCKED,
                comment=note(text) if text else None,
            )
        )
    cells.append(cell(ws, "", border=BORDER, alignment=MIDDLE, fill=INPUT_FILL, protection=UNLOCKED))
    return cells


# -- the assessment sheet --------------------------------------------------------------------------
def _assessment_sheet(ws, layout: Layout, lists: _Lists) -> None:
    _declare_size(ws, ASSESSMENT_FIRST_ROW + len(layout.assessments) - 1, 9)
    sheets.print_setup(ws, title_rows="4:4", title_cols=None, header=f"{ASSESSMENTS} · {layout.title} {layout.version}", draft=_("REVIEW"), footer=_("Page &P of &N"))
    ws.freeze_panes = "B5"
    _protect(ws, filter_rows=True)
    widths = [16, 18, 32, 24, 9, 32, 13, 13, 50]
    out = sheets.Rows(ws, widths)
    ws.column_dimensions["A"].hidden = True
    last = get_column_letter(len(widths))
    out.append([None, cell(ws, _("Assessment of clinical need: what is needed, and what can be shared quickly?"), font=sheets.TITLE_FONT)], height=22)
    out.append(
        [None, cell(ws, _("Fill in the yellow fields where you have assessed. «Vurdert i dag» shows the assessments in the catalogue; «Deles i dag» whether the group can read the document type now."), font=sheets.DIM_FONT)]
    )
    out.append([cell(ws, ID_MARK)] + [cell(ws, i) if i else None for i in ASSESSMENT_IDS], hidden=True)
    header = dict(font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP, border=BORDER)
    out.append([cell(ws, "id")] + [cell(ws, h, **header) for h in ASSESSMENT_HEADERS], fit=["", *ASSESSMENT_HEADERS])
    for line in layout.assessments:
        locked = dict(border=BORDER, alignment=WRAP)
        entry = dict(border=BORDER, alignment=WRAP, fill=INPUT_FILL, protection=UNLOCKED)
        values = [line.source_name, line.document_name, line.personnel_text, line.shared, line.existing]
        out.append(
            [cell(ws, line.key)]
            + [cell(ws, v, **locked) for v in values]
            + [
                cell(ws, NEED_LABELS.get(line.need, ""), **entry),
                cell(ws, FEASIBILITY_LABELS.get(line.feasibility, ""), **entry),
                cell(ws, "", **entry),
            ],
            fit=["", *values, "", "", ""],
        )
    end = ASSESSMENT_FIRST_ROW + len(layout.assessments) - 1
    ws.auto_filter.ref = f"B4:{last}{max(end, 4)}"
    if not layout.assessments:
        return
    need = _list_validation(
        lists.range_of(tuple(NEED_LABELS.values())),
        title=_("Clinical need"),
        prompt=_("Høyt, Middels, Lavt or Ingen. Empty: not assessed."),
        error=_("Choose Høyt, Middels, Lavt or Ingen (or leave the field empty)."),
        allow_blank=True,
    )
    need.add(f"G{ASSESSMENT_FIRST_ROW}:G{end}")
    feasibility = _list_validation(
        lists.range_of(tuple(FEASIBILITY_LABELS.values())),
        title=_("Can be shared quickly from the record system"),
        prompt=_("Nå, Senere or Ukjent."),
        error=_("Choose Nå, Senere or Ukjent (or leave the field empty)."),
        allow_blank=True,
    )
    feasibility.add(f"H{ASSESSMENT_FIRST_ROW}:H{end}")
    rationale = _comment_validation()
    rationale.add(f"I{ASSESSMENT_FIRST_ROW}:I{end}")
    for validation in (need, feasibility, rationale):
        ws.data_validations.append(validation)
