"""Every load-error kind of SPEC §3, each with its exact location (file, 1-based line and column)."""

import pytest
from policy_model.findings import Location
from policy_model.load import load_folder

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

ENTITIES = """\
sources:
  - id: hf
    name: Helseforetak
  - id: hf-vest
    name: Helse Vest
    parents: [hf]
personnel_groups:
  - id: lege
    name: Leger
document_categories:
  - id: epikriser
    name: Epikriser
document_types:
  - id: epikrise
    name: Epikrise
    parents: [epikriser]
"""


def only(result, kind):
    found = [f for f in result.findings if f.kind == kind]
    assert len(found) == 1, [(f.kind, f.location, f.message) for f in result.findings]
    return found[0]


def test_syntax_error_points_at_the_broken_line(make_catalogue):
    root = make_catalogue({"rules.yaml": "rules:\n  - id: a\n   effect: allow\n"})
    result = load_folder(root)
    finding = only(result, "syntax")
    assert result.catalogue is None
    assert finding.severity == "error"
    assert finding.location == Location("rules.yaml", 3, 4)
    assert "YAML syntax" in finding.message


def test_tab_indentation_gets_a_hint(make_catalogue):
    root = make_catalogue({"rules.yaml": "rules:\n\t- id: a\n"})
    finding = only(load_folder(root), "syntax")
    assert finding.location.file == "rules.yaml" and finding.location.line == 2
    assert "tabs" in finding.message


def test_invalid_utf8_is_a_syntax_error_at_the_bad_byte(make_catalogue):
    root = make_catalogue({"sources.yaml": b"sources:\n  - id: hf\n    name: Bl\xe5\n"})
    finding = only(load_folder(root), "syntax")
    assert finding.location == Location("sources.yaml", 3, 13)
    assert "UTF-8" in finding.message


def test_a_file_that_is_not_a_mapping(make_catalogue):
    root = make_catalogue({"list.yaml": "- id: a\n- id: b\n"})
    finding = only(load_folder(root), "syntax")
    assert finding.location == Location("list.yaml", 1, 1)
    assert "not a mapping" in finding.message


def test_unknown_field_points_at_the_key(make_catalogue):
    root = make_catalogue({"e.yaml": ENTITIES, "rules.yaml": "rules:\n  - id: r\n    efect: allow\n"})
    findings = load_folder(root).findings
    unknown = [f for f in findings if "unknown field" in f.message]
    missing = [f for f in findings if "'effect' is missing" in f.message]
    assert unknown[0].location == Location("rules.yaml", 3, 5)
    assert "did you mean 'effect'" in unknown[0].message
    assert unknown[0].rules == ("r",)
    assert missing[0].location == Location("rules.yaml", 2, 5)  # the entry itself


def test_wrong_value_points_at_the_value(make_catalogue):
    root = make_catalogue({"e.yaml": ENTITIES, "rules.yaml": "rules:\n  - id: r\n    effect: alow\n"})
    finding = only(load_folder(root), "schema")
    assert finding.location == Location("rules.yaml", 3, 13)
    assert "'allow' or 'deny'" in finding.message


def test_nested_unknown_field_lists_the_nested_keys(make_catalogue):
    text = ENTITIES.replace("    parents: [hf]\n", "    parents: [hf]\n    facility_type: {system: x, code: '1', dispaly: y}\n")
    finding = only(load_folder(make_catalogue({"e.yaml": text})), "schema")
    assert finding.location == Location("e.yaml", 7, 43)
    assert "did you mean 'display'" in finding.message and "system, code, display" in finding.message


def test_duplicated_key_points_at_the_later_one_and_names_the_first(make_catalogue):
    text = "rules:\n  - id: r\n    effect: allow\n    effect: deny\n"
    finding = only(load_folder(make_catalogue({"e.yaml": ENTITIES, "r.yaml": text})), "schema")
    assert finding.location == Location("r.yaml", 4, 5)
    assert "duplicated key 'effect'" in finding.message and "line 3" in finding.message


def test_rule_shape_errors(make_catalogue):
    text = """\
    rules:
      - id: deny-with-conditions
        effect: deny
        conditions: [akutt]
      - id: empty-axis
        effect: allow
        sources: []
      - id: allow-overrides
        effect: allow
        overrides: [x]
    """
    findings = load_folder(make_catalogue({"e.yaml": ENTITIES, "r.yaml": text})).findings
    by_rule = {f.rules[0]: f for f in findings if f.kind == "schema"}
    assert by_rule["deny-with-conditions"].location == Location("r.yaml", 4, 17)
    assert by_rule["empty-axis"].location == Location("r.yaml", 7, 14)
    assert "empty list" in by_rule["empty-axis"].message
    assert by_rule["allow-overrides"].location == Location("r.yaml", 10, 16)


def test_empty_folder_and_missing_catalogue_section(tmp_path, make_catalogue):
    empty = tmp_path / "empty"
    empty.mkdir()
    finding = only(load_folder(empty), "schema")
    assert finding.location is None and "no YAML files" in finding.message
    finding = only(load_folder(make_catalogue({"e.yaml": ENTITIES}, meta=False)), "schema")
    assert finding.location is None and "'catalogue' section" in finding.message


def test_unknown_section_and_second_catalogue_section(make_catalogue):
    meta = "catalogue:\n  id: a\n  title: A\n  version: '1'\n"
    second_meta = "catalogue:\n  id: b\n  title: B\n  version: '2'\n"
    root = make_catalogue({"catalogue.yaml": meta, "e.yaml": ENTITIES + "regler:\n  - id: x\n", "z.yaml": second_meta})
    findings = load_folder(root).findings
    section = next(f for f in findings if "unknown section" in f.message)
    second = next(f for f in findings if "second 'catalogue'" in f.message)
    assert section.location == Location("e.yaml", 17, 1)
    assert second.location == Location("z.yaml", 1, 1) and "catalogue.yaml:1" in second.message


