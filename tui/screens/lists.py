"""List screens: rules, entities (document types, sources, personnel groups) and assessments —
filter, open, edit every field, change status, add, delete."""

from __future__ import annotations

from typing import get_args

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static, Tab, Tabs

from policy_model import edits
from policy_model.i18n import N_, _, gettext
from policy_model.integrity import WHAT
from policy_model.schema import AssessmentStatus, RuleStatus, Status
from policy_model.vocabulary import (
    assessment_status_word,
    effect_word,
    feasibility_word,
    need_word,
    source_status_word,
    status_word,
)
from policy_model.yaml_write import render_entry

from ..commands import bindings, localize_bindings
from ..widgets.header import CatalogueHeader
from .dialogs import confirm
from .form_editor import FormEditor


def _ids(value) -> str:
    return _("all") if value is None else ", ".join(value)


# Column titles are message ids (and the columns' keys); the table shows them translated.
COLUMNS = {
    "rules": [
        (N_("Id"), lambda m: m.id),
        (N_("Effect"), lambda m: effect_word(m.effect) + (" ◐" if m.conditions else "")),
        (N_("Status"), lambda m: status_word(m.status)),
        (N_("Sources"), lambda m: _ids(m.sources)),
        (N_("Documents"), lambda m: _ids(m.documents)),
        (N_("Personnel"), lambda m: _ids(m.personnel)),
        (N_("Conditions"), lambda m: ", ".join(m.conditions or ())),
        (N_("Legal basis"), lambda m: ", ".join(m.legal_basis)),
    ],
    "document_types": [
        (N_("Id"), lambda m: m.id),
        (N_("Code"), lambda m: m.type_code.code if m.type_code else ""),
        (N_("Name"), lambda m: m.name),
        (N_("Conf."), lambda m: m.confidentiality),
        (N_("Category"), lambda m: ", ".join(m.parents)),
        (N_("Produced by"), lambda m: _ids(m.produced_by)),
    ],
    "sources": [
        (N_("Id"), lambda m: m.id),
        (N_("Name"), lambda m: m.name),
        (N_("Status"), lambda m: source_status_word(m.status)),
        (N_("Parents"), lambda m: ", ".join(m.parents)),
        (N_("Facility"), lambda m: ", ".join(c.code or "*" for c in m.facility_matches or ())),
    ],
    "personnel_groups": [
        (N_("Id"), lambda m: m.id),
        (N_("Name"), lambda m: m.name),
        (N_("Parents"), lambda m: ", ".join(m.parents)),
        (N_("HPR"), lambda m: ", ".join(m.authorizations)),
    ],
    "conditions": [
        (N_("Id"), lambda m: m.id),
        (N_("Name"), lambda m: m.name),
        (N_("Attribute"), lambda m: m.attribute or ""),
        (N_("Values"), lambda m: ", ".join(str(v).lower() if isinstance(v, bool) else v for v in m.values or ())),
    ],
    "assessments": [
        (N_("Id"), lambda m: m.id),
        (N_("Sources"), lambda m: _ids(m.sources)),
        (N_("Documents"), lambda m: _ids(m.documents)),
        (N_("Personnel"), lambda m: _ids(m.personnel)),
        (N_("Need"), lambda m: need_word(m.need)),
        (N_("Feasibility"), lambda m: feasibility_word(m.feasibility)),
        (N_("Status"), lambda m: assessment_status_word(m.status)),
        (N_("By"), lambda m: ", ".join(m.assessed_by)),
    ],
}
WIDTHS = {"Id": 40, "Sources": 24, "Documents": 32, "Personnel": 24, "Legal basis": 26, "Name": 34, "Produced by": 30, "Parents": 30}
TAB_TITLES = {
    "rules": N_("Rules"),
    "document_types": N_("Document types"),
    "sources": N_("Sources"),
    "personnel_groups": N_("Personnel groups"),
    "conditions": N_("Conditions"),
    "assessments": N_("Assessments"),
}
STATUS_CYCLE = {
    "rules": get_args(RuleStatus),
    "assessments": get_args(AssessmentStatus),
    "sources": tuple(reversed(get_args(Status))),  # planned → pilot → production
}


def matches(model, query: str, shown: str = "") -> bool:
    """The filter: any text in the entry as written, or as the list shows it ('godkjent')."""
    if not query:
        return True
    return query.casefold() in (" ".join(str(v) for v in model.model_dump().values() if v) + " " + shown).casefold()


def row_texts(section: str, model) -> list[str]:
    return [str(getter(model)) for _title, getter in COLUMNS[section]]


