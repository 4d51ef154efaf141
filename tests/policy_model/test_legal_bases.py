"""Whether a legal basis covers a rule is answered once (Evaluation.bases_covering, SPEC §1.4
and §3: on applicable cells); outside_legal_basis, the proposal engine and the edit dialog
all agree with it."""

from __future__ import annotations

import dataclasses

from builders import load_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_catalogues import catalogues, load

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.proposals import Wanted, propose
from policy_model.schema import Rule

HF_ONLY = {
    "sources": [
        {"id": "hf", "name": "Helseforetak"},
        {"id": "hf-vest", "name": "Helse Vest", "parents": ["hf"]},
        {"id": "fastlegekontor", "name": "Fastlegekontor"},
    ],
    "personnel_groups": [{"id": "lege", "name": "Leger"}],
    "document_categories": [{"id": "epikriser", "name": "Epikriser"}],
    "document_types": [{"id": "epikrise", "name": "Epikrise", "parents": ["epikriser"], "produced_by": ["hf"]}],
    "legal_bases": [{"id": "hf-hjemmel", "name": "Hjemmel for helseforetak", "scope": {"sources": ["hf"]}}],
}


def outside(catalogue, rule: Rule, basis: str) -> bool:
    """outside_legal_basis fires for the rule citing only `basis`."""
    cited = rule.model_copy(update={"legal_basis": (basis,), "status": "draft", "id": "probe"})
    probe = dataclasses.replace(catalogue, rules=(*catalogue.rules, cited))
    found = policy_findings(Context(probe, "draft"), ["outside_legal_basis"])
    return any(f.rules == ("probe",) for f in found)


def test_a_basis_for_the_producing_sources_covers_a_rule_that_names_all_sources():
    # The rule names every source, but only hospitals produce epikriser: every applicable
    # cell lies within the hospitals' basis, so it fits (the dialog once said it did not).
    catalogue = load_data(**HF_ONLY, rules=[{"id": "r", "effect": "allow", "documents": ["epikrise"], "legal_basis": ["hf-hjemmel"]}])
    ev = Evaluation(catalogue)
    rule = catalogue.rules_by_id["r"]
    assert ev.bases_covering(rule) == ("hf-hjemmel",)
    assert not outside(catalogue, rule, "hf-hjemmel")
    proposal = propose(load_data(**HF_ONLY), "draft", {("hf-vest", "epikrise", "lege", "read"): Wanted("allow")}, name="p")
    assert [r.legal_basis for r in proposal.rules] == [("hf-hjemmel",)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.data())
def test_covering_bases_outside_legal_basis_and_proposals_agree(sections, data):
    catalogue = load(sections)
    ev = Evaluation(catalogue)
    for rule in ev.rules:
        if rule.effect != "allow" or not ev.covered(rule):
            continue
        covering = set(ev.bases_covering(rule))
        for basis in catalogue.legal_bases:
            assert (basis in covering) == (not outside(catalogue, rule, basis)), (rule.id, basis)
    cells = [c for c, d in ev.matrix() if d.kind == "none"]
    if cells:
        wanted = {cell: Wanted("allow") for cell in data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=4, unique=True))}
        proposal = propose(catalogue, "draft", wanted, name="p")
        for rule in proposal.rules:
            bare = rule.model_copy(update={"legal_basis": ()})
            assert rule.legal_basis == ev.bases_covering(bare)
            for basis in rule.legal_basis:
                assert not outside(catalogue, bare, basis)
