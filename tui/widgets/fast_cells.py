"""Drawing a table of few distinct cells fast. Textual's DataTable renders every visible cell
through Rich again after any change (its cell cache is keyed by the table's update count), at
about a tenth of a millisecond a cell: a matrix of a thousand visible cells then takes 100 ms
to draw after each edit or source switch. The matrix's cells are a handful of shared Texts (a
glyph per decision kind), so each is rendered once per style and width here, and the copy
given its own cell's coordinates (the mouse finds a cell by them). And any cell whose value
(the same object) is drawn the same way in the same place as before is not drawn again."""

from __future__ import annotations

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from textual.renderables.styled import Styled
from textual.widgets import DataTable


class SharedCells:
    """Texts that stand for themselves: the same object is the same cell content. Only cells
    holding one of these take the fast path."""

    def __init__(self) -> None:
        self._by_key: dict = {}
        self._ids: set[int] = set()

    def get(self, key, make):
        """The one Text for `key`, made by `make()` the first time."""
        text = self._by_key.get(key)
        if text is None:
            text = self._by_key[key] = make()
            self._ids.add(id(text))
        return text

    def add(self, text):
        self._ids.add(id(text))
        self._by_key[("text", id(text))] = text  # kept alive, so its id stays its own
        return text

    def __contains__(self, text) -> bool:
        return id(text) in self._ids


SHARED = SharedCells()

LIMIT = 4096
"""Rendered (cell, style, width) combinations kept; a theme change or many widths start over."""


class FastCellsTable(DataTable):
    """A DataTable whose shared cells (SHARED) render once per style and width."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shared_renders: dict[tuple, list[list[Segment]]] = {}
        self._placed: dict[tuple[int, int], tuple] = {}
        """(row, column) → (how, value, lines) last drawn there: an unchanged cell is not redone
        (the value is held, so the same object is the same content)."""

    # Where DataTable forgets its rendered cells (a style, theme or focus change), so does this.
    def _clear_caches(self) -> None:
        super()._clear_caches()
        self.__dict__.get("_shared_renders", {}).clear()  # (also called while DataTable is being made)
        self.__dict__.get("_placed", {}).clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.__dict__.get("_shared_renders", {}).clear()
        self.__dict__.get("_placed", {}).clear()

    def set_cells(self, changes) -> None:
        """Put many (row key, column key, value) into existing cells at once: update_cell
        refreshes the widget each time, a cost that adds up over thousands of cells."""
        data = self._data
        for row_key, column_key, value in changes:
            data[row_key][column_key] = value  # the keys compare and hash as their strings
        self._update_count += 1
        self.refresh()

    def _cell_value(self, row_index: int, column_index: int):
        """(the value a cell shows, its row's height), or (None, 0) where there is none."""
        column_key = self._column_locations.get_key(column_index)
        if column_key is None:
            return None, 0
        if row_index < 0:
            column = self.columns.get(column_key)
            return (column.label, self.header_height) if column is not None else (None, 0)
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key)
        if row is None:
            return None, 0
        return self._data.get(row_key, {}).get(column_key), row.height

    def _render_cell(self, row_index, column_index, base_style: Style, width: int, cursor=False, hover=False):
        value, height = self._cell_value(row_index, column_index) if column_index >= 0 else (None, 0)
        if value is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (width, base_style, cursor, hover, self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority,
               self.cursor_background_priority, self.cell_padding, self._pseudo_class_state, height)
        placed = self._placed.get((row_index, column_index))
        if placed is not None and placed[1] is value and placed[0] == key:
            return placed[2]  # the same content, drawn the same way, in the same place
        if value in SHARED and height == 1 and row_index >= 0 and column_index >= self.fixed_columns:
            lines = self._shared_renders.get((id(value), *key))
            if lines is None:
                lines = self._render_shared(value, base_style, width, cursor, hover)
                if len(self._shared_renders) >= LIMIT:
                    self._shared_renders.clear()
                self._shared_renders[(id(value), *key)] = lines
            # As DataTable does, the cell's coordinates ride on its segments' style (for the mouse).
            meta = Style.from_meta({"row": row_index, "column": column_index})
            lines = [[Segment(text, style + meta if style else meta, control) for text, style, control in line]
                     for line in lines]
        else:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if len(self._placed) >= 8 * LIMIT:
            self._placed.clear()
        self._placed[(row_index, column_index)] = (key, value, lines)
        return lines

    def _render_shared(self, value, base_style: Style, width: int, cursor: bool, hover: bool) -> list[list[Segment]]:
        """What DataTable._render_cell draws for a one-line body cell, without the coordinates."""
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
        return self.app.console.render_lines(
            Styled(Padding(value, (0, self.cell_padding)), pre_style=base_style + component_style, post_style=post_style),
            options,
        )
