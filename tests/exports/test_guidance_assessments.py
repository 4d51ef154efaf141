"""The guidance matrix's assessment sheet (SPEC §7): the working groups' priority list, read
back with openpyxl: one line per assessment × leaf source × document type, sorted by need then
feasibility, with whether the need is met in the export's view."""

from builders import allow, deny, load_data, world
from openpyxl import load_workbook

import catalogue as bundled
from exports import guidance_xlsx
from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.load import load_folder

ASSESSMENTS = [
    {"id": "lav", "sources": ["hf"], "documents": ["henvisning"], "need": "low", "feasibility": "now"},
    {
        "id": "hoy-senere",
        "sources": ["fastlegekontor"],
        "documents": ["henvisning", "kriseplan"],
        "personnel": ["lege"],
        "need": "high",
        "feasibility": "later",
        "status": "agreed",
        "assessed_by": ["legeforeningen", "ks"],
        "assessed_on": "2026-05-12",
        "rationale": "Trengs akutt",
    },
    {"id": "hoy-na", "sources": ["hf-vest"], "documents": ["epikrise"], "personnel": ["sykepleier"], "need": "high", "feasibility": "now"},
    {"id": "ingen", "sources": ["fastlegekontor"], "documents": ["henvisning"], "personnel": ["sykepleier"], "need": "none"},
]
RULES = [
    allow("a", sources=["fastlegekontor"], documents=["henvisning"], personnel=["fastlege"]),
    allow("s", sources=["fastlegekontor"], documents=["henvisning"], personnel=["sykepleier"], conditions=["akutt"]),
    deny("d", sources=["hf-nord"]),
]


def sheet_rows(catalogue, tmp_path, view="draft", lang="nb"):
    evaluation = Evaluation(catalogue, view)
    findings = policy_findings(Context(catalogue, view, evaluation))
    path = guidance_xlsx.write(evaluation, findings, tmp_path, lang=lang)
    workbook = load_workbook(path)
    ws = workbook["Vurderinger" if lang == "nb" else "Assessments"]
    return [[c.value for c in row] for row in ws.iter_rows()], ws


def test_priority_list_one_line_per_source_and_document_sorted_by_need_then_feasibility(tmp_path):
    catalogue = load_data(**world(RULES, assessments=ASSESSMENTS))
    rows, ws = sheet_rows(catalogue, tmp_path)
    header, lines = rows[0], rows[1:]
    assert header[:6] == ["Helsefaglig behov", "Kan deles raskt fra EPJ", "Kilde", "Dokumenttype", "Personell", "Behov dekket i dag"]
    # hf covers hf-vest and hf-nord for 'lav'; epikrise is not applicable for fastlegekontor
    assert [(r[0], r[1], r[2], r[3], r[10]) for r in lines] == [
        ("høyt", "nå", "Helse Vest", "Epikrise", "hoy-na"),
        ("høyt", "senere", "Fastlegekontor", "Kriseplan", "hoy-senere"),
        ("høyt", "senere", "Fastlegekontor", "Henvisning", "hoy-senere"),
        ("lavt", "nå", "Helse Vest", "Henvisning", "lav"),
        ("lavt", "nå", "Helse Nord", "Henvisning", "lav"),
        ("ingen", "ukjent", "Fastlegekontor", "Henvisning", "ingen"),
    ]
    met = {(r[10], r[3], r[2]): r[5] for r in lines}
    assert met[("hoy-na", "Epikrise", "Helse Vest")] == "nei"
    assert met[("hoy-senere", "Henvisning", "Fastlegekontor")] == "delvis"  # fastlege yes, sykehuslege no
    assert met[("hoy-senere", "Kriseplan", "Fastlegekontor")] == "nei"
    assert met[("lav", "Henvisning", "Helse Nord")] == "nei"  # denied
    assert met[("ingen", "Henvisning", "Fastlegekontor")] == "ikke behov; deles: ja"  # conditional is readable
    senere = next(r for r in lines if r[10] == "hoy-senere")
    assert senere[4] == "Leger" and senere[6:10] == ["omforent", "legeforeningen, ks", "2026-05-12", "Trengs akutt"]
    assert senere[11].startswith("catalogue.yaml:")
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"


def test_need_met_follows_the_view_of_the_export(tmp_path):
    rules = [allow("a", sources=["hf-vest"], documents=["epikrise"], personnel=["sykepleier"], status="draft")]
    catalogue = load_data(**world(rules, assessments=ASSESSMENTS[2:3]))
    draft, _ = sheet_rows(catalogue, tmp_path / "d", view="draft")
    approved, _ = sheet_rows(catalogue, tmp_path / "a", view="approved")
    assert draft[1][5] == "ja" and approved[1][5] == "nei"


def test_english_and_empty(tmp_path):
    rows, _ = sheet_rows(load_data(**world(RULES, assessments=ASSESSMENTS)), tmp_path / "en", lang="en")
    assert rows[0][0] == "Clinical need" and rows[1][:2] == ["high", "now"]
    empty, _ = sheet_rows(load_data(**world(RULES)), tmp_path / "none")
    assert empty[1][0] == "Ingen vurderinger i katalogen."


def test_bundled_catalogue_assessment_sheet(tmp_path):
    catalogue = load_folder(bundled.path()).catalogue
    rows, _ = sheet_rows(catalogue, tmp_path)
    lines = rows[1:]
    assert {r[2] for r in lines} == {"Fastleger"} and {r[6] for r in lines} == {"utkast"}
    needs = [r[0] for r in lines]
    assert needs == sorted(needs, key=["høyt", "middels", "lavt", "ingen"].index)
    assert len({r[10] for r in lines}) == len(catalogue.assessments)
