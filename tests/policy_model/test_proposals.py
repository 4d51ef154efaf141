"""From wanted decisions to the fewest rules (policy_model.proposals), without any workbook:
what is reachable, how boxes merge, how nodes are named, and the verification."""

import datetime

import pytest
from builders import decided, allow, deny, load_data, reachable_by_adding_rules, world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_catalogues import catalogues, load

from policy_model.decide import Decision, Evaluation
from policy_model.diff import diff
from policy_model.proposals import (
    AssessmentInput,
    ProposalError,
    Wanted,
    node_names,
    propose,
    verify,
    with_rules,
)

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

ALLOW, NEI = Wanted("allow"), Wanted("not_readable")


def akutt(*more):
    return Wanted("conditional", (("akutt",), *more))


def run(rules, wanted, view="draft", **extra):
    catalogue = load_data(**world(rules))
    proposal = propose(catalogue, view, wanted, name="p", owner="KS", today=datetime.date(2026, 5, 12), **extra)
    after = Evaluation(with_rules(catalogue, proposal.rules, view), view)
    return catalogue, proposal, after


def test_each_kind_of_change_and_what_it_needs():
    rules = [
        allow("a", personnel=["fastlege"], documents=["henvisning"]),
        allow("c", personnel=["sykepleier"], documents=["henvisning"], conditions=["akutt", "samtykke"]),
        deny("d", personnel=["veterinaer"]),
    ]
    wanted = {
        ("hf-vest", "henvisning", "fastlege", "read"): NEI,  # allow → deny
        ("hf-vest", "henvisning", "sykehuslege", "read"): ALLOW,  # none → allow
        ("hf-nord", "henvisning", "sykehuslege", "read"): akutt(),  # none → conditional
        ("hf-vest", "henvisning", "sykepleier", "read"): akutt(),  # {akutt, samtykke} is a superset: dropped
        ("hf-vest", "henvisning", "veterinaer", "read"): ALLOW,  # a deny stands in the way
        ("hf-nord", "henvisning", "fastlege", "read"): akutt(),  # an allow must be narrowed
        ("hf-nord", "henvisning", "veterinaer", "read"): NEI,  # already so
        ("hf-vest", "epikrise", "fastlege", "read"): NEI,  # none: already not readable
    }
    catalogue, proposal, after = run(rules, wanted)
    assert set(proposal.already) == {("hf-nord", "henvisning", "veterinaer", "read"), ("hf-vest", "epikrise", "fastlege", "read")}
    reasons = {u.cell: (u.reason, [b.rule for b in u.blockers]) for u in proposal.unreachable}
    assert reasons == {
        ("hf-vest", "henvisning", "veterinaer", "read"): ("deny", ["d"]),
        ("hf-nord", "henvisning", "fastlege", "read"): ("allow", ["a"]),
    }
    assert after.decision(("hf-vest", "henvisning", "fastlege", "read")) == decided("deny")
    assert after.decision(("hf-vest", "henvisning", "sykepleier", "read")) == decided("conditional", (("akutt",),))
    assert len(proposal.landed) == 4
    blocker = proposal.unreachable[0].blockers[0]
    assert blocker.location.file == "catalogue.yaml" and blocker.location.line > 1


def test_surviving_alternatives_are_unreachable_with_the_rules_that_give_them():
    rules = [
        allow("c1", personnel=["sykepleier"], conditions=["akutt"]),
        allow("c2", personnel=["sykepleier"], conditions=["samtykke"]),
    ]
    _, proposal, _ = run(rules, {("hf-vest", "henvisning", "sykepleier", "read"): akutt()})
    [item] = proposal.unreachable
    assert item.reason == "alternatives" and [b.rule for b in item.blockers] == ["c2"]
    # asking for both alternatives is already met; asking for a third adds only that one
    _, met, _ = run(rules, {("hf-vest", "henvisning", "sykepleier", "read"): akutt(("samtykke",))})
    assert met.already and not met.rules


