"""Help: every command with its key, from the command registry, and the matrix legend."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from policy_model.i18n import N_, _, gettext, pgettext

from ..commands import COMMANDS, localize_bindings
from ..widgets.glyphs import legend
from ..widgets.selection import SELECTION_KEYS

SCOPE_TITLES = {"app": N_("Everywhere"), "main": N_("Matrix"), "lists": N_("Rules, entities and assessments")}
KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc", "delete": "del"}


def help_text() -> Text:
    text = Text(_("pjd — keys and commands") + "\n", style="bold")
    text.append(_("Every command is also in the command palette (ctrl+p).") + "\n\n", style="dim")
    width = max(22, *(len(command.label) + 2 for command in COMMANDS))
    for scope, title in SCOPE_TITLES.items():
        text.append(f"{gettext(title)}\n", style="bold underline")
        for command in COMMANDS:
            if command.scope != scope:
                continue
            # Translators: the key column of a command that has no key, only the palette
            key = KEY_NAMES.get(command.key, command.key) if command.key else pgettext("help key", "palette")
            text.append(f"  {key:<10}", style="bold cyan")
            text.append(f"{command.label:<{width}}")
            text.append(f"{command.explanation}\n", style="dim")
        if scope == "main":  # the matrix's range selection: keys of the table, not commands
            for key, what in SELECTION_KEYS:
                text.append(f"  {gettext(key):<{width + 10}}", style="bold cyan")
                text.append(f"{gettext(what)}\n", style="dim")
        text.append("\n")
    text.append(_("Matrix legend") + "\n", style="bold underline")
    text.append("  ")
    text.append_text(legend())
    text.append("\n\n" + _("Decisions: a deny beats an allow; an allow without conditions beats conditional ones; "
                            "no rule means not shared. Views: draft counts every rule but retired ones, proposed counts "
                            "proposed and approved, approved only approved.") + "\n", style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss_help", "Close")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(help_text(), id="help-text")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
