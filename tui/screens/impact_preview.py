"""Shared by the edit dialogs: show what an edit would do — cell changes at once, findings
from a worker thread so typing never waits for the checks."""

from __future__ import annotations

from textual import work
from textual.widgets import Static

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.diff import diff
from policy_model.impact import Impact, finding_changes

from ..widgets.impact import impact_text


class ImpactPreview:
    """Mixin for a ModalScreen with a `#impact` Static, `session` and `findings_before`."""

    def preview(self, after) -> None:
        changes = diff(self.session.evaluation(), Evaluation(after, self.session.view))
        self.query_one("#impact", Static).update(
            impact_text(self.session.current, Impact(changes, [], []), findings_pending=True)
        )
        self._preview_findings(after, changes)

    @work(thread=True, exclusive=True, group="impact", description="impact preview")
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