def test_a_row_a_column_and_the_same_change_in_two_sources_are_one_rule_each():
    # (korrespondanse is the category that holds exactly henvisning: named instead of its leaf)
    wanted = {("hf-vest", "henvisning", g, "read"): ALLOW for g in ("fastlege", "sykehuslege", "sykepleier", "veterinaer")}
    wanted.update({("fastlegekontor", d, "sykepleier", "read"): NEI for d in ("kriseplan", "henvisning")})
    wanted.update({(s, "epikrise", "fastlege", "read"): akutt() for s in ("hf-vest", "hf-nord")})
    rules = [allow("s", personnel=["sykepleier"], sources=["fastlegekontor"])]
    _, proposal, _ = run(rules, wanted)
    shapes = {(r.effect, r.sources, r.documents, r.personnel, r.conditions) for r in proposal.rules}
    assert shapes == {
        ("allow", ("hf-vest",), ("korrespondanse",), ("lege", "sykepleier", "veterinaer"), None),
        ("deny", ("fastlegekontor",), ("korrespondanse", "kriseplan"), ("sykepleier",), None),
        ("allow", ("hf",), ("epikrise",), ("fastlege",), ("akutt",)),
    }
    assert [r.id for r in proposal.rules] == ["p-1", "p-2", "p-3"]
    assert all(r.status == "proposed" and r.owner == "KS" for r in proposal.rules)


def test_a_box_never_covers_an_unchanged_cell_and_not_applicable_cells_may_join():
    # a checkerboard: no two changed cells share a row and column pattern
    wanted = {
        ("hf-vest", "henvisning", "fastlege", "read"): ALLOW,
        ("hf-vest", "kriseplan", "sykehuslege", "read"): ALLOW,
    }
    _, proposal, after = run([], wanted)
    assert len(proposal.rules) == 2
    # epikrise is not produced by fastlegekontor: a box over both sources may still hold it
    wanted = {(s, d, "sykepleier", "read"): ALLOW for s in ("hf-vest", "fastlegekontor") for d in ("epikrise", "henvisning") if (s, d) != ("fastlegekontor", "epikrise")}
    _, proposal, _ = run([], wanted)
    assert len(proposal.rules) == 1 and set(proposal.rules[0].sources) == {"hf-vest", "fastlegekontor"}


def test_legal_bases_that_cover_the_cells_and_deny_overrides():
    wanted = {("hf-vest", "epikrise", "sykepleier", "read"): ALLOW, ("hf-vest", "henvisning", "veterinaer", "read"): ALLOW}
    _, proposal, _ = run([], wanted)
    by_personnel = {r.personnel: r.legal_basis for r in proposal.rules}
    assert by_personnel[("sykepleier",)] == ("hpl-45", "kjf-4")  # hpl-45: personnel; kjf-4: epikriser
    assert by_personnel[("veterinaer",)] == ()  # no basis covers veterinarians: check will say so
    rules = [allow("a", personnel=["lege"]), allow("b", personnel=["sykepleier"])]
    wanted = {("hf-vest", "henvisning", g, "read"): NEI for g in ("fastlege", "sykepleier")}
    wanted[("hf-vest", "kriseplan", "fastlege", "read")] = NEI
    _, proposal, _ = run(rules, wanted)
    overrides = {r.documents: r.overrides for r in proposal.rules}
    assert overrides[("korrespondanse",)] == ("a", "b")  # spans both allows: a carve-out of neither
    assert overrides[("kriseplan",)] == ()  # inside 'a': a carve-out


def test_rationale_from_row_comments_and_the_default():
    wanted = {("hf-vest", "henvisning", "fastlege", "read"): ALLOW, ("hf-nord", "henvisning", "fastlege", "read"): ALLOW}
    comments = {("hf-vest", "henvisning"): "Trengs ved innleggelse", ("hf-nord", "henvisning"): "Trengs ved innleggelse"}
    _, proposal, _ = run([], wanted, comments=comments)
    assert proposal.rules[0].rationale == "Trengs ved innleggelse"
    comments[("hf-nord", "henvisning")] = "Også i nord"
    _, proposal, _ = run([], wanted, comments=comments)
    assert proposal.rules[0].rationale == "Henvisning (Helse Vest): Trengs ved innleggelse\nHenvisning (Helse Nord): Også i nord"
    _, proposal, _ = run([], wanted, default_rationale="Fra gjennomgang.")
    assert proposal.rules[0].rationale == "Fra gjennomgang."


def test_approved_view_counts_the_proposal_as_approved_when_verifying():
    rules = [allow("p", personnel=["fastlege"], status="proposed")]
    catalogue, proposal, after = run(rules, {("hf-vest", "henvisning", "sykehuslege", "read"): ALLOW}, view="approved")
    assert proposal.rules[0].status == "proposed"
    assert after.decision(("hf-vest", "henvisning", "sykehuslege", "read")) == decided("allow")
    # the other proposed rule is not dragged into the approved view
    assert after.decision(("hf-vest", "henvisning", "fastlege", "read")) == decided("none")


def test_ids_skip_taken_ones_and_bad_names_are_refused():
    catalogue = load_data(**world([allow("p-1", personnel=["fastlege"])]))
    proposal = propose(catalogue, "draft", {("hf-vest", "henvisning", "sykehuslege", "read"): ALLOW}, name="p")
    assert [r.id for r in proposal.rules] == ["p-2"]
    with pytest.raises(ValueError):
        propose(catalogue, "draft", {}, name="Mitt forslag")


