"""The dialog opened by a/c/d on a selected range of the matrix: the fewest rules that give
exactly the selected cells that decision, found by the review import's proposal engine
(policy_model.proposals), in plain words; the fields the rules share (conditions, window,
legal basis, status, rationale), and the impact before you confirm. All the rules are added
as one undoable step. `x` on a range opens the cell's clear dialog over every selected cell:
clearing means removing rules, which the engine (it only adds rules) cannot do."""

from __future__ import annotations

from typing import get_args

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual.widgets.selection_list import Selection

from policy_model import edits
from policy_model.i18n import _, gettext, ngettext_f
from policy_model.proposals import Proposal, ProposalError, Wanted, propose
from policy_model.schema import Rule, RuleStatus, slug
from policy_model.vocabulary import status_word
from policy_model.windows import WindowError, parse_window

from ..forms import validation_problems
from ..widgets.choices import CheckList
from ..widgets.selection import matrix_range
from .clear_cell import ClearCellDialog
from .edit_cell import EFFECT_TITLE, ID_PREFIX
from .edit_dialog import EditDialog

MAX_RULES_LISTED = 12


def open_range_dialog(screen, effect: str) -> bool:
    """Open the range dialog for `effect` (allow, conditional, deny or clear) when the matrix
    has a selection; False when it has none (the key then acts on the cell)."""
    from ..widgets.matrix import MatrixTable

    table = screen.query_one(MatrixTable)
    documents, groups = matrix_range(table)
    if table.selection is None or screen.source is None:
        return False
    app = screen.app
    cells = [(screen.source, d, g) for d in documents for g in groups]
    evaluation = screen.session.evaluation()
    applicable = [c for c in cells if any(evaluation.decision((*c, a)).kind != "na" for a in evaluation.actions)]
    if not applicable:
        screen.notify(_("The selection holds no cell with a decision (choose document types and personnel groups)."),
                      severity="warning")
        return True
    if effect == "clear":
        if not any(evaluation.explain((*c, a)).applicable for c in applicable for a in evaluation.actions):
            screen.notify(_("No rule covers these cells: nothing to clear."))
            return True
        app.push_screen(ClearRangeDialog(screen.session, app.fresh_findings(), applicable), app.apply_edits)
        return True
    app.push_screen(RangeEditDialog(screen.session, app.fresh_findings(), screen.source, documents, groups, effect),
                    app.apply_edits)
    return True


class ClearRangeDialog(ClearCellDialog):
    """Remove the rules that decide any of the selected cells (you choose which)."""

    def __init__(self, session, findings, cells):
        super().__init__(session, findings, cells[0])
        self.cells = list(cells)

    def heading(self) -> str:
        return ngettext_f("Clear — {n} cell", "Clear — {n} cells", len(self.cells))


