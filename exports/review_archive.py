"""A review workbook as a file, from bytes to cells, trusting nothing it says about itself.

Before openpyxl sees it, the file must be a regular file within a size limit (a FIFO would
block for ever: policy_model.files opens it without blocking), a zip holding an xlsx workbook
(not a macro workbook, not an encrypted or legacy .xls), within limits on entry count, sizes
and compression ratio (a zip bomb is refused from its directory), and every part is read in
bounded chunks, which also shows every decompression error (a damaged deflate stream is
zlib's error, not zipfile's). No part may declare a DTD or an entity (an XML bomb is refused
before any parser expands it), and the cells are counted in the bytes (no row holds more than
a sheet's 16,384 columns, the workbook no more than `Limits.cells`) before any XML is parsed.
openpyxl then reads the same open file read-only, formulas kept as formulas, through
defusedxml (openpyxl 3.1 parses every part through `openpyxl.xml.functions`, which uses
defusedxml's parsers when `openpyxl.DEFUSEDXML` is true; pjd refuses to read if it is not).

A sheet is read as its non-empty cells only, each checked against Excel's limits: openpyxl's
row iterator would make an empty row for every row number skipped, so `<row r="1000000000000">`
in a 27 KB file would run for minutes and fill the memory.
"""

from __future__ import annotations

import contextlib
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from policy_model.files import FileTooLarge, open_regular, os_error_words
from policy_model.i18n import _

from .review_layout import MAX_COMMENT

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """What a review workbook may be: far above the 100× synthetic catalogue's workbook
    (~80 MB of XML, 4 MB zipped, 1.2 million cells, ratios below 20:1), far below what hurts."""

    file_bytes: int = 512 * 2**20
    entries: int = 5_000
    total_bytes: int = 2 * 2**30  # uncompressed, all parts
    entry_bytes: int = 1 * 2**30
    ratio: int = 200  # uncompressed / compressed, for parts over 1 MiB
    cells: int = 5_000_000  # in all sheets together
    comment_chars: int = MAX_COMMENT


LIMITS = Limits()


class NotAWorkbook(Exception):
    """The file cannot be read as a review workbook at all (the message says why)."""


# Everything reading a damaged archive can raise: zipfile's own error (a bad CRC among them),
# the decompressors' (zlib.error for a damaged deflate stream, EOFError for a truncated one,
# LZMAError, OSError from bz2), and ValueError/RuntimeError for impossible headers.
DECOMPRESSION_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, lzma.LZMAError, OSError, ValueError, RuntimeError)


# -- the file and its archive, before any XML parser ---------------------------------------------------
def _open(path: Path, limits: Limits) -> BinaryIO:
    try:
        return open_regular(path, limits.file_bytes)
    except FileTooLarge as err:
        raise NotAWorkbook(
            _("{path} is {size} MiB; a review workbook is never above {limit} MiB", path=path, size=f"{err.size / 2**20:.0f}",
              limit=f"{limits.file_bytes / 2**20:.0f}")
        ) from None
    except OSError as err:
        raise NotAWorkbook(_("cannot read {path}: {problem}", path=path, problem=os_error_words(err))) from None


def check_archive(path: Path | str, limits: Limits = LIMITS) -> None:
    """Raise NotAWorkbook unless `path` is a plausible, bounded, DTD-free xlsx archive."""
    with _open(Path(path), limits) as handle:
        _check_archive(handle, Path(path), limits)


def _check_archive(handle: BinaryIO, path: Path, limits: Limits) -> None:
    magic = handle.read(8)
    handle.seek(0)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAWorkbook(_("{path} is a password-protected workbook or an old .xls file; save it as .xlsx without a password", path=path))
    if not zipfile.is_zipfile(handle):
        raise NotAWorkbook(_("{path} is not an xlsx workbook (not a zip archive); export a new one with pjd review export", path=path))
    try:
        with zipfile.ZipFile(handle) as archive:
            _check_entries(archive, limits)
            cells = _CellCount(limits)
            for info in archive.infolist():
                _scan_part(archive, info, limits, cells)
    except NotImplementedError as err:  # an unsupported compression method
        raise NotAWorkbook(_("{path} uses a zip feature pjd does not read ({err})", path=path, err=err)) from None
    except DECOMPRESSION_ERRORS as err:
        raise NotAWorkbook(_("{path} is a damaged zip archive ({err})", path=path, err=err)) from None
    finally:
        handle.seek(0)


