"""Small typed dialogs: confirm, the quit guard, reload, files changed on disk, a folder to write to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from policy_model.i18n import _, language, ngettext_f
from policy_model.vocabulary import view_word

from ..commands import localize_bindings


class Choice(ModalScreen[str]):
    """A question with buttons; returns the id of the button pressed.

    No dialog may have a default that throws work away: the `safe` button (keep things as
    they are) has the focus, so enter picks it, and escape answers it too. A destructive
    button needs a deliberate move (tab to it, or a click) and its label says what it drops.
    """

    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    # Buttons whose labels do not fit side by side stand one under the other (each label says
    # what it does, so they are long); the safe one first.
    DEFAULT_CSS = """
    Choice #buttons.stacked { layout: vertical; align: left top; }
    Choice #buttons.stacked Button { margin: 0 0 1 0; }
    Choice #details { height: auto; max-height: 8; }
    """
    STACK_WIDTH = 64

    def __init__(self, title: str, body: Text | str, buttons: list[tuple[str, str, str]], safe: str = "cancel",
                 details: Text | None = None, footer: Text | None = None):
        """`details` (a list of any length) scrolls in a few lines between `body` and `footer`, so
        that the buttons stay inside the box on a small terminal (80×24)."""
        super().__init__()
        localize_bindings(self)
        if safe not in {button_id for button_id, _label, _variant in buttons}:
            raise ValueError(f"the safe answer '{safe}' is not one of the buttons")
        self.title_text, self.body, self.buttons, self.safe = title, body, buttons, safe
        self.details, self.footer = details, footer

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text(self.title_text, style="bold"), id="box-title")
            yield Static(self.body if isinstance(self.body, Text) else Text(self.body))
            if self.details is not None:
                with VerticalScroll(id="details"):
                    yield Static(self.details)
            if self.footer is not None:
                yield Static(self.footer)
            stacked = sum(len(label) + 4 for _id, label, _variant in self.buttons) > self.STACK_WIDTH
            with Horizontal(id="buttons", classes="stacked" if stacked else ""):
                for button_id, label, variant in self.buttons:
                    yield Button(label, id=button_id, variant=variant, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.safe}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(self.safe)


def edits_words(edit_count: int) -> str:
    return ngettext_f("{n} unsaved edit", "{n} unsaved edits", edit_count)


def confirm_quit(edit_count: int) -> Choice:
    return Choice(
        _("Unsaved changes"),
        _("You have {edits}. Save before quitting?", edits=edits_words(edit_count)),
        [
            ("cancel", _("Cancel (keep editing)"), "primary"),
            ("save", _("Save and quit"), "default"),
            ("discard", _("Quit without saving (drops {edits})", edits=edits_words(edit_count)), "error"),
        ],
    )


def changed_on_disk(files: list[str], edit_count: int) -> Choice:
    body = Text(_("These files changed on disk since pjd read them:") + "\n", style="bold")
    for name in files:
        body.append(f"  {name}\n")
    body.append(
        "\n" + _("Saving would overwrite someone else's changes, so nothing was written. Cancel keeps your "
                 "{edits}. Applying them on top of the files saves only if none of them touches an entry "
                 "the other writer changed; if some do, you see which, and nothing is written until you "
                 "choose.", edits=edits_words(edit_count)),
        style="",
    )
    return Choice(
        _("Not saved: files changed on disk"),
        body,
        [("cancel", _("Cancel (keep my edits)"), "primary"),
         ("replay", _("Apply my edits on top of the files as they are now"), "default"),
         ("reload", _("Reload from disk (drops {edits})", edits=edits_words(edit_count)), "error")],
    )


def replay_conflicts(outcome, edit_count: int) -> Choice:
    """The edits that no longer apply (a policy_model.replay.Replay with conflicts); nothing is
    written until the author chooses. Cancel keeps every edit in the session as it was. The
    conflicts scroll (each takes two lines at 80 columns), so the buttons stay in view."""
    body = Text(_("Nothing was written. These edits of yours touch entries that someone else changed on disk:"),
                style="bold")
    details = Text("\n").join(Text(f"  • {conflict.describe()}") for conflict in outcome.conflicts)
    kept = sum(len(step) for step in outcome.applied)
    footer = None
    if kept:
        footer = Text(ngettext_f("{n} other edit applies on top of their changes.",
                                 "{n} other edits apply on top of their changes.", kept))
    buttons = [("cancel", _("Keep editing (nothing is written)"), "primary")]
    if kept:
        dropped = ngettext_f("{n} conflicting edit", "{n} conflicting edits", outcome.dropped_edits)
        buttons.append(("drop", _("Save the others and drop {dropped}", dropped=dropped), "error"))
    buttons.append(("reload", _("Reload from disk (drops {edits})", edits=edits_words(edit_count)), "error"))
    return Choice(_("Your edits conflict with changes on disk"), body, buttons, details=details, footer=footer)


def confirm_reload(edit_count: int) -> Choice:
    return Choice(
        _("Reload from disk?"),
        _("Reading the files again drops your {edits}; undo cannot bring them back.", edits=edits_words(edit_count)),
        [("cancel", _("Cancel (keep my edits)"), "primary"),
         ("reload", _("Reload from disk (drops {edits})", edits=edits_words(edit_count)), "error")],
    )


def confirm(title: str, body: str, action: str | None = None) -> Choice:
    return Choice(title, body, [("cancel", _("Cancel"), "primary"), ("yes", action or _("Delete"), "error")])


def view_note(view: str) -> Text:
    """What exporting `view` gives, in words: every view but `approved` is marked DRAFT (the
    exports add the mark for an approved view with errors too: SPEC §12)."""
    if view == "approved":
        return Text(_("Exporting the view {view}: the files are marked DRAFT only if it has errors.", view=view_word(view)))
    return Text(_("Exporting the view {view}: the files are marked DRAFT.", view=view_word(view)), style="bold")


class FolderDialog(ModalScreen[dict | None]):
    """Asks for a folder (and, for export, the view and language).

    `replaces(folder)` names the files that writing into `folder` would replace. When there
    are any, the dialog says so, enter in the folder field does not go ahead, and the OK
    button becomes "Replace …": overwriting a file takes a deliberate press.
    """

    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, export: bool = False, replaces: Callable[[Path], list[str]] | None = None,
                 view: str = "approved"):
        super().__init__()
        localize_bindings(self)
        self.title_text, self.default, self.export = title, default, export
        self.view = view  # for export: the view being edited is what the author means to export
        self.replaces = replaces or (lambda _folder: [])
        self.replaced: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(Text(self.title_text, style="bold"), id="box-title")
            yield Label(_("Folder"), classes="field-label")
            yield Input(value=self.default, compact=True, id="folder")
            yield Static(id="replaces")
            if self.export:
                yield Label(_("View"), classes="field-label")
                views = [(f"{view_word(v)} ({v})", v) for v in ("approved", "proposed", "draft")]
                yield Select(views, value=self.view, allow_blank=False, compact=True, id="view")
                yield Static(view_note(self.view), id="view-note")
                yield Label(_("Language of the exported files"), classes="field-label")
                # Each language named in itself, as language pickers do.
                yield Select([("norsk bokmål", "nb"), ("English", "en")], value=language(), allow_blank=False, compact=True, id="lang")
            with Horizontal(id="buttons"):
                yield Button(_("OK"), variant="primary", id="ok", compact=True)
                yield Button(_("Cancel") + "  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()
        self._check_folder()

    @on(Select.Changed, "#view")
    def _view_changed(self, event: Select.Changed) -> None:
        self.query_one("#view-note", Static).update(view_note(str(event.value)))

    def _folder(self) -> str:
        return self.query_one("#folder", Input).value.strip()

    @on(Input.Changed, "#folder")
    def _check_folder(self) -> None:
        folder = self._folder()
        try:
            self.replaced = self.replaces(Path(folder)) if folder else []
        except OSError:
            self.replaced = []  # the write itself will say what is wrong with the folder
        note, ok = self.query_one("#replaces", Static), self.query_one("#ok", Button)
        if self.replaced:
            names = ", ".join(self.replaced)
            note.update(Text(ngettext_f("That folder already holds {names}: writing there replaces it. Choose another folder, or press 'Replace'.",
                                        "That folder already holds {names}: writing there replaces them. Choose another folder, or press 'Replace'.",
                                        len(self.replaced), names=names), style="bold"))
            ok.label, ok.variant = _("Replace {names}", names=names), "error"
        else:
            note.update("")
            ok.label, ok.variant = _("OK"), "primary"

    @on(Input.Submitted, "#folder")
    def _submitted(self) -> None:
        if not self.replaced:  # enter never replaces a file: that takes the button
            self._ok()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        folder = self._folder()
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
