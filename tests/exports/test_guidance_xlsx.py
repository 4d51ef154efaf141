"""The guidance matrix read back with openpyxl: every cell equals `decide`, text stays text,
and the sheet prints (fit to width, repeated headers, the DRAFT mark)."""

import zipfile

from builders import allow, deny, load_data, world
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from random_catalogues import catalogues, load

import catalogue as bundled
from exports import guidance_xlsx
from exports.labels import Words
from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.i18n import using
from policy_model.load import load_folder
from policy_model.windows import window_words

FIRST_ROW = guidance_xlsx.FIRST_DATA_ROW
FIRST_COL = guidance_xlsx.FIRST_GROUP_COLUMN


def export(catalogue, folder, view="draft", lang="nb"):
    evaluation = Evaluation(catalogue, view)
    findings = policy_findings(Context(catalogue, view, evaluation))
    path = guidance_xlsx.write(evaluation, findings, folder, lang=lang)
    return evaluation, load_workbook(path)


def expected_text(words, catalogue, decisions) -> str:
    """The cell text SPEC §5.1 and §9.5 ask for, written out from the rules in exports/cell_labels.py's
    docstring (not from its code)."""

    def one(d):
        if d.kind == "allow" and d.window is not None:
            return f"{words['allow']} ({window_words(d.window)})"
        if d.kind == "conditional" and all(g.window is not None for g in d.grants):
            return f"{words['conditional']} ({window_words(max(g.window for g in d.grants))})"
        return words[d.kind]

    texts = [one(d) for _a, d in decisions]
    if len(set(texts)) == 1:
        return texts[0]
    readable = [(a, t) for (a, d), t in zip(decisions, texts) if d.readable]
    if not readable:
        return words["deny"]
    names = {a: (catalogue.action_entries[a].short_name or catalogue.action_entries[a].name) for a, _t in decisions}
    return " · ".join(names[a] + ("" if t == words["allow"] else f": {t}") for a, t in readable)


def assert_cells_match(evaluation, workbook, lang="nb"):
    """Every document row of every source sheet shows what `decide` says, in words."""
    words = Words(lang)
    cat = evaluation.catalogue
    source_sheets = workbook.worksheets[1 : 1 + len(evaluation.sources)]
    checked = 0
    for source, ws in zip(evaluation.sources, source_sheets):
        row = FIRST_ROW
        for _category, documents in cat.documents_by_category():
            row += 1  # the category heading
            for doc in documents:
                assert ws.cell(row, 2).value == cat.document_types[doc].name
                for g, group in enumerate(evaluation.personnel):
                    decisions = [(a, evaluation.decision((source, doc, group, a))) for a in evaluation.actions]
                    got = ws.cell(row, FIRST_COL + g)
                    with using(lang):  # windows in words ("6 måneder") in the matrix's language
                        expected = expected_text(words, cat, decisions)
                    assert got.value == expected, (source, doc, group)
                    assert got.data_type == "s"
                    checked += 1
                row += 1
    return checked


def test_bundled_catalogue_every_cell_equals_decide(tmp_path):
    catalogue = load_folder(bundled.path()).catalogue
    evaluation, workbook = export(catalogue, tmp_path)
    cells = len(evaluation.sources) * len(evaluation.documents) * len(evaluation.personnel)
    assert assert_cells_match(evaluation, workbook) == cells
    names = [ws.title for ws in workbook.worksheets]
    assert names[0] == "Om matrisen" and names[-5:] == ["Regler", "Hjemler", "Vilkår", "Funn", "Vurderinger"]
    assert len(names) == 1 + len(evaluation.sources) + 5
    for title, source in zip(names[1:], evaluation.sources):
        assert catalogue.sources[source].name.startswith(title.rstrip("…")) and len(title) <= 31


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(catalogues())
def test_random_catalogues_every_cell_equals_decide(tmp_path_factory, sections):
    catalogue = load(sections)
    evaluation, workbook = export(catalogue, tmp_path_factory.mktemp("x"), lang="en")
    cells = len(evaluation.sources) * len(evaluation.documents) * len(evaluation.personnel)
    assert assert_cells_match(evaluation, workbook, lang="en") == cells


RULES = [
    allow("a-lege", personnel=["lege"], legal_basis=["hpl-45", "kjf-4"]),
    allow("c-sykepleier", personnel=["sykepleier"], conditions=["akutt", "samtykke"]),
    allow("c-sykepleier-2", personnel=["sykepleier"], documents=["henvisning"], conditions=["samtykke"]),
    deny("d-vest", sources=["hf-vest"], documents=["kriseplan"], personnel=["fastlege"]),
]