def test_duplicate_id_points_at_the_later_entry(make_catalogue):
    root = make_catalogue({"a.yaml": ENTITIES, "b.yaml": "document_types:\n  - id: epikriser\n    name: X\n    parents: [epikriser]\n"})
    finding = only(load_folder(root), "duplicate_id")
    # a document type and a category share one namespace (SPEC §1.1)
    assert finding.location == Location("b.yaml", 2, 9)
    assert "a.yaml:11" in finding.message
    assert finding.entities == ("epikriser",)


def test_unknown_reference_points_at_the_id(make_catalogue):
    text = "rules:\n  - id: r\n    effect: allow\n    sources: [hf, hf-vst]\n    legal_basis: [nope]\n"
    findings = [f for f in load_folder(make_catalogue({"e.yaml": ENTITIES, "r.yaml": text})).findings]
    assert {f.kind for f in findings} == {"unknown_reference"}
    source = next(f for f in findings if "hf-vst" in f.message)
    assert source.location == Location("r.yaml", 4, 19)
    assert "did you mean 'hf-vest'" in source.message
    assert source.rules == ("r",) and "hf-vst" in source.entities
    basis = next(f for f in findings if "nope" in f.message)
    assert basis.location == Location("r.yaml", 5, 19)


def test_a_document_type_cannot_be_a_parent(make_catalogue):
    extra = "  - id: under-a-type\n    name: X\n    parents: [epikrise]\n"
    finding = only(load_folder(make_catalogue({"e.yaml": ENTITIES + extra})), "unknown_reference")
    assert finding.location == Location("e.yaml", 19, 15)
    assert "only document categories can be parents" in finding.message


def test_overrides_must_name_an_allow_rule(make_catalogue):
    text = "rules:\n  - id: d1\n    effect: deny\n  - id: d2\n    effect: deny\n    overrides: [d1]\n"
    finding = only(load_folder(make_catalogue({"e.yaml": ENTITIES, "r.yaml": text})), "unknown_reference")
    assert finding.location == Location("r.yaml", 6, 17)
    assert "deny rule" in finding.message


def test_cycle_lists_the_loop(make_catalogue):
    text = """\
    personnel_groups:
      - id: a
        name: A
        parents: [c]
      - id: b
        name: B
        parents: [a]
      - id: c
        name: C
        parents: [b]
    """
    finding = only(load_folder(make_catalogue({"p.yaml": text})), "cycle")
    assert set(finding.entities) == {"a", "b", "c"}
    assert "→" in finding.message
    assert finding.location == Location("p.yaml", 10, 15)  # the parent that closes the loop


def test_self_parent_is_a_cycle(make_catalogue):
    finding = only(load_folder(make_catalogue({"s.yaml": "sources:\n  - id: a\n    name: A\n    parents: [a]\n"})), "cycle")
    assert finding.entities == ("a",)


def test_one_run_reports_every_error_it_can_find(make_catalogue):
    root = make_catalogue(
        {
            "a-broken.yaml": "sources: [\n",
            "b.yaml": ENTITIES,
            "c.yaml": "rules:\n  - id: r\n    effect: alow\n  - id: s\n    effect: allow\n    personnel: [leg]\n",
            "d.yaml": "sources:\n  - id: hf\n    name: again\n",
        }
    )
    kinds = sorted(f.kind for f in load_folder(root).findings)
    assert kinds == ["duplicate_id", "schema", "syntax", "unknown_reference"]


def test_findings_come_in_stable_order(make_catalogue):
    root = make_catalogue({"b.yaml": ENTITIES, "c.yaml": "rules:\n  - id: r\n    effect: alow\n  - id: s\n    effect: x\n"})
    first = [(f.kind, f.location) for f in load_folder(root).findings]
    assert first == [(f.kind, f.location) for f in load_folder(root).findings]
    assert [loc.line for _kind, loc in first] == [3, 5]


def test_duplicate_id_across_sections_points_at_the_later_in_catalogue_order(make_catalogue):
    type_first = "document_types:\n  - id: x\n    name: X\n    parents: [c]\n"
    category_later = "document_categories:\n  - id: c\n    name: C\n  - id: x\n    name: X2\n"
    finding = only(load_folder(make_catalogue({"a.yaml": type_first, "z.yaml": category_later})), "duplicate_id")
    assert finding.location == Location("z.yaml", 4, 9) and "a.yaml:2" in finding.message


def test_a_short_name_longer_than_eight_characters_is_refused_where_it_is_written(make_catalogue):
    entities = ENTITIES.replace("    name: Leger\n", "    name: Leger\n    short_name: Legegruppe\n")
    root = make_catalogue({"entities.yaml": entities})
    result = load_folder(root)
    finding = only(result, "schema")
    assert result.catalogue is None
    assert finding.location.file == "entities.yaml" and finding.location.line == 10
    assert "short_name" in finding.message and "8" in finding.message


def test_a_short_name_of_eight_characters_loads(make_catalogue):
    entities = ENTITIES.replace("    name: Leger\n", "    name: Leger\n    short_name: Legegrup\n")
    catalogue = load_folder(make_catalogue({"entities.yaml": entities})).catalogue
    assert catalogue.personnel_groups["lege"].short_name == "Legegrup"
