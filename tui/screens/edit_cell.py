"""The rule dialog opened on a cell: allow, deny or conditional for a scope widened on each axis
on its own (the cell's node, then every ancestor), with its actions, conditions, legal basis,
status and rationale — and the impact shown before you confirm."""

from __future__ import annotations

from typing import get_args

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, RadioSet, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from policy_model import edits
from policy_model.i18n import N_, NP_, _, gettext, ngettext_f
from policy_model.schema import Rule, RuleStatus, slug
from policy_model.vocabulary import status_word

from ..forms import validation_problems
from ..widgets.choices import CheckList, Radio
from .edit_dialog import EditDialog

EFFECT_TITLE = {"allow": N_("Allow"), "deny": N_("Deny"), "conditional": N_("Allow on conditions")}
ID_PREFIX = {"allow": "tillat", "deny": "nekt", "conditional": "betinget"}
"""New rules' ids start with their effect, in Norwegian like the catalogue's own ids (README)."""
AXIS_LABEL = {"sources": N_("Sources"), "documents": N_("Documents"), "personnel": N_("Personnel")}
AXIS_OF = {"sources": "source_axis", "documents": "document_axis", "personnel": "personnel_axis"}
COUNT = {
    "sources": NP_("{n} source", "{n} sources"),
    "documents": NP_("{n} document type", "{n} document types"),
    "personnel": NP_("{n} personnel group", "{n} personnel groups"),
}
EVERY = {"sources": N_("Every source ({n})"), "documents": N_("Every document type ({n})"), "personnel": N_("Every personnel group ({n})")}


def ancestors_nearest_first(catalogue, axis: str, node: str) -> list[str]:
    """Every ancestor of `node` on `axis` (a DAG: several parents), once: the nearest first,
    then by name."""
    distances = getattr(catalogue, AXIS_OF[axis]).ancestor_distances(node)
    return sorted(distances, key=lambda up: (distances[up], catalogue.name_of(axis, up).casefold(), up))


def scope_choices(catalogue, axis: str, node: str) -> list[tuple[str, str | None]]:
    """What a rule made on `node` can cover on `axis`: the node itself, then each ancestor
    nearest first (with how many leaves it holds), then the whole axis (None: the rule leaves
    the axis out) unless an ancestor already holds every leaf."""
    hierarchy = getattr(catalogue, AXIS_OF[axis])
    every = len(hierarchy.leaves)

    def label(up: str) -> str:
        return f"{catalogue.name_of(axis, up)} ({ngettext_f(*COUNT[axis], len(hierarchy.leaves_under(up)))})"

    choices: list[tuple[str, str | None]] = [(catalogue.name_of(axis, node) if hierarchy.is_leaf(node) else label(node), node)]
    whole = len(hierarchy.leaves_under(node)) == every
    for up in ancestors_nearest_first(catalogue, axis, node):
        choices.append((label(up), up))
        whole = whole or len(hierarchy.leaves_under(up)) == every
    if not whole:
        choices.append((_(EVERY[axis], n=every), None))
    return choices


