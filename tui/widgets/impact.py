"""An edit's impact in words: how many cells change and how, which findings appear or vanish —
in full, and as the one-line summary a dialog shows at its top."""

from __future__ import annotations

from rich.text import Text

from policy_model.i18n import NP_, _, ngettext, ngettext_f
from policy_model.impact import Impact
from policy_model.vocabulary import decision_word, kind_word

from .glyphs import GLYPH, SEVERITY_GLYPH, SEVERITY_STYLE, STYLE

MAX_LISTED = 6
BECOMES = {
    "allow": NP_("{n} becomes allowed", "{n} become allowed"),
    "conditional": NP_("{n} becomes conditional", "{n} become conditional"),
    "deny": NP_("{n} becomes denied", "{n} become denied"),
    "none": NP_("{n} ends without a rule", "{n} end without a rule"),
    "na": NP_("{n} becomes not applicable", "{n} become not applicable"),
}
"""Where changed cells end up, for the summary line ('12 celler endres: 12 blir tillatt')."""


def impact_summary(impact: Impact, findings_pending: bool = False, not_counted: str | None = None) -> Text:
    """The impact in one line, for the top of a dialog (the full text is further down);
    `not_counted` says, in a few words, why the edit changes nothing in this view."""
    text = Text()
    count = len(impact.changes)
    if not count:
        text.append(not_counted or _("No cell changes decision."), style="bold")
    else:
        ends: dict[str, int] = {}
        for change in impact.changes:
            ends[change.new.kind] = ends.get(change.new.kind, 0) + 1
        parts = [ngettext(*BECOMES[kind], n).format(n=n) for kind, n in sorted(ends.items(), key=lambda item: -item[1])]
        text.append(ngettext_f("{n} cell changes:", "{n} cells change:", count) + " " + ", ".join(parts), style="bold")
        widened = sum(1 for c in impact.changes if c.widens_access)
        if widened:
            text.append(" · " + ngettext_f("{n} cell gains access", "{n} cells gain access", widened), style="yellow")
    if not findings_pending and (impact.appeared or impact.vanished):
        text.append(" · " + _("findings: {new} new, {gone} gone", new=len(impact.appeared), gone=len(impact.vanished)))
    return text


def impact_text(catalogue, impact: Impact, findings_pending: bool = False, not_counted: str | None = None) -> Text:
    """The impact in full; `not_counted` says why a rule of the edit changes nothing in this view."""
    text = Text()
    count = len(impact.changes)
    if not_counted:
        text.append(not_counted + "\n", style="bold yellow")
    if not count:
        if not not_counted:
            text.append(_("No cell changes decision.") + "\n", style="bold")
    else:
        text.append(ngettext_f("{n} cell changes:", "{n} cells change:", count), style="bold")
        for (old, new), n in sorted(impact.transitions().items(), key=lambda item: -item[1]):
            text.append("  ")
            text.append(f"{GLYPH[old]}", style=STYLE[old])
            text.append(f" {decision_word(old)} → ")
            text.append(f"{GLYPH[new]}", style=STYLE[new])
            text.append(f" {decision_word(new)} ×{n}")
        text.append("\n")
        widened = sum(1 for c in impact.changes if c.widens_access)
        if widened:
            text.append(ngettext_f("{n} cell gains access.", "{n} cells gain access.", widened) + "\n", style="yellow")
    if findings_pending:
        text.append(_("Findings: checking…") + "\n", style="dim")
        return text
    if not impact.appeared and not impact.vanished:
        text.append(_("Findings: no change.") + "\n", style="dim")
    else:
        text.append(_("Findings: {new} new, {gone} gone", new=len(impact.appeared), gone=len(impact.vanished)) + "\n", style="bold")
    for sign, findings, style in (("+", impact.appeared, None), ("−", impact.vanished, "dim")):
        for finding in findings[:MAX_LISTED]:
            text.append(f"{sign} {SEVERITY_GLYPH[finding.severity]} ", style=style or SEVERITY_STYLE[finding.severity])
            text.append(f"{kind_word(finding.kind)}: ", style="bold" if style is None else style)
            text.append(f"{finding.message}\n", style=style or "")
        if len(findings) > MAX_LISTED:
            text.append(f"{sign} " + _("… and {count} more", count=len(findings) - MAX_LISTED) + "\n", style="dim")
    return text
