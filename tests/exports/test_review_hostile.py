"""Hostile and broken review workbooks: each is refused with a clear message that names the
sheet and cell where there is one, and nothing is written (SPEC §8)."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from builders import allow, deny, world, write_data
from openpyxl import load_workbook
from review_helpers import Reviewer, export, import_json, run

from exports.review_archive import Limits, NotAWorkbook, check_archive

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

RULES = [
    allow("a-lege", personnel=["lege"], documents=["epikriser"]),
    allow("c-sykepleier", personnel=["sykepleier"], conditions=["akutt"]),
    deny("d-vet", personnel=["veterinaer"]),
]


@pytest.fixture
def setup(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES))
    workbook = export(capsys, root, tmp_path / "review.xlsx")
    return root, workbook


def refused(capsys, workbook, root, *extra) -> str:
    """Import must refuse, write nothing, and return the message."""
    code, out, err = run(capsys, "review", "import", workbook, root, *extra)
    assert code == 1, (out, err)
    assert "refused to import" in err and "nothing was written" in err
    assert not (root / "proposals").exists()
    assert "Traceback" not in err
    return err


def rewrite(source, target, replace: dict[str, bytes], add: dict[str, bytes] | None = None, method=zipfile.ZIP_DEFLATED):
    """A copy of an xlsx with some parts replaced or added (a real zip, as an attacker would make)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def sheet_part(workbook, title: str) -> str:
    """The zip part name of a sheet (sheetN.xml in workbook order)."""
    names = load_workbook(workbook, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(title) + 1}.xml"


def test_not_an_xlsx(setup, tmp_path, capsys):
    root, _ = setup
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Dokumenttype;Fastleger\nEpikrise;Ja\n", encoding="utf-8")
    assert "not an xlsx workbook (not a zip archive)" in refused(capsys, fake, root)
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "password-protected workbook or an old .xls" in refused(capsys, legacy, root)
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "not an xlsx workbook (no xl/workbook.xml)" in refused(capsys, other, root)


def test_a_plain_workbook_is_not_a_review_workbook(setup, tmp_path, capsys):
    root, _ = setup
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Ja"
    book.save(plain)
    assert "not a pjd review workbook" in refused(capsys, plain, root)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10) for i in range(1, 10))
    + b"]>\n"
)


def test_xml_bomb_in_a_sheet_is_refused_before_parsing(setup, tmp_path, capsys):
    root, workbook = setup
    part = sheet_part(workbook, "Helse Vest")
    with zipfile.ZipFile(workbook) as z:
        body = z.read(part)
    body = body.replace(b"<v>Ja</v>", b"<v>&lol9;</v>", 1).replace(b"<t>Ja</t>", b"<t>&lol9;</t>", 1)
    if body.startswith(b"<?xml"):
        body = body.split(b"?>", 1)[1]
    bomb = rewrite(workbook, tmp_path / "bomb.xlsx", {part: BILLION_LAUGHS + body})
    err = refused(capsys, bomb, root)
    assert f"the part {part} declares a DTD or XML entities" in err and "XML bomb" in err


def test_xml_bomb_in_shared_strings_is_refused(setup, tmp_path, capsys):
    root, workbook = setup
    strings = BILLION_LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    bomb = rewrite(workbook, tmp_path / "bomb.xlsx", {}, add={"xl/sharedStrings.xml": strings})
    assert "xl/sharedStrings.xml declares a DTD or XML entities" in refused(capsys, bomb, root)