def test_comments_explain_each_cell_and_deny_is_styled_apart_from_none(tmp_path):
    evaluation, workbook = export(load_data(**world(RULES)), tmp_path)
    ws = workbook["Helse Vest"]
    rows = {ws.cell(r, 2).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    cols = {g: FIRST_COL + i for i, g in enumerate(evaluation.personnel)}
    allowed = ws.cell(rows["Epikrise"], cols["fastlege"])
    assert allowed.value == "Ja" and "a-lege" in allowed.comment.text
    assert "Helsepersonelloven § 45" in allowed.comment.text and "Kjernejournalforskriften § 4" in allowed.comment.text
    conditional = ws.cell(rows["Henvisning"], cols["sykepleier"])
    assert conditional.value == "Betinget"
    assert "Samtykke" in conditional.comment.text and "c-sykepleier-2" in conditional.comment.text
    denied = ws.cell(rows["Kriseplan"], cols["fastlege"])
    none = ws.cell(rows["Kriseplan"], cols["veterinaer"])
    assert denied.value == none.value == "Nei"
    assert "d-vest" in denied.comment.text and none.comment is None
    assert denied.fill.fgColor.rgb != none.fill.fgColor.rgb and denied.font.color.rgb != none.font.color.rgb
    not_applicable = workbook["Fastlegekontor"].cell(rows["Epikrise"], cols["fastlege"])
    assert not_applicable.value == "–"


def test_hostile_text_comes_out_as_text(tmp_path):
    sources = [{"id": "hf", "name": "HF"}, {"id": "hf-vest", "name": "=HYPERLINK(\"http://evil\",\"klikk\")", "parents": ["hf"]}]
    personnel = [{"id": "lege", "name": "Leger"}, {"id": "fastlege", "name": "@x", "parents": ["lege"]}, {"id": "b", "name": "-2"}]
    code = {"system": "2.16.578.1.12.4.1.1.9602", "code": "+1", "display": "x"}
    documents = [{"id": "epikrise", "name": "=1+1", "parents": ["epikriser"], "type_code": code}]
    categories = [{"id": "epikriser", "name": "-2 Epikriser"}]
    rules = [allow("r", rationale="=cmd|' /C calc'!A0", owner="+owner", legal_basis=["lb"])]
    catalogue = load_data(
        sources=sources, personnel_groups=personnel, document_categories=categories, document_types=documents,
        legal_bases=[{"id": "lb", "name": "@SUM(A1)", "url": "=HYPERLINK(1)"}], rules=rules,
    )
    _evaluation, workbook = export(catalogue, tmp_path)
    texts = {}
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    texts[c.value] = c
    for hostile in ("=1+1", "+1", "-2 Epikriser", "-2", "@x", "=cmd|' /C calc'!A0", "+owner", "@SUM(A1)", "=HYPERLINK(1)"):
        assert hostile in texts, hostile
        assert texts[hostile].data_type == "s"
    assert workbook.worksheets[1].title.startswith("=HYPERLINK")
    with zipfile.ZipFile(tmp_path / guidance_xlsx.FILENAME) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_print_setup_freeze_filter_and_draft_mark(tmp_path):
    evaluation, workbook = export(load_data(**world(RULES)), tmp_path, view="draft")
    ws = workbook["Helse Vest"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$6:$7" and ws.print_title_cols == "$A:$B"
    assert ws.freeze_panes == "D8"
    assert ws.auto_filter.ref.startswith("A7:")
    for sheet in workbook.worksheets:
        assert sheet.oddHeader.right.text == "UTKAST", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    about = {row[0].value: row[1].value for row in workbook["Om matrisen"].iter_rows(min_row=4) if len(row) > 1}
    assert about["Visning"] == "utkast" and about["Innholds-hash (sha256)"] == evaluation.catalogue.content_hash
    assert "UTKAST" in workbook["Om matrisen"]["A2"].value


def test_approved_view_without_errors_has_no_draft_mark(tmp_path):
    rules = [allow("a", personnel=["lege"], documents=["epikrise"], status="approved", legal_basis=["hpl-45"])]
    _evaluation, workbook = export(load_data(**world(rules)), tmp_path, view="approved")
    assert all(not ws.oddHeader.right.text for ws in workbook.worksheets)
    assert "UTKAST" not in workbook["Om matrisen"]["A2"].value
    # errors make it a draft again, even in the approved view
    broken = [allow("a", personnel=["lege"], status="approved", legal_basis=[])]
    _evaluation, workbook = export(load_data(**world(broken)), tmp_path, view="approved")
    assert workbook["Om matrisen"]["A2"].value.startswith("UTKAST") and "feil" in workbook["Om matrisen"]["A2"].value


def test_english_workbook(tmp_path):
    _evaluation, workbook = export(load_data(**world(RULES)), tmp_path, lang="en")
    assert workbook.worksheets[0].title == "About" and workbook.worksheets[-1].title == "Assessments"
    values = {c.value for row in workbook["Helse Vest"].iter_rows(min_row=FIRST_ROW) for c in row}
    assert {"Yes", "Conditional", "No"} <= values and "Ja" not in values


def test_rules_and_findings_sheets(tmp_path):
    rules = [*RULES, allow("no-basis", personnel=["veterinaer"], legal_basis=[])]
    _evaluation, workbook = export(load_data(**world(rules)), tmp_path)
    rule_rows = {row[0].value: [c.value for c in row] for row in workbook["Regler"].iter_rows(min_row=2)}
    assert set(rule_rows) == {r["id"] for r in rules}
    assert rule_rows["a-lege"][7] == "Helsepersonelloven § 45; Kjernejournalforskriften § 4"
    assert rule_rows["a-lege"][11].startswith("catalogue.yaml:")
    findings = [[c.value for c in row] for row in workbook["Funn"].iter_rows(min_row=2)]
    missing = next(f for f in findings if f[1] == "mangler hjemmel (missing_legal_basis)")  # the kind in words, and its id
    assert missing[0] == "feil" and missing[3].startswith("catalogue.yaml:") and missing[4] == "no-basis"
