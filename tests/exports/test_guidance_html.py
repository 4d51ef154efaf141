"""veiledning.html (SPEC §12) parsed with an HTML5 parser: structure for WCAG 2.1 AA (lang,
one h1, ordered headings, landmarks, skip link, tables with captions and scoped headers, a
word and a glyph for every decision, the palette's contrast), every answer equal to
`decide`, hostile catalogue text kept as text, determinism, and the export hooks."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
import time

import html5lib
import pytest
from builders import allow, deny, load_data, world, write_data
from html5lib import treebuilders
from hypothesis import HealthCheck, given, settings
from random_catalogues import catalogues, load

import catalogue as bundled
from exports import export_all, guidance_html
from exports.cell_labels import decision_label
from exports.guidance_html import palette
from exports.guidance_html.page import build, decision_words, web_address
from policy_model.checks import Context, policy_findings
from policy_model.decide import GLYPHS, Evaluation
from policy_model.i18n import language, using
from policy_model.load import load_folder
from tui.cli import main

NOW = datetime.datetime(2026, 5, 12, 9, 30, tzinfo=datetime.timezone.utc)
SCOPES = {"col", "row", "colgroup", "rowgroup"}


def parse(text: str):
    """Parse strictly: a markup error (misnested or unclosed element, duplicate attribute…)
    fails the test."""
    parser = html5lib.HTMLParser(tree=treebuilders.getTreeBuilder("etree"), strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def text_of(element) -> str:
    """The element's text with whitespace collapsed (a space between elements, as a reader hears them)."""
    return " ".join(" ".join(element.itertext()).split())


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def render(catalogue, view="draft", **kwargs) -> str:
    evaluation = Evaluation(catalogue, view)
    findings = policy_findings(Context(catalogue, view, evaluation))
    return guidance_html.render(evaluation, findings, now=kwargs.pop("now", NOW), **kwargs)


@pytest.fixture(scope="module")
def bundled_catalogue():
    return load_folder(bundled.path()).catalogue


@pytest.fixture(scope="module")
def bundled_page(bundled_catalogue):
    return render(bundled_catalogue, "draft")


@pytest.fixture(scope="module")
def bundled_tree(bundled_page):
    return parse(bundled_page)


# -- the structure WCAG asks for ---------------------------------------------------------------
def test_language_landmarks_and_skip_link(bundled_tree):
    root = bundled_tree
    assert root.get("lang") == language()
    body = root.find("body")
    for landmark in ("header", "nav", "main", "footer"):
        assert len(body.findall(f".//{landmark}")) == 1, landmark
    links = body.findall(".//a")
    assert links[0].get("href") == "#main" and "skip-link" in classes(links[0])  # the first link on the page
    assert body.find(".//main").get("id") == "main"
    assert body.find(".//nav").get("aria-labelledby")


