"""Driving a review workbook as a reviewer would: open it with openpyxl, change cells found by
their row and column (through the hidden ids a reviewer never sees), save; and the command line."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from exports.review_layout import ASSESSMENT_FIRST_ROW, FIRST_GROUP_COLUMN, REVIEWER_CELL, SOURCE_FIRST_ROW, SOURCE_ID_ROW
from tui.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, root: Path, out: Path, *extra) -> Path:
    code, stdout, stderr = run(capsys, "review", "export", root, "--out", out, *extra)
    assert code == 0, stderr
    return out


def import_json(capsys, workbook: Path, root: Path, *extra) -> tuple[int, dict]:
    code, stdout, stderr = run(capsys, "review", "import", workbook, root, "--format", "json", *extra)
    assert stdout, stderr
    return code, json.loads(stdout)


class Reviewer:
    """A reviewer's edits to one workbook; `edits` remembers (source, document, group, action) → value.
    A catalogue with actions has a sheet per source and action: name the action (else the first)."""

    def __init__(self, path: Path):
        self.path = path
        self.workbook = load_workbook(path)
        self.edits: dict[tuple[str, str, str, str], str] = {}
        self.originals: dict[tuple[str, str, str, str], str] = {}
        self.sheets = {}
        for ws in self.workbook.worksheets[1:]:
            if ws.cell(SOURCE_ID_ROW, 1).value == "pjd-id" and ws.title != "Vurderinger":
                self.sheets[ws.title] = ws

    def _sheet_row(self, source: str, action: str | None):
        for row in self.workbook["pjd"].iter_rows(values_only=True):
            if row[0] == "sheet" and row[2] == source and action in (None, row[5]):
                return row
        raise KeyError((source, action))

    def sheet_of(self, source: str, action: str | None = None):
        return self.workbook[self._sheet_row(source, action)[1]]

    def action_of(self, source: str, action: str | None = None) -> str:
        return self._sheet_row(source, action)[5]

    def columns(self, ws) -> dict[str, int]:
        return {
            ws.cell(SOURCE_ID_ROW, c).value: c
            for c in range(FIRST_GROUP_COLUMN, ws.max_column + 1)
            if ws.cell(SOURCE_ID_ROW, c).value
        }

    def rows(self, ws) -> dict[str, int]:
        return {ws.cell(r, 1).value: r for r in range(SOURCE_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value}

    def documents(self, source: str, action: str | None = None) -> list[str]:
        ws = self.sheet_of(source, action)
        return [doc for doc, r in self.rows(ws).items() if ws.cell(r, 4).value]  # rows with a confidentiality

    def value(self, source: str, document: str, group: str, action: str | None = None) -> str:
        ws = self.sheet_of(source, action)
        return ws.cell(self.rows(ws)[document], self.columns(ws)[group]).value

    def set(self, source: str, document: str, group: str, value: str, action: str | None = None) -> None:
        ws = self.sheet_of(source, action)
        target = ws.cell(self.rows(ws)[document], self.columns(ws)[group])
        key = (source, document, group, self.action_of(source, action))
        self.originals.setdefault(key, target.value)
        target.value = value
        self.edits[key] = value

    def changed(self) -> dict[tuple[str, str, str, str], str]:
        """The cells whose value differs from what the workbook showed."""
        return {cell: value for cell, value in self.edits.items() if value != self.originals[cell]}

    def set_row(self, source: str, document: str, value: str, action: str | None = None) -> None:
        for group in self.columns(self.sheet_of(source, action)):
            if group != "kommentar":
                self.set(source, document, group, value, action)

    def set_column(self, source: str, group: str, value: str, action: str | None = None) -> None:
        for document in self.documents(source, action):
            self.set(source, document, group, value, action)

    def comment(self, source: str, document: str, text: str, action: str | None = None) -> None:
        ws = self.sheet_of(source, action)
        ws.cell(self.rows(ws)[document], self.columns(ws)["kommentar"]).value = text

    def assess(self, source: str, document: str, need: str, feasibility: str = "", rationale: str = "") -> None:
        ws = self.workbook["Vurderinger"]
        for r in range(ASSESSMENT_FIRST_ROW, ws.max_row + 1):
            if ws.cell(r, 1).value == f"{source}/{document}":
                ws.cell(r, 7).value, ws.cell(r, 8).value, ws.cell(r, 9).value = need or None, feasibility or None, rationale or None
                return
        raise KeyError((source, document))

    def sign(self, name: str) -> None:
        row, column = REVIEWER_CELL
        self.workbook["Slik gjør du"].cell(row, column).value = name

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        self.workbook.save(target)
        return target