class ListScreen(Screen):
    SCOPE = "lists"
    BINDINGS = bindings("lists")

    def __init__(self, sections: list[str], select: str | None = None):
        super().__init__()
        localize_bindings(self)
        self.sections = sections
        self.section = sections[0]
        self.select = select
        self.shown: list = []

    @property
    def session(self):
        return self.app.session

    def compose(self) -> ComposeResult:
        yield CatalogueHeader(id="header")
        if len(self.sections) > 1:
            yield Tabs(*[Tab(gettext(TAB_TITLES[s]), id=f"tab-{s}") for s in self.sections], id="tabs")
        yield Input(placeholder=_("/ filter: any text in the entry"), id="list-filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")
        with VerticalScroll(id="detail"):
            yield Static(id="detail-text")
        yield Footer()

    def on_mount(self) -> None:
        if self.select:
            for section in self.sections:
                if any(m.id == self.select for m in edits.entries(self.session.current, section)):
                    self.section = section
                    if len(self.sections) > 1:
                        self.query_one(Tabs).active = f"tab-{section}"
                    break
        self.refresh_from_session()
        self.query_one(DataTable).focus()

    # -- drawing ----------------------------------------------------------------------------
    def refresh_from_session(self) -> None:
        table = self.query_one(DataTable)
        keep = self.current_id() or self.select
        self.select = None
        query = self.query_one("#list-filter", Input).value
        entries = edits.entries(self.session.current, self.section)
        self.shown = [m for m in entries if matches(m, query, " ".join(row_texts(self.section, m)) if query else "")]
        table.clear(columns=True)
        for title, _getter in COLUMNS[self.section]:
            table.add_column(Text(gettext(title)), key=title, width=WIDTHS.get(title))
        for model in self.shown:
            cells = [Text(value, no_wrap=True, overflow="ellipsis") for value in row_texts(self.section, model)]
            table.add_row(*cells, key=model.id)
        if keep and any(m.id == keep for m in self.shown):
            table.move_cursor(row=[m.id for m in self.shown].index(keep), animate=False)
        self.findings_updated()
        self.show_detail()

    def findings_updated(self) -> None:
        meta = self.session.current.meta
        counts = None if self.app.findings is None else self.app.finding_counts()
        self.query_one(CatalogueHeader).show(meta.title, meta.version, self.session.view, self.session.dirty, self.session.read_only, counts)

    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.shown or not table.is_valid_row_index(table.cursor_row):
            return None
        return self.shown[table.cursor_row].id

    def current(self):
        entry_id = self.current_id()
        return next((m for m in self.shown if m.id == entry_id), None)

    def show_detail(self) -> None:
        model = self.current()
        detail = self.query_one("#detail-text", Static)
        if model is None:
            detail.update(Text(_("Nothing matches the filter."), style="dim"))
            return
        location = self.session.current.locate(self.section, model.id)
        where = f"{location.file}:{location.line}" if location else _("not saved yet")
        text = Text(f"{WHAT[self.section]} · {where}\n", style="dim")
        text.append(f"- {render_entry(model, 2)}")
        detail.update(text)

    # -- events -----------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_entry()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_from_session()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        section = event.tab.id.removeprefix("tab-")
        # The tabs announce their first tab after mounting, when on_mount may have made
        # another one active (to show a finding's entry): a stale announcement changes nothing.
        if section != self.section and event.tabs.active == event.tab.id:
            self.section = section
            self.refresh_from_session()

    # -- actions ----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.action_show_main()

    def action_focus_filter(self) -> None:
        self.query_one("#list-filter", Input).focus()

    def action_edit_entry(self) -> None:
        model = self.current()
        if model is not None:
            self.app.push_screen(FormEditor(self.session, self.app.fresh_findings(), self.section, model), self.app.apply_edits)

    def action_new_entry(self) -> None:
        self.app.push_screen(FormEditor(self.session, self.app.fresh_findings(), self.section), self.app.apply_edits)

    def action_cycle_status(self) -> None:
        model = self.current()
        cycle = STATUS_CYCLE.get(self.section)
        if model is None or cycle is None:
            self.notify(_("Only rules, assessments and sources have a status to cycle."), severity="warning")
            return
        status = cycle[(cycle.index(model.status) + 1) % len(cycle)]
        updated = model.model_copy(update={"status": status})
        self.app.apply_edits([edits.change(self.session.current, self.section, model.id, updated)])

    def action_delete_entry(self) -> None:
        model = self.current()
        if model is None:
            return

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.app.apply_edits([edits.remove(self.session.current, self.section, model.id)])

        what = WHAT[self.section]
        self.app.push_screen(
            confirm(_("Delete {what} '{id}'?", what=what, id=model.id), _("You can undo it with ctrl+z until you save or quit."),
                    _("Delete {what} '{id}'", what=what, id=model.id)),
            done,
        )