def test_one_h1_and_no_skipped_heading_level(bundled_tree):
    levels = [int(e.tag[1]) for e in bundled_tree.iter() if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", e.tag)]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"h{before} followed by h{after}"
    assert {2, 3, 4} <= set(levels)


def test_every_table_has_a_caption_and_scoped_headers(bundled_tree):
    tables = bundled_tree.findall(".//table")
    assert len(tables) > 20
    for table in tables:
        caption = table.find("caption")
        assert caption is not None and text_of(caption)
        headers = table.findall(".//th")
        assert headers and all(th.get("scope") in SCOPES for th in headers)
        assert all(th.get("scope") == "col" for th in table.findall("thead//th"))
        assert table.find("thead") is not None  # repeated on every printed page


def test_every_decision_has_a_word_and_a_hidden_glyph(bundled_tree):
    words = set(decision_words().values())
    marks = [e for e in bundled_tree.iter("span") if "decision" in classes(e)]
    assert len(marks) > 500
    for mark in marks:
        [glyph] = [e for e in mark if "glyph" in classes(e)]
        assert glyph.get("aria-hidden") == "true" and glyph.text in GLYPHS.values()
        word = text_of(mark)[len(glyph.text):].strip()
        assert word, "a decision shown by its glyph (or colour) alone"
        kind = next(c[len("decision-"):] for c in classes(mark) if c.startswith("decision-"))
        assert glyph.text == GLYPHS[kind]
    for table in bundled_tree.findall(".//table"):
        if "answers" in classes(table):
            for cell in table.findall("tbody/tr/td"):
                assert any("decision" in classes(e) for e in cell.iter("span")) and cell.get("data-label")
    assert words & {text_of(m).split(" ", 1)[1] for m in marks}


def test_palette_contrast():
    for pair in palette.PAIRS:
        ratio = palette.contrast(palette.COLOURS[pair.foreground], palette.COLOURS[pair.background])
        assert ratio >= pair.minimum, f"{pair.what}: {pair.foreground} on {pair.background} is {ratio:.2f}:1"
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_stylesheet_names_colours_only_from_the_palette():
    css = re.sub(r"/\*.*?\*/", "", guidance_html.stylesheet(), flags=re.S)
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", css)
    used = set(re.findall(r"var\(--([a-z-]+)\)", css))
    assert used and used <= set(palette.COLOURS)
    assert {p.foreground for p in palette.PAIRS} | {p.background for p in palette.PAIRS} <= set(palette.COLOURS)


def test_self_contained_printable_and_reflowing(bundled_page, bundled_tree):
    assert "<script" not in bundled_page.lower()
    assert not [e for e in bundled_tree.iter() if isinstance(e.tag, str) and e.tag in ("link", "img", "iframe", "object", "embed")]
    assert not [e for e in bundled_tree.iter() if isinstance(e.tag, str) and e.get("src") is not None]
    css = guidance_html.stylesheet()
    assert "url(" not in css and "@import" not in css
    assert re.search(r"@page\s*{[^}]*size:\s*A4", css)
    assert "break-before: page" in css and "display: table-header-group" in css
    assert 'a[href^="http"]::after' in css  # links printed after the text
    assert re.search(r"@media \(max-width: [\d.]+em\)\s*{\s*[^}]*}\s*[^@]*table, thead, tbody, tr, th, td, caption \{ display: block", css)
    [style] = bundled_tree.findall(".//style")
    assert style.text.strip().startswith(":root {") and "&#34;" not in style.text  # the stylesheet is not escaped


def test_ids_are_unique_and_every_internal_link_lands(bundled_tree):
    ids = [e.get("id") for e in bundled_tree.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    for link in bundled_tree.iter("a"):
        href = link.get("href")
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith(("https://", "http://")) or href in ("registry-config.json", "veiledningsmatrise.xlsx")


def test_every_labelled_element_points_at_an_element(bundled_tree):
    ids = {e.get("id") for e in bundled_tree.iter() if isinstance(e.tag, str) and e.get("id")}
    for element in bundled_tree.iter():
        if isinstance(element.tag, str) and element.get("aria-labelledby"):
            assert element.get("aria-labelledby") in ids


# -- the answers are decide's ----------------------------------------------------------------
def assert_page_equals_decide(evaluation):
    """Every applicable cell is in exactly one reader row or one "nothing from" line, with the
    decision `explain` gives it; every source table lists who `explain` lets read."""
    cat = evaluation.catalogue
    with using("en"):
        page = build(evaluation, [], lang="en", generated=NOW)
        words = decision_words()
        seen = set()
        for section in page.readers:
            group = section.group
            for cluster in section.clusters:
                for row in cluster.rows:
                    for source in cluster.source_ids:
                        for document in (d for g in row.documents for d in g.ids):
                            for action, shown in zip(evaluation.actions, row.decisions):
                                explanation = evaluation.explain((source, document, group, action))
                                assert shown.kind == explanation.decision.kind
                                assert shown.label == decision_label(words, explanation.decision)
                                assert len(shown.grants) == (len(explanation.decision.grants) if explanation.decision.readable else 0)
                                assert [b.text for b in shown.bases] == [cat.legal_bases[b].name for b in explanation.legal_bases]
                                cell = (source, document, group, action)
                                assert cell not in seen
                                seen.add(cell)
            for source in section.nothing_ids:
                for document in evaluation.documents:
                    for action in evaluation.actions:
                        decision = evaluation.decision((source, document, group, action))
                        assert not decision.readable
                        if decision.applicable:
                            seen.add((source, document, group, action))
        assert seen == set(evaluation.applicable)
        for section in page.sources:
            for category in section.categories:
                for doc in category.documents:
                    for action, audiences in zip(evaluation.actions, doc.audiences):
                        readers = {g: evaluation.decision((section.source, doc.document, g, action)) for g in evaluation.personnel}
                        shown = {g: a.kind for a in audiences for g in a.ids}
                        assert shown == {g: d.kind for g, d in readers.items() if d.readable}


def test_bundled_answers_equal_decide(bundled_catalogue):
    for view in ("draft", "approved"):
        assert_page_equals_decide(Evaluation(bundled_catalogue, view))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_random_catalogues_answers_equal_decide_and_parse(sections):
    catalogue = load(sections)
    evaluation = Evaluation(catalogue, "draft")
    assert_page_equals_decide(evaluation)
    parse(guidance_html.render(evaluation, [], now=NOW))


SMALL = world(
    [
        allow("a-lege", personnel=["lege"], documents=["epikriser"], window="P1Y", status="approved"),
        allow("c-sykepleier", personnel=["sykepleier"], conditions=["akutt-etreat", "er-fastlege"], status="approved",
              legal_basis=["kjf-4"]),
        deny("d-vet", personnel=["veterinaer"], status="approved"),
    ],
    conditions=[
        {"id": "akutt-etreat", "name": "Kun ved akutt behov", "attribute": "purpose_of_use", "values": ["ETREAT"]},
        {"id": "er-fastlege", "name": "Er fastlege", "attribute": "fastlege", "values": [True]},
        {"id": "uten", "name": "Uten attributt"},
    ],
    legal_bases=[
        {"id": "hpl-45", "name": "Helsepersonelloven § 45", "url": "https://lovdata.no/lov/1999-07-02-64/§45"},
        {"id": "kjf-4", "name": "Kjernejournalforskriften § 4", "scope": {"documents": ["epikriser"]}},
    ],
)


def test_conditions_windows_and_legal_bases_in_words():
    catalogue = load_data(**SMALL)
    with using("en"):
        tree = parse(render(catalogue, "approved"))
    fastleger = tree.find(".//section[@id='g-fastlege']")
    text = text_of(fastleger)
    assert "From Helse Vest and Helse Nord" in text  # two sources with the same answers, one table
    assert "Yes (1 year)" in text and "How far back: last 12 months" in text
    links = [a for a in fastleger.iter("a") if a.get("href", "").startswith("https://lovdata.no")]
    assert links and {text_of(a) for a in links} == {"Helsepersonelloven § 45"}
    nurses = text_of(tree.find(".//section[@id='g-sykepleier']"))
    assert "when the purpose of use is emergency care (ETREAT) and you are the patient's regular GP (fastlege)" in nurses
    assert "Legal basis: Kjernejournalforskriften § 4" in nurses  # no url: the name, not a link
    vets = text_of(tree.find(".//section[@id='g-veterinaer']"))
    assert "Nothing from Helse Vest, Helse Nord and Fastlegekontor is shared with this group: a rule denies it." in vets
    conditions = text_of(tree.find(".//section[@id='conditions']"))
    assert 'fastlege = true' in conditions and 'purpose_of_use = "ETREAT"' in conditions
    assert "none: never holds in a request" in conditions


def test_requirements_for_sources_name_the_metadata():
    sections = dict(SMALL)
    sections["sources"] = [
        *SMALL["sources"][:1],
        {**SMALL["sources"][1], "facility_types": [{"system": "2.16.578.1.12.4.1.1.1305", "code": "86.101", "display": "Somatiske sykehustjenester"}],
         "practice_settings": [{"system": "2.16.578.1.12.4.1.1.8655"}], "home_communities": ["2.16.578.1.12.4.3"]},
        *SMALL["sources"][2:],
    ]
    sections["document_types"] = [
        {**SMALL["document_types"][0], "type_code": {"system": "2.16.578.1.12.4.1.1.9602", "code": "A03-2", "display": "Epikrise"},
         "class_code": {"system": "2.16.578.1.12.4.1.1.9602", "code": "A00-1", "display": "Epikriser"}},
        {**SMALL["document_types"][1], "confidentiality": "R"},
        *SMALL["document_types"][2:],
    ]
    with using("en"):
        tree = parse(render(load_data(**sections), "approved"))
    vest = text_of(tree.find(".//section[@id='s-hf-vest']"))
    assert "Facility type (healthcareFacilityTypeCode) Volven 1305 86.101 – Somatiske sykehustjenester" in vest
    assert "any code of Volven 8655" in vest and "Home community (homeCommunityId) 2.16.578.1.12.4.3" in vest
    assert "typeCode A03-2 – Epikrise" in vest and "classCode A00-1 – Epikriser" in vest
    assert "confidentialityCode R – restricted" in vest
    assert "Yes Leger (all)" in vest  # the epikrise row: every doctor, by the node above them
    nord = text_of(tree.find(".//section[@id='s-hf-nord']"))
    assert "no request can be matched to it" in nord


# -- hostile catalogue text stays text ----------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover=alert(1) x="'
BRACES = "{sources} {0} {n:>99999}"  # catalogue text is a format argument, never the format


def hostile_world():
    bad = f"{SCRIPT}{ATTRIBUTE}{BRACES}"
    return world(
        [
            allow("a", personnel=["lege"], rationale=f"Fordi {bad}", status="approved",
                  legal_basis=["hpl-45", "kjf-4", "quote"]),
            allow("b", personnel=["sykepleier"], conditions=["akutt"], legal_basis=["hpl-45"], rationale=bad),
        ],
        sources=[{**s, "name": f"{s['name']} {bad}", "description": bad} for s in world()["sources"]],
        personnel_groups=[{**g, "name": f"{g['name']} {bad}", "description": bad} for g in world()["personnel_groups"]],
        document_types=[{**d, "name": f"{d['name']} {bad}"} for d in world()["document_types"]],
        conditions=[{"id": "akutt", "name": f"Akutt {bad}", "attribute": "purpose_of_use", "values": [bad], "description": bad}],
        legal_bases=[
            {"id": "hpl-45", "name": f"Hpl {bad}", "url": "javascript:alert(1)", "description": bad},
            {"id": "kjf-4", "name": "Kjf", "url": "data:text/html,<script>alert(1)</script>"},
            {"id": "quote", "name": "Quote", "url": 'https://example.org/"onmouseover="alert(1)'},
        ],
    )


def test_a_hostile_catalogue_reaches_the_page_as_text_only(english):
    catalogue = load_data(**hostile_world())
    catalogue = dataclasses.replace(catalogue, meta=catalogue.meta.model_copy(update={"title": f"T {SCRIPT}", "description": SCRIPT}))
    for view in ("draft", "approved"):
        page = render(catalogue, view)
        tree = parse(page)
        assert not list(tree.iter("script")), "catalogue text became a script element"
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), f"an event handler attribute on <{element.tag}>"
                assert "javascript:" not in value.lower() and not value.lower().startswith("data:")
        hrefs = [a.get("href") for a in tree.iter("a")]
        assert 'https://example.org/"onmouseover="alert(1)' in hrefs  # one attribute value, quotes and all
        assert SCRIPT in text_of(tree) and BRACES in text_of(tree)  # shown, as text
        assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        legal = text_of(tree.find(".//section[@id='legal-bases']"))
        assert "Not linked (not a web address): javascript:alert(1)" in legal


def test_only_web_addresses_become_links():
    assert web_address("https://lovdata.no/lov/1999-07-02-64/§45") == "https://lovdata.no/lov/1999-07-02-64/§45"
    assert web_address("HTTP://example.org/x") == "HTTP://example.org/x"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x",
                "//example.org", "/relative", "https://", "https://exa mple.org", "https://example.org/\x01", "mailto:a@b", None, ""):
        assert web_address(bad) is None, bad


