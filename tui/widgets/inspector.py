"""The inspector: why the cell under the cursor is what it is — the decision, its
alternatives, the decisive rules with rationale and legal bases, the rules that applied but
did not decide, and the expectations and assessments that cover the cell."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from policy_model.decide import Evaluation
from policy_model.i18n import _, ngettext_f
from policy_model.vocabulary import (
    assessment_status_word,
    effect_word,
    expected_word,
    feasibility_word,
    need_word,
    status_word,
    view_word,
)
from policy_model.windows import window_words

from .glyphs import GLYPH, STYLE, word


def _covers(catalogue, entry, cell) -> bool:
    """Whether an expectation or assessment covers the (source, document, group) cell for
    some action."""
    source, document, personnel = cell[:3]
    return (
        source in catalogue.source_axis.leaves_under_any(entry.sources)
        and document in catalogue.document_axis.leaves_under_any(entry.documents)
        and personnel in catalogue.personnel_axis.leaves_under_any(entry.personnel)
    )


def _where(catalogue, section: str, entry_id: str) -> str:
    location = catalogue.locate(section, entry_id)
    return f"{location.file}:{location.line}" if location else _("(unsaved)")


def _rule(text: Text, catalogue, rule) -> None:
    text.append(f"  {rule.id}", style="bold")
    text.append(f"  {effect_word(rule.effect)}")
    if rule.conditions:
        text.append(" " + _("when {conditions}", conditions=" + ".join(rule.conditions)), style="yellow")
    if rule.window:
        text.append(" " + _("last {window}", window=window_words(rule.months)), style="yellow")
    text.append(f"  [{status_word(rule.status)}]", style="cyan")
    text.append(f"  {_where(catalogue, 'rules', rule.id)}\n", style="dim")
    if rule.rationale:
        text.append(f"    {rule.rationale.strip()}\n")
    for basis in rule.legal_basis:
        text.append(f"    § {catalogue.name_of('legal_bases', basis)} ({basis})\n", style="dim")
    if rule.effect == "allow" and not rule.legal_basis:
        text.append("    " + _("no legal basis cited") + "\n", style="bold red")


def describe_cell(evaluation: Evaluation, cell, failing_expectations: set[str] = frozenset()) -> Text:
    """Why a (source, document, personnel group) cell is what it is, for every action: an
    action whose explanation equals the one before it is not repeated."""
    cat = evaluation.catalogue
    source, document, personnel = cell[:3]
    text = Text()
    text.append(f"{cat.name_of('sources', source)} · {cat.name_of('documents', document)} · "
                f"{cat.name_of('personnel', personnel)}\n", style="bold")
    text.append(f"{source} / {document} / {personnel} · " + _("view {view}", view=view_word(evaluation.view)) + "\n", style="dim")
    explained = [(action, evaluation.explain((source, document, personnel, action))) for action in evaluation.actions]
    if explained[0][1].decision.kind == "na":
        producers = ", ".join(cat.name_of("sources", s) for s in explained[0][1].produced_by)
        text.append(f"{GLYPH['na']} {word('na')}\n", style=STYLE["na"])
        text.append(_("{document} is produced by: {sources}", document=cat.document_types[document].name, sources=producers) + "\n", style="dim")
        _attributes(text, cat, cell)
        return text
    groups: list[tuple[list[str], object]] = []
    for action, explanation in explained:
        if groups and groups[-1][1] == explanation:
            groups[-1][0].append(action)
        else:
            groups.append(([action], explanation))
    for actions, explanation in groups:
        heading = " + ".join(cat.name_of("actions", a) for a in actions) if cat.declares_actions else None
        _explanation(text, cat, explanation, heading)
    _expectations(text, cat, cell, failing_expectations)
    _assessments(text, cat, cell)
    _attributes(text, cat, cell)
    return text


VOLVEN = "2.16.578.1.12.4.1.1."
SHOWN_CODES = 4


def _codes(codes) -> str:
    """Coded values in short: a Volven code system by its number ('8666 KX17'), any other by
    its OID; a system without a code stands for all its codes."""
    def one(code) -> str:
        system = code.system.removeprefix(VOLVEN)
        return f"{system} {code.code}" if code.code else _("{system} (any code)", system=system)

    shown = [one(code) for code in codes[:SHOWN_CODES]]
    if len(codes) > SHOWN_CODES:
        shown.append(_("+{count} more", count=len(codes) - SHOWN_CODES))
    return ", ".join(shown)


def _attributes(text: Text, cat, cell) -> None:
    """The request attributes (SPEC §10.2) that resolve a request to this cell's source,
    document type and personnel group, in short; the forms show them in full."""
    source, document, personnel = (cat.sources[cell[0]], cat.document_types.get(cell[1]), cat.personnel_groups[cell[2]])
    lines = []
    parts = []
    if source.facility_matches:
        parts.append(_("facility type {codes}", codes=_codes(source.facility_matches)))
    if source.practice_settings:
        parts.append(_("practice setting {codes}", codes=_codes(source.practice_settings)))
    if source.organizations:
        parts.append(_("organisation {codes}", codes=_codes(source.organizations)))
    if source.home_communities:
        parts.append(_("home community {oids}", oids=", ".join(source.home_communities)))
    lines.append((_("Source"), parts))
    parts = []
    if document is not None and document.type_code:
        parts.append(_("type code {codes}", codes=_codes((document.type_code,))))
    if document is not None and document.class_code:
        parts.append(_("class code {codes}", codes=_codes((document.class_code,))))
    lines.append((_("Document"), parts))
    parts = []
    if personnel.authorizations:
        parts.append(_("HPR {codes}", codes=", ".join(personnel.authorizations)))
    if personnel.healthcare_services:
        parts.append(_("healthcare service {codes}", codes=_codes(personnel.healthcare_services)))
    lines.append((_("Personnel"), parts))
    text.append("\n" + _("Request attributes") + "\n", style="underline")
    for label, parts in lines:
        text.append(f"  {label}: ", style="bold")
        text.append(" · ".join(parts) + "\n" if parts else _("none given") + "\n", style="" if parts else "dim")


def _explanation(text: Text, cat, explanation, heading: str | None) -> None:
    decision = explanation.decision
    if heading:
        text.append(f"\n{heading}\n", style="bold underline")
    text.append(f"{GLYPH[decision.kind]} ", style=STYLE[decision.kind])
    text.append(word(decision.kind).upper() if decision.kind in ("allow", "deny", "conditional") else word(decision.kind),
                style=STYLE[decision.kind])
    if decision.kind == "allow" and decision.window is not None:
        text.append("  " + _("documents from the last {window}", window=window_words(decision.window)), style=STYLE["allow"])
    text.append("\n")
    ways = [g for g in decision.grants if g.conditions or (g.window is not None and decision.kind != "allow")]
    if decision.kind == "conditional" or (decision.kind == "allow" and len(decision.grants) > 1):
        text.append(_("readable when: {ways}", ways=_grants(cat, ways)) + "\n", style="yellow")
    if explanation.decisive:
        text.append("\n" + _("Decided by") + "\n", style="underline")
        for rule in explanation.decisive:
            _rule(text, cat, rule)
    others = explanation.others
    if others:
        text.append("\n" + _("Also applied, did not decide") + "\n", style="underline")
        for rule in others:
            _rule(text, cat, rule)
    if not explanation.applicable:
        text.append(_("No rule covers this cell.") + "\n", style="dim")


def _grants(cat, grants) -> str:
    parts = []
    for grant in grants:
        words = " + ".join(cat.name_of("conditions", c) for c in grant.conditions) or _("no conditions")
        if grant.window is not None:
            words += " (" + _("last {window}", window=window_words(grant.window)) + ")"
        parts.append(words)
    return ("  " + _("or") + "  ").join(parts)


def _expectations(text: Text, cat, cell, failing: set[str]) -> None:
    covering = [e for e in cat.expectations if _covers(cat, e, cell)]
    if not covering:
        return
    text.append("\n" + _("Expectations") + "\n", style="underline")
    for expectation in covering:
        ok = expectation.id not in failing
        text.append("  ✔ " if ok else "  ✖ ", style="green" if ok else "bold red")
        text.append(f"{expectation.id}: {expected_word(expectation.decision)}", style="bold")
        actions = f", {', '.join(expectation.actions)}" if expectation.actions else ""
        text.append(f" ({expectation.quantifier}{actions})\n", style="dim")
        if expectation.description:
            text.append(f"    {expectation.description}\n", style="dim")


def _assessments(text: Text, cat, cell) -> None:
    covering = [a for a in cat.assessments if _covers(cat, a, cell)]
    if not covering:
        return
    text.append("\n" + _("Assessments") + "\n", style="underline")
    for assessment in covering:
        text.append(f"  {assessment.id}", style="bold")
        text.append("  " + _("need {need}, feasibility {feasibility}", need=need_word(assessment.need),
                             feasibility=feasibility_word(assessment.feasibility)) + f"  [{assessment_status_word(assessment.status)}]\n")
        who = ", ".join(assessment.assessed_by)
        when = assessment.assessed_on.isoformat() if assessment.assessed_on else ""
        if who or when:
            text.append(f"    {who} {when}\n", style="dim")
        if assessment.rationale:
            text.append(f"    {assessment.rationale.strip()}\n", style="dim")


def describe_row(evaluation: Evaluation, source: str, category: str | None, personnel: str | None) -> Text:
    """A category heading row: what selecting it means (edits apply to the whole category)."""
    cat = evaluation.catalogue
    text = Text()
    name = cat.name_of("documents", category) if category else _("(no category)")
    text.append(f"{cat.name_of('sources', source)} · {name}\n", style="bold")
    count = len(cat.document_axis.leaves_under(category)) if category else 0
    text.append(ngettext_f("Category with {n} document type. ", "Category with {n} document types. ", count), style="dim")
    text.append(_("Allow, deny and conditional here apply to the whole category.") + "\n", style="dim")
    if personnel:
        group = cat.personnel_groups[personnel]
        codes = ", ".join(group.authorizations) or _("no HPR code")
        text.append("\n" + _("Column: {group} ({codes})", group=group.name, codes=codes) + "\n")
    return text


class Inspector(VerticalScroll):
    DEFAULT_CSS = """
    Inspector { padding: 0 1; }
    Inspector > Static { width: 1fr; }
    """

    def compose(self):
        yield Static(Text(_("Move to a cell to see why it is what it is."), style="dim"), id="inspector-text")

    def show(self, text: Text) -> None:
        self.query_one("#inspector-text", Static).update(text)
