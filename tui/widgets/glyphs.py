"""How a decision looks in the terminal: a glyph that reads without colour, and a colour."""

from __future__ import annotations

from rich.text import Text

from policy_model.decide import GLYPHS as GLYPH
STYLE = {
    "allow": "bold green",
    "conditional": "bold yellow",
    "deny": "bold red",
    "none": "dim",
    "na": "dim",
}
WORD = {
    "allow": "allow",
    "conditional": "conditional",
    "deny": "deny",
    "none": "none (no rule: not shared)",
    "na": "not applicable (the source does not produce it)",
}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_GLYPH = {"error": "✖", "warning": "▲", "info": "ℹ"}


def decision_text(kind: str, justify: str = "center") -> Text:
    return Text(GLYPH[kind], style=STYLE[kind], justify=justify)


def legend() -> Text:
    text = Text()
    for kind in ("allow", "conditional", "deny", "none"):
        text.append(GLYPH[kind], style=STYLE[kind])
        text.append(f" {kind}  ")
    text.append(f"{GLYPH['na']} n/a", style="dim")
    return text
