"""The matrix for one source: document types (grouped under their category) × leaf personnel
groups, each cell a glyph and a colour. Decisions come from the Evaluation; nothing here
decides anything."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.text import Text

from policy_model.decide import Evaluation
from policy_model.i18n import _

from .glyphs import GLYPH, cell_text, decision_text
from .selection import SelectableTable

CELL = {kind: decision_text(kind) for kind in GLYPH}  # Text is immutable enough to share: never edited

GROUP_WIDTH = 9
DOC_WIDTH = 34


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


def matches(catalogue, document: str, query: str) -> bool:
    """A document type matches a filter by name, id or 9602 code (case-insensitive)."""
    if not query:
        return True
    doc = catalogue.document_types[document]
    haystack = " ".join(filter(None, (doc.name, doc.id, doc.type_code.code if doc.type_code else None)))
    return query.casefold() in haystack.casefold()


class MatrixTable(SelectableTable):
    """The decisions of one leaf source; the row and column keys are the catalogue ids. A
    rectangle of cells can be selected (tui/widgets/selection.py)."""

    DEFAULT_CSS = """
    MatrixTable { height: 1fr; }
    """

    def __init__(self, **kwargs):
        super().__init__(header_height=3, fixed_columns=1, cursor_type="cell", zebra_stripes=False, **kwargs)
        self.rows_shown: list[Row] = []
        self.groups: list[str] = []
        self.headers: list[str] = []  # the group names the columns show (a rename redraws them)
        self.source: str | None = None

    def show(self, evaluation: Evaluation, source: str, query: str = "") -> None:
        """Fill the table for a source (every action at once), keeping the cursor on the same
        document and group."""
        keep = self.current_ids()
        cat = evaluation.catalogue
        self.source = source
        headers = [cat.personnel_groups[g].name for g in evaluation.personnel]
        if self.groups != list(evaluation.personnel) or self.headers != headers or not self.columns:
            self.clear(columns=True)
            self.groups, self.headers = list(evaluation.personnel), headers
            self.add_column(Text(_("Document type")), key="doc", width=DOC_WIDTH)
            for group in self.groups:
                self.add_column(header(cat.personnel_groups[group].name), key=group, width=GROUP_WIDTH)
        else:
            self.clear()
        self.rows_shown = []
        rows = []
        for category, documents in cat.documents_by_category():
            shown = [d for d in documents if matches(cat, d, query)]
            if not shown:
                continue
            self.rows_shown.append(Row(category, None))
            rows.append(self._category_cells(cat, category))
            for document in shown:
                self.rows_shown.append(Row(category, document))
                rows.append(self._document_cells(evaluation, document))
        for row, cells in zip(self.rows_shown, rows):
            self.add_row(*cells, key=f"doc:{row.document}" if row.document else f"cat:{row.category}")
        self._restore(keep)

    def _category_cells(self, cat, category: str | None) -> list:
        name = cat.name_of("documents", category) if category else _("(no category)")
        return [Text(f"▾ {name}", style="bold")] + [Text("")] * len(self.groups)

    def _document_cells(self, evaluation: Evaluation, document: str) -> list:
        doc = evaluation.catalogue.document_types[document]
        code = f"{doc.type_code.code} " if doc.type_code else ""
        label = Text(f"  {code}", style="dim")
        label.append(doc.name)
        if doc.confidentiality != "N":
            label.append(f" [{doc.confidentiality}]", style="magenta")
        rows = [evaluation.row(self.source, document, action) for action in evaluation.actions]
        if len(rows) == 1 and not any(d.window is not None for d in rows[0]):
            return [label] + [CELL[decision.kind] for decision in rows[0]]
        return [label] + [cell_text([row[g] for row in rows]) for g in range(len(self.groups))]

    # -- where the cursor is ------------------------------------------------------------
    def current_ids(self) -> tuple[Row | None, str | None]:
        """The row and the personnel group (None on the name column) under the cursor."""
        if not self.rows_shown or not self.is_valid_coordinate(self.cursor_coordinate):
            return None, None
        row = self.rows_shown[self.cursor_coordinate.row]
        column = self.cursor_coordinate.column
        return row, (self.groups[column - 1] if column >= 1 else None)

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
