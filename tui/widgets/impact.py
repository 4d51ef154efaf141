"""An edit's impact in words: how many cells change and how, which findings appear or vanish."""

from __future__ import annotations

from rich.text import Text

from policy_model.i18n import _, ngettext_f
from policy_model.impact import Impact
from policy_model.vocabulary import decision_word, kind_word

from .glyphs import GLYPH, SEVERITY_GLYPH, SEVERITY_STYLE, STYLE

MAX_LISTED = 6


def impact_text(catalogue, impact: Impact, findings_pending: bool = False) -> Text:
    text = Text()
    count = len(impact.changes)
    if not count:
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
