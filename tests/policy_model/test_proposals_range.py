"""The proposal engine as the app's range selection uses it: one wish for a rectangle of cells,
an explicit deny (`Wanted("deny")`), and cells already as asked allowed inside a rule's box
(`met_may_join`) so a range still becomes few rules."""

import pytest
from builders import allow, deny, load_data, world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_catalogues import catalogues, load

from policy_model.decide import Evaluation
from policy_model.diff import diff
from policy_model.proposals import Wanted, propose, with_rules

pytestmark = pytest.mark.usefixtures("english")

SOURCES = ("hf-vest",)
DOCS = ("epikrise", "kriseplan")
GROUPS = ("fastlege", "sykehuslege", "sykepleier")


def rectangle(wish, sources=SOURCES, documents=DOCS, groups=GROUPS):
    return {(s, d, g, "read"): wish for s in sources for d in documents for g in groups}


def run(rules, wanted, **extra):
    catalogue = load_data(**world(rules))
    proposal = propose(catalogue, "draft", wanted, name="r", **extra)
    return catalogue, proposal, Evaluation(with_rules(catalogue, proposal.rules, "draft"))


def test_an_explicit_deny_on_cells_without_rules_adds_a_deny_and_not_readable_does_not():
    wanted = rectangle(Wanted("deny"))
    _, proposal, after = run([], wanted)
    [rule] = proposal.rules
    assert (rule.effect, rule.sources, rule.documents, rule.personnel) == ("deny", ("hf-vest",), ("epikriser",), ("lege", "sykepleier"))
    assert all(after.decision(cell).kind == "deny" for cell in wanted)
    _, nothing, _ = run([], rectangle(Wanted("not_readable")))
    assert not nothing.rules and len(nothing.already) == len(wanted)


def test_a_cell_already_as_asked_may_join_the_box_so_the_range_is_one_rule():
    rules = [allow("a", sources=["hf-vest"], documents=["kriseplan"], personnel=["sykehuslege"])]
    wanted = rectangle(Wanted("allow"))
    _, split, _ = run(rules, wanted)
    assert len(split.rules) == 2  # the allowed cell in the middle breaks the rectangle
    catalogue, joined, after = run(rules, wanted, met_may_join=True)
    [rule] = joined.rules
    assert (rule.documents, rule.personnel) == (("epikriser",), ("lege", "sykepleier"))
    assert set(joined.already) == {("hf-vest", "kriseplan", "sykehuslege", "read")}
    changed = {c.cell for c in diff(Evaluation(catalogue), after)}
    assert changed == set(wanted) - set(joined.already)


def test_a_deny_over_mixed_cells_covers_the_denied_ones_too():
    rules = [
        allow("a", documents=["epikrise"], personnel=["lege"]),
        allow("c", documents=["kriseplan"], personnel=["sykepleier"], conditions=["akutt"]),
        deny("d", sources=["hf-vest"], documents=["kriseplan"], personnel=["fastlege"]),
    ]
    wanted = rectangle(Wanted("deny"))
    _, proposal, after = run(rules, wanted, met_may_join=True)
    [rule] = proposal.rules
    assert rule.effect == "deny" and set(rule.overrides) == {"a", "c"}
    assert all(after.decision(cell).kind == "deny" for cell in wanted)


def test_an_allow_never_takes_a_denied_cell_into_its_box():
    # the denied cell is unreachable; an allow over it would read as a conflict with the deny
    rules = [deny("d", sources=["hf-vest"], documents=["kriseplan"], personnel=["sykehuslege"])]
    _, proposal, after = run(rules, rectangle(Wanted("allow")), met_may_join=True)
    assert [u.cell for u in proposal.unreachable] == [("hf-vest", "kriseplan", "sykehuslege", "read")]
    assert len(proposal.rules) == 2
    for rule in proposal.rules:
        assert ("hf-vest", "kriseplan", "sykehuslege", "read") not in set(after.covered(rule))


@st.composite
def ranges(draw):
    """A random catalogue, a random rectangle of one source's matrix and one wish for all of it."""
    catalogue = load(draw(catalogues()))
    ev = Evaluation(catalogue)
    source = draw(st.sampled_from(ev.sources))
    first_d, last_d = sorted(draw(st.lists(st.integers(0, len(ev.documents) - 1), min_size=2, max_size=2)))
    first_g, last_g = sorted(draw(st.lists(st.integers(0, len(ev.personnel) - 1), min_size=2, max_size=2)))
    conditions = list(catalogue.conditions)
    kind = draw(st.sampled_from(["allow", "deny"] + (["conditional"] if conditions else [])))
    alternatives = (tuple(sorted(draw(st.sets(st.sampled_from(conditions), min_size=1, max_size=2)))),) if kind == "conditional" else ()
    window = draw(st.sampled_from([None, 12])) if kind != "deny" else None
    wish = Wanted(kind, alternatives, window)
    wanted = {
        (source, d, g, a): wish
        for d in ev.documents[first_d : last_d + 1]
        for g in ev.personnel[first_g : last_g + 1]
        for a in ev.actions
        if ev.decision((source, d, g, a)).kind != "na"
    }
    return catalogue, wanted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ranges())
def test_random_ranges_land_exactly_within_the_range(case):
    catalogue, wanted = case
    joined = propose(catalogue, "draft", wanted, name="r", met_may_join=True)  # verifies itself
    plain = propose(catalogue, "draft", wanted, name="r")
    assert set(joined.landed) == set(plain.landed) and set(joined.already) == set(plain.already)
    new = Evaluation(with_rules(catalogue, joined.rules, "draft"), "draft")
    for rule in joined.rules:  # a rule covers only cells of the range
        assert set(new.covered(rule)) <= set(wanted)