class CellEditDialog(EditDialog):
    """Returns the edits to make (one added rule), or None when cancelled."""

    def __init__(self, session, findings, source, document, category, group, effect):
        super().__init__(session, findings)
        self.source, self.document, self.category, self.group = source, document, category, group
        self.effect = effect
        self.choices = self._choices()

    # -- what the dialog offers ---------------------------------------------------------
    def _choices(self) -> dict[str, list[tuple[str, str | None]]]:
        doc_node = self.document or self.category
        cells = {"sources": self.source, "documents": doc_node, "personnel": self.group}
        return {axis: scope_choices(self.session.current, axis, node) for axis, node in cells.items()}

    def compose(self) -> ComposeResult:
        cat = self.session.current
        with Vertical(id="box"):
            yield Static(Text(f"{gettext(EFFECT_TITLE[self.effect])} — {cat.name_of('sources', self.source)}", style="bold"), id="box-title")
            yield from self.compose_summary()
            with VerticalScroll(id="scroll"):
                yield Label(_("Applies to (widen on any axis)"), classes="field-label")
                for axis, choices in self.choices.items():
                    with Horizontal(classes="axis-row"):
                        yield Label(gettext(AXIS_LABEL[axis]), classes="axis-label")
                        with RadioSet(id=f"scope-{axis}", classes="scope"):
                            for index, (label, _node) in enumerate(choices):
                                yield Radio(Text(label), value=index == 0)
                if cat.declares_actions:
                    yield Label(_("Actions (all checked: every action)"), classes="field-label")
                    yield CheckList(
                        *[Selection(Text(f"{a.name} ({a.id})"), a.id, True) for a in cat.actions.values()], id="actions"
                    )
                if self.effect == "conditional":
                    yield Label(_("Conditions (all must hold)"), classes="field-label")
                    yield CheckList(
                        *[Selection(Text(f"{c.name} ({c.id})"), c.id) for c in cat.conditions.values()], id="conditions"
                    )
                if self.effect != "deny":
                    yield Label(_("Look-back window (e.g. P1Y, P6M; empty: no limit)"), classes="field-label")
                    yield Input(placeholder="P1Y", compact=True, id="window")
                    yield Label(_("Legal basis (required; ✓ = its scope covers the rule)"), classes="field-label")
                    yield CheckList(id="bases")
                else:
                    yield Checkbox(
                        _("List the allow rules this deny overrides without being their carve-out (overrides)"),
                        value=True,
                        compact=True,
                        id="overrides",
                    )
                yield Label(_("Status"), classes="field-label")
                statuses = [(status_word(s), s) for s in get_args(RuleStatus) if s != "retired"]
                yield Select(statuses, value="draft", allow_blank=False, compact=True, id="status")
                yield Label(_("Rule id"), classes="field-label")
                yield Input(compact=True, id="rule-id")
                yield Label(_("Rationale (why the rule exists)"), classes="field-label")
                yield Input(placeholder=_("Why the rule exists"), compact=True, id="rationale")
                yield Label(_("Impact of the change"), classes="field-label")
                yield Static(Text("…"), id="impact")
            yield from self.compose_buttons(_("Confirm"))

    def on_mount(self) -> None:
        self._suggested = self._unique_id(self._scope())
        self.query_one("#rule-id", Input).value = self._suggested
        self._fill_bases()
        self.query_one("#scope-sources", RadioSet).focus()
        self.update_preview()

    # -- the rule being made ---------------------------------------------------------------
    def _scope(self) -> dict:
        """The rule's axes as chosen; an axis widened to everything is left out (SPEC §1.4)."""
        scope = {}
        for axis, choices in self.choices.items():
            pressed = self.query_one(f"#scope-{axis}", RadioSet).pressed_index
            node = choices[max(pressed, 0)][1]
            if node is not None:
                scope[axis] = [node]
        if self.session.current.declares_actions:
            chosen = self.query_one("#actions", CheckList).selected
            if len(chosen) < len(self.session.current.actions):
                scope["actions"] = chosen or ["-"]  # none chosen: refused by the model below
        return scope

    def _unique_id(self, scope: dict) -> str:
        parts = [scope[axis][0] if axis in scope else "alle" for axis in ("sources", "documents", "personnel")]
        base = slug(ID_PREFIX[self.effect], *parts) or "regel"
        taken = {r.id for r in self.session.current.rules}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _fill_bases(self) -> None:
        if self.effect == "deny":
            return
        cat = self.session.current
        selection = self.query_one("#bases", CheckList)
        chosen = set(selection.selected)
        fits = self._fitting_bases(self._scope())
        selection.clear_options()
        for basis in sorted(cat.legal_bases.values(), key=lambda b: (b.id not in fits, list(cat.legal_bases).index(b.id))):
            mark = "✓ " if basis.id in fits else "  "
            selection.add_option(Selection(Text(f"{mark}{basis.name} ({basis.id})"), basis.id, basis.id in chosen))

    def _fitting_bases(self, scope: dict) -> set[str]:
        """Legal bases whose scope holds every applicable cell the rule would cover (the
        reading of outside_legal_basis)."""
        if scope.get("actions") == ["-"]:
            return set()
        return set(self.session.evaluation().bases_covering(Rule(id="probe", effect="allow", **scope)))

    def _build(self) -> tuple[Rule | None, list[str]]:
        scope = self._scope()
        problems = []
        data = {
            "id": self.query_one("#rule-id", Input).value.strip(),
            "effect": "deny" if self.effect == "deny" else "allow",
            **scope,
            "status": self.query_one("#status", Select).value,
        }
        rationale = self.query_one("#rationale", Input).value.strip()
        if rationale:
            data["rationale"] = rationale
        if self.effect == "conditional":
            conditions = self.query_one("#conditions", CheckList).selected
            if not conditions:
                problems.append(_("choose at least one condition"))
            else:
                data["conditions"] = conditions
        if scope.get("actions") == ["-"]:
            problems.append(_("choose at least one action"))
            del data["actions"]
        if self.effect != "deny":
            window = self.query_one("#window", Input).value.strip()
            if window:
                data["window"] = window
            bases = self.query_one("#bases", CheckList).selected
            if not bases:
                problems.append(_("choose a legal basis: an allow needs one"))
            data["legal_basis"] = bases
        elif self.query_one("#overrides", Checkbox).value:
            overridden = self._overlapping_allows(scope)
            if overridden:
                data["overrides"] = overridden
        if data["id"] in {r.id for r in self.session.current.rules}:
            problems.append(_("rule id '{id}' is already used", id=data["id"]))
        try:
            return Rule.model_validate(data), problems
        except ValidationError as err:
            return None, problems + validation_problems(err, "rules")

    def _overlapping_allows(self, scope: dict) -> list[str]:
        """The allows this deny would conflict with: it overlaps them and is not their carve-out."""
        if scope.get("actions") == ["-"]:
            return []
        probe = Rule(id="probe", effect="deny", **scope)
        return [allow.id for allow, _shared in self.session.evaluation().conflicting_allows(probe)]

    # -- preview --------------------------------------------------------------------------
    @on(RadioSet.Changed)
    def _scope_changed(self) -> None:
        rule_id = self.query_one("#rule-id", Input)
        if rule_id.value == self._suggested:  # an id the user typed stays theirs
            self._suggested = rule_id.value = self._unique_id(self._scope())
        self._fill_bases()
        self.update_preview()

    @on(SelectionList.SelectedChanged, "#actions")
    def _actions_changed(self) -> None:
        self._fill_bases()  # a basis may cover the list but not opening the document

    def proposed_edits(self) -> tuple[list, list[str]]:  # EditDialog offers it whenever the form changes
        rule, problems = self._build()
        return [edits.add(self.session.current, "rules", rule)] if rule is not None else [], problems