class RangeEditDialog(EditDialog):
    """Returns the edits to make (the proposed rules), or None when cancelled."""

    def __init__(self, session, findings, source: str, documents: list[str], groups: list[str], effect: str):
        super().__init__(session, findings)
        self.source, self.documents, self.groups, self.effect = source, documents, groups, effect
        self.proposal: Proposal | None = None
        self._proposed_for: tuple | None = None
        self._bases_for: Proposal | None = None

    # -- the form ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        cat = self.session.current
        cells = len(self.documents) * len(self.groups)
        title = ngettext_f("{effect} — {n} cell of {source}", "{effect} — {n} cells of {source}", cells,
                           effect=gettext(EFFECT_TITLE[self.effect]), source=cat.name_of("sources", self.source))
        with Vertical(id="box"):
            yield Static(Text(title, style="bold"), id="box-title")
            yield from self.compose_summary()
            with VerticalScroll(id="scroll"):
                yield Static(self._range_words(), id="range")
                if cat.declares_actions:
                    yield Label(_("Actions (all checked: every action)"), classes="field-label")
                    yield CheckList(*[Selection(Text(f"{a.name} ({a.id})"), a.id, True) for a in cat.actions.values()],
                                    id="actions")
                if self.effect == "conditional":
                    yield Label(_("Conditions (all must hold)"), classes="field-label")
                    yield CheckList(*[Selection(Text(f"{c.name} ({c.id})"), c.id) for c in cat.conditions.values()],
                                    id="conditions")
                if self.effect != "deny":
                    yield Label(_("Look-back window (e.g. P1Y, P6M; empty: no limit)"), classes="field-label")
                    yield Input(placeholder="P1Y", compact=True, id="window")
                yield Label(_("Proposed rules (the fewest that give exactly the selected cells)"), classes="field-label")
                yield Static(Text("…"), id="rules")
                if self.effect != "deny":
                    yield Label(_("Legal basis for every rule (required; ✓ = its scope covers every proposed rule)"),
                                classes="field-label")
                    yield CheckList(id="bases")
                else:
                    yield Checkbox(
                        _("List the allow rules each deny overrides without being their carve-out (overrides)"),
                        value=True, compact=True, id="overrides",
                    )
                yield Label(_("Status"), classes="field-label")
                statuses = [(status_word(s), s) for s in get_args(RuleStatus) if s != "retired"]
                yield Select(statuses, value="draft", allow_blank=False, compact=True, id="status")
                yield Label(_("Rationale (why the rules exist)"), classes="field-label")
                yield Input(placeholder=_("Why the rules exist"), compact=True, id="rationale")
                yield Label(_("Impact of the change"), classes="field-label")
                yield Static(Text("…"), id="impact")
            yield from self.compose_buttons(_("Confirm"))

    def _range_words(self) -> Text:
        cat = self.session.current
        return Text(_("Selected: {documents} × {groups}", documents=_names(cat, "documents", self.documents),
                      groups=_names(cat, "personnel", self.groups)), style="dim")

    def on_mount(self) -> None:
        focus = "#conditions" if self.effect == "conditional" else "#window" if self.effect == "allow" else "#status"
        self.query_one(focus).focus()
        self.update_preview()

    # -- the proposal -----------------------------------------------------------------------
    def _wish(self) -> tuple[Wanted | None, list[str]]:
        """What every selected cell should be, or the problems that keep it from being asked."""
        problems = []
        window = None
        if self.effect != "deny":
            entered = self.query_one("#window", Input).value.strip()
            if entered:
                try:
                    window = parse_window(entered)
                except WindowError as err:
                    problems.append(str(err))
        if self.effect == "deny":
            return Wanted("deny"), problems
        if self.effect == "allow":
            return Wanted("allow", window=window), problems
        conditions = self.query_one("#conditions", CheckList).selected
        if not conditions:
            problems.append(_("choose at least one condition"))
            return None, problems
        return Wanted("conditional", (tuple(sorted(conditions)),), window), problems

    def _actions(self) -> list[str]:
        evaluation = self.session.evaluation()
        if not self.session.current.declares_actions:
            return list(evaluation.actions)
        chosen = set(self.query_one("#actions", CheckList).selected)
        return [a for a in evaluation.actions if a in chosen]

    def _propose(self, wish: Wanted, actions: list[str]) -> Proposal:
        key = (wish, tuple(actions))
        if key != self._proposed_for:
            evaluation = self.session.evaluation()
            wanted = {
                cell: wish
                for cell in ((self.source, d, g, a) for d in self.documents for g in self.groups for a in actions)
                if evaluation.decision(cell).kind != "na"  # the source does not produce it: no decision to make
            }
            name = slug(ID_PREFIX[self.effect], self.source) or ID_PREFIX[self.effect]
            # (the rationale is the author's, set with the other shared fields in _finish)
            self.proposal = propose(self.session.current, self.session.view, wanted, name=name,
                                    default_rationale="-", met_may_join=True)
            self._proposed_for = key
        return self.proposal

    def _build(self) -> tuple[list[Rule], list[str]]:
        wish, problems = self._wish()
        actions = self._actions()
        if not actions:
            problems.append(_("choose at least one action"))
        if wish is None or problems:
            self._show_rules(None)
            return [], problems
        try:
            proposal = self._propose(wish, actions)
        except ProposalError as err:  # a bug in pjd: say so rather than make wrong rules
            self._show_rules(None)
            return [], [str(err)]
        self._fill_bases(proposal)
        self._show_rules(proposal)
        if not proposal.rules:
            problems.append(_("every selected cell already has this decision: no rule to add")
                            if not proposal.unreachable else _("no selected cell can get this decision by adding rules"))
            return [], problems
        return self._finish(proposal.rules, problems)

    def _finish(self, proposed, problems: list[str]) -> tuple[list[Rule], list[str]]:
        """The proposed rules with the fields the author sets for all of them."""
        shared: dict = {"status": self.query_one("#status", Select).value}
        rationale = self.query_one("#rationale", Input).value.strip()
        shared["rationale"] = rationale or None
        if self.effect != "deny":
            bases = self.query_one("#bases", CheckList).selected
            if not bases:
                problems.append(_("choose a legal basis: an allow needs one"))
            shared["legal_basis"] = tuple(bases)
        elif not self.query_one("#overrides", Checkbox).value:
            shared["overrides"] = ()
        rules = []
        for rule in proposed:
            try:
                rules.append(Rule.model_validate({**rule.model_dump(exclude_none=True), **shared}))
            except ValidationError as err:
                problems.extend(validation_problems(err, "rules"))
                return [], problems
        return rules, problems

    def _fill_bases(self, proposal: Proposal) -> None:
        """Legal bases, those whose scope covers every proposed rule first and marked ✓;
        checked at first (the engine's choice), the author's choice kept after that."""
        if self.effect == "deny" or proposal is self._bases_for:
            return  # refilling posts SelectedChanged: only for a new proposal, or it never ends
        cat = self.session.current
        fits = set(cat.legal_bases)
        for rule in proposal.rules:
            fits &= set(rule.legal_basis)
        selection = self.query_one("#bases", CheckList)
        chosen = set(selection.selected) if self._bases_for is not None else fits
        selection.clear_options()
        for basis in sorted(cat.legal_bases.values(), key=lambda b: (b.id not in fits, list(cat.legal_bases).index(b.id))):
            mark = "✓ " if basis.id in fits else "  "
            selection.add_option(Selection(Text(f"{mark}{basis.name} ({basis.id})"), basis.id, basis.id in chosen))
        self._bases_for = proposal

    def _show_rules(self, proposal: Proposal | None) -> None:
        box = self.query_one("#rules", Static)
        if proposal is None:
            box.update(Text("—", style="dim"))
            return
        box.update(proposal_text(self.session.current, proposal))

    # -- preview (EditDialog offers it whenever the form changes) ---------------------------
    def proposed_edits(self) -> tuple[list, list[str]]:
        rules, problems = self._build()
        return [edits.add(self.session.current, "rules", rule) for rule in rules], problems


