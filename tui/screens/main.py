"""The matrix screen: pick a source, read its matrix, see why a cell is what it is, edit it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from policy_model.findings import Finding
from policy_model.i18n import _, gettext
from policy_model.vocabulary import CONFIDENTIALITY_WORDS, source_status_word

from ..commands import bindings, localize_bindings
from ..widgets.findings_panel import FindingsPanel
from ..widgets.glyphs import legend
from ..widgets.header import CatalogueHeader
from ..widgets.inspector import Inspector, describe_cell, describe_row
from ..widgets.matrix import MatrixTable
from ..widgets.selection import SelectableTable, SelectionSize, matrix_range
from ..widgets.source_tree import SourceTree


class MainScreen(Screen):
    SCOPE = "main"
    BINDINGS = bindings("main")
    # Below 170 columns the source picker folds away (s shows it; n and p step through sources);
    # below 110 the inspector moves under the matrix.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (170, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self.source: str | None = None
        self.query_text = ""
        self._legend_underlined = False  # what the legend says of windows (compact columns underline them)

    @property
    def session(self):
        return self.app.session

    def compose(self) -> ComposeResult:
        yield CatalogueHeader(id="header")
        with Horizontal(id="body"):
            yield SourceTree(id="sources")
            with Vertical(id="center"):
                with Horizontal(id="toolbar"):
                    yield Input(placeholder=_("/ filter document types: name or 9602 code"), id="filter")
                    yield Static(id="source-title")
                yield MatrixTable(id="matrix")
                yield SelectionSize(id="selection-size")
                yield Static(id="column-name")
                yield Static(legend(self.session.current), id="legend")
            yield Inspector(id="inspector")
        yield FindingsPanel(id="findings")
        yield Footer()

    def on_mount(self) -> None:
        catalogue = self.session.current
        self.query_one(SourceTree).fill(catalogue)
        leaves = catalogue.source_axis.leaves
        production = [s for s in leaves if catalogue.sources[s].status == "production"]
        self.show_source((production or list(leaves) or [None])[0])
        self.query_one(MatrixTable).focus()

    # -- drawing ----------------------------------------------------------------------------
    def refresh_from_session(self) -> None:
        """Redraw after an edit, undo, view switch or reload."""
        catalogue = self.session.current
        if self.source not in catalogue.source_axis.leaves:
            self.source = catalogue.source_axis.leaves[0] if catalogue.source_axis.leaves else None
        tree = self.query_one(SourceTree)
        if tree.sources is not catalogue.sources:  # edits elsewhere keep the same sources mapping
            tree.fill(catalogue)
        self.show_source(self.source)
        self.refresh_header()
        self.query_one(FindingsPanel).show(self.app.findings or [], stale=self.app.findings_stale)

    def refresh_header(self) -> None:
        meta = self.session.current.meta
        counts = None if self.app.findings is None else self.app.finding_counts()
        self.query_one(CatalogueHeader).show(
            meta.title, meta.version, self.session.view, self.session.dirty, self.session.read_only, counts
        )

    def findings_updated(self) -> None:
        self.refresh_header()
        self.query_one(FindingsPanel).show(self.app.findings or [], stale=self.app.findings_stale)
        self.update_inspector()

    def show_source(self, source: str | None) -> None:
        if source is None:
            return
        self.source = source
        evaluation = self.session.evaluation()
        name = self.session.current.sources[source]
        title = Text(f"{name.name} ", style="bold")
        title.append(source_status_word(name.status), style="dim")
        self.query_one("#source-title", Static).update(title)
        table = self.query_one(MatrixTable)
        table.show(evaluation, source, self.query_text)
        self.show_layout(table)
        self.update_inspector()

    def show_layout(self, table: MatrixTable) -> None:
        """The legend follows the columns' layout (compact ones underline a window)."""
        underlined = table.underlines_windows
        if underlined != self._legend_underlined:
            self._legend_underlined = underlined
            self.query_one("#legend", Static).update(legend(self.session.current, underlined))

    def update_inspector(self) -> None:
        table = self.query_one(MatrixTable)
        row, group = table.current_ids()
        self._show_column_name(table, group)
        evaluation = self.session.evaluation()
        inspector = self.query_one(Inspector)
        if row is None or self.source is None:
            inspector.show(Text(_("No document type matches the filter."), style="dim"))
        elif row.document is None:
            inspector.show(describe_row(evaluation, self.source, row.category, group))
        elif group is None:
            inspector.show(describe_document(evaluation, row.document))
        else:
            failing = {f.entities[0] for f in self.app.findings or [] if f.kind == "expectation_failed"}
            inspector.show(describe_cell(evaluation, (self.source, row.document, group), failing))

    def _show_column_name(self, table: MatrixTable, group: str | None) -> None:
        """Compact headers carry short names: the full name of the column under the cursor."""
        label = self.query_one("#column-name", Static)
        label.display = table.compact
        if table.compact:
            name = self.session.current.personnel_groups[group].name if group else _("Document type")
            label.update(Text(_("Column: {name}", name=name) + (f" ({group})" if group else "")))

    # -- events -----------------------------------------------------------------------------
    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.update_inspector()

    def on_selectable_table_selection_changed(self, event: SelectableTable.SelectionChanged) -> None:
        documents, groups = matrix_range(event.table)
        self.query_one(SelectionSize).show(len(documents), len(groups))

    def on_source_tree_picked(self, event: SourceTree.Picked) -> None:
        leaf = self.query_one(SourceTree).first_leaf(self.session.current, event.leaf)
        self.show_source(leaf)
        self._hide_picker()
        self.query_one(MatrixTable).focus()

    def _hide_picker(self) -> None:
        self.query_one(SourceTree).remove_class("-shown")
        self.remove_class("-picking")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.query_text = event.value
            self.show_source(self.source)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one(MatrixTable).focus()

    def on_findings_panel_chosen(self, event: FindingsPanel.Chosen) -> None:
        self.jump_to(event.finding)

    def jump_to(self, finding: Finding) -> None:
        """A finding with cells: go to its first cell; one about a rule: open that rule."""
        if finding.cells:
            source, document, group = finding.cells[0][:3]
            if self.query_text:
                self.query_one("#filter", Input).value = ""
                self.query_text = ""
            self.show_source(source)
            table = self.query_one(MatrixTable)
            table.move_to(document, group)
            table.focus()
            self.update_inspector()
        elif finding.rules:
            self.app.open_rules(select=finding.rules[0])
        elif finding.entities:
            self.app.open_entities(select=finding.entities[0])

    # -- actions ----------------------------------------------------------------------------
    def _cell(self):
        row, group = self.query_one(MatrixTable).current_ids()
        if row is None or self.source is None:
            return None
        return self.source, row, group

    def _edit_range(self, effect: str) -> bool:
        """a/c/d/x on a selected range: its own dialog (True when one was opened or refused)."""
        from .edit_range import open_range_dialog

        return open_range_dialog(self, effect)

    def _edit_cell(self, effect: str) -> None:
        from .edit_cell import CellEditDialog

        if self._edit_range(effect):
            return
        target = self._cell()
        if target is None:
            self.notify(_("Move to a cell first."), severity="warning")
            return
        source, row, group = target
        if group is None:
            self.notify(_("Move to a personnel group's column first."), severity="warning")
            return
        self.app.push_screen(
            CellEditDialog(self.session, self.app.fresh_findings(), source, row.document, row.category, group, effect),
            self.app.apply_edits,
        )

    def action_allow(self) -> None:
        self._edit_cell("allow")

    def action_conditional(self) -> None:
        if not self.session.current.conditions:
            self.notify(_("The catalogue has no conditions to require."), severity="warning")
            return
        self._edit_cell("conditional")

    def action_deny(self) -> None:
        self._edit_cell("deny")

    def action_clear(self) -> None:
        from .clear_cell import ClearCellDialog

        if self._edit_range("clear"):
            return
        target = self._cell()
        if target is None or target[2] is None or target[1].document is None:
            self.notify(_("Move to a cell first."), severity="warning")
            return
        source, row, group = target
        cell = (source, row.document, group)
        evaluation = self.session.evaluation()
        if not any(evaluation.explain((*cell, action)).applicable for action in evaluation.actions):
            self.notify(_("No rule covers this cell: nothing to clear."))
            return
        self.app.push_screen(ClearCellDialog(self.session, self.app.fresh_findings(), cell), self.app.apply_edits)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_findings(self) -> None:
        self.query_one(FindingsPanel).focus()

    def action_focus_matrix(self) -> None:
        self._hide_picker()
        self.query_one(MatrixTable).focus()

    def action_focus_sources(self) -> None:
        tree = self.query_one(SourceTree)
        tree.add_class("-shown")
        self.add_class("-picking")  # on a narrow terminal the picker takes the screen until you choose
        tree.point_at(self.source)
        tree.focus()

    def action_toggle_compact(self) -> None:
        table = self.query_one(MatrixTable)
        table.toggle_compact()
        self.show_layout(table)
        self.update_inspector()

    def action_toggle_inspector(self) -> None:
        self.toggle_class("-no-inspector")

    def _step_source(self, step: int) -> None:
        leaves = list(self.session.current.source_axis.leaves)
        if not leaves:
            return
        index = leaves.index(self.source) if self.source in leaves else 0
        self.show_source(leaves[(index + step) % len(leaves)])

    def action_next_source(self) -> None:
        self._step_source(1)

    def action_previous_source(self) -> None:
        self._step_source(-1)


def describe_document(evaluation, document: str) -> Text:
    """The name column: the document type itself."""
    doc = evaluation.catalogue.document_types[document]
    text = Text(f"{doc.name}\n", style="bold")
    if doc.type_code:
        text.append(f"typeCode {doc.type_code.code} ({doc.type_code.display or ''})\n", style="dim")
    if doc.class_code:
        text.append(f"classCode {doc.class_code.code} ({doc.class_code.display or ''})\n", style="dim")
    text.append(_("confidentiality {code} ({words})", code=doc.confidentiality, words=gettext(CONFIDENTIALITY_WORDS[doc.confidentiality])) + "\n")
    producers = ", ".join(evaluation.catalogue.name_of("sources", s) for s in doc.produced_by) if doc.produced_by else _("every source")
    text.append(_("produced by: {sources}", sources=producers) + "\n")
    if doc.ehds_category:
        text.append(f"EHDS: {doc.ehds_category}\n", style="dim")
    if doc.description:
        text.append(f"\n{doc.description.strip()}\n", style="dim")
    return text