# -- the DRAFT banner, the language, determinism ---------------------------------------------------
def test_the_draft_banner_unless_approved_and_without_errors():
    good = load_data(**world([allow("a", personnel=["lege"], status="approved")]))
    broken = load_data(**world([allow("a", personnel=["lege"], status="approved", legal_basis=[])]))
    with using("en"):
        approved = parse(render(good, "approved"))
        draft = parse(render(good, "draft"))
        errors = parse(render(broken, "approved"))
    assert not [e for e in approved.iter("div") if "draft" in classes(e)]
    assert [e for e in approved.iter("div") if "approved" in classes(e)]
    [banner] = [e for e in draft.iter("div") if "draft" in classes(e)]
    assert "DRAFT – not approved policy" in text_of(banner) and "the view is “draft”" in text_of(banner)
    [banner] = [e for e in errors.iter("div") if "draft" in classes(e)]
    assert "the catalogue has 1 error finding" in text_of(banner)
    assert text_of(errors.find(".//title")).startswith("DRAFT")


def test_the_page_speaks_the_current_language_and_marks_the_catalogue_s():
    catalogue = load_data(**world([allow("a", personnel=["lege"], rationale="Fordi")]))  # a catalogue in bokmål
    with using("en"):
        english = parse(render(catalogue))
    with using("nb"):
        norwegian = parse(render(catalogue))
    assert english.get("lang") == "en" and norwegian.get("lang") == "nb"
    # WCAG 3.1.2: in the English page, the catalogue's Norwegian names and texts say so
    assert english.find(".//section[@id='g-fastlege']/h3").get("lang") == "nb"
    assert english.find(".//tr[@id='rule-a']/td[@data-label='Rationale']").get("lang") == "nb"
    assert [e for e in norwegian.iter() if isinstance(e.tag, str) and e.get("lang")] == [norwegian]


