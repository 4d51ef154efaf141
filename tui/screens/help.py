"""Help: every command with its key, from the command registry, and the matrix legend."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import COMMANDS
from ..widgets.glyphs import legend

SCOPE_TITLES = {"app": "Everywhere", "main": "Matrix", "lists": "Rules, entities and assessments"}
KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc", "delete": "del"}


def help_text() -> Text:
    text = Text("pjd — keys and commands\n", style="bold")
    text.append("Every command is also in the command palette (ctrl+p).\n\n", style="dim")
    for scope, title in SCOPE_TITLES.items():
        text.append(f"{title}\n", style="bold underline")
        for command in COMMANDS:
            if command.scope != scope:
                continue
            key = KEY_NAMES.get(command.key, command.key) if command.key else "palette"
            text.append(f"  {key:<10}", style="bold cyan")
            text.append(f"{command.title:<22}")
            text.append(f"{command.help}\n", style="dim")
        text.append("\n")
    text.append("Matrix legend\n", style="bold underline")
    text.append("  ")
    text.append_text(legend())
    text.append("\n\nDecisions: a deny beats an allow; an allow without conditions beats conditional ones; "
                "no rule means not shared. Views: draft counts every rule but retired ones, proposed counts "
                "proposed and approved, approved only approved.\n", style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss_help", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(help_text(), id="help-text")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
