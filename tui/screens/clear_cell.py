"""Clear a cell: remove the rules that decide it (you choose which), seeing first what else
those rules decided — removing a rule affects every cell it covers, not only this one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from policy_model import edits
from policy_model.i18n import _, ngettext_f
from policy_model.vocabulary import effect_word, status_word

from ..widgets.choices import CheckList
from .edit_dialog import EditDialog


class ClearCellDialog(EditDialog):
    def __init__(self, session, findings, cell):
        super().__init__(session, findings)
        self.cell = cell
        self.cells = [cell]  # (source, document, group): a range dialog clears many (edit_range.py)

    def heading(self) -> str:
        cat = self.session.current
        source, document, group = self.cell[:3]
        return _("Clear — {cell}", cell=f"{cat.name_of('sources', source)} · {cat.name_of('documents', document)} · {cat.name_of('personnel', group)}")

    def compose(self) -> ComposeResult:
        evaluation = self.session.evaluation()
        explained = [evaluation.explain((*cell[:3], action)) for cell in self.cells for action in evaluation.actions]
        applicable = list({r.id: r for e in explained for r in e.applicable}.values())  # every action's rules, once
        decisive = {r.id for e in explained for r in e.decisive}
        title = self.heading()
        with Vertical(id="box"):
            yield Static(Text(title, style="bold"), id="box-title")
            yield from self.compose_summary()
            with VerticalScroll(id="scroll"):
                yield Label(_("Remove these rules (each affects every cell it covers)"), classes="field-label")
                yield CheckList(*[Selection(Text(_rule_words(r)), r.id, r.id in decisive) for r in applicable], id="rules")
                yield Label(_("Impact of the change"), classes="field-label")
                yield Static(Text("…"), id="impact")
            yield from self.compose_buttons(_("Remove"), variant="error")

    def on_mount(self) -> None:
        self.query_one("#rules", CheckList).focus()
        self.update_preview()

    @on(SelectionList.SelectedChanged)
    def update_preview(self) -> None:
        chosen = self.query_one("#rules", CheckList).selected
        self.offer([edits.remove(self.session.current, "rules", rule_id) for rule_id in chosen], [])
        # The button says what it removes (undo brings it back until you save or quit).
        self.query_one("#ok", Button).label = ngettext_f("Remove {n} rule", "Remove {n} rules", len(chosen)) + "  ctrl+s"
        if not chosen:
            self.query_one("#impact", Static).update(Text(_("Choose the rules to remove."), style="dim"))
            self._set_summary(Text(_("Choose the rules to remove."), style="dim"))


def _rule_words(rule) -> str:
    when = " " + _("when {conditions}", conditions="+".join(rule.conditions)) if rule.conditions else ""
    return f"{rule.id}  {effect_word(rule.effect)}{when}  [{status_word(rule.status)}]"