GENERATED = re.compile(r'<time class="generated" datetime="[^"]*">[^<]*</time>')


def test_two_writes_differ_only_in_the_generated_time(tmp_path, bundled_catalogue):
    evaluation = Evaluation(bundled_catalogue, "draft")
    findings = policy_findings(Context(bundled_catalogue, "draft", evaluation))
    first = guidance_html.write(evaluation, findings, tmp_path / "a", now=NOW).read_text(encoding="utf-8")
    later = NOW + datetime.timedelta(days=3, hours=2)
    second = guidance_html.write(Evaluation(bundled_catalogue, "draft"), findings, tmp_path / "b", now=later).read_text(encoding="utf-8")
    assert first != second
    assert GENERATED.sub("<time/>", first) == GENERATED.sub("<time/>", second)
    assert len(GENERATED.findall(first)) == 2  # on the cover and in "How this guidance was made"


def test_the_bundled_page_is_made_in_under_two_seconds(bundled_catalogue):
    start = time.perf_counter()
    evaluation = Evaluation(bundled_catalogue, "approved")
    findings = policy_findings(Context(bundled_catalogue, "approved", evaluation))
    guidance_html.render(evaluation, findings)
    assert time.perf_counter() - start < 2


# -- the export: beside the xlsx, the registry file's hash, --only --------------------------------
def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_the_page_and_links_the_registry_file_by_its_hash(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world([allow("a", personnel=["lege"], status="approved")]))
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "export", root, "--out", out, "--lang", "en")
    assert code == 0 and f"Wrote {out / 'veiledning.html'}" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["cedar", "registry-config.json", "veiledning.html", "veiledningsmatrise.xlsx"]
    tree = parse((out / "veiledning.html").read_text(encoding="utf-8"))
    status = tree.find(".//p[@id='registry-status']")
    [link] = status.findall("a")
    assert link.get("href") == "registry-config.json"
    assert status.find("code").text == hashlib.sha256((out / "registry-config.json").read_bytes()).hexdigest()
    assert [a.get("href") for a in tree.iter("a") if a.get("href") == "veiledningsmatrise.xlsx"]


