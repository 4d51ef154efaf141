"""The base of the edit dialogs: they build edits, show what the edits would do — the cell
changes at once, the findings from a worker thread so typing never waits for the checks —
and return the edits on confirm (ctrl+s) or nothing on cancel (esc)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.diff import diff
from policy_model.i18n import _
from policy_model.impact import Impact, finding_changes

from ..commands import localize_bindings
from ..session import EditRejected
from ..widgets.impact import impact_text


class EditDialog(ModalScreen[list | None]):
    """Subclasses compose an `#impact` Static, an `#ok` and a `#cancel` Button, and keep
    `self.steps` (the edits to make, empty while the form is not valid) up to date."""

    DEFAULT_CLASSES = "dialog tall"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "confirm", "Confirm", priority=True)]

    def __init__(self, session, findings) -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.findings_before = findings  # None: not known yet (they are computed here then)
        self.steps: list = []
        self._generation = 0  # the form state a preview belongs to: older results are dropped

    def preview(self, after) -> None:
        """Work out, off the UI thread, what the catalogue `after` the edits would change."""
        self._generation += 1
        self.query_one("#impact", Static).update(Text(_("working out the impact…"), style="dim"))
        self._preview(after, self.session.evaluation(), self._generation)

    @work(thread=True, exclusive=True, group="impact", description="impact preview", exit_on_error=False)
    def _preview(self, after, before_evaluation, generation: int) -> None:
        view = self.session.view
        after_evaluation = Evaluation(after, view)
        changes = diff(before_evaluation, after_evaluation)
        self.app.call_from_thread(self._show_impact, generation, Impact(changes, [], []), True)
        before = self.findings_before
        if before is None:
            before = policy_findings(Context(self.session.current, view, before_evaluation))
        appeared, vanished = finding_changes(before, policy_findings(Context(after, view, after_evaluation)))
        self.app.call_from_thread(self._show_impact, generation, Impact(changes, appeared, vanished), False)

    def _show_impact(self, generation: int, impact: Impact, pending: bool) -> None:
        if self.is_attached and generation == self._generation:
            self.query_one("#impact", Static).update(impact_text(self.session.current, impact, findings_pending=pending))

    def offer(self, steps: list, problems: list[str]) -> None:
        """Offer `steps` for confirming when there are no problems and the catalogue takes them;
        show the impact either way, and the problems in `#problems`."""
        self.steps = []
        if steps:
            try:
                after = self.session.try_apply(*steps)
            except EditRejected as err:
                problems = [*problems, str(err)]
            else:
                self.steps = [] if problems else list(steps)
                self.preview(after)
        self.query_one("#problems", Static).update(Text("\n".join(problems)))
        self.query_one("#ok", Button).disabled = not self.steps

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