def test_assessments_merge_rows_with_the_same_entry():
    catalogue = load_data(**world())
    inputs = [
        AssessmentInput("hf-vest", "epikrise", None, "high", "now", "Kjernen"),
        AssessmentInput("hf-nord", "epikrise", None, "high", "now", "Kjernen"),
        AssessmentInput("fastlegekontor", "henvisning", ("lege",), "low", "unknown", None),
        AssessmentInput("fastlegekontor", "epikrise", None, "high", "now", "Kjernen"),  # not applicable: skipped
    ]
    proposal = propose(catalogue, "draft", {}, name="p", owner="KS", assessments=inputs, today=datetime.date(2026, 5, 12))
    made = {(a.sources, a.documents): a for a in proposal.assessments}
    assert set(made) == {(("hf",), ("epikrise",)), (("fastlegekontor",), ("korrespondanse",))}
    assert made[(("hf",), ("epikrise",))].rationale == "Kjernen"
    low = made[(("fastlegekontor",), ("korrespondanse",))]
    assert low.personnel == ("lege",) and low.assessed_by == ("KS",) and low.id == "p-vurdering-2"


def test_node_names_exact_and_few():
    catalogue = load_data(**world())
    axis = catalogue.personnel_axis
    assert node_names(axis, {"fastlege", "sykehuslege"}) == ("lege",)
    assert node_names(axis, {"fastlege", "sykehuslege", "sykepleier"}) == ("lege", "sykepleier")
    assert node_names(axis, {"fastlege"}) == ("fastlege",)


def test_verification_refuses_a_proposal_that_does_not_give_what_was_asked():
    catalogue = load_data(**world())
    wanted = {("hf-vest", "henvisning", "fastlege", "read"): ALLOW}
    proposal = propose(catalogue, "draft", wanted, name="p")
    broken = proposal.__class__(
        proposal.name,
        tuple(r.model_copy(update={"personnel": ("lege",)}) for r in proposal.rules),
        (), proposal.landed, (), (),
    )
    with pytest.raises(ProposalError, match="other cells"):
        verify(catalogue, "draft", wanted, broken)
    assert diff(Evaluation(catalogue), Evaluation(with_rules(catalogue, proposal.rules, "draft")))


# -- random catalogues, random wishes ------------------------------------------------------------



@st.composite
def wishes(draw):
    sections = draw(catalogues())
    catalogue = load(sections)
    ev = Evaluation(catalogue)
    cells = [(s, d, g, a) for s in ev.sources for d in ev.documents for g in ev.personnel for a in ev.actions]
    conditions = list(catalogue.conditions)
    kinds = st.sampled_from(["allow", "not_readable"] + (["conditional"] if conditions else []))
    wanted = {}
    for cell in draw(st.lists(st.sampled_from(cells), max_size=25, unique=True)):
        kind = draw(kinds)
        alternatives = ()
        if kind == "conditional":
            sets = draw(st.lists(st.lists(st.sampled_from(conditions), min_size=1, max_size=2, unique=True), min_size=1, max_size=2))
            alternatives = tuple(tuple(sorted(a)) for a in {frozenset(x) for x in sets})
        window = draw(st.sampled_from([None, None, 6, 12, 24])) if kind != "not_readable" else None
        wanted[cell] = Wanted(kind, alternatives, window)
    return catalogue, wanted, draw(st.sampled_from(["draft", "proposed", "approved"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wishes())
def test_random_wishes_land_exactly_or_are_listed(case):
    catalogue, wanted, view = case
    proposal = propose(catalogue, view, wanted, name="p")  # verifies itself; raises on a bug
    old = Evaluation(catalogue, view)
    new = Evaluation(with_rules(catalogue, proposal.rules, view), view)
    listed = {u.cell for u in proposal.unreachable}
    for cell, want in wanted.items():
        current = old.decision(cell)
        if reachable_by_adding_rules(current, want):
            assert want.met_by(new.decision(cell)) and cell not in listed
        else:
            assert cell in listed and new.decision(cell) == current
    assert {c.cell for c in diff(old, new)} == set(proposal.landed)
    rows = {(s, d) for s, d, _g, _a in wanted}
    columns = {(s, g) for s, _d, g, _a in wanted}
    assert len(proposal.rules) <= len(rows) + len(columns) + len(wanted)
    for rule in proposal.rules:  # every box covers only cells that were asked for
        assert set(new.covered(rule)) <= set(wanted)
