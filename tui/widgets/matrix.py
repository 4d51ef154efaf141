"""The matrix for one source: document types (grouped under their category) × leaf personnel
groups, each cell a glyph and a colour. Decisions come from the Evaluation; nothing here
decides anything.

Two layouts: full columns headed by the group's name, and compact columns (a glyph wide) headed
by its short name — the default when the full columns would not fit, so a whole row shows."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual.coordinate import Coordinate

from policy_model.decide import Evaluation
from policy_model.i18n import _

from .fast_cells import SHARED, FastCellsTable
from .glyphs import GLYPH, cell_text, decision_text
from .selection import SelectableTable

CELL = {kind: SHARED.add(decision_text(kind)) for kind in GLYPH}  # Text is immutable enough to share: never edited
EMPTY = SHARED.add(Text(""))

GROUP_WIDTH = 9
DOC_WIDTH = 34

STAGGER = 3
"""Compact headers are staggered over three lines: column j's short name (at most 8
characters) starts above column j on line j % 3 and runs over three columns' headers."""
TAIL = "tail"
"""An empty last column in compact mode, where the last two short names run out."""
COMPACT_DOC_MIN = 16


def compact_width(actions: int) -> int:
    """A compact column: one glyph per action and a space (no cell padding in compact mode),
    at least three wide so three columns hold a short name and a space."""
    return max(3, actions + 1)


@dataclass(frozen=True)
class Row:
    """A matrix row: a category heading (document is None) or a document type."""

    category: str | None
    document: str | None


def header(name: str) -> Text:
    lines = textwrap.wrap(name, GROUP_WIDTH, break_long_words=True) or [""]
    if len(lines) > 3:
        lines = lines[:2] + [lines[2][: GROUP_WIDTH - 1] + "…"]
    return Text("\n".join(lines), justify="center")


def short_label(group) -> str:
    """A group's compact header: its short name, else its name cut to 8 characters."""
    if group.short_name:
        return group.short_name
    return group.name if len(group.name) <= 8 else group.name[:7] + "…"


def short_labels(groups) -> tuple[str, ...]:
    """The compact headers of the columns. Names cut alike ("Gruppe 10", "Gruppe 11" both
    "Gruppe …") keep their ends instead ("Grup… 10"): a header that tells the columns apart."""
    labels = [short_label(group) for group in groups]
    counts = Counter(labels)
    return tuple(
        group.name[:4] + "…" + group.name[-3:] if counts[label] > 1 and not group.short_name and len(group.name) > 8 else label
        for group, label in zip(groups, labels)
    )


def compact_headers(labels: list[str], width: int) -> list[Text]:
    """The header of each compact column and of the tail column (2 × width - 1 wide): three
    lines, each the slice of the short name that runs over the column on that line."""
    slot = width * STAGGER
    columns = len(labels) + 2  # the tail holds the last two columns' overflow
    lines = [[" " * width] * columns for _ in range(STAGGER)]
    for j, label in enumerate(labels):
        padded = label[: slot - 1].ljust(slot)
        for k in range(STAGGER):
            lines[j % STAGGER][j + k] = padded[k * width : (k + 1) * width]
    texts = [Text("\n".join(line[c] for line in lines), no_wrap=True, overflow="crop") for c in range(len(labels))]
    tail = "\n".join((line[-2] + line[-1])[: 2 * width - 1] for line in lines)
    return [*texts, Text(tail, no_wrap=True, overflow="crop")]


def row_key(row: Row) -> str:
    return f"doc:{row.document}" if row.document else f"cat:{row.category}"


def matches(catalogue, document: str, query: str) -> bool:
    """A document type matches a filter by name, id or 9602 code (case-insensitive)."""
    if not query:
        return True
    doc = catalogue.document_types[document]
    haystack = " ".join(filter(None, (doc.name, doc.id, doc.type_code.code if doc.type_code else None)))
    return query.casefold() in haystack.casefold()


def shared_cell(decisions, room: int | None) -> Text:
    """The one (shared) Text of a cell with these decisions, one per action."""
    limited = any(decision.limited for decision in decisions)
    return SHARED.get((tuple(d.kind for d in decisions), limited, room), lambda: cell_text(decisions, room))


