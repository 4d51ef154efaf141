"""Clear a cell: remove the rules that decide it (you choose which), seeing first what else
those rules decided — removing a rule affects every cell it covers, not only this one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from policy_model import edits

from ..session import EditRejected
from ..widgets.choices import CheckList
from .impact_preview import ImpactPreview


class ClearCellDialog(ImpactPreview, ModalScreen[list | None]):
    DEFAULT_CLASSES = "dialog tall"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "confirm", "Confirm", priority=True)]

    def __init__(self, session, findings, cell):
        super().__init__()
        self.session, self.findings_before, self.cell = session, findings, cell
        self.steps: list[edits.Edit] = []

    def compose(self) -> ComposeResult:
        cat = self.session.current
        provenance = self.session.evaluation().provenance(*self.cell)
        decisive = {r.id for r in provenance.decisive}
        source, document, group = self.cell
        title = f"Clear — {cat.name_of('sources', source)} · {cat.name_of('documents', document)} · {cat.name_of('personnel', group)}"
        with Vertical(id="box"):
            yield Static(Text(title, style="bold"), id="box-title")
            with VerticalScroll(id="scroll"):
                yield Label("Remove these rules (each affects every cell it covers)", classes="field-label")
                yield CheckList(
                    *[
                        Selection(Text(f"{r.id}  {r.effect}{' when ' + '+'.join(r.conditions) if r.conditions else ''}  [{r.status}]"), r.id, r.id in decisive)
                        for r in provenance.applicable
                    ],
                    id="rules",
                )
                yield Label("Impact", classes="field-label")
                yield Static(Text("…"), id="impact")
                yield Static(id="problems")
            with Horizontal(id="buttons"):
                yield Button("Remove  ctrl+s", variant="error", id="ok", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rules", CheckList).focus()
        self.update_preview()

    @on(SelectionList.SelectedChanged)
    def update_preview(self) -> None:
        chosen = self.query_one("#rules", CheckList).selected
        self.steps = [edits.remove(self.session.current, "rules", rule_id) for rule_id in chosen]
        problems = Text()
        ok = bool(self.steps)
        if self.steps:
            try:
                after = self.session.try_apply(*self.steps)
            except EditRejected as err:
                problems.append(str(err))
                ok = False
            else:
                self.preview(after)
        else:
            self.query_one("#impact", Static).update(Text("Choose the rules to remove.", style="dim"))
        self.query_one("#problems", Static).update(problems)
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
