"""The base of the edit dialogs: they build edits, show what the edits would do — the cell
changes at once, the findings from a worker thread so typing never waits for the checks —
and return the edits on confirm (ctrl+s) or nothing on cancel (esc)."""

from __future__ import annotations

from textual import on, work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.diff import diff
from policy_model.impact import Impact, finding_changes

from ..widgets.impact import impact_text


class EditDialog(ModalScreen[list | None]):
    """Subclasses compose an `#impact` Static, an `#ok` and a `#cancel` Button, and keep
    `self.steps` (the edits to make, empty while the form is not valid) up to date."""

    DEFAULT_CLASSES = "dialog tall"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "confirm", "Confirm", priority=True)]

    def __init__(self, session, findings) -> None:
        super().__init__()
        self.session = session
        self.findings_before = findings
        self.steps: list = []

    def preview(self, after) -> None:
        changes = diff(self.session.evaluation(), Evaluation(after, self.session.view))
        self.query_one("#impact", Static).update(
            impact_text(self.session.current, Impact(changes, [], []), findings_pending=True)
        )
        self._preview_findings(after, changes)

    @work(thread=True, exclusive=True, group="impact", description="impact preview")  # no repr of a catalogue
    def _preview_findings(self, after, changes) -> None:
        view = self.session.view
        before = self.findings_before
        if before is None:
            before = policy_findings(Context(self.session.current, view))
        appeared, vanished = finding_changes(before, policy_findings(Context(after, view)))
        self.app.call_from_thread(self._show_impact, Impact(changes, appeared, vanished))

    def _show_impact(self, impact: Impact) -> None:
        if self.is_attached:
            self.query_one("#impact", Static).update(impact_text(self.session.current, impact))

    def allow_confirm(self, ok: bool) -> None:
        self.query_one("#ok", Button).disabled = not ok

    def action_confirm(self) -> None:
        if self.steps and not self.query_one("#ok", Button).disabled:
            self.dismiss(list(self.steps))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