class MatrixTable(SelectableTable, FastCellsTable):
    """The decisions of one leaf source; the row and column keys are the catalogue ids. A
    rectangle of cells can be selected (tui/widgets/selection.py).

    Showing another source, or the same one after an edit, changes the cells in place when
    the rows and columns stay the same: rebuilding the table costs a measurement of every cell."""

    DEFAULT_CSS = """
    MatrixTable { height: 1fr; }
    """

    def __init__(self, **kwargs):
        super().__init__(header_height=3, fixed_columns=1, cursor_type="cell", zebra_stripes=False, **kwargs)
        self.rows_shown: list[Row] = []
        self.groups: list[str] = []
        self.layout_drawn: tuple | None = None  # what the columns were built for (a rename or resize rebuilds them)
        self.source: str | None = None
        self.mode = "auto"
        """auto: compact when the full columns would not fit; or "compact", "full" as chosen."""
        self._shown: tuple | None = None  # (evaluation, source, query) last shown: a resize redraws it
        self._cells: dict[str, list] = {}  # row key → the values its cells hold now

    # -- layout -----------------------------------------------------------------------------
    @property
    def compact(self) -> bool:
        """Whether the columns are drawn compact (short names) now."""
        return bool(self.layout_drawn and self.layout_drawn[0])

    @property
    def underlines_windows(self) -> bool:
        """Whether a limited look-back shows as underlined glyphs (no room for the '*')."""
        return self.compact and len(self._shown[0].actions) + 1 > self.layout_drawn[2] - 1

    def _available(self) -> int:
        """The width the columns can take (the vertical scrollbar's aside); before the first
        layout, the terminal's."""
        width = self.size.width or self.app.size.width
        return max(width - self.styles.scrollbar_size_vertical, 0)

    def _layout(self, cat, groups: list[str]) -> tuple:
        full_width = DOC_WIDTH + 2 + len(groups) * (GROUP_WIDTH + 2)
        compact = self.mode == "compact" or (self.mode == "auto" and full_width > self._available())
        if not compact:
            return False, DOC_WIDTH, GROUP_WIDTH, tuple(groups), tuple(cat.personnel_groups[g].name for g in groups)
        width = compact_width(len(cat.action_entries))
        room = self._available() - len(groups) * width - (2 * width - 1)
        doc_width = max(COMPACT_DOC_MIN, min(DOC_WIDTH, room))
        return True, doc_width, width, tuple(groups), short_labels([cat.personnel_groups[g] for g in groups])

    def _build_columns(self, layout: tuple) -> None:
        compact, doc_width, width, groups, labels = layout
        self.clear(columns=True)
        self.cell_padding = 0 if compact else 1
        self.layout_drawn, self.groups = layout, list(groups)
        title = Text((" " if compact else "") + _("Document type"))
        self.add_column(title, key="doc", width=doc_width)
        if compact:
            headers = compact_headers(list(labels), width)
            for group, text in zip(groups, headers):
                self.add_column(text, key=group, width=width)
            self.add_column(headers[-1], key=TAIL, width=2 * width - 1)
        else:
            for group, name in zip(groups, labels):
                self.add_column(header(name), key=group, width=GROUP_WIDTH)

    def toggle_compact(self) -> None:
        """Switch between compact and full columns (the choice then holds over resizes)."""
        self.mode = "full" if self.compact else "compact"
        self.redraw()

    def redraw(self) -> None:
        if self._shown:
            self.show(*self._shown)

    def on_resize(self) -> None:
        # The auto layout depends on the width: a resize that changes it rebuilds the columns.
        if self._shown and self.layout_drawn and self._layout(self._shown[0].catalogue, self.groups) != self.layout_drawn:
            self.redraw()

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        # The tail column only carries the last short names: the cursor stays left of it.
        value = super().validate_cursor_coordinate(value)
        return Coordinate(value.row, min(value.column, len(self.groups)))

    def _selectable(self, coordinate: Coordinate) -> Coordinate:
        coordinate = super()._selectable(coordinate)  # and so does a selection
        return Coordinate(coordinate.row, min(coordinate.column, len(self.groups)))

    # -- filling ----------------------------------------------------------------------------
    def show(self, evaluation: Evaluation, source: str, query: str = "") -> None:
        """Fill the table for a source (every action at once), keeping the cursor on the same
        document and group."""
        keep = self.current_ids()
        cat = evaluation.catalogue
        self.source = source
        self._shown = (evaluation, source, query)
        layout = self._layout(cat, list(evaluation.personnel))
        rebuilt = layout != self.layout_drawn or not self.columns
        if rebuilt:
            self._build_columns(layout)
        shown, rows = [], []
        tail = [EMPTY] if self.compact else []
        for category, documents in cat.documents_by_category():
            matching = [d for d in documents if matches(cat, d, query)]
            if not matching:
                continue
            shown.append(Row(category, None))
            rows.append([*self._category_cells(cat, category), *tail])
            for document in matching:
                shown.append(Row(category, document))
                rows.append([*self._document_cells(evaluation, document), *tail])
        if not rebuilt and shown == self.rows_shown:
            self._update_in_place(rows)
        else:
            self._fill(shown, rows)
        self._restore(keep)

    def _fill(self, shown: list[Row], rows: list[list]) -> None:
        self.clear()
        self.rows_shown, self._cells = shown, {}
        for row, cells in zip(shown, rows):
            key = row_key(row)
            self._cells[key] = cells
            self.add_row(*cells, key=key)

    def _update_in_place(self, rows: list[list]) -> None:
        """The same rows and columns: change only the cells whose content differs."""
        self.clear_selection()  # other decisions (another source, an edit): as a redraw would
        columns = [column.key for column in self.ordered_columns]
        changes = []
        for row, cells in zip(self.rows_shown, rows):
            key = row_key(row)
            before = self._cells[key]
            changes.extend((key, column, new) for column, new, old in zip(columns, cells, before) if new is not old and new != old)
            self._cells[key] = cells
        if changes:
            self.set_cells(changes)

    def _category_cells(self, cat, category: str | None) -> list:
        name = cat.name_of("documents", category) if category else _("(no category)")
        return [Text(f"{' ' if self.compact else ''}▾ {name}", style="bold")] + [EMPTY] * len(self.groups)

    def _document_cells(self, evaluation: Evaluation, document: str) -> list:
        doc = evaluation.catalogue.document_types[document]
        code = f"{doc.type_code.code} " if doc.type_code else ""
        label = Text(f"{' ' if self.compact else '  '}{code}", style="dim")
        label.append(doc.name)
        if doc.confidentiality != "N":
            label.append(f" [{doc.confidentiality}]", style="magenta")
        if self.compact:  # no cell padding: keep a space before the first glyph column
            label.truncate(self.layout_drawn[1] - 1, overflow="ellipsis")
        rows = [evaluation.row(self.source, document, action) for action in evaluation.actions]
        if len(rows) == 1 and not any(d.window is not None for d in rows[0]):
            return [label] + [CELL[decision.kind] for decision in rows[0]]
        # Compact columns have room for the glyphs only: a window underlines them instead of '*'.
        room = self.layout_drawn[2] - 1 if self.compact else None
        return [label] + [shared_cell([row[g] for row in rows], room) for g in range(len(self.groups))]

    # -- where the cursor is ------------------------------------------------------------
    def current_ids(self) -> tuple[Row | None, str | None]:
        """The row and the personnel group (None on the name column) under the cursor."""
        if not self.rows_shown or not self.is_valid_coordinate(self.cursor_coordinate):
            return None, None
        row = self.rows_shown[self.cursor_coordinate.row]
        column = self.cursor_coordinate.column
        return row, (self.groups[column - 1] if 1 <= column <= len(self.groups) else None)

    def _restore(self, keep: tuple[Row | None, str | None]) -> None:
        row, group = keep
        if not self.rows_shown:
            return
        index = next((i for i, r in enumerate(self.rows_shown) if row and r == row), None)
        if index is None:
            index = next((i for i, r in enumerate(self.rows_shown) if r.document), 0)
        column = self.groups.index(group) + 1 if group in self.groups else 1
        self.move_cursor(row=index, column=column, animate=False)

    def move_to(self, document: str | None, group: str | None) -> None:
        """Put the cursor on a document row (or its category) and group column."""
        index = next((i for i, r in enumerate(self.rows_shown) if r.document == document), None)
        if index is None:
            return
        column = self.groups.index(group) + 1 if group in self.groups else 1
        self.move_cursor(row=index, column=column, animate=False)