def test_damaged_sheet_xml(setup, tmp_path, capsys):
    root, workbook = setup
    part = sheet_part(workbook, "Helse Nord")
    with zipfile.ZipFile(workbook) as z:
        body = z.read(part)
    damaged = rewrite(workbook, tmp_path / "damaged.xlsx", {part: body[: len(body) // 2]})
    assert "the sheet 'Helse Nord' is damaged and cannot be read" in refused(capsys, damaged, root)


def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")


def test_zip_bomb_is_refused_from_the_directory(setup, tmp_path, capsys):
    root, workbook = setup
    part = sheet_part(workbook, "Helse Vest")
    bomb = rewrite(workbook, tmp_path / "bomb.xlsx", {part: b" " * (64 * 2**20)})
    err = refused(capsys, bomb, root)
    assert f"the part {part} unpacks" in err and "zip bomb" in err


def test_archive_limits_on_size_and_entries(setup, tmp_path):
    _, workbook = setup
    with pytest.raises(NotAWorkbook, match="unpacks to"):
        check_archive(workbook, Limits(total_bytes=1000))
    with pytest.raises(NotAWorkbook, match="parts"):
        check_archive(workbook, Limits(entries=3))
    with pytest.raises(NotAWorkbook, match="MiB"):
        check_archive(workbook, Limits(file_bytes=10))


def test_deleted_row(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    ws = reviewer.sheet_of("hf-vest")
    row = reviewer.rows(ws)["kriseplan"]
    ws.delete_rows(row)
    reviewer.save()
    err = refused(capsys, workbook, root)
    assert f"'Helse Vest'!A{row}: hidden row id changed: this should be the row for 'Kriseplan'" in err


def test_moved_row_and_inserted_column(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    ws = reviewer.sheet_of("hf-nord")
    ws.insert_cols(6)
    reviewer.save()
    err = refused(capsys, workbook, root)
    assert "'Helse Nord'!F5: hidden column id changed (columns moved, inserted or deleted)" in err


def test_value_outside_the_pick_list_and_an_empty_cell_all_reported(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    reviewer.set("hf-vest", "epikrise", "fastlege", "Kanskje")
    reviewer.set("fastlegekontor", "henvisning", "sykepleier", None)
    reviewer.set("hf-nord", "epikrise", "sykehuslege", 1)
    reviewer.save()
    err = refused(capsys, workbook, root)
    ws = reviewer.sheet_of("hf-vest")
    cell = f"{chr(64 + reviewer.columns(ws)['fastlege'])}{reviewer.rows(ws)['epikrise']}"
    assert f"'Helse Vest'!{cell}: 'Kanskje' is not in the pick-list; choose one of: Ja, Nei, Betinget: Akutt" in err
    assert "Fastlegekontor!" in err and "empty; choose one of" in err
    assert "'Helse Nord'!" in err and "'1' is not in the pick-list" in err


def test_changed_header(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    ws = reviewer.sheet_of("hf-vest")
    column = reviewer.columns(ws)["sykepleier"]
    ws.cell(6, column).value = "Sykepleiere (alle)"
    reviewer.save()
    err = refused(capsys, workbook, root)
    assert f"'Helse Vest'!{chr(64 + column)}6: header changed: expected 'Sykepleiere', found 'Sykepleiere (alle)'" in err


def test_stale_hash_refused_unless_forced(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    reviewer.set("hf-vest", "henvisning", "fastlege", "Ja")
    reviewer.save()
    with open(root / "catalogue.yaml", "a", encoding="utf-8") as handle:
        handle.write("# endret etter eksport\n")
    err = refused(capsys, workbook, root)
    assert "the catalogue changed since the workbook was made" in err and "--force" in err
    code, result = import_json(capsys, workbook, root, "--force")
    assert code == 0 and result["stale"] and len(result["rules"]) == 1
    assert (root / "proposals").is_dir()


def test_formula_in_a_cell(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    reviewer.set("hf-vest", "henvisning", "fastlege", '=IF(1,"Ja","Nei")')
    reviewer.comment("hf-vest", "epikrise", "-ikke aktuelt")  # Excel would have made this a formula too
    ws = reviewer.sheet_of("hf-vest")
    ws.cell(reviewer.rows(ws)["epikrise"], reviewer.columns(ws)["kommentar"]).data_type = "f"
    reviewer.save()
    err = refused(capsys, workbook, root)
    assert err.count("a formula; type the value itself") == 2
    assert "'Helse Vest'!" in err


def test_tampered_record_and_another_catalogue(setup, tmp_path, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    record = reviewer.workbook["pjd"]
    record["A1"] = "noe annet"
    reviewer.save(tmp_path / "tampered.xlsx")
    assert "pjd!A1: the hidden record sheet was changed (expected 'format')" in refused(capsys, tmp_path / "tampered.xlsx", root)
    other = write_data(tmp_path / "other", **world(RULES))
    (other / "catalogue.yaml").write_text((other / "catalogue.yaml").read_text().replace("id: test", "id: annen"), encoding="utf-8")
    assert "made from catalogue 'test', not 'annen'" in refused(capsys, workbook, other)


def test_record_that_no_longer_matches_the_catalogue(setup, tmp_path, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    record = reviewer.workbook["pjd"]
    for row in record.iter_rows():
        if row[0].value == "document" and row[1].value == "henvisning":
            row[5].value = "0,0,0,0"  # claim every cell showed Ja
    reviewer.save()
    assert "the hidden record does not match the catalogue it names" in refused(capsys, workbook, root)


def test_existing_proposal_is_never_overwritten(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    reviewer.set("hf-vest", "henvisning", "fastlege", "Ja")
    reviewer.save()
    (root / "proposals").mkdir()
    (root / "proposals" / "mitt.yaml").write_text("# mitt\n", encoding="utf-8")
    code, out, err = run(capsys, "review", "import", workbook, root, "--as", "mitt")
    assert code == 1 and "exists; pjd never edits existing files" in err
    assert (root / "proposals" / "mitt.yaml").read_text() == "# mitt\n"
    code, out, err = run(capsys, "review", "import", workbook, root, "--as", "Mitt forslag")
    assert code == 2 and "--as 'Mitt forslag'" in err


def test_usage_errors(setup, tmp_path, capsys):
    root, workbook = setup
    code, _, err = run(capsys, "review", "export", root, "--out", tmp_path / "x.csv")
    assert code == 2 and "must be an .xlsx file" in err
    code, _, err = run(capsys, "review", "export", root, "--out", workbook)
    assert code == 1 and "exists" in err
    code, _, err = run(capsys, "review", "export", root, "--out", tmp_path / "y.xlsx", "--sources", "hf-vst")
    assert code == 2 and "did you mean hf-vest" in err
    code, _, err = run(capsys, "review", "import", tmp_path / "missing.xlsx", root)
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "review")
    assert code == 2


def test_a_damaged_deflate_stream_is_refused(setup, tmp_path, capsys):
    root, workbook = setup
    part = sheet_part(workbook, "Helse Vest")
    with zipfile.ZipFile(workbook) as z:
        info = z.getinfo(part)
    data = bytearray(workbook.read_bytes())
    name_length, extra_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little"), int.from_bytes(
        data[info.header_offset + 28 : info.header_offset + 30], "little"
    )
    start = info.header_offset + 30 + name_length + extra_length
    data[start] |= 0b110  # the first block's type bits: 11, which deflate reserves
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    err = refused(capsys, damaged, root)
    assert f"  {damaged} is a damaged zip archive (Error -3 while decompressing data: invalid block type)\n" in err


def test_row_and_column_numbers_beyond_excel_are_refused_at_once(setup, tmp_path, capsys):
    root, workbook = setup
    part = sheet_part(workbook, "Helse Vest")
    with zipfile.ZipFile(workbook) as z:
        body = z.read(part)
    huge_row = b'<row r="1000000000000"><c r="A1000000000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    crafted = rewrite(workbook, tmp_path / "rows.xlsx", {part: body.replace(b"</sheetData>", huge_row, 1)})
    assert crafted.stat().st_size < 100_000
    err = refused(capsys, crafted, root)
    assert (
        "  the sheet 'Helse Vest' has a row numbered 1000000000000; a sheet has rows 1 to 1,048,576: "
        "refused (a damaged or crafted workbook)\n"
    ) in err
    wide = b'<row r="9000"><c r="XFE9000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    crafted = rewrite(workbook, tmp_path / "columns.xlsx", {part: body.replace(b"</sheetData>", wide, 1)})
    err = refused(capsys, crafted, root)
    assert (
        "  the sheet 'Helse Vest' has a cell in column 16385 of row 9000; a sheet has columns 1 to 16,384: "
        "refused (a damaged or crafted workbook)\n"
    ) in err


def test_cells_are_counted_before_any_xml_is_parsed(setup, tmp_path, capsys):
    root, workbook = setup
    part = sheet_part(workbook, "Helse Vest")
    with zipfile.ZipFile(workbook) as z:
        body = z.read(part)
    long_row = b'<row r="9000">' + b"<c/>" * 16_385 + b"</row></sheetData>"
    crafted = rewrite(workbook, tmp_path / "wide.xlsx", {part: body.replace(b"</sheetData>", long_row, 1)})
    err = refused(capsys, crafted, root)
    assert f"  the part {part} has a row of more than 16,384 cells, more than a sheet has columns: refused\n" in err
    with pytest.raises(NotAWorkbook, match="^the workbook holds more than 100 cells; a review workbook holds far fewer: refused$"):
        check_archive(workbook, Limits(cells=100))


def test_a_fifo_given_as_the_workbook_is_refused_without_waiting(setup, tmp_path):
    import os
    import subprocess
    import sys

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    root, _ = setup
    fifo = tmp_path / "X.xlsx"
    os.mkfifo(fifo)
    # In a process of its own: were the FIFO opened for reading, nobody would ever write to it.
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "review", "import", str(fifo), str(root)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"pjd: refused to import {fifo}; nothing was written.\n"
        f"  cannot read {fifo}: not a regular file but a named pipe (FIFO)\n"
    )
    assert not (root / "proposals").exists()


# -- review import: unreachable changes ---------------------------------------------------------------
def test_unreachable_changes_do_not_fail_the_import_the_reachable_part_is_written(setup, capsys):
    root, workbook = setup
    reviewer = Reviewer(workbook)
    reviewer.set("hf-vest", "epikrise", "fastlege", "Betinget: Akutt")  # an allow applies: unreachable
    reviewer.set("hf-vest", "epikrise", "sykehuslege", "Betinget: Akutt")  # likewise
    reviewer.save()
    status, out, err = run(capsys, "review", "import", workbook, root)
    assert status == 0 and not (root / "proposals").exists()
    assert "No proposal written: adding rules can reach none of the changes (below)." in out
    assert "Not reachable by adding rules (2): change these rules by hand" in out
    assert err == (
        "pjd: 2 changed cells were not reachable by adding rules (listed above), and nothing else needed a rule: "
        "no proposal written.\n"
    )
    reviewer.set("hf-vest", "henvisning", "fastlege", "Ja")  # and one that a rule can reach
    reviewer.save()
    status, out, err = run(capsys, "review", "import", workbook, root, "--as", "forslag")
    target = root / "proposals" / "forslag.yaml"
    assert status == 0 and target.exists()
    assert err == (
        f"pjd: wrote {target}, but 2 changed cells were not reachable by adding rules (listed above): "
        "change the rules in the way by hand.\n"
    )
    written = target.read_bytes()
    status, _out, err = run(capsys, "review", "import", workbook, root, "--as", "forslag")  # a rerun refuses, writes nothing
    assert status == 1 and "exists; pjd never edits existing files" in err and target.read_bytes() == written
