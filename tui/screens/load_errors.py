"""Shown instead of the matrix when the catalogue does not load: every load error with its
file and line, and a way to read the files again once they are fixed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from policy_model.i18n import _
from policy_model.vocabulary import kind_label

from ..commands import localize_bindings


def errors_text(root, findings) -> Text:
    text = Text(_("The catalogue in {folder} cannot be evaluated until these errors are fixed:", folder=root) + "\n\n", style="bold")
    for finding in findings:
        where = str(finding.location) if finding.location else _("(catalogue)")
        text.append(f"{where}  ", style="cyan")
        text.append(f"{kind_label(finding.kind)}\n", style="bold red")
        text.append(f"  {finding.message}\n\n")
    text.append(_("Fix the files in your editor, then press r to read them again."), style="dim")
    return text


class LoadErrorsScreen(Screen):
    BINDINGS = [Binding("r", "app.reload", "Read again"), Binding("ctrl+q", "app.quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="errors")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_from_session()

    def refresh_from_session(self) -> None:
        session = self.app.session
        self.query_one("#errors", Static).update(errors_text(session.root, session.result.findings))
