"""A rectangle of cells selected in a table with shift+arrows or a mouse drag, drawn
highlighted; a plain arrow, a click or esc clears it. The table knows coordinates only; which
documents and groups they are is the matrix's business (`matrix_range`)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Static

from policy_model.i18n import N_, _, ngettext_f


@dataclass(frozen=True)
class Rect:
    """The cells between an anchor (where the selection started) and the cursor's end."""

    anchor: Coordinate
    end: Coordinate

    @property
    def rows(self) -> range:
        return range(min(self.anchor.row, self.end.row), max(self.anchor.row, self.end.row) + 1)

    @property
    def columns(self) -> range:
        return range(min(self.anchor.column, self.end.column), max(self.anchor.column, self.end.column) + 1)

    def __contains__(self, coordinate: Coordinate) -> bool:
        return coordinate.row in self.rows and coordinate.column in self.columns


SELECTION_KEYS = (
    (N_("shift+arrows"), N_("Select a range of cells (a rectangle); dragging the mouse or shift+click does the same")),
    (N_("a c d x"), N_("On a range: the fewest rules that give every selected cell that decision (x: remove rules)")),
    ("esc", N_("Clear the selection (a plain arrow does too)")),
)
"""The selection's keys for the help screen (key, message id of what it does)."""


class SelectableTable(DataTable):
    """A DataTable whose cells (outside the fixed columns) can be selected as a rectangle."""

    BINDINGS = [
        Binding("shift+up", "extend_selection(-1, 0)", show=False),
        Binding("shift+down", "extend_selection(1, 0)", show=False),
        Binding("shift+left", "extend_selection(0, -1)", show=False),
        Binding("shift+right", "extend_selection(0, 1)", show=False),
        Binding("escape", "clear_selection", show=False),
    ]
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"selectable--selected"}
    DEFAULT_CSS = """
    SelectableTable > .selectable--selected { background: $accent 45%; }
    """

    class SelectionChanged(Message):
        def __init__(self, table: SelectableTable, selection: Rect | None) -> None:
            super().__init__()
            self.table, self.selection = table, selection

        @property
        def control(self) -> SelectableTable:
            return self.table

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.selection: Rect | None = None
        self._drag_anchor: Coordinate | None = None

    # -- the selection ----------------------------------------------------------------------
    def select(self, selection: Rect | None) -> None:
        if selection == self.selection:
            return
        self.selection = selection
        # Rendered rows are cached by cursor position, not by selection: drop them.
        self._row_render_cache.clear()
        self._line_cache.clear()
        self.refresh()
        self.post_message(self.SelectionChanged(self, selection))

    def clear_selection(self) -> None:
        self.select(None)

    def _selectable(self, coordinate: Coordinate) -> Coordinate:
        """The nearest cell a selection may hold: not a fixed (name) column."""
        row = min(max(coordinate.row, 0), max(self.row_count - 1, 0))
        column = min(max(coordinate.column, self.fixed_columns), max(len(self.columns) - 1, self.fixed_columns))
        return Coordinate(row, column)

    def action_extend_selection(self, rows: int, columns: int) -> None:
        if not self.row_count:
            return
        anchor = self.selection.anchor if self.selection else self._selectable(self.cursor_coordinate)
        start = self.selection.end if self.selection else anchor
        end = self._selectable(Coordinate(start.row + rows, start.column + columns))
        self.cursor_coordinate = end
        self._scroll_cursor_into_view()
        self.select(Rect(anchor, end))

    def action_clear_selection(self) -> None:
        if self.selection is None:
            raise SkipAction()  # esc then means what it means on the screen
        self.clear_selection()

    # A plain arrow moves the cursor and drops the selection, as in a spreadsheet.
    def action_cursor_up(self) -> None:
        self.clear_selection()
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        self.clear_selection()
        super().action_cursor_down()

    def action_cursor_left(self) -> None:
        self.clear_selection()
        super().action_cursor_left()

    def action_cursor_right(self) -> None:
        self.clear_selection()
        super().action_cursor_right()

    def clear(self, columns: bool = False):
        # Redrawn rows (a filter, an edit, another source) are other cells: the selection goes.
        self._drag_anchor = None
        self.clear_selection()
        return super().clear(columns)

    # -- the mouse --------------------------------------------------------------------------
    @staticmethod
    def _cell_at(event: events.MouseEvent) -> Coordinate | None:
        meta = event.style.meta if event.style else {}
        if "row" not in meta or "column" not in meta or meta["row"] < 0 or meta.get("out_of_bounds"):
            return None
        return Coordinate(meta["row"], meta["column"])

    def on_mouse_down(self, event: events.MouseDown) -> None:
        cell = self._cell_at(event)
        if event.shift and cell is not None and self.row_count:  # shift+click: from the cursor to here
            anchor = self.selection.anchor if self.selection else self._selectable(self.cursor_coordinate)
            end = self._selectable(cell)
            self.cursor_coordinate = end
            self.select(Rect(anchor, end))
            return
        self.clear_selection()
        if cell is not None and cell.column >= self.fixed_columns:
            self._drag_anchor = cell
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_anchor is None:
            return
        cell = self._cell_at(event)
        if cell is None or (cell == self._drag_anchor and self.selection is None):
            return
        end = self._selectable(cell)
        self.cursor_coordinate = end
        self.select(Rect(self._drag_anchor, end))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_anchor is not None:
            self._drag_anchor = None
            self.release_mouse()

    # -- drawing ----------------------------------------------------------------------------
    def _render_cell(self, row_index, column_index, base_style: Style, width: int, cursor=False, hover=False):
        # The cell cache is keyed by the style, so a selected cell renders (and caches) apart.
        if self.selection is not None and row_index >= 0 and Coordinate(row_index, column_index) in self.selection:
            base_style = base_style + self.get_component_rich_style("selectable--selected")
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)


def matrix_range(table) -> tuple[list[str], list[str]]:
    """The document types and personnel groups a MatrixTable's selection holds: its document
    rows (category headings hold no cells) and its group columns."""
    if table.selection is None:
        return [], []
    documents = [table.rows_shown[r].document for r in table.selection.rows if r < len(table.rows_shown)]
    groups = [table.groups[c - 1] for c in table.selection.columns if 1 <= c <= len(table.groups)]
    return [d for d in documents if d], groups


class SelectionSize(Static):
    """How large the selection is, under the matrix; hidden while nothing is selected."""

    DEFAULT_CSS = """
    SelectionSize { height: 1; display: none; color: $text-accent; }
    SelectionSize.-shown { display: block; }
    """

    def show(self, documents: int, groups: int) -> None:
        self.set_class(bool(documents and groups), "-shown")
        if documents and groups:
            words = ngettext_f("{rows} × {columns} cell selected", "{rows} × {columns} cells selected", documents * groups,
                               rows=documents, columns=groups)
            self.update(Text(words + "  " + _("a/c/d/x: rules for the range · esc: clear"), style="bold"))
