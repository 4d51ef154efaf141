"""The assessment findings of SPEC §7, pinned on the small world: need_not_met,
shared_without_need and assessment_overlap, each with its negatives."""

import pytest
from builders import allow, deny, load_data, world

import catalogue as bundled
from policy_model.checks import REGISTRY, Context, policy_findings
from policy_model.load import load_folder

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

KINDS = ("need_not_met", "shared_without_need", "assessment_overlap")


def assessment(assessment_id, **fields):
    return {"id": assessment_id, "sources": ["fastlegekontor"], "need": "high", **fields}


def findings(rules=(), assessments=(), view="draft"):
    catalogue = load_data(**world(rules, assessments=list(assessments)))
    return [f for f in policy_findings(Context(catalogue, view)) if f.kind in KINDS], catalogue


def of_kind(found, kind):
    return [f for f in found if f.kind == kind]


def test_the_three_kinds_are_registered_with_severity_and_doc():
    assert {k: REGISTRY[k].severity for k in KINDS} == {
        "need_not_met": "warning",
        "shared_without_need": "info",
        "assessment_overlap": "warning",
    }
    for kind in KINDS:
        assert "FAILS" in REGISTRY[kind].doc and "PASSES" in REGISTRY[kind].doc


def test_need_not_met_lists_the_unreadable_cells_of_an_agreed_assessment():
    found, catalogue = findings(
        [allow("a", sources=["fastlegekontor"], documents=["henvisning"], personnel=["fastlege"])],
        [assessment("behov", documents=["henvisning"], personnel=["lege"], status="agreed")],
    )
    [f] = of_kind(found, "need_not_met")
    assert f.severity == "warning" and f.entities == ("behov",)
    assert f.cell_count == 1 and f.cells == (("fastlegekontor", "henvisning", "sykehuslege"),)
    assert "1 of 2 cells" in f.message
    assert f.location == catalogue.locate("assessments", "behov") and f.location.line > 1


def test_need_not_met_counts_conditional_as_readable_and_ignores_not_applicable_cells():
    # epikrise is produced by hf only: the fastlegekontor row is not applicable
    found, _ = findings(
        [allow("c", sources=["fastlegekontor"], personnel=["lege"], conditions=["akutt"])],
        [assessment("behov", personnel=["lege"], need="medium", status="agreed")],
    )
    assert not of_kind(found, "need_not_met")


def test_need_not_met_negatives_draft_low_and_a_deny_is_not_readable():
    rules = [deny("d", sources=["fastlegekontor"], documents=["henvisning"])]
    draft, _ = findings(rules, [assessment("behov", documents=["henvisning"])])
    low, _ = findings(rules, [assessment("behov", documents=["henvisning"], need="low", status="agreed")])
    assert not of_kind(draft, "need_not_met") and not of_kind(low, "need_not_met")
    agreed, _ = findings(rules, [assessment("behov", documents=["henvisning"], status="agreed")])
    [f] = of_kind(agreed, "need_not_met")
    assert f.cell_count == 4  # every personnel leaf, and denied is not readable


def test_need_not_met_is_computed_in_the_view_asked_for():
    rules = [allow("a", sources=["fastlegekontor"], documents=["henvisning"], status="draft")]
    assessments = [assessment("behov", documents=["henvisning"], status="agreed")]
    draft, _ = findings(rules, assessments, view="draft")
    approved, _ = findings(rules, assessments, view="approved")
    assert not of_kind(draft, "need_not_met")
    assert of_kind(approved, "need_not_met")[0].cell_count == 4


def test_shared_without_need_reports_readable_cells_and_the_rules_that_share_them():
    found, _ = findings(
        [allow("a", sources=["fastlegekontor"], documents=["henvisning"], personnel=["sykepleier"])],
        [assessment("ikke-behov", documents=["korrespondanse"], need="none")],
    )
    [f] = of_kind(found, "shared_without_need")
    assert f.severity == "info" and f.entities == ("ikke-behov",) and f.rules == ("a",)
    assert f.cells == (("fastlegekontor", "henvisning", "sykepleier"),) and f.cell_count == 1


def test_shared_without_need_negatives_not_readable_and_need_other_than_none():
    denied, _ = findings(
        [allow("a", sources=["fastlegekontor"], documents=["henvisning"]), deny("d", documents=["henvisning"])],
        [assessment("ikke-behov", documents=["henvisning"], need="none")],
    )
    needed, _ = findings(
        [allow("a", sources=["fastlegekontor"], documents=["henvisning"])],
        [assessment("behov", documents=["henvisning"], need="low")],
    )
    assert not of_kind(denied, "shared_without_need") and not of_kind(needed, "shared_without_need")


def test_assessment_overlap_one_finding_per_pair_at_the_later_entry():
    found, catalogue = findings(
        assessments=[
            assessment("bred", need="high"),
            assessment("smal", documents=["henvisning"], personnel=["sykehuslege"], need="low"),
            assessment("samme", documents=["kriseplan"], need="high"),
        ]
    )
    [f] = of_kind(found, "assessment_overlap")
    assert f.entities == ("bred", "smal") and f.cell_count == 1
    assert f.cells == (("fastlegekontor", "henvisning", "sykehuslege"),)
    assert f.location == catalogue.locate("assessments", "smal")
    assert "'smal' (need low) and 'bred' (need high)" in f.message


def test_assessment_overlap_negatives_same_need_disjoint_cells_and_not_applicable_cells():
    same, _ = findings(assessments=[assessment("a", need="medium"), assessment("b", need="medium", documents=["henvisning"])])
    apart, _ = findings(
        assessments=[assessment("a", documents=["henvisning"]), assessment("b", documents=["kriseplan"], need="none")]
    )
    # epikrise is not applicable for fastlegekontor: no common applicable cell
    na, _ = findings(
        assessments=[assessment("a", documents=["epikrise"]), assessment("b", documents=["epikrise"], need="none")]
    )
    assert not of_kind(same, "assessment_overlap")
    assert not of_kind(apart, "assessment_overlap")
    assert not of_kind(na, "assessment_overlap")


def test_the_bundled_assessments_load_clean_and_add_no_error_or_warning():
    result = load_folder(bundled.path())
    assert result.findings == [] and result.catalogue.assessments
    for view in ("draft", "proposed", "approved"):
        found = policy_findings(Context(result.catalogue, view))
        about = [f for f in found if f.kind in KINDS]
        assert all(f.severity == "info" for f in about), [(f.kind, f.message) for f in about]
    draft = policy_findings(Context(result.catalogue, "draft"))
    assert not [f for f in draft if f.severity in ("error", "warning")], [(f.kind, f.message) for f in draft]
    for a in result.catalogue.assessments:
        assert a.status == "draft" and a.sources == ("fastlege",)
        assert a.assessed_on is not None and a.assessed_on.year == 2026 and a.rationale
