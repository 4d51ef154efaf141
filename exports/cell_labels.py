"""What a cell of the guidance matrix says (SPEC §5.1, §9.5): one word per decision, the look-back
window in brackets, and which actions when they differ — text that prints without colour.

- One action, or every action deciding alike: `Ja`, `Ja (1 år)`, `Betinget`, `Betinget (5 år)`,
  `Nei`, `–`. A conditional cell shows a window only when every grant has one (the longest).
- Actions that differ: the readable ones by their short name (else their name), `Liste` when only the document
  list is readable, `Liste: Betinget (1 år)` with their own word when it is not a plain `Ja`,
  several joined by ` · `. Such a cell is styled as *partial*.
"""

from __future__ import annotations

from policy_model.decide import Decision
from policy_model.windows import Months, window_words

from .labels import Words

PARTIAL = "partial"


def window_shown(decision: Decision) -> Months:
    """The window a cell's text names: the allow's, or the longest of a conditional cell's
    grants when all of them are limited; None when there is no limit to name."""
    if decision.kind == "allow":
        return decision.window
    if decision.kind == "conditional" and all(g.window is not None for g in decision.grants):
        return max(g.window for g in decision.grants)
    return None


def decision_label(words: Words, decision: Decision) -> str:
    window = window_shown(decision)
    return words[decision.kind] if window is None else f"{words[decision.kind]} ({window_words(window)})"


def action_label(catalogue, action: str) -> str:
    entry = catalogue.action_entries[action]
    return entry.short_name or entry.name


def cell_label(words: Words, catalogue, decisions: list[tuple[str, Decision]]) -> tuple[str, str]:
    """(style, text) of one cell from its decision per action, in catalogue order."""
    labels = [decision_label(words, d) for _a, d in decisions]
    kinds = {d.kind for _a, d in decisions}
    if len(set(labels)) == 1:
        return decisions[0][1].kind, labels[0]
    readable = [(action, label) for (action, d), label in zip(decisions, labels) if d.readable]
    if not readable:  # denied for some actions, no rule for others
        return ("deny" if "deny" in kinds else "none"), words["deny"]
    plain = words["allow"]
    parts = [action_label(catalogue, a) + ("" if label == plain else f": {label}") for a, label in readable]
    return PARTIAL, " · ".join(parts)
