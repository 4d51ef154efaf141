"""Small typed dialogs: confirm, the quit guard, files changed on disk, a folder to write to."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static


class Choice(ModalScreen[str]):
    """A question with buttons; returns the id of the button pressed ('cancel' on escape)."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, body: Text | str, buttons: list[tuple[str, str, str]]):
        super().__init__()
        self.title_text, self.body, self.buttons = title, body, buttons

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text(self.title_text, style="bold"), id="box-title")
            yield Static(self.body if isinstance(self.body, Text) else Text(self.body))
            with Horizontal(id="buttons"):
                for button_id, label, variant in self.buttons:
                    yield Button(label, id=button_id, variant=variant, compact=True)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss("cancel")


def confirm_quit(edit_count: int) -> Choice:
    return Choice(
        "Unsaved changes",
        f"You have {edit_count} unsaved edit{'s' if edit_count != 1 else ''}. Save before quitting?",
        [("save", "Save and quit", "primary"), ("discard", "Quit without saving", "error"), ("cancel", "Cancel", "default")],
    )


def changed_on_disk(files: list[str], edit_count: int) -> Choice:
    body = Text("These files changed on disk since pjd read them:\n", style="bold")
    for name in files:
        body.append(f"  {name}\n")
    body.append(
        f"\nSaving would overwrite someone else's changes, so nothing was written. Reload from disk to see them "
        f"(your {edit_count} unsaved edit{'s' if edit_count != 1 else ''} will be dropped), or cancel and copy "
        "your edits elsewhere first.",
        style="",
    )
    return Choice("Not saved: files changed on disk", body, [("reload", "Reload from disk", "warning"), ("cancel", "Cancel", "default")])


def confirm(title: str, body: str, action: str = "Delete") -> Choice:
    return Choice(title, body, [("yes", action, "error"), ("cancel", "Cancel", "default")])


class FolderDialog(ModalScreen[dict | None]):
    """Asks for a folder (and, for export, the view and language)."""

    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, export: bool = False):
        super().__init__()
        self.title_text, self.default, self.export = title, default, export

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text(self.title_text, style="bold"), id="box-title")
            yield Label("Folder", classes="field-label")
            yield Input(value=self.default, compact=True, id="folder")
            if self.export:
                yield Label("View", classes="field-label")
                yield Select([(v, v) for v in ("approved", "proposed", "draft")], value="approved", allow_blank=False, compact=True, id="view")
                yield Label("Language of the guidance matrix", classes="field-label")
                yield Select([("norsk bokmål", "nb"), ("English", "en")], value="nb", allow_blank=False, compact=True, id="lang")
            with Horizontal(id="buttons"):
                yield Button("OK", variant="primary", id="ok", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            return
        result = {"folder": folder}
        if self.export:
            result["view"] = self.query_one("#view", Select).value
            result["lang"] = self.query_one("#lang", Select).value
        self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