def test_a_refused_registry_file_is_named_with_the_reason(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world([allow("a", personnel=["lege"], status="approved", legal_basis=[])]))
    out = tmp_path / "out"
    code, _, err = run(capsys, "export", root, "--out", out, "--lang", "en")
    assert code == 1 and "refused to write registry-config.json" in err
    tree = parse((out / "veiledning.html").read_text(encoding="utf-8"))
    status = tree.find(".//p[@id='registry-status']")
    assert text_of(status).startswith("Not written: refused to write registry-config.json: the catalogue has 1 error finding")
    assert status.find("a") is None and status.find("code") is None


def test_only_guidance_html(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world([allow("a", personnel=["lege"], status="approved")]))
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "export", root, "--out", out, "--only", "guidance-html")
    assert code == 0 and [p.name for p in out.iterdir()] == ["veiledning.html"]
    assert stdout == f"Skrev {out / 'veiledning.html'} (visning: godkjent)\n"
    tree = parse((out / "veiledning.html").read_text(encoding="utf-8"))
    status = tree.find(".//p[@id='registry-status']")
    assert status.find("a") is None  # no file to link to: the hash it would have, as text
    evaluation = Evaluation(load_folder(root).catalogue, "approved")
    from exports import registry

    expected = hashlib.sha256(registry.render(registry.registry_config(evaluation))).hexdigest()
    assert status.find("code").text == expected
    assert not [a for a in tree.iter("a") if a.get("href") == "veiledningsmatrise.xlsx"]


def test_export_all_renders_the_page_in_the_export_language(tmp_path):
    catalogue = load_data(**world([allow("a", personnel=["lege"])]))
    with using("nb"):
        report = export_all(catalogue, tmp_path, view="draft", lang="en", only=["guidance-html"], now=NOW)
        assert language() == "nb"  # restored afterwards
    assert [p.name for p in report.written] == ["veiledning.html"]
    assert parse((tmp_path / "veiledning.html").read_text(encoding="utf-8")).get("lang") == "en"
