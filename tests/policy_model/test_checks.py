"""Each policy finding kind of SPEC §3, pinned on a small catalogue written for it."""

import pytest
from builders import allow, deny, load_data, world

from policy_model.checks import REGISTRY, Context, policy_findings
from policy_model.findings import SEVERITIES

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


def findings(rules=(), expectations=(), view="draft", kinds=None, **overrides):
    catalogue = load_data(**world(rules, expectations, **overrides))
    return policy_findings(Context(catalogue, view), kinds)


def of_kind(found, kind):
    return [f for f in found if f.kind == kind]


def test_every_policy_kind_is_registered_with_its_severity_and_doc():
    expected = {
        "missing_legal_basis": "error",
        "outside_legal_basis": "error",
        "expectation_failed": "error",
        "dead_rule": "warning",
        "shadowed": "warning",
        "conflict": "warning",
        "redundant": "warning",
        "sensitive_unconditional": "warning",
        "unreadable_document": "warning",
        "unused": "info",
    }
    for kind, severity in expected.items():
        assert REGISTRY[kind].severity == severity
        assert "FAILS" in REGISTRY[kind].doc and "PASSES" in REGISTRY[kind].doc


def test_missing_legal_basis_points_at_the_rule():
    rules = [allow("a", legal_basis=[], personnel=["lege"]), deny("d", personnel=["veterinaer"])]
    [f] = of_kind(findings(rules), "missing_legal_basis")
    assert f.severity == "error" and f.rules == ("a",)
    catalogue = load_data(**world(rules))
    # it points at the empty `legal_basis: []` (the offending value), else at the rule
    assert f.location == catalogue.locate("rules", "a", "legal_basis") != catalogue.locate("rules", "a")
    found = findings([{"id": "b", "effect": "allow", "personnel": ["lege"]}])
    [f] = of_kind(found, "missing_legal_basis")
    assert f.location == load_data(**world([{"id": "b", "effect": "allow", "personnel": ["lege"]}])).locate("rules", "b")


def test_outside_legal_basis_lists_the_cells_outside_every_scope():
    # kjf-4 covers only epikriser; hpl-45 only leger and sykepleiere.
    found = findings([allow("a", documents=["henvisning"], personnel=["fastlege"], legal_basis=["kjf-4"])])
    [f] = of_kind(found, "outside_legal_basis")
    assert f.rules == ("a",) and f.entities == ("kjf-4",)
    assert f.cell_count == 3 and f.cells[0] == ("fastlegekontor", "henvisning", "fastlege")
    # citing a second basis whose scope covers the cells clears it
    ok = findings([allow("a", documents=["henvisning"], personnel=["fastlege"], legal_basis=["kjf-4", "hpl-45"])])
    assert not of_kind(ok, "outside_legal_basis")
    # a basis without scope covers every cell
    legal = [*world()["legal_bases"], {"id": "fri", "name": "Uten avgrensning"}]
    assert not of_kind(findings([allow("a", personnel=["veterinaer"], legal_basis=["fri"])], legal_bases=legal), "outside_legal_basis")


def test_expectation_failed_all_any_and_nothing_covered():
    rules = [allow("a", personnel=["fastlege"], documents=["epikrise"], sources=["hf-vest"])]
    expectations = [
        {"id": "all-hf", "sources": ["hf"], "documents": ["epikrise"], "personnel": ["fastlege"], "decision": "readable"},
        {"id": "any-hf", "sources": ["hf"], "documents": ["epikrise"], "personnel": ["fastlege"], "decision": "readable", "quantifier": "any"},
        {"id": "vet-never", "personnel": ["veterinaer"], "decision": "not_readable"},
        {"id": "nothing", "sources": ["fastlegekontor"], "documents": ["epikrise"], "decision": "none"},
        {"id": "none-nord", "sources": ["hf-nord"], "personnel": ["fastlege"], "decision": "none"},
    ]
    failed = {f.entities[0]: f for f in of_kind(findings(rules, expectations), "expectation_failed")}
    assert set(failed) == {"all-hf", "nothing"}
    assert failed["all-hf"].cells == (("hf-nord", "epikrise", "fastlege"),) and failed["all-hf"].cell_count == 1
    assert failed["nothing"].cell_count == 0 and "covers no applicable cell" in failed["nothing"].message
    # the rules that decide the failing cells are named (none here: no rule covers them)
    assert failed["all-hf"].rules == ()


def test_expectation_names_the_rules_that_break_it():
    rules = [allow("a", personnel=["lege"]), deny("d", sources=["hf-nord"], personnel=["fastlege"])]
    expectations = [{"id": "e", "personnel": ["fastlege"], "documents": ["epikrise"], "decision": "allow"}]
    [f] = of_kind(findings(rules, expectations), "expectation_failed")
    assert f.rules == ("d",) and f.cells == (("hf-nord", "epikrise", "fastlege"),)


def test_dead_rule_is_not_also_redundant():
    # epikrise is produced by helseforetak only: a rule on fastlegekontor × epikrise covers only n/a cells
    found = findings([allow("dead", sources=["fastlegekontor"], documents=["epikrise"])])
    assert [f.rules for f in of_kind(found, "dead_rule")] == [("dead",)]
    assert not of_kind(found, "redundant")


def test_shadowed_allow_is_not_reported_as_conflict_or_redundant():
    rules = [allow("a", personnel=["fastlege"]), deny("d", personnel=["lege"])]
    found = findings(rules)
    [f] = of_kind(found, "shadowed")
    assert f.rules == ("a", "d") and f.cell_count == 8
    assert not of_kind(found, "conflict") and not of_kind(found, "redundant")


