"""Text output for people: findings grouped by severity with file:line, cells in words, colour on a terminal."""

from __future__ import annotations

import os

from policy_model.decide import GLYPHS
from policy_model.findings import SEVERITIES, summary
from policy_model.i18n import N_, _, gettext, ngettext_f
from policy_model.vocabulary import decision_word, effect_word, kind_label, status_word, view_word
from policy_model.windows import format_window, window_words

_COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1", "ok": "32"}
_HEADINGS = {"error": N_("Errors"), "warning": N_("Warnings"), "info": N_("Info")}


def use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def paint(text: str, style: str, color: bool) -> str:
    return f"\033[{_COLORS[style]}m{text}\033[0m" if color else text


def plural(count: int, word: str) -> str:
    """English only: the faces use ngettext_f, which knows each language's plural."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def severity_counts(counts: dict[str, int]) -> dict[str, str]:
    """'2 errors', '1 warning', '3 info' in words, per severity."""
    return {
        "error": ngettext_f("{n} error", "{n} errors", counts["error"]),
        "warning": ngettext_f("{n} warning", "{n} warnings", counts["warning"]),
        "info": ngettext_f("{n} info", "{n} info", counts["info"]),
    }


def cell_words(catalogue, cell) -> str:
    """'Helse Vest · Epikrise · Fastleger' for (hf-helse-vest, epikrise, fastlege)."""
    if catalogue is None:
        return " · ".join(cell)
    return " · ".join(catalogue.cell_names(cell))


def print_check(result, path, view, findings, color: bool, out=None) -> None:
    import sys

    out = out or sys.stdout
    catalogue = result.catalogue
    meta = result.meta
    title = f"{meta.title} {meta.version}" if meta else _("(no catalogue section)")
    counts = summary(findings)
    where = "  ·  " + _("view {view}", view=view_word(view)) + f"  ·  {path}" if view else f"  ·  {path}"
    print(paint(title, "bold", color) + paint(where, "dim", color), file=out)
    words = severity_counts(counts)
    print("  ".join(paint(words[s], s if counts[s] else "dim", color) for s in SEVERITIES), file=out)
    if catalogue is None and findings:
        print(paint(_("The catalogue cannot be evaluated until these load errors are fixed."), "error", color), file=out)
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        print(file=out)
        print(paint(f"{gettext(_HEADINGS[severity])} ({len(group)})", severity, color), file=out)
        for finding in group:
            where = str(finding.location) if finding.location else _("(catalogue)")
            print(f"  {paint(where, 'dim', color)}  {paint(kind_label(finding.kind), severity, color)}", file=out)
            print(f"    {finding.message}", file=out)
            for cell in finding.cells[:3]:
                print(paint(f"      {cell_words(catalogue, cell)}", "dim", color), file=out)
            if finding.cell_count > 3:
                print(paint("      " + ngettext_f("… {n} cell in all", "… {n} cells in all", finding.cell_count), "dim", color), file=out)
    if not findings:
        print(paint(_("No findings."), "ok", color), file=out)


# -- explain ----------------------------------------------------------------------------------
DECISION_WORDS = {
    "allow": N_("ALLOW — shared"),
    "conditional": N_("CONDITIONAL — shared when the conditions hold"),
    "deny": N_("DENY — explicitly not shared"),
    "none": N_("NONE — no rule covers it: not shared (default deny)"),
    "na": N_("NOT APPLICABLE — this source does not produce this document type"),
}
DECISION_STYLE = {"allow": "ok", "conditional": "warning", "deny": "error", "none": "dim", "na": "dim"}


def _or() -> str:
    return "  " + _("or") + "  "


def alternatives_words(catalogue, alternatives) -> str:
    return _or().join(" + ".join(catalogue.name_of("conditions", c) for c in alt) for alt in alternatives)


def grant_words(catalogue, grant) -> str:
    """'Kun ved akutt behov + Samtykke, dokumenter fra det siste 1 år' ('… the last 1 year')."""
    conditions = " + ".join(catalogue.name_of("conditions", c) for c in grant.conditions) or _("no conditions")
    if grant.window is None:
        return conditions
    return _("{conditions}, documents from the last {window}", conditions=conditions, window=window_words(grant.window))


def grants_words(catalogue, grants) -> str:
    return _or().join(grant_words(catalogue, g) for g in grants)


def _rule_line(catalogue, rule, color: bool) -> list[str]:
    location = catalogue.locate("rules", rule.id)
    where = f"{location.file}:{location.line}" if location else ""
    conditions = "  " + _("when {conditions}", conditions=" + ".join(rule.conditions)) if rule.conditions else ""
    window = "  " + _("last {window}", window=window_words(rule.months)) if rule.window else ""
    effect, status = effect_word(rule.effect), status_word(rule.status)
    lines = [f"  {paint(rule.id, 'bold', color)}  {effect}{conditions}{window}  [{status}]  {paint(where, 'dim', color)}"]
    if rule.rationale:
        lines.append(f"    {rule.rationale.strip()}")
    for basis_id in rule.legal_basis:
        basis = catalogue.legal_bases.get(basis_id)
        url = f"  {basis.url}" if basis and basis.url else ""
        lines.append(paint(f"    § {catalogue.name_of('legal_bases', basis_id)} ({basis_id}){url}", "dim", color))
    return lines


def print_explain(catalogue, cell, view, explanation, color: bool, out=None) -> None:
    import sys

    out = out or sys.stdout
    decision = explanation.decision
    where = _("{cell}, view {view}", cell=" / ".join(cell), view=view_word(view))
    print(paint(cell_words(catalogue, cell), "bold", color) + paint(f"   ({where})", "dim", color), file=out)
    print(paint(gettext(DECISION_WORDS[decision.kind]), DECISION_STYLE[decision.kind], color), file=out)
    if decision.kind == "allow" and decision.window is not None:
        print("  " + _("documents from the last {window}", window=window_words(decision.window)), file=out)
    ways = [g for g in decision.grants if g.conditions or g.window is not None]
    if decision.kind == "conditional" or (decision.kind == "allow" and len(decision.grants) > 1):
        print("  " + _("readable when: {ways}", ways=grants_words(catalogue, ways)), file=out)
    if decision.kind == "na":
        doc = catalogue.document_types[cell[1]]
        producers = ", ".join(catalogue.name_of("sources", s) for s in explanation.produced_by)
        print("  " + _("{document} is produced by: {sources} (produced_by)", document=doc.name, sources=producers), file=out)
        return
    if explanation.decisive:
        print(file=out)
        print(_("Decided by:"), file=out)
        for rule in explanation.decisive:
            print("\n".join(_rule_line(catalogue, rule, color)), file=out)
    others = explanation.others
    if others:
        print(file=out)
        print(_("Also applied, did not decide:"), file=out)
        for rule in others:
            print("\n".join(_rule_line(catalogue, rule, color)), file=out)
    if explanation.legal_bases:
        print(file=out)
        print(_("Legal basis: {bases}", bases=", ".join(catalogue.name_of("legal_bases", b) for b in explanation.legal_bases)), file=out)


# -- matrix -----------------------------------------------------------------------------------


def print_matrix(evaluation, color: bool, out=None) -> None:
    """Per source, a row per document type and a column per personnel group; with several
    actions each cell shows one glyph per action, in the order listed on top. '*' marks a
    cell whose grants reach only a limited time back (pjd explain says how far)."""
    import sys

    out = out or sys.stdout
    cat = evaluation.catalogue
    groups, actions = evaluation.personnel, evaluation.actions
    print(paint(f"{cat.meta.title} {cat.meta.version} · " + _("view {view}", view=view_word(evaluation.view)), "bold", color), file=out)
    print("  ".join(f"{GLYPHS[k]} {decision_word(k)}" for k in GLYPHS) + "  * " + _("limited look-back"), file=out)
    if cat.declares_actions:
        print(_("Actions in each cell: {actions}", actions=" ".join(cat.name_of("actions", a) for a in actions)), file=out)
    print(_("Columns: {columns}", columns="  ".join(f"{i + 1}={cat.name_of('personnel', g)}" for i, g in enumerate(groups))), file=out)
    width = len(actions) + 2
    header = " " * 42 + "".join(f"{i + 1:>{width - 1}} " for i in range(len(groups)))
    rows = cat.documents_by_category()
    for source in evaluation.sources:
        print(file=out)
        print(paint(f"{cat.name_of('sources', source)} ({source})", "bold", color), file=out)
        print(paint(header, "dim", color), file=out)
        for category, docs in rows:
            print(paint(f" {cat.name_of('documents', category) if category else _('(no category)')}", "dim", color), file=out)
            for doc in docs:
                decided = [evaluation.row(source, doc, action) for action in actions]
                code = cat.document_types[doc].type_code
                label = f"{code.code + ' ' if code else ''}{cat.document_types[doc].name}"[:38]
                line = f"   {label:<39}"
                for g in range(len(groups)):
                    cell = [row[g] for row in decided]
                    limited = any(d.limited for d in cell)
                    glyphs = "".join(paint(GLYPHS[d.kind], DECISION_STYLE[d.kind], color) for d in cell)
                    line += " " * (width - len(cell) - 1) + glyphs + ("*" if limited else " ")
                print(line.rstrip(), file=out)


# -- diff -------------------------------------------------------------------------------------
def _side(decision, rules) -> dict:
    return {
        "decision": decision.kind,
        "alternatives": [list(a) for a in decision.alternatives],
        "window": format_window(decision.window),
        "grants": [grant.to_json() for grant in decision.grants],
        "rules": list(rules),
    }


def change_json(change) -> dict:
    source, document, personnel, action = change.cell
    return {
        "source": source,
        "document": document,
        "personnel": personnel,
        "action": action,
        "old": _side(change.old, change.old_rules),
        "new": _side(change.new, change.new_rules),
        "new_access": change.widens_access,
    }


def _decision_words(catalogue, decision) -> str:
    if decision.kind == "conditional":
        return f"{decision_word('conditional')} ({grants_words(catalogue, decision.grants)})"
    if decision.kind == "allow" and decision.window is not None:
        return f"{decision_word('allow')} ({_('last {window}', window=window_words(decision.window))})"
    return decision_word(decision.kind)


def print_diff(old, new, old_label, new_label, view, changes, color: bool, out=None) -> None:
    import sys

    out = out or sys.stdout
    widened = sum(1 for c in changes if c.widens_access)
    print(paint(f"{old_label} → {new_label}", "bold", color) + paint("  ·  " + _("view {view}", view=view_word(view)), "dim", color), file=out)
    if not changes:
        print(paint(_("No decision changed."), "ok", color), file=out)
        return
    print(ngettext_f("{n} cell changed, {widened} with new access", "{n} cells changed, {widened} with new access",
                     len(changes), widened=widened), file=out)
    for change in changes:
        before = _decision_words(old, change.old)
        after = _decision_words(new, change.new)
        mark = "  " + paint(_("+ access"), "warning", color) if change.widens_access else ""
        print(file=out)
        print(f"  {cell_words(new, change.cell)}{mark}", file=out)
        print(f"    {before} → {paint(after, DECISION_STYLE[change.new.kind], color)}", file=out)
        if change.old_rules or change.new_rules:
            print(
                paint("    " + _("was: {old}   now: {new}", old=", ".join(change.old_rules) or "-", new=", ".join(change.new_rules) or "-"),
                      "dim", color),
                file=out,
            )
