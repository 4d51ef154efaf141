"""The review workbook as written (SPEC §8), read back with openpyxl: pick-lists that stop
other input, locked structure, hidden stable ids, the content hash, Norwegian instructions
first, printable; every value from policy_model.decide."""

from __future__ import annotations

from builders import allow, deny, world, write_data
from openpyxl import load_workbook
from review_helpers import Reviewer, export, import_json, run

from exports.review_layout import FIRST_GROUP_COLUMN, SOURCE_FIRST_ROW, SOURCE_ID_ROW
from policy_model.decide import Evaluation
from policy_model.load import load_folder

RULES = [
    allow("a-lege", personnel=["lege"], documents=["epikriser"]),
    allow("c-sykepleier", personnel=["sykepleier"], conditions=["akutt"]),
    allow("c-sykepleier-2", personnel=["sykepleier"], documents=["henvisning"], conditions=["akutt", "samtykke"]),
    deny("d-vet", personnel=["veterinaer"]),
]


def test_sheets_protection_ids_and_hash(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES))
    catalogue = load_folder(root).catalogue
    path = export(capsys, root, tmp_path / "review.xlsx", "--reviewer", "Kari")
    book = load_workbook(path)
    assert book.sheetnames == ["Slik gjør du", "Helse Vest", "Helse Nord", "Fastlegekontor", "Vurderinger", "Lister", "pjd"]
    assert book.security.lockStructure
    assert book["Lister"].sheet_state == "veryHidden" and book["pjd"].sheet_state == "veryHidden"
    for ws in book.worksheets:
        assert ws.protection.sheet, ws.title
    instructions = book["Slik gjør du"]
    texts = [c.value for row in instructions.iter_rows() for c in row if isinstance(c.value, str)]
    assert instructions["B4"].value == "Kari" and not instructions["B4"].protection.locked
    assert catalogue.content_hash in texts and any("nedtrekkslisten" in t for t in texts)
    assert "Betinget: Akutt" in texts and "Betinget: Samtykke" in texts
    record = {row[0]: row[1:] for row in book["pjd"].iter_rows(values_only=True)}
    assert record["content_hash"][0] == catalogue.content_hash and record["view"][0] == "draft"
    assert record["format_version"][0] == "2" and record["catalogue_id"][0] == "test"

    ws = book["Helse Vest"]
    assert ws.column_dimensions["A"].hidden and ws.row_dimensions[SOURCE_ID_ROW].hidden
    ids = [ws.cell(SOURCE_ID_ROW, c).value for c in range(FIRST_GROUP_COLUMN, FIRST_GROUP_COLUMN + 4)]
    assert ids == list(Evaluation(catalogue).personnel)
    rows = [ws.cell(r, 1).value for r in range(SOURCE_FIRST_ROW, ws.max_row + 1)]
    assert rows == ["epikriser", "epikrise", "kriseplan", "korrespondanse", "henvisning"]
    assert ws.print_title_rows == "$6:$7" and ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "E8"


def test_decision_cells_hold_decide_and_only_they_and_comments_are_unlocked(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES))
    catalogue = load_folder(root).catalogue
    evaluation = Evaluation(catalogue)
    book = load_workbook(export(capsys, root, tmp_path / "review.xlsx"))
    words = {"allow": "Ja", "deny": "Nei", "none": "Nei"}
    for source, title in (("hf-vest", "Helse Vest"), ("fastlegekontor", "Fastlegekontor")):
        ws = book[title]
        for r in range(SOURCE_FIRST_ROW, ws.max_row + 1):
            document = ws.cell(r, 1).value
            is_document = document in catalogue.document_types
            for c in range(1, ws.max_column + 1):
                item = ws.cell(r, c)
                editable = is_document and c >= FIRST_GROUP_COLUMN
                assert item.protection.locked is not editable, (title, item.coordinate)
                if editable and c < FIRST_GROUP_COLUMN + len(evaluation.personnel):
                    decision = evaluation.decision((source, document, evaluation.personnel[c - FIRST_GROUP_COLUMN], "read"))
                    if decision.kind == "conditional":
                        names = " | ".join(" + ".join(catalogue.conditions[x].name for x in alt) for alt in decision.alternatives)
                        assert item.value == f"Betinget: {names}"
                    else:
                        assert item.value == words[decision.kind]
    assert book["Helse Vest"]["G10"].value == "Betinget: Akutt"  # kriseplan × sykepleier


