"""Decision laws on random catalogues (hypothesis), and an independent, deliberately naive
per-cell evaluator written from SPEC §2 that must agree with `decide` on every cell."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_catalogues import catalogues, ids, load, rule

from policy_model.checks import Context, policy_findings
from policy_model.decide import VIEW_STATUSES, Evaluation

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def matrix(sections, view="draft"):
    return {cell[:3]: decision for cell, decision in Evaluation(load(sections), view).matrix()}


# -- the naive oracle --------------------------------------------------------------------
def naive_matrix(sections, view="draft"):
    """SPEC §2 read literally, one cell at a time, sharing no code with policy_model.decide."""

    def parents_of(nodes):
        return {n["id"]: n.get("parents", []) for n in nodes}

    def under(leaf, node, parents):
        todo, seen = [leaf], set()
        while todo:
            current = todo.pop()
            if current == node:
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(parents.get(current, []))
        return False

    def leaves(nodes):
        parents = parents_of(nodes)
        used = {p for ps in parents.values() for p in ps}
        return [n for n in parents if n not in used]

    src_parents = parents_of(sections["sources"])
    per_parents = parents_of(sections["personnel_groups"])
    doc_parents = parents_of(sections["document_categories"] + sections["document_types"])
    statuses = {"approved": {"approved"}, "proposed": {"approved", "proposed"}, "draft": {"approved", "proposed", "draft"}}[view]
    rules = [r for r in sections["rules"] if r.get("status", "draft") in statuses]
    result = {}
    for s in leaves(sections["sources"]):
        for doc in sections["document_types"]:
            d = doc["id"]
            if "produced_by" in doc and not any(under(s, p, src_parents) for p in doc["produced_by"]):
                continue
            for g in leaves(sections["personnel_groups"]):
                def covers(r):
                    return (
                        ("sources" not in r or any(under(s, n, src_parents) for n in r["sources"]))
                        and ("documents" not in r or any(under(d, n, doc_parents) for n in r["documents"]))
                        and ("personnel" not in r or any(under(g, n, per_parents) for n in r["personnel"]))
                    )

                applicable = [r for r in rules if covers(r)]
                if any(r["effect"] == "deny" for r in applicable):
                    result[(s, d, g)] = ("deny", ())
                elif any(r["effect"] == "allow" and not r.get("conditions") for r in applicable):
                    result[(s, d, g)] = ("allow", ())
                elif applicable:
                    sets = {frozenset(r["conditions"]) for r in applicable}
                    minimal = [x for x in sets if not any(y < x for y in sets)]
                    result[(s, d, g)] = ("conditional", tuple(sorted(tuple(sorted(x)) for x in minimal)))
                else:
                    result[(s, d, g)] = ("none", ())
    return result


@SETTINGS
@given(catalogues(), st.sampled_from(list(VIEW_STATUSES)))
def test_decide_agrees_with_the_naive_evaluator_on_every_cell(sections, view):
    fast = {cell: (d.kind, d.alternatives) for cell, d in matrix(sections, view).items()}
    assert fast == naive_matrix(sections, view)


@SETTINGS
@given(catalogues(), st.randoms(use_true_random=False))
def test_decisions_do_not_depend_on_rule_order(sections, rnd):
    shuffled = dict(sections, rules=rnd.sample(sections["rules"], len(sections["rules"])))
    assert matrix(shuffled) == matrix(sections)


def rank(decision):
    return {"deny": 0, "none": 0, "conditional": 1, "allow": 2}[decision.kind]


@SETTINGS
@given(catalogues(), st.data())
def test_adding_a_deny_never_makes_a_cell_more_readable(sections, data):
    extra = data.draw(rule(99, *ids(sections)).filter(lambda r: r["effect"] == "deny"))
    extra["status"] = "draft"
    before, after = matrix(sections), matrix(dict(sections, rules=[*sections["rules"], extra]))
    for cell, decision in after.items():
        assert decision == before[cell] or decision.kind == "deny"


@SETTINGS
@given(catalogues(), st.data())
def test_adding_an_allow_never_makes_a_cell_less_readable(sections, data):
    extra = data.draw(rule(99, *ids(sections)).filter(lambda r: r["effect"] == "allow"))
    extra["status"] = "draft"
    before, after = matrix(sections), matrix(dict(sections, rules=[*sections["rules"], extra]))
    for cell, decision in after.items():
        old = before[cell]
        assert rank(decision) >= rank(old)
        if old.kind == decision.kind == "conditional":
            # every old way in is still open, possibly with fewer conditions
            assert all(any(set(new) <= set(alt) for new in decision.alternatives) for alt in old.alternatives)


@SETTINGS
@given(catalogues())
def test_removing_redundant_dead_and_shadowed_rules_together_changes_nothing(sections):
    catalogue = load(sections)
    found = policy_findings(Context(catalogue, "draft"), ["dead_rule", "shadowed", "redundant"])
    removable = {f.rules[0] for f in found}
    kept = dict(sections, rules=[r for r in sections["rules"] if r["id"] not in removable])
    assert matrix(kept) == matrix(sections)


@SETTINGS
@given(catalogues(), st.sampled_from(list(VIEW_STATUSES)))
def test_every_check_runs_and_findings_are_well_formed(sections, view):
    catalogue = load(sections)
    found = policy_findings(Context(catalogue, view))
    for finding in found:
        assert finding.cell_count >= len(finding.cells) and len(finding.cells) <= 10
        assert list(finding.cells) == sorted(finding.cells)
        assert finding.location is not None


def test_the_oracle_itself_on_a_hand_checked_case():
    sections = {
        "sources": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "parents": ["a"]}],
        "personnel_groups": [{"id": "g", "name": "G"}],
        "document_categories": [{"id": "c", "name": "C"}],
        "document_types": [{"id": "d", "name": "D", "parents": ["c"]}],
        "legal_bases": [{"id": "lb", "name": "LB"}],
        "conditions": [{"id": "k", "name": "K"}],
        "rules": [{"id": "r", "effect": "allow", "conditions": ["k"], "legal_basis": ["lb"]}],
    }
    assert naive_matrix(sections) == {("b", "d", "g"): ("conditional", (("k",),))}