def _names(catalogue, axis: str, ids) -> str:
    return ", ".join(catalogue.name_of(axis, node) for node in ids)


def rule_words(catalogue, rule: Rule) -> str:
    """What a proposed rule covers, by name: sources, document types, personnel and actions."""
    words = _("sources: {sources}; documents: {documents}; personnel: {personnel}",
              sources=_names(catalogue, "sources", rule.sources), documents=_names(catalogue, "documents", rule.documents),
              personnel=_names(catalogue, "personnel", rule.personnel))
    if rule.actions:
        words += "; " + _("actions: {actions}", actions=_names(catalogue, "actions", rule.actions))
    if rule.conditions:
        words += "; " + _("when: {conditions}", conditions=_names(catalogue, "conditions", rule.conditions))
    if rule.window:
        words += "; " + _("look-back {window}", window=rule.window)
    return words


def proposal_text(catalogue, proposal: Proposal) -> Text:
    text = Text(ngettext_f("{n} rule:", "{n} rules:", len(proposal.rules)) + "\n", style="bold")
    for number, rule in enumerate(proposal.rules[:MAX_RULES_LISTED], start=1):
        text.append(f"{number}. ", style="bold")
        text.append(rule_words(catalogue, rule) + "\n")
    if len(proposal.rules) > MAX_RULES_LISTED:
        text.append(_("… and {count} more", count=len(proposal.rules) - MAX_RULES_LISTED) + "\n", style="dim")
    if proposal.already:
        text.append(ngettext_f("{n} cell already has this decision.", "{n} cells already have this decision.",
                               len(proposal.already)) + "\n", style="dim")
    if proposal.unreachable:
        text.append(ngettext_f("{n} cell cannot get it by adding rules:", "{n} cells cannot get it by adding rules:",
                               len(proposal.unreachable)) + "\n", style="yellow")
        by_advice: dict[str, set[str]] = {}
        for item in proposal.unreachable:
            by_advice.setdefault(item.advice, set()).update(b.rule for b in item.blockers)
        for advice, blockers in by_advice.items():
            named = f" ({', '.join(sorted(blockers))})" if blockers else ""
            text.append(f"  {advice}{named}\n", style="yellow")
    return text
