"""How a decision looks in the terminal: a glyph that reads without colour, and a colour."""

from __future__ import annotations

from rich.text import Text

from policy_model.decide import GLYPHS as GLYPH
from policy_model.i18n import N_, _, gettext
from policy_model.vocabulary import decision_word

STYLE = {
    "allow": "bold green",
    "conditional": "bold yellow",
    "deny": "bold red",
    "none": "dim",
    "na": "dim",
}
WORD = {
    "allow": N_("allow"),
    "conditional": N_("conditional"),
    "deny": N_("deny"),
    "none": N_("none (no rule: not shared)"),
    "na": N_("not applicable (the source does not produce it)"),
}
"""A decision in the inspector's words (message ids; `word(kind)` translates)."""


def word(kind: str) -> str:
    if kind in ("allow", "conditional", "deny"):
        return decision_word(kind)
    return gettext(WORD[kind])
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_GLYPH = {"error": "✖", "warning": "▲", "info": "ℹ"}


LIMITED = "*"
"""After a cell's glyphs: some grant reaches only a limited time back."""


def decision_text(kind: str, justify: str = "center") -> Text:
    return Text(GLYPH[kind], style=STYLE[kind], justify=justify)


def cell_text(decisions, room: int | None = None) -> Text:
    """One glyph per action, in catalogue order, and '*' when a grant has a window — or, where
    the '*' would not fit in `room` characters, the glyphs underlined."""
    text = Text(justify="center")
    limited = any(decision.limited for decision in decisions)
    underline = limited and room is not None and len(decisions) + 1 > room
    for decision in decisions:
        text.append(GLYPH[decision.kind], style=STYLE[decision.kind] + (" underline" if underline else ""))
    if limited and not underline:
        text.append(LIMITED, style="bold")
    return text


def legend(catalogue=None, underlined: bool = False) -> Text:
    """The glyphs in words; `underlined`: compact columns underline a limited look-back."""
    text = Text()
    for kind in ("allow", "conditional", "deny", "none"):
        text.append(GLYPH[kind], style=STYLE[kind])
        text.append(f" {decision_word(kind)}  ")
    text.append(f"{GLYPH['na']} {decision_word('na')}", style="dim")
    if underlined:
        text.append("  ")
        text.append(GLYPH["allow"], style=STYLE["allow"] + " underline")
        text.append(" " + _("underlined: limited look-back"))
    else:
        text.append(f"  {LIMITED} " + _("limited look-back"))
    if catalogue is not None and catalogue.declares_actions:
        names = " ".join(a.short_name or a.id for a in catalogue.action_entries.values())
        text.append("  ·  " + _("each cell: {actions}", actions=names), style="dim")
    return text
