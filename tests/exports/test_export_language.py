"""The workbooks in bokmål (SPEC §13): no English text from pjd in the guidance matrix or the
review workbook made in `nb` — headings, legends, comments, findings, status and view words —
and the guidance matrix wholly in English with `--lang en`."""

from __future__ import annotations

import re

from builders import allow, deny, world, write_data
from openpyxl import load_workbook

from policy_model.i18n import read_catalogue
from tui.cli import main

VALUE_WORDS = {
    "approved", "proposed", "draft", "retired", "allow", "deny", "conditional", "production", "planned",
    "error", "warning", "high", "medium", "low", "none", "now", "later", "unknown", "agreed", "view",
}
"""The catalogue's values as English words: in Norwegian text they must have become words."""
MACHINE_SHEETS = {"pjd", "Lister"}  # the review workbook's very hidden record and pick-lists


def _english_messages() -> set[str]:
    """pjd's English texts whose bokmål differs: none of them may show in a Norwegian workbook."""
    found = set()
    for message in read_catalogue("nb"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found |= {english for english, norwegian in zip(ids, strings) if english and norwegian != english}
    return found


def _texts(path):
    """(where, text) for every text a person can see in the workbook."""
    workbook = load_workbook(path)
    for ws in workbook.worksheets:
        if ws.title in MACHINE_SHEETS:
            continue
        yield ws.title, ws.title
        for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center):
            if part.text:
                yield f"{ws.title} header", part.text.replace("&&", "&")
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield f"{ws.title}!{cell.coordinate}", cell.value
                if cell.comment is not None:
                    yield f"{ws.title}!{cell.coordinate} comment", cell.comment.text
        for validation in ws.data_validations.dataValidation:
            for text in (validation.promptTitle, validation.prompt, validation.errorTitle, validation.error):
                if text:
                    yield f"{ws.title} pick-list", text


def _english_in(path) -> list[tuple[str, str]]:
    english = _english_messages()
    found = []
    for where, text in _texts(path):
        words = set(re.findall(r"[A-Za-z_]+", text))
        if text in english or words & VALUE_WORDS:
            found.append((where, text[:90]))
    return found


def _rich_world(tmp_path):
    """A catalogue (Norwegian names only) that fills every sheet: windows, conditions, a deny,
    a draft rule, an assessment, an expectation that fails and so findings of each severity."""
    rules = [
        allow("a-leger", personnel=["lege"], status="approved", rationale="Leger trenger epikriser"),
        allow("c-sykepleiere", personnel=["sykepleier"], conditions=["akutt"], window="P1Y", status="proposed"),
        deny("d-veterinaerer", personnel=["veterinaer"], status="approved"),
        allow("k-kriseplan", documents=["kriseplan"], personnel=["fastlege"], legal_basis=[]),
    ]
    expectations = [{"id": "fastlege-leser", "documents": ["henvisning"], "personnel": ["fastlege"], "decision": "readable"}]
    assessments = [{"id": "behov", "sources": ["fastlegekontor"], "documents": ["henvisning"], "need": "high", "status": "agreed"}]
    return write_data(tmp_path / "cat", **world(rules, expectations, assessments=assessments))


def test_the_guidance_matrix_holds_no_english_in_bokmal(tmp_path, capsys):
    root = _rich_world(tmp_path)
    assert main(["export", str(root), "--out", str(tmp_path / "out"), "--view", "draft", "--only", "guidance"]) == 0
    capsys.readouterr()
    path = tmp_path / "out" / "veiledningsmatrise.xlsx"
    assert _english_in(path) == []
    about = {row[0].value: row[1].value for row in load_workbook(path)["Om matrisen"].iter_rows(min_row=4) if len(row) > 1}
    assert about["Visning"] == "utkast"
    rules = {row[0].value: row[2].value for row in load_workbook(path)["Regler"].iter_rows(min_row=2)}
    assert rules["a-leger"] == "godkjent" and rules["c-sykepleiere"] == "foreslått" and rules["k-kriseplan"] == "utkast"


def test_the_review_workbook_holds_no_english_in_bokmal(tmp_path, capsys):
    root = _rich_world(tmp_path)
    out = tmp_path / "review.xlsx"
    assert main(["review", "export", str(root), "--out", str(out), "--view", "approved"]) == 0
    capsys.readouterr()
    assert _english_in(out) == []


def test_the_guidance_matrix_in_english(tmp_path, capsys):
    root = _rich_world(tmp_path)
    assert main(["export", str(root), "--out", str(tmp_path / "out"), "--view", "draft", "--only", "guidance", "--lang", "en"]) == 0
    capsys.readouterr()
    workbook = load_workbook(tmp_path / "out" / "veiledningsmatrise.xlsx")
    assert workbook.sheetnames[0] == "About" and workbook.sheetnames[-5:] == ["Rules", "Legal bases", "Conditions", "Findings", "Assessments"]
    findings = [row[2].value for row in workbook["Findings"].iter_rows(min_row=2)]
    assert any(message.startswith("allow rule 'k-kriseplan' cites no legal basis") for message in findings)
    norwegian = {"Funn", "Regler", "visning", "Visning", "godkjent", "utkast", "tillatelsesregelen", "Hjemmel", "vilkår"}
    assert not [(where, text) for where, text in _texts(tmp_path / "out" / "veiledningsmatrise.xlsx")
                if set(re.findall(r"\w+", text)) & norwegian]
