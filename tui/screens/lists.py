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
from policy_model.schema import AssessmentStatus, RuleStatus, Status, SINGULAR
from policy_model.yaml_write import render_entry

from ..commands import bindings
from ..widgets.header import CatalogueHeader
from .dialogs import confirm
from .form_editor import FormEditor


def _ids(value) -> str:
    return "alle" if value is None else ", ".join(value)


COLUMNS = {
    "rules": [
        ("Id", lambda m: m.id),
        ("Effect", lambda m: m.effect + (" ◐" if m.conditions else "")),
        ("Status", lambda m: m.status),
        ("Sources", lambda m: _ids(m.sources)),
        ("Documents", lambda m: _ids(m.documents)),
        ("Personnel", lambda m: _ids(m.personnel)),
        ("Conditions", lambda m: ", ".join(m.conditions or ())),
        ("Legal basis", lambda m: ", ".join(m.legal_basis)),
    ],
    "document_types": [
        ("Id", lambda m: m.id),
        ("Code", lambda m: m.type_code.code if m.type_code else ""),
        ("Name", lambda m: m.name),
        ("Conf.", lambda m: m.confidentiality),
        ("Category", lambda m: ", ".join(m.parents)),
        ("Produced by", lambda m: _ids(m.produced_by)),
    ],
    "sources": [
        ("Id", lambda m: m.id),
        ("Name", lambda m: m.name),
        ("Status", lambda m: m.status),
        ("Parents", lambda m: ", ".join(m.parents)),
        ("Facility", lambda m: m.facility_type.code if m.facility_type else ""),
    ],
    "personnel_groups": [
        ("Id", lambda m: m.id),
        ("Name", lambda m: m.name),
        ("Parents", lambda m: ", ".join(m.parents)),
        ("HPR", lambda m: ", ".join(m.authorizations)),
    ],
    "assessments": [
        ("Id", lambda m: m.id),
        ("Sources", lambda m: _ids(m.sources)),
        ("Documents", lambda m: _ids(m.documents)),
        ("Personnel", lambda m: _ids(m.personnel)),
        ("Need", lambda m: m.need),
        ("Feasibility", lambda m: m.feasibility),
        ("Status", lambda m: m.status),
        ("By", lambda m: ", ".join(m.assessed_by)),
    ],
}
WIDTHS = {"Id": 40, "Sources": 24, "Documents": 32, "Personnel": 24, "Legal basis": 26, "Name": 34, "Produced by": 30, "Parents": 30}
TAB_TITLES = {
    "rules": "Rules",
    "document_types": "Document types",
    "sources": "Sources",
    "personnel_groups": "Personnel groups",
    "assessments": "Assessments",
}
STATUS_CYCLE = {
    "rules": get_args(RuleStatus),
    "assessments": get_args(AssessmentStatus),
    "sources": tuple(reversed(get_args(Status))),  # planned → pilot → production
}


def matches(model, query: str) -> bool:
    if not query:
        return True
    return query.casefold() in " ".join(str(v) for v in model.model_dump().values() if v).casefold()


class ListScreen(Screen):
    SCOPE = "lists"
    BINDINGS = bindings("lists")

    def __init__(self, sections: list[str], select: str | None = None):
        super().__init__()
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
            yield Tabs(*[Tab(TAB_TITLES[s], id=f"tab-{s}") for s in self.sections], id="tabs")
        yield Input(placeholder="/ filter: any text in the entry", id="list-filter")
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
        self.shown = [m for m in edits.entries(self.session.current, self.section) if matches(m, query)]
        table.clear(columns=True)
        for title, _getter in COLUMNS[self.section]:
            table.add_column(Text(title), key=title, width=WIDTHS.get(title))
        for model in self.shown:
            cells = [Text(str(getter(model)), no_wrap=True, overflow="ellipsis") for _title, getter in COLUMNS[self.section]]
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
            detail.update(Text("Nothing matches the filter.", style="dim"))
            return
        location = self.session.current.locate(self.section, model.id)
        where = f"{location.file}:{location.line}" if location else "not saved yet"
        text = Text(f"{SINGULAR[self.section]} · {where}\n", style="dim")
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
        if section != self.section:
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
            self.notify("Only rules, assessments and sources have a status to cycle.", severity="warning")
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

        what = f"{SINGULAR[self.section]} '{model.id}'"
        self.app.push_screen(confirm(f"Delete {what}?", "You can undo it with ctrl+z until you save or quit.", f"Delete {what}"), done)