def test_pick_lists_reject_other_input(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES))
    book = load_workbook(export(capsys, root, tmp_path / "review.xlsx"))
    lists = book["Lister"]
    ws = book["Helse Vest"]
    validations = ws.data_validations.dataValidation
    decision = next(v for v in validations if v.type == "list")
    assert decision.showErrorMessage and decision.errorStyle == "stop" and not decision.allow_blank
    assert "E9:H10" in str(decision.sqref) and "E12:H12" in str(decision.sqref)
    sheet, cells = decision.formula1.split("!")
    assert sheet.strip("'") == "Lister"
    column = cells.split(":")[0].replace("$", "").rstrip("0123456789")
    values = [c.value for c in lists[column] if c.value]
    # the extra label: henvisning × sykepleier shows both alternatives (akutt alone, or akutt + samtykke is a superset)
    assert values[:4] == ["Ja", "Nei", "Betinget: Akutt", "Betinget: Samtykke"]
    comments = next(v for v in validations if v.type == "textLength")
    assert comments.errorStyle == "stop" and "I9:I10" in str(comments.sqref)
    assessments = book["Vurderinger"].data_validations.dataValidation
    need = next(v for v in assessments if v.type == "list" and "G" in str(v.sqref))
    assert need.allow_blank and need.errorStyle == "stop"
    need_values = [c.value for c in lists[need.formula1.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")] if c.value]
    assert need_values == ["Høyt", "Middels", "Lavt", "Ingen"]


def test_several_alternatives_are_shown_joined_and_can_be_put_back(tmp_path, capsys):
    rules = [*RULES, allow("c-samtykke", personnel=["sykepleier"], documents=["henvisning"], conditions=["samtykke"])]
    root = write_data(tmp_path / "cat", **world(rules))
    path = export(capsys, root, tmp_path / "review.xlsx")
    reviewer = Reviewer(path)
    assert reviewer.value("hf-vest", "henvisning", "sykepleier") == "Betinget: Akutt | Samtykke"
    reviewer.set("hf-vest", "henvisning", "sykepleier", "Ja")
    reviewer.set("hf-vest", "henvisning", "sykepleier", "Betinget: Akutt | Samtykke")  # and back again
    reviewer.save()
    code, result = import_json(capsys, path, root)
    assert code == 0 and result["changed_cells"] == 0 and result["proposal"] is None


def test_formula_like_names_stay_text(tmp_path, capsys):
    conditions = [{"id": "akutt", "name": "=Akutt"}, {"id": "samtykke", "name": "@Samtykke"}]
    root = write_data(tmp_path / "cat", **world(RULES, conditions=conditions))
    book = load_workbook(export(capsys, root, tmp_path / "review.xlsx"))
    assert book["Helse Vest"]["G10"].value == "Betinget: =Akutt"
    lists = [c.value for row in book["Lister"].iter_rows() for c in row]
    assert "Betinget: @Samtykke" in lists
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for item in row:
                assert item.data_type != "f", (ws.title, item.coordinate)


def test_sources_option_expands_groupings_and_view_is_recorded(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES))
    book = load_workbook(export(capsys, root, tmp_path / "review.xlsx", "--sources", "hf", "--view", "approved"))
    assert book.sheetnames[1:3] == ["Helse Vest", "Helse Nord"] and "Fastlegekontor" not in book.sheetnames
    record = {row[0]: row[1:] for row in book["pjd"].iter_rows(values_only=True)}
    assert record["view"][0] == "approved"


def test_approved_view_roundtrip(tmp_path, capsys):
    rules = [allow("a-lege", personnel=["lege"], documents=["epikriser"], status="approved"), allow("p", personnel=["sykepleier"], status="proposed")]
    root = write_data(tmp_path / "cat", **world(rules))
    path = export(capsys, root, tmp_path / "review.xlsx", "--view", "approved")
    reviewer = Reviewer(path)
    assert reviewer.value("hf-vest", "henvisning", "sykepleier") == "Nei"  # the proposed rule does not count
    reviewer.set("hf-vest", "henvisning", "fastlege", "Ja")
    reviewer.save()
    code, result = import_json(capsys, path, root)
    assert code == 0 and len(result["rules"]) == 1 and result["view"] == "approved"
    assert [(c["document"], c["personnel"], c["new"]["decision"]) for c in result["changes"]] == [("henvisning", "fastlege", "allow")]
    code, out, _ = run(capsys, "check", root, "--view", "approved")
    assert code == 0


def test_forced_import_of_a_stale_workbook(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES))
    path = export(capsys, root, tmp_path / "review.xlsx")
    reviewer = Reviewer(path)
    reviewer.set("fastlegekontor", "henvisning", "fastlege", "Ja")
    reviewer.set("hf-vest", "henvisning", "fastlege", "Ja")
    reviewer.save()
    # since the export: henvisning is produced only by hf, and another author allowed hf-vest already
    documents = [dict(d) for d in world()["document_types"]]
    documents[2]["produced_by"] = ["hf"]
    write_data(root, **world([*RULES, allow("ny", sources=["hf-vest"], documents=["henvisning"], personnel=["fastlege"])], document_types=documents))
    code, result = import_json(capsys, path, root, "--force")
    assert code == 0 and result["stale"] and result["proposal"] is None  # nothing reachable to propose
    [item] = result["unreachable"]
    assert item["reason"] == "not_applicable" and item["source"] == "fastlegekontor"
    assert result["already"] == 1


def test_forced_import_refuses_ids_that_are_gone(tmp_path, capsys, english):
    root = write_data(tmp_path / "cat", **world(RULES))
    path = export(capsys, root, tmp_path / "review.xlsx")
    documents = [d for d in world()["document_types"] if d["id"] != "kriseplan"]
    write_data(root, **world(RULES, document_types=documents))
    code, result = import_json(capsys, path, root, "--force")
    assert code == 1 and any("document type 'kriseplan' is no longer in the catalogue" in p for p in result["problems"])
    assert not (root / "proposals").exists()


def test_bundled_catalogue_exports_and_reads_back_unchanged(tmp_path, capsys):
    import shutil

    import catalogue as bundled

    root = tmp_path / "cat"
    shutil.copytree(bundled.path(), root, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    path = export(capsys, root, tmp_path / "review.xlsx")
    code, result = import_json(capsys, path, root)
    assert code == 0 and result["changed_cells"] == 0 and result["proposal"] is None
    book = load_workbook(path, read_only=True)
    assert {"Fastleger – Liste", "Fastleger – Åpne"} <= set(book.sheetnames) and book.sheetnames[0] == "Slik gjør du"
