"""The base of the edit dialogs: they build edits, show what the edits would do — the cell
changes at once, the findings from a worker thread so typing never waits for the checks —
and return the edits on confirm (ctrl+s) or nothing on cancel (esc).

What a keyboard user must see without scrolling sits outside the scrolling form: a one-line
summary of the impact under the title (`compose_summary`), and why a confirm is refused
beside the button (`compose_buttons`)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation, counts_in, views_counting
from policy_model.diff import diff
from policy_model.i18n import _, and_list, ngettext_f
from policy_model.impact import Impact, finding_changes
from policy_model.vocabulary import status_word, view_word

from ..commands import localize_bindings
from ..session import EditRejected
from ..widgets.impact import impact_summary, impact_text


def not_counted(steps, view: str) -> tuple[str, str] | None:
    """Why a rule the edits add or change decides nothing in `view` (its status does not
    count there, SPEC §2): a headline and the whole reason; None when every such rule counts."""
    for step in steps:
        rule = step.after if step.section == "rules" else None
        if rule is None or counts_in(rule.status, view):
            continue
        headline = _("The rule does not count in the view {view}", view=view_word(view))
        counting = [view_word(v) for v in views_counting(rule.status)]
        if not counting:
            return headline, _("The rule does not count in the view {view}: a {status} rule counts in no view.",
                               view=view_word(view), status=status_word(rule.status))
        return headline, ngettext_f(
            "The rule does not count in the view {view}: a {status} rule counts only in the view {views} (v in the matrix switches the view).",
            "The rule does not count in the view {view}: a {status} rule counts only in the views {views} (v in the matrix switches the view).",
            len(counting), view=view_word(view), status=status_word(rule.status), views=and_list(counting),
        )
    return None


class EditDialog(ModalScreen[list | None]):
    """Subclasses compose `compose_summary()` under the title, an `#impact` Static in the
    form, `compose_buttons()` at the bottom, and keep `self.steps` (the edits to make, empty
    while the form is not valid) up to date through `offer`."""

    DEFAULT_CLASSES = "dialog tall"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "confirm", "Confirm", priority=True)]

    def __init__(self, session, findings) -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.findings_before = findings  # None: not known yet (they are computed here then)
        self.steps: list = []
        self._generation = 0  # the form state a preview belongs to: older results are dropped
        self._not_counted: tuple[str, str] | None = None

    def compose_summary(self) -> ComposeResult:
        yield Static(Text("…", style="dim"), id="summary")

    def compose_buttons(self, ok_label: str, variant: str = "primary") -> ComposeResult:
        with Horizontal(id="buttons"):
            yield Static(id="problems")
            yield Button(ok_label + "  ctrl+s", variant=variant, id="ok", compact=True)
            yield Button(_("Cancel") + "  esc", id="cancel", compact=True)

    def preview(self, after) -> None:
        """Work out, off the UI thread, what the catalogue `after` the edits would change."""
        self._generation += 1
        waiting = Text(_("working out the impact…"), style="dim")
        self.query_one("#impact", Static).update(waiting)
        self._set_summary(waiting)
        self._preview(after, self.session.evaluation(), self._generation)

    def _set_summary(self, text: Text) -> None:
        for summary in self.query("#summary").results(Static):  # a subclass may leave it out
            summary.update(text)

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
            headline, reason = self._not_counted or (None, None)
            self.query_one("#impact", Static).update(impact_text(self.session.current, impact, pending, reason))
            self._set_summary(impact_summary(impact, pending, headline))

    def offer(self, steps: list, problems: list[str]) -> None:
        """Offer `steps` for confirming when there are no problems and the catalogue takes them;
        show the impact either way, and the problems in `#problems`."""
        self.steps = []
        self._not_counted = not_counted(steps, self.session.view)
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

    def proposed_edits(self) -> tuple[list, list[str]] | None:
        """Hook: the edits the form proposes as it stands, and its problems. None (the default):
        the dialog previews its own way, overriding update_preview."""
        return None

    def update_preview(self) -> None:
        proposed = self.proposed_edits()
        if proposed is not None:
            self.offer(*proposed)

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed)
    def _form_changed(self) -> None:
        # The base's preview, not an override's: a dialog with its own update_preview handles
        # these messages itself (and proposes no edits here, so nothing happens).
        EditDialog.update_preview(self)

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
