"""veiledningsmatrise.xlsx (SPEC §5.1): the guidance matrix people read, print and circulate.

One sheet per leaf source (document types × personnel groups), then the rules, legal
bases, conditions, findings and clinical-need assessments, and an about sheet first. Every cell text comes from
`policy_model.decide`; this module only lays it out. Written in openpyxl's write-only mode
(streamed, so a 100× catalogue fits in memory) and saved atomically.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from policy_model.assessments import priority_list
from policy_model.atomic import atomic_path
from policy_model.decide import Evaluation, Explanation
from policy_model.findings import Finding, summary
from policy_model.i18n import ngettext_f, using
from policy_model.vocabulary import decision_word, kind_label, source_status_word, status_word, view_word
from policy_model.windows import window_words

from . import sheets
from .cell_labels import action_label, cell_label
from .labels import Words
from .sheets import BORDER, CATEGORY_FILL, CENTER, DECISION_STYLE, HEADER_FILL, HEADER_FONT, MIDDLE, WRAP, cell, note

FILENAME = "veiledningsmatrise.xlsx"
FIRST_DATA_ROW = 8
FIRST_GROUP_COLUMN = 4  # A code, B document type, C confidentiality

Progress = Callable[[int, int, str], None]


@dataclass
class Context:
    evaluation: Evaluation
    findings: list[Finding]
    words: Words
    generated: str

    @property
    def catalogue(self):
        return self.evaluation.catalogue

    @property
    def errors(self) -> int:
        return summary(self.findings)["error"]

    @property
    def draft(self) -> str | None:
        """The DRAFT mark with its reasons, or None for an approved, error-free matrix."""
        reasons = []
        if self.evaluation.view != "approved":
            reasons.append(self.words.f("draft_reason_view", view=view_word(self.evaluation.view)))
        if self.errors:
            reasons.append(ngettext_f("the catalogue has {n} error", "the catalogue has {n} errors", self.errors))
        return f"{self.words['draft']} ({'; '.join(reasons)})" if reasons else None

    @property
    def draft_mark(self) -> str | None:
        """The short mark for page headers."""
        return self.words["draft_short"] if self.draft else None

    @property
    def running_head(self) -> str:
        meta = self.catalogue.meta
        return f"{meta.title} {meta.version} · {self.words['view']}: {view_word(self.evaluation.view)}"


def write(
    evaluation: Evaluation,
    findings: list[Finding],
    folder: Path,
    lang: str = "nb",
    progress: Progress | None = None,
    now: datetime.datetime | None = None,
) -> Path:
    """Write the guidance matrix into `folder` atomically; return its path."""
    words = Words(lang)
    generated = (now or datetime.datetime.now().astimezone()).isoformat(timespec="seconds")
    ctx = Context(evaluation, findings, words, generated)
    target = Path(folder) / FILENAME
    # Findings, windows and the catalogue's values in words render in the matrix's language.
    with using(lang), atomic_path(target) as temporary:  # first: a folder that cannot be written fails before any work
        build(ctx, progress).save(temporary)
    return target


def build(ctx: Context, progress: Progress | None = None) -> Workbook:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "pjd"
    workbook.properties.title = f"{ctx.catalogue.meta.title} – {ctx.words['sheet_about']}"
    used: set[str] = set()
    sources = ctx.evaluation.sources
    total = len(sources) + 6
    step = _stepper(progress, total)
    _about_sheet(workbook.create_sheet(sheets.sheet_title(ctx.words["sheet_about"], used)), ctx)
    step(ctx.words["sheet_about"])
    for source in sources:
        name = ctx.catalogue.sources[source].name
        _source_sheet(workbook.create_sheet(sheets.sheet_title(name, used)), ctx, source)
        step(name)
    for key, writer in (
        ("sheet_rules", _rules_sheet),
        ("sheet_legal", _legal_sheet),
        ("sheet_conditions", _conditions_sheet),
        ("sheet_findings", _findings_sheet),
        ("sheet_assessments", _assessments_sheet),
    ):
        writer(workbook.create_sheet(sheets.sheet_title(ctx.words[key], used)), ctx)
        step(ctx.words[key])
    return workbook


def _stepper(progress: Progress | None, total: int):
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, label)

    return step


# -- the source sheets ----------------------------------------------------------------------
def _comment(ctx: Context, explanation: Explanation) -> str | None:
    """The explanation, in short: the grants, the decisive rules and their legal bases."""
    words, cat = ctx.words, ctx.catalogue
    decision = explanation.decision
    if decision.kind in ("none", "na"):
        return None
    rules = ", ".join(rule.id for rule in explanation.decisive)
    if decision.kind == "deny":
        head = f"{words['comment_deny']}: {rules}"
    elif decision.kind == "allow" and len(decision.grants) == 1:
        head = f"{words['comment_allow']}: {rules}"
        if decision.window is not None:
            head += f" ({window_words(decision.window)})"
    else:
        ways = f" {words['comment_or']} ".join(_grant_words(cat, grant) for grant in decision.grants)
        head = f"{words['comment_conditional']}: {ways}\n{words['comment_rules']}: {rules}"
    if explanation.legal_bases:
        head += f"\n{words['comment_legal']}: " + "; ".join(cat.name_of("legal_bases", b) for b in explanation.legal_bases)
    return head


def _grant_words(cat, grant) -> str:
    conditions = " + ".join(cat.name_of("conditions", c) for c in grant.conditions) or "–"
    return conditions if grant.window is None else f"{conditions} ({window_words(grant.window)})"


def _source_grid(ctx: Context, source: str) -> dict[tuple[str, str], tuple[str, str, str | None]]:
    """(document, group) → (style, cell text, comment), from one region of equal
    explanations at a time, for every action at once; cells whose explanations are the
    same share one answer."""
    ev, cat = ctx.evaluation, ctx.catalogue
    rank = {action: i for i, action in enumerate(ev.actions)}
    per_cell: dict[tuple[str, str], list[tuple[int, Explanation]]] = {}
    for region in ev.regions(source):
        for _source, action, document, groups in region.cells.rows():
            entry = (rank[action], region.explanation)
            for group in groups:
                per_cell.setdefault((document, group), []).append(entry)
    shown: dict[tuple, tuple[str, str, str | None]] = {}
    grid = {}
    for key, explained in per_cell.items():
        explained.sort(key=lambda item: item[0])
        signature = tuple(id(e) for _r, e in explained)
        found = shown.get(signature)
        if found is None:
            found = shown[signature] = _cell_answer(ctx, [(ev.actions[r], e) for r, e in explained])
        grid[key] = found
    return grid


def _cell_answer(ctx: Context, explained: list[tuple[str, Explanation]]) -> tuple[str, str, str | None]:
    cat = ctx.catalogue
    style, text = cell_label(ctx.words, cat, [(a, e.decision) for a, e in explained])
    comments = [(a, _comment(ctx, e)) for a, e in explained]
    if len(explained) == 1 or len({c for _a, c in comments}) == 1:
        comment = comments[0][1]
    else:
        comment = "\n\n".join(f"{action_label(cat, a)}: {c}" for a, c in comments if c) or None
    return style, text, comment


def _source_sheet(ws, ctx: Context, source_id: str) -> None:
    ev, cat, words = ctx.evaluation, ctx.catalogue, ctx.words
    source = cat.sources[source_id]
    groups = [cat.personnel_groups[g] for g in ev.personnel]
    last_column = FIRST_GROUP_COLUMN + len(groups) - 1
    sheets.print_setup(
        ws,
        title_rows="6:7",
        title_cols="A:B",
        header=f"{source.name} · {ctx.running_head}",
        draft=ctx.draft_mark,
        footer=words["page"],
    )
    ws.freeze_panes = f"{get_column_letter(FIRST_GROUP_COLUMN)}{FIRST_DATA_ROW}"
    rows_below = sum(1 + len(docs) for _c, docs in cat.documents_by_category())
    ws.auto_filter.ref = f"A{FIRST_DATA_ROW - 1}:{get_column_letter(last_column)}{FIRST_DATA_ROW - 1 + rows_below}"
    out = sheets.Rows(ws, [9, 36, 6] + [_group_width(g.name) for g in groups])

    # 1-3: title, the DRAFT mark (or that it is approved), what this is
    out.append([cell(ws, words.f("matrix_title", source=source.name), font=sheets.TITLE_FONT)], height=22)
    out.append([cell(ws, ctx.draft or words["approved"], font=sheets.DRAFT_FONT if ctx.draft else HEADER_FONT)])
    facility = f" · {words['facility']}: {source.facility_type.code} {source.facility_type.display or ''}" if source.facility_type else ""
    line = f"{ctx.running_head} · {words['status']}: {source_status_word(source.status)}{facility} · {words['generated']}: {ctx.generated}"
    out.append([cell(ws, line, font=sheets.DIM_FONT)])
    # 4-5: the legend, with cells styled as the matrix
    legend_keys = _legend_keys(ctx)
    out.append(
        [cell(ws, ""), cell(ws, words["legend"], font=HEADER_FONT), cell(ws, "")]
        + [_decision_cell(ws, words[key], key) for key in legend_keys]
    )
    out.append(
        [cell(ws, ""), cell(ws, ""), cell(ws, "")]
        + [cell(ws, words[f"legend_{k}"], font=sheets.DIM_FONT, alignment=CENTER) for k in legend_keys],
        height=30,
        fit=["", "", ""] + [words[f"legend_{k}"] for k in legend_keys],
    )
    # 6-7: column headers: group names, then their HPR codes
    header = dict(font=HEADER_FONT, fill=HEADER_FILL, alignment=CENTER, border=BORDER)
    out.append(
        [cell(ws, words["code"], **header), cell(ws, words["document_type"], **header), cell(ws, words["confidentiality_short"], **header)]
        + [cell(ws, g.name, **header) for g in groups],
        height=30,
        fit=["", "", ""] + [g.name for g in groups],
    )
    out.append(
        [cell(ws, "", **header), cell(ws, words["hpr"], **header), cell(ws, "", **header)]
        + [cell(ws, ", ".join(g.authorizations) or "–", **header) for g in groups],
        fit=["", "", ""] + [", ".join(g.authorizations) for g in groups],
    )
    # 8…: categories and their document types
    grid = _source_grid(ctx, source_id)
    for category_id, documents in cat.documents_by_category():
        out.append(_category_row(ws, ctx, category_id, documents, len(groups)))
        for doc_id in documents:
            row = _document_row(ws, ctx, grid, doc_id, len(groups))
            out.append(row, fit=[c.value for c in row])  # a label with actions and a window may wrap


def _group_width(name: str) -> int:
    """Wide enough that the group's header breaks between words, never inside one
    ("Ambulansepersonell" in bold needs about its length plus two)."""
    return max(13, min(22, max(len(word) for word in name.split()) + 2))


def _legend_keys(ctx: Context) -> tuple[str, ...]:
    keys = ("allow", "conditional", "deny", "none", "na")
    return (*keys, "partial") if len(ctx.evaluation.actions) > 1 else keys


def _decision_cell(ws, text: str, style: str, comment: str | None = None):
    fill, font = DECISION_STYLE[style]
    return cell(ws, text, fill=fill, font=font, alignment=CENTER, border=BORDER, comment=note(comment) if comment else None)


def _category_row(ws, ctx: Context, category_id: str | None, documents: list[str], width: int) -> list:
    cat = ctx.catalogue
    class_codes = {cat.document_types[d].class_code.code for d in documents if cat.document_types[d].class_code}
    code = class_codes.pop() if len(class_codes) == 1 else ""
    name = cat.name_of("documents", category_id) if category_id else "–"
    style = dict(font=HEADER_FONT, fill=CATEGORY_FILL, border=BORDER)
    return [cell(ws, code, **style), cell(ws, name, **style), cell(ws, "", **style)] + [cell(ws, "", **style) for _ in range(width)]


def _document_row(ws, ctx: Context, grid, doc_id: str, width: int) -> list:
    ev, words = ctx.evaluation, ctx.words
    doc = ctx.catalogue.document_types[doc_id]
    row = [
        cell(ws, doc.type_code.code if doc.type_code else "", border=BORDER, alignment=MIDDLE),
        cell(ws, doc.name, border=BORDER, alignment=MIDDLE),
        cell(ws, doc.confidentiality, border=BORDER, alignment=CENTER),
    ]
    for group in ev.personnel:
        style, text, comment = grid.get((doc_id, group), ("na", words["na"], None))
        row.append(_decision_cell(ws, text, style, comment))
    return row


# -- the about sheet ----------------------------------------------------------------------------
def _about_sheet(ws, ctx: Context) -> None:
    cat, words, ev = ctx.catalogue, ctx.words, ctx.evaluation
    sheets.print_setup(ws, title_rows=None, title_cols=None, header=ctx.running_head, draft=ctx.draft_mark, footer=words["page"])
    ws.page_setup.orientation = "portrait"
    out = sheets.Rows(ws, [26, 90])
    counts = ev.counts()
    found = summary(ctx.findings)
    in_view = len(ev.rules)
    rows = [
        (words["catalogue_id"], cat.meta.id),
        (words["title"], cat.meta.title),
        (words["version"], cat.meta.version),
        (words["view"], view_word(ev.view)),
        (words["content_hash"], cat.content_hash),
        (words["generated"], ctx.generated),
        (words["rules_in_view"], f"{in_view} / {len(cat.rules)}"),
        (words["cells"], ", ".join(f"{decision_word(k)}: {n}" for k, n in counts.items())),
        (words["findings_summary"], ngettext_f("{n} finding", "{n} findings", len(ctx.findings)) + ": "
         + ", ".join(f"{words['severity_' + k]}: {n}" for k, n in found.items())),
        (words["description"], cat.meta.description or ""),
        (words["how_to_read"], words["how_to_read_text"]),
    ]
    out.append([cell(ws, cat.meta.title, font=sheets.TITLE_FONT)], height=22)
    mark = ctx.draft or words["approved"]
    out.append([cell(ws, mark, font=sheets.DRAFT_FONT if ctx.draft else HEADER_FONT)])
    out.append([])
    for key, value in rows:
        out.append([cell(ws, key, font=HEADER_FONT, alignment=WRAP), cell(ws, value, alignment=WRAP)], fit=[key, value])
    out.append([])
    out.append([cell(ws, words["legend"], font=HEADER_FONT)])
    for kind in _legend_keys(ctx):
        out.append([_decision_cell(ws, words[kind], kind), cell(ws, words[f"legend_{kind}"])])
    out.append([cell(ws, ""), cell(ws, words["legend_window"])])


# -- the list sheets ------------------------------------------------------------------------------
def _names(cat, axis: str, ids, words: Words) -> str:
    if ids is None:
        return words["all"]
    return "; ".join(cat.name_of(axis, i) for i in ids)


def _where(cat, section: str, entry_id: str) -> str:
    location = cat.locate(section, entry_id)
    return f"{location.file}:{location.line}" if location else ""


def _rules_sheet(ws, ctx: Context) -> None:
    cat, words = ctx.catalogue, ctx.words
    in_view = {rule.id for rule in ctx.evaluation.rules}
    headers = [words[k] for k in ("id", "effect", "status", "sources", "documents", "personnel", "conditions", "legal_basis", "overrides", "owner", "rationale", "where", "in_view")]
    rows = [
        [
            rule.id,
            words[f"effect_{rule.effect}"],
            status_word(rule.status),
            _names(cat, "sources", rule.sources, words),
            _names(cat, "documents", rule.documents, words),
            _names(cat, "personnel", rule.personnel, words),
            _names(cat, "conditions", rule.conditions, words) if rule.conditions else "",
            _names(cat, "legal_bases", rule.legal_basis, words) if rule.legal_basis else "",
            ", ".join(rule.overrides),
            rule.owner or "",
            (rule.rationale or "").strip(),
            _where(cat, "rules", rule.id),
            words["yes"] if rule.id in in_view else words["no"],
        ]
        for rule in cat.rules
    ]
    widths = [30, 9, 10, 24, 30, 24, 18, 26, 20, 16, 60, 16, 9]
    sheets.table_sheet(ws, headers, rows, widths, words=words, draft=ctx.draft_mark, title=f"{words['sheet_rules']} · {ctx.running_head}")


def _cited_by(cat, field: str, entry_id: str) -> str:
    return ", ".join(r.id for r in cat.rules if entry_id in (getattr(r, field) or ()))


def _legal_sheet(ws, ctx: Context) -> None:
    cat, words = ctx.catalogue, ctx.words
    headers = [words[k] for k in ("id", "name", "url", "scope", "description", "cited_by", "where")]
    rows = []
    for basis in cat.legal_bases.values():
        scope = basis.scope
        scope_text = (
            " · ".join(
                f"{words[axis]}: {_names(cat, axis, getattr(scope, axis), words)}"
                for axis in ("sources", "documents", "personnel")
                if getattr(scope, axis) is not None
            )
            if scope
            else words["all"]
        )
        rows.append(
            [basis.id, basis.name, basis.url or "", scope_text, (basis.description or "").strip(), _cited_by(cat, "legal_basis", basis.id), _where(cat, "legal_bases", basis.id)]
        )
    widths = [24, 30, 40, 40, 70, 40, 16]
    sheets.table_sheet(ws, headers, rows, widths, words=words, draft=ctx.draft_mark, title=f"{words['sheet_legal']} · {ctx.running_head}")


def _conditions_sheet(ws, ctx: Context) -> None:
    cat, words = ctx.catalogue, ctx.words
    headers = [words[k] for k in ("id", "name", "coded_as", "description", "cited_by", "where")]
    rows = [
        [
            c.id,
            c.name,
            f"{c.code.code} ({c.code.display or ''}) · {c.code.system}" if c.code else "",
            (c.description or "").strip(),
            _cited_by(cat, "conditions", c.id),
            _where(cat, "conditions", c.id),
        ]
        for c in cat.conditions.values()
    ]
    widths = [16, 30, 40, 70, 40, 16]
    sheets.table_sheet(ws, headers, rows, widths, words=words, draft=ctx.draft_mark, title=f"{words['sheet_conditions']} · {ctx.running_head}")


def _findings_sheet(ws, ctx: Context) -> None:
    cat, words = ctx.catalogue, ctx.words
    headers = [words[k] for k in ("severity", "kind", "message", "where", "rules", "entities", "cell_count", "examples")]
    rows = []
    for finding in ctx.findings:
        where = f"{finding.location.file}:{finding.location.line}" if finding.location else ""
        examples = "\n".join(" · ".join(cat.cell_names(c)) for c in finding.cells[:3])
        rows.append(
            [
                words[f"severity_{finding.severity}"],
                kind_label(finding.kind),
                finding.message,
                where,
                ", ".join(finding.rules),
                ", ".join(finding.entities),
                finding.cell_count,
                examples,
            ]
        )
    if not rows:
        rows.append([words["no_findings"], "", "", "", "", "", "", ""])
    widths = [10, 20, 70, 18, 30, 30, 10, 50]
    sheets.table_sheet(ws, headers, rows, widths, words=words, draft=ctx.draft_mark, title=f"{words['sheet_findings']} · {ctx.running_head}")


def _assessments_sheet(ws, ctx: Context) -> None:
    """The working groups' priority list (SPEC §7): one line per assessment, leaf source and
    document type, by need then feasibility, with whether the need is met in this view."""
    cat, words = ctx.catalogue, ctx.words
    headers = [words[k] for k in ("need", "feasibility", "source", "document_type", "personnel", "need_met", "status", "assessed_by", "assessed_on", "rationale", "id", "where")]
    rows = []
    for line in priority_list(ctx.evaluation):
        a = line.assessment
        met = words[f"met_{line.met}"]
        rows.append(
            [
                words[f"need_{a.need}"],
                words[f"feasibility_{a.feasibility}"],
                cat.name_of("sources", line.source),
                cat.name_of("documents", line.document),
                _names(cat, "personnel", a.personnel, words),
                words.f("no_need_shared", shared=met) if a.need == "none" else met,
                words[f"assessment_{a.status}"],
                ", ".join(a.assessed_by),
                a.assessed_on.isoformat() if a.assessed_on else "",
                (a.rationale or "").strip(),
                a.id,
                _where(cat, "assessments", a.id),
            ]
        )
    if not rows:
        rows.append([words["no_assessments"]] + [""] * (len(headers) - 1))
    widths = [11, 12, 20, 26, 26, 12, 10, 18, 11, 60, 26, 16]
    title = f"{words['sheet_assessments']} · {ctx.running_head}"
    sheets.table_sheet(ws, headers, rows, widths, words=words, draft=ctx.draft_mark, title=title)