def _check_entries(archive: zipfile.ZipFile, limits: Limits) -> None:
    entries = archive.infolist()
    if len(entries) > limits.entries:
        raise NotAWorkbook(_("the archive holds {count} parts; a review workbook holds a few hundred at most", count=len(entries)))
    names = {info.filename for info in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise NotAWorkbook(_("the zip archive is not an xlsx workbook (no xl/workbook.xml)"))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise NotAWorkbook(_("the workbook holds macros (xlsm); save it as a plain .xlsx workbook"))
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise NotAWorkbook(_("the part {filename} is encrypted", filename=info.filename))
        total += info.file_size
        if info.file_size > limits.entry_bytes:
            raise NotAWorkbook(_("the part {filename} unpacks to {size} MiB: refused (zip bomb?)", filename=info.filename, size=f"{info.file_size / 2**20:.0f}"))
        if info.file_size > 2**20 and info.file_size > limits.ratio * max(1, info.compress_size):
            raise NotAWorkbook(
                _("the part {filename} unpacks {ratio} times its packed size: refused (zip bomb?)", filename=info.filename,
                  ratio=info.file_size // max(1, info.compress_size))
            )
    if total > limits.total_bytes:
        raise NotAWorkbook(_("the workbook unpacks to {size} MiB: refused (zip bomb?)", size=f"{total / 2**20:.0f}"))


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00<", b"<\x00")
# A cell or row start tag, with or without a namespace prefix (`<c r=…>`, `<x:c>`, `<row>`).
_CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?(c|row)[\s>/]")
_TAIL = 40  # longer than any match of either pattern, so a match cut by a chunk boundary is seen


@dataclass
class _CellCount:
    limits: Limits
    total: int = 0
    in_row: int = 0

    def add(self, window: bytes, start: int, part: str) -> None:
        """Count the tags in `window` that end after `start` (the ones before were counted already)."""
        for match in _CELL_OR_ROW.finditer(window):
            if match.end() <= start:
                continue
            if match.group(1) == b"row":
                self.in_row = 0
                continue
            self.in_row += 1
            self.total += 1
            if self.in_row > EXCEL_COLUMNS:
                raise NotAWorkbook(_("the part {part} has a row of more than {limit} cells, more than a sheet has columns: refused", part=part, limit=f"{EXCEL_COLUMNS:,}"))
            if self.total > self.limits.cells:
                raise NotAWorkbook(_("the workbook holds more than {cells} cells; a review workbook holds far fewer: refused", cells=f"{self.limits.cells:,}"))


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, cells: _CellCount) -> None:
    """Read one part in bounded chunks: no part may be UTF-16/32 text, declare a DTD or an
    entity (every part is scanned, whatever its name: a workbook may point at a sheet called
    anything; a review workbook holds nothing else that could contain those bytes), unpack
    to more than the directory declared, or hold too many cells."""
    read, tail = 0, b""
    cells.in_row = 0
    with archive.open(info) as part:
        head = part.read(4)
        if head.startswith(_WIDE):
            raise NotAWorkbook(_("the part {filename} is UTF-16 or UTF-32 text, which pjd does not read: refused", filename=info.filename))
        chunk = head
        while chunk:
            read += len(chunk)
            if read > min(info.file_size, limits.entry_bytes):
                raise NotAWorkbook(_("the part {filename} unpacks to more than it declares: refused (zip bomb?)", filename=info.filename))
            window = tail + chunk
            if _DECLARATION.search(window):
                raise NotAWorkbook(
                    _("the part {filename} declares a DTD or XML entities, which no spreadsheet program writes: refused (XML bomb?)", filename=info.filename)
                )
            cells.add(window, len(tail), info.filename)
            tail = window[-_TAIL:]
            chunk = part.read(2**20)


# -- the workbook and its sheets ------------------------------------------------------------------------
@contextlib.contextmanager
def open_workbook(path: Path | str, limits: Limits = LIMITS) -> Iterator[object]:
    """The workbook (openpyxl, read-only) once the file and its archive passed every check;
    NotAWorkbook when it cannot be read safely. The file is opened once, checked, and that
    same open file is what openpyxl reads."""
    import openpyxl

    path = Path(path)
    with _open(path, limits) as handle:
        _check_archive(handle, path, limits)
        if not openpyxl.DEFUSEDXML:
            raise NotAWorkbook(_("openpyxl is not using defusedxml here (is OPENPYXL_DEFUSEDXML set?); pjd will not parse an untrusted workbook without it"))
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False, keep_links=False)
        except Exception as err:  # openpyxl raises many kinds on damaged parts
            raise NotAWorkbook(_("{path} cannot be read as an xlsx workbook ({name}: {err})", path=path, name=type(err).__name__, err=err)) from None
        try:
            yield workbook
        finally:
            workbook.close()


