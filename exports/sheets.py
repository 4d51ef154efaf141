"""Workbook building blocks shared by the guidance matrix and the review workbook: safe text
cells (never a formula), decision styles that survive greyscale printing, sheet names Excel
accepts, and print setup."""

from __future__ import annotations

import functools
import re
import textwrap
from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Decision styles: distinct in colour and in grey. Allow is light with bold dark text,
# conditional a mid tone, an explicit deny dark with white text, no rule plain white with
# grey text, not applicable a faint hatch. The words (Ja/Betinget/Nei/–) carry the meaning too.
_THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
MIDDLE = Alignment(vertical="center", wrap_text=True)
DECISION_STYLE = {
    "allow": (PatternFill("solid", fgColor="E2EFDA"), Font(bold=True, color="1E4620")),
    "conditional": (PatternFill("solid", fgColor="F4B183"), Font(italic=True, color="5A2A08")),
    "deny": (PatternFill("solid", fgColor="404040"), Font(bold=True, color="FFFFFF")),
    "none": (PatternFill(fill_type=None), Font(color="7F7F7F")),
    "na": (PatternFill("lightUp", fgColor="D9D9D9", bgColor="FFFFFF"), Font(color="A6A6A6")),
    # readable for some actions only (the document list, say): light, with the actions in words
    "partial": (PatternFill("solid", fgColor="FFF2CC"), Font(italic=True, color="1E4620")),
}
TITLE_FONT = Font(bold=True, size=14)
DRAFT_FONT = Font(bold=True, size=12, color="C00000")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
CATEGORY_FILL = PatternFill("solid", fgColor="EDEDED")
DIM_FONT = Font(color="595959", size=9)


def safe_text(value) -> object:
    """Catalogue text as it should appear; None stays empty."""
    return "" if value is None else value


def cell(ws, value=None, *, font=None, fill=None, alignment=None, border=None, comment=None, number_format=None, protection=None):
    """A write-only cell whose text is always stored as text, never as a formula.

    openpyxl stores any string starting with '=' as a formula; Excel would also take
    '+', '-' and '@' as one when the cell is edited. Such strings are stored as strings with
    Excel's quote prefix, so they show exactly as written and stay text.
    """
    c = WriteOnlyCell(ws, value=safe_text(value))
    quoted = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if isinstance(value, str):
        c.data_type = "s"
    _style(c, ws, font, fill, alignment, border, number_format, quoted, protection)
    if comment is not None:
        c.comment = comment
    return c


def _style(c, ws, font, fill, alignment, border, number_format, quoted: bool, protection=None) -> None:
    """Style a cell. openpyxl hashes every style object on assignment, which dominated the
    export time; each combination is registered once per workbook and then copied."""
    cache = ws.parent.__dict__.setdefault("_pjd_styles", {})
    key = (id(font), id(fill), id(alignment), id(border), number_format, quoted, id(protection))
    found = cache.get(key)
    if found is not None:
        c._style = copy(found[0])
        return
    if font is not None:
        c.font = font
    if fill is not None:
        c.fill = fill
    if alignment is not None:
        c.alignment = alignment
    if border is not None:
        c.border = border
    if number_format is not None:
        c.number_format = number_format
    if quoted:
        c.quotePrefix = True
    if protection is not None:
        c.protection = protection
    # Keep the style objects alive beside their ids, so an id is never reused for another.
    cache[key] = (copy(c._style), font, fill, alignment, border, protection)


def note(text: str, width: int = 320) -> Comment:
    """A cell comment sized to its text."""
    lines = sum(1 + len(line) // 48 for line in text.splitlines()) or 1
    return Comment(text, "pjd", width=width, height=min(40 + 15 * lines, 400))


_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, used: set[str]) -> str:
    """An Excel sheet name (31 characters, no []:*?/\\, unique ignoring case) close to `name`."""
    base = _BAD_TITLE.sub("-", name).strip().strip("'") or "Ark"
    if len(base) > 31:
        base = base[:30].rstrip() + "…"
    title, n = base, 2
    while title.lower() in used or title.lower() == "history":
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def set_widths(ws, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def print_setup(ws, *, title_rows: str | None, title_cols: str | None, header: str, draft: str | None, footer: str):
    """Landscape A4, fit to one page wide, repeated title rows, the DRAFT mark in every page header.

    Call it before the first row is appended: a write-only sheet writes its properties
    (fitToPage among them) when the first row goes out.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)  # fitToWidth needs this
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.oddHeader.left.text = _header_text(header)
    ws.oddHeader.left.size = 9
    if draft:
        ws.oddHeader.right.text = _header_text(draft)
        ws.oddHeader.right.color = "C00000"
        ws.oddHeader.right.size = 11
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 8


def _header_text(text: str) -> str:
    # '&' starts a code in Excel headers; double it to print it as written.
    return text.replace("&", "&&")


def row_height(values: list, widths: list[float], line: float = 12.5) -> float | None:
    """A height that shows every line of wrapped text (spreadsheets do not grow rows written this way)."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            # A column of width w holds about 1.2·w characters of the default font in running
            # text (measured in LibreOffice).
            per_line = max(1, int(width * 1.2))
            if len(value) > per_line or "\n" in value:  # most cells ("Ja") fit: no wrapping to do
                lines = max(lines, _wrapped_lines(value, per_line))
    return None if lines == 1 else min(409, line * lines + 3)


@functools.lru_cache(maxsize=4096)
def _wrapped_lines(value: str, per_line: int) -> int:
    """Lines `value` takes wrapped at word boundaries, as the spreadsheet does (a matrix repeats
    the same few labels, so each is wrapped once)."""
    return sum(len(textwrap.wrap(part, per_line)) or 1 for part in value.split("\n"))


class Rows:
    """Appends rows to a write-only sheet and knows each row's number (openpyxl does not say),
    so a row can be given its height before it is written (attributes go out with the row)."""

    def __init__(self, ws, widths: list[float]):
        self.ws = ws
        self.widths = widths
        self.count = 0
        set_widths(ws, widths)

    def append(self, cells: list, *, height: float | None = None, fit: list | None = None, hidden: bool = False) -> int:
        """Append `cells`; `fit` (the row's values) sizes the row to show wrapped text, at
        least `height` when both are given."""
        self.count += 1
        if fit is not None:
            fitted = row_height(fit, self.widths)
            height = max(height or 0, fitted or 0) or None
        if height:
            self.ws.row_dimensions[self.count].height = height
        if hidden:
            self.ws.row_dimensions[self.count].hidden = True
        self.ws.append(cells)
        return self.count


def table_sheet(ws, headers: list[str], rows: list[list], widths: list[float], *, words, draft, title: str):
    """A plain list sheet: one bold header row (frozen, filterable), wrapped rows, printable."""
    print_setup(ws, title_rows="1:1", title_cols=None, header=title, draft=draft, footer=words["page"])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    out = Rows(ws, widths)
    out.append([cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP, border=BORDER) for h in headers], fit=headers)
    for row in rows:
        out.append([cell(ws, value, alignment=WRAP, border=BORDER) for value in row], fit=row)