def test_a_deny_that_is_a_carve_out_is_not_a_conflict():
    rules = [allow("a", sources=["hf"], personnel=["lege"]), deny("d", sources=["hf-vest"], documents=["kriseplan"], personnel=["fastlege"])]
    assert not of_kind(findings(rules), "conflict")


def test_a_partial_overlap_is_a_conflict_pointing_at_the_deny():
    rules = [allow("a", sources=["hf"], personnel=["lege"]), deny("d", documents=["kriseplan"], personnel=["fastlege"])]
    [f] = of_kind(findings(rules), "conflict")
    assert f.rules == ("a", "d") and f.cell_count == 2
    assert f.cells == (("hf-nord", "kriseplan", "fastlege"), ("hf-vest", "kriseplan", "fastlege"))
    catalogue = load_data(**world(rules))
    assert f.location == catalogue.locate("rules", "d")


def test_overrides_silences_a_conflict():
    rules = [allow("a", sources=["hf"], personnel=["lege"]), deny("d", documents=["kriseplan"], personnel=["fastlege"], overrides=["a"])]
    assert not of_kind(findings(rules), "conflict")


def test_of_two_identical_rules_the_later_is_redundant():
    rules = [allow("first", personnel=["lege"]), allow("second", personnel=["lege"])]
    [f] = of_kind(findings(rules), "redundant")
    assert f.rules == ("second",)


def test_a_narrower_allow_under_a_broader_one_is_redundant_even_when_first():
    rules = [allow("narrow", personnel=["fastlege"]), allow("broad", personnel=["lege"])]
    assert [f.rules for f in of_kind(findings(rules), "redundant")] == [("narrow",)]


def test_deny_and_none_count_as_different():
    # No allow covers the vet: the deny turns `none` into `deny`, which is a change.
    found = findings([allow("a", personnel=["lege"]), deny("d", personnel=["veterinaer"])])
    assert not of_kind(found, "redundant")


def test_a_second_deny_over_the_same_cells_is_redundant():
    found = findings([deny("d1", personnel=["veterinaer"]), deny("d2", personnel=["veterinaer"], documents=["epikriser"])])
    assert [f.rules for f in of_kind(found, "redundant")] == [("d2",)]


def test_conditional_allow_redundancy_follows_alternatives():
    rules = [
        allow("akutt", conditions=["akutt"], personnel=["sykepleier"]),
        allow("akutt-samtykke", conditions=["akutt", "samtykke"], personnel=["sykepleier"]),  # superset: no alternative
        allow("samtykke", conditions=["samtykke"], personnel=["sykepleier"]),  # a new alternative
    ]
    assert [f.rules for f in of_kind(findings(rules), "redundant")] == [("akutt-samtykke",)]


def test_sensitive_unconditional_counts_the_applicable_sensitive_cells():
    found = findings([allow("a", personnel=["lege"])])
    [f] = of_kind(found, "sensitive_unconditional")
    assert f.entities == ("kriseplan",) and f.cell_count == 3 * 2
    assert f.cells[0] == ("fastlegekontor", "kriseplan", "fastlege")
    # a deny over the sensitive cells does not make the allow's wording right
    carved = findings([allow("a", personnel=["lege"]), deny("d", documents=["kriseplan"], personnel=["lege"])])
    assert [f.rules for f in of_kind(carved, "sensitive_unconditional")] == [("a",)]
    assert not of_kind(findings([allow("c", personnel=["lege"], conditions=["akutt"])]), "sensitive_unconditional")
    assert not of_kind(findings([allow("a", personnel=["lege"], documents=["epikrise", "henvisning"])]), "sensitive_unconditional")


def test_unreadable_document_per_production_source_and_type():
    found = findings([allow("a", personnel=["lege"], documents=["epikriser"])])
    unreadable = of_kind(found, "unreadable_document")
    # hf-vest is the only source in production; henvisning is the only type nobody reads there
    assert [f.entities for f in unreadable] == [("henvisning", "hf-vest")]
    assert unreadable[0].cell_count == 4


def test_unused_entities_whatever_the_view():
    rules = [
        allow("a", personnel=["fastlege"], documents=["epikrise"], conditions=["akutt"], status="approved"),
        allow("r", personnel=["sykepleier"], conditions=["samtykke"], legal_basis=["kjf-4"], status="retired"),
    ]
    for view in ("draft", "approved"):
        unused = {f.entities[0] for f in of_kind(findings(rules, view=view), "unused")}
        assert unused == {"kjf-4", "samtykke", "sykehuslege", "sykepleier", "veterinaer", "kriseplan", "henvisning"}


def test_findings_follow_the_view():
    rules = [allow("a", personnel=["lege"], legal_basis=[], status="draft")]
    assert of_kind(findings(rules, view="draft"), "missing_legal_basis")
    assert not of_kind(findings(rules, view="approved"), "missing_legal_basis")


def test_findings_are_in_stable_order():
    rules = [allow("b", legal_basis=[]), allow("a", legal_basis=[]), deny("d", personnel=["veterinaer"])]
    found = findings(rules, [{"id": "e", "personnel": ["veterinaer"], "decision": "allow"}])
    keys = [(SEVERITIES.index(f.severity), f.kind) for f in found]
    assert keys == sorted(keys)
    lines = [f.location.line for f in of_kind(found, "missing_legal_basis")]
    assert lines == sorted(lines)
    assert found == findings(rules, [{"id": "e", "personnel": ["veterinaer"], "decision": "allow"}])