@dataclass
class Grid:
    """A sheet's non-empty cells by (row, column), 1-based; formulas are kept apart."""

    title: str
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)

    def value(self, row: int, column: int):
        return self.values.get((row, column))

    def is_formula(self, row: int, column: int) -> bool:
        return (row, column) in self.formulas

    def cells(self) -> list[tuple[int, int]]:
        """Every non-empty cell, by row then column."""
        return sorted(self.values.keys() | self.formulas)

    def rows(self) -> list[list]:
        """The values as rows up to the last one that has any (for the short record sheet)."""
        last = max((r for r, _c in self.values), default=0)
        out: list[list] = [[] for _ in range(last)]
        for (r, c), value in sorted(self.values.items()):
            row = out[r - 1]
            row.extend([None] * (c - 1 - len(row)))
            row.append(value)
        return out


def read_sheet(ws) -> Grid:
    """The cells a read-only sheet holds, row numbers and columns checked against Excel's limits
    as they are read. Uses openpyxl's sheet parser (openpyxl.worksheet._reader, pinned below
    3.2), not the sheet's row iterator, which fills every gap in the row numbers."""
    from openpyxl.worksheet._reader import WorkSheetParser

    grid = Grid(ws.title)
    book = ws.parent
    try:
        with ws._get_source() as source:
            parser = WorkSheetParser(
                source, ws._shared_strings, data_only=False, epoch=book.epoch,
                date_formats=book._date_formats, timedelta_formats=book._timedelta_formats,
            )
            for row, cells in parser.parse():
                _within_limits(ws.title, row, 1)
                for cell in cells:
                    _within_limits(ws.title, row, cell["column"])
                    _place(grid, row, cell)
    except NotAWorkbook:
        raise
    except Exception as err:  # the sheet's XML is parsed only now: damage shows up here
        raise NotAWorkbook(_("the sheet '{title}' is damaged and cannot be read ({name}: {err})", title=ws.title, name=type(err).__name__, err=err)) from None
    return grid


def _within_limits(title: str, row: int, column: int) -> None:
    if not 1 <= row <= EXCEL_ROWS:
        raise NotAWorkbook(_("the sheet '{title}' has a row numbered {row}; a sheet has rows 1 to {limit}: refused (a damaged or crafted workbook)", title=title, row=row, limit=f"{EXCEL_ROWS:,}"))
    if not 1 <= column <= EXCEL_COLUMNS:
        raise NotAWorkbook(
            _("the sheet '{title}' has a cell in column {column} of row {row}; a sheet has columns 1 to {limit}: refused (a damaged or crafted workbook)", title=title, column=column, row=row, limit=f"{EXCEL_COLUMNS:,}")
        )


def _place(grid: Grid, row: int, cell: dict) -> None:
    key = (row, cell["column"])
    if cell["data_type"] == "f":
        grid.formulas.add(key)
        grid.values.pop(key, None)
    elif cell["value"] is not None:
        grid.values[key] = cell["value"]
        grid.formulas.discard(key)
