"""The rule dialog opened on a cell: allow, deny or conditional for a scope you choose, with
its conditions, legal basis, status and rationale — and the impact shown before you confirm."""

from __future__ import annotations

from typing import get_args


from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from policy_model import edits
from policy_model.schema import Rule, RuleStatus, slug

from ..widgets.choices import CheckList, Radio
from .edit_dialog import EditDialog

EFFECT_TITLE = {"allow": "Allow", "deny": "Deny", "conditional": "Allow on conditions"}


class CellEditDialog(EditDialog):
    """Returns the edits to make (one added rule), or None when cancelled."""

    def __init__(self, session, findings, source, document, category, group, effect):
        super().__init__(session, findings)
        self.source, self.document, self.category, self.group = source, document, category, group
        self.effect = effect
        self.scopes = self._scopes()

    # -- what the dialog offers ---------------------------------------------------------
    def _scopes(self) -> list[tuple[str, dict]]:
        cat = self.session.current
        doc_node = self.document or self.category
        doc_name = cat.name_of("documents", doc_node)
        group_name = cat.name_of("personnel", self.group)
        source_name = cat.name_of("sources", self.source)
        base = {"sources": [self.source], "documents": [doc_node], "personnel": [self.group]}
        scopes = [(f"This cell: {source_name} · {doc_name} · {group_name}", base)]
        for parent in cat.personnel_axis.parents(self.group):
            scopes.append(
                (f"{doc_name} for all of {cat.name_of('personnel', parent)}", {**base, "personnel": [parent]})
            )
        if self.document is not None:
            for category in cat.document_types[self.document].parents:
                scopes.append(
                    (f"The whole category {cat.name_of('documents', category)} for {group_name}", {**base, "documents": [category]})
                )
        for parent in cat.source_axis.parents(self.source):
            scopes.append((f"All sources under {cat.name_of('sources', parent)}", {**base, "sources": [parent]}))
        return scopes

    def compose(self) -> ComposeResult:
        cat = self.session.current
        with Vertical(id="box"):
            yield Static(Text(f"{EFFECT_TITLE[self.effect]} — {cat.name_of('sources', self.source)}", style="bold"), id="box-title")
            with VerticalScroll(id="scroll"):
                yield Label("Scope", classes="field-label")
                with RadioSet(id="scope"):
                    for index, (label, _scope) in enumerate(self.scopes):
                        yield Radio(Text(label), value=index == 0)
                if cat.declares_actions:
                    yield Label("Actions (all checked: every action)", classes="field-label")
                    yield CheckList(
                        *[Selection(Text(f"{a.name} ({a.id})"), a.id, True) for a in cat.actions.values()], id="actions"
                    )
                if self.effect == "conditional":
                    yield Label("Conditions (all must hold)", classes="field-label")
                    yield CheckList(
                        *[Selection(Text(f"{c.name} ({c.id})"), c.id) for c in cat.conditions.values()], id="conditions"
                    )
                if self.effect != "deny":
                    yield Label("Look-back window (e.g. P1Y, P6M; empty: no limit)", classes="field-label")
                    yield Input(placeholder="P1Y", compact=True, id="window")
                    yield Label("Legal basis (required; ✓ = its scope covers the rule)", classes="field-label")
                    yield CheckList(id="bases")
                else:
                    yield Checkbox(
                        "List the allow rules this deny overrides without being their carve-out (overrides)",
                        value=True,
                        compact=True,
                        id="overrides",
                    )
                yield Label("Status", classes="field-label")
                yield Select([(s, s) for s in get_args(RuleStatus) if s != "retired"], value="draft", allow_blank=False, compact=True, id="status")
                yield Label("Rule id", classes="field-label")
                yield Input(compact=True, id="rule-id")
                yield Label("Rationale (why the rule exists)", classes="field-label")
                yield Input(placeholder="Hvorfor regelen finnes", compact=True, id="rationale")
                yield Label("Impact", classes="field-label")
                yield Static(Text("…"), id="impact")
                yield Static(id="problems")
            with Horizontal(id="buttons"):
                yield Button("Confirm  ctrl+s", variant="primary", id="ok", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rule-id", Input).value = self._unique_id(self.scopes[0][1])
        self._fill_bases()
        self.query_one("#scope", RadioSet).focus()
        self.update_preview()

    # -- the rule being made ---------------------------------------------------------------
    def _scope(self) -> dict:
        pressed = self.query_one("#scope", RadioSet).pressed_index
        scope = dict(self.scopes[max(pressed, 0)][1])
        if self.session.current.declares_actions:
            chosen = self.query_one("#actions", CheckList).selected
            if len(chosen) < len(self.session.current.actions):
                scope["actions"] = chosen or ["-"]  # none chosen: refused by the model below
        return scope

    def _unique_id(self, scope: dict) -> str:
        effect = "betinget" if self.effect == "conditional" else self.effect
        base = slug(effect, scope["sources"][0], scope["documents"][0], scope["personnel"][0]) or "regel"
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
                problems.append("choose at least one condition")
            else:
                data["conditions"] = conditions
        if scope.get("actions") == ["-"]:
            problems.append("choose at least one action")
            del data["actions"]
        if self.effect != "deny":
            window = self.query_one("#window", Input).value.strip()
            if window:
                data["window"] = window
            bases = self.query_one("#bases", CheckList).selected
            if not bases:
                problems.append("choose a legal basis: an allow needs one")
            data["legal_basis"] = bases
        elif self.query_one("#overrides", Checkbox).value:
            overridden = self._overlapping_allows(scope)
            if overridden:
                data["overrides"] = overridden
        if data["id"] in {r.id for r in self.session.current.rules}:
            problems.append(f"rule id '{data['id']}' is already used")
        try:
            return Rule.model_validate(data), problems
        except ValidationError as err:
            return None, problems + [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors(include_url=False)]

    def _overlapping_allows(self, scope: dict) -> list[str]:
        """The allows this deny would conflict with: it overlaps them and is not their carve-out."""
        if scope.get("actions") == ["-"]:
            return []
        probe = Rule(id="probe", effect="deny", **scope)
        return [allow.id for allow, _shared in self.session.evaluation().conflicting_allows(probe)]

    # -- preview --------------------------------------------------------------------------
    @on(RadioSet.Changed)
    def _scope_changed(self) -> None:
        self.query_one("#rule-id", Input).value = self._unique_id(self._scope())
        self._fill_bases()
        self.update_preview()

    @on(SelectionList.SelectedChanged, "#actions")
    def _actions_changed(self) -> None:
        self._fill_bases()  # a basis may cover the list but not opening the document

    @on(SelectionList.SelectedChanged)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        rule, problems = self._build()
        self.offer([edits.add(self.session.current, "rules", rule)] if rule is not None else [], problems)

