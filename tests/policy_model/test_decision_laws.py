"""Decision laws on random catalogues (hypothesis), and an independent, deliberately naive
per-cell evaluator written from SPEC §2 that must agree with `decide` on every cell."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_catalogues import catalogues, ids, load, rule

from policy_model.checks import Context, policy_findings
from policy_model.decide import VIEW_STATUSES, Evaluation

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def matrix(sections, view="draft"):
    return dict(Evaluation(load(sections), view).matrix())


def as_plain(decision):
    """A Decision as plain values, to compare with the oracle."""
    grants = tuple((g.conditions, g.window) for g in decision.grants)
    return (decision.kind, decision.alternatives, grants, decision.window)


# -- the naive oracle --------------------------------------------------------------------
def naive_months(window):
    years = re.search(r"(\d+)Y", window)
    months = re.search(r"(\d+)M", window)
    return (int(years.group(1)) if years else 0) * 12 + (int(months.group(1)) if months else 0)


def naive_matrix(sections, view="draft"):
    """SPEC §2 and §9.3 read literally, one cell at a time, sharing no code with policy_model.decide."""

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

    def at_least(a, b):  # window a is at least as long as b; None is unlimited
        return a is None or (b is not None and a >= b)

    src_parents = parents_of(sections["sources"])
    per_parents = parents_of(sections["personnel_groups"])
    doc_parents = parents_of(sections["document_categories"] + sections["document_types"])
    actions = [a["id"] for a in sections.get("actions", [])] or ["read"]
    statuses = {"approved": {"approved"}, "proposed": {"approved", "proposed"}, "draft": {"approved", "proposed", "draft"}}[view]
    rules = [r for r in sections["rules"] if r.get("status", "draft") in statuses]
    result = {}
    for s in leaves(sections["sources"]):
        for doc in sections["document_types"]:
            d = doc["id"]
            if "produced_by" in doc and not any(under(s, p, src_parents) for p in doc["produced_by"]):
                continue
            for g in leaves(sections["personnel_groups"]):
                for a in actions:
                    def covers(r):
                        return (
                            ("sources" not in r or any(under(s, n, src_parents) for n in r["sources"]))
                            and ("documents" not in r or any(under(d, n, doc_parents) for n in r["documents"]))
                            and ("personnel" not in r or any(under(g, n, per_parents) for n in r["personnel"]))
                            and ("actions" not in r or a in r["actions"])
                        )

                    applicable = [r for r in rules if covers(r)]
                    if any(r["effect"] == "deny" for r in applicable):
                        result[(s, d, g, a)] = ("deny", (), (), None)
                        continue
                    grants = {
                        (tuple(sorted(set(r.get("conditions", [])))), naive_months(r["window"]) if "window" in r else None)
                        for r in applicable
                    }
                    kept = [
                        x for x in grants
                        if not any(y != x and set(y[0]) <= set(x[0]) and at_least(y[1], x[1]) for y in grants)
                    ]
                    kept.sort(key=lambda x: (list(x[0]), (1, 0) if x[1] is None else (0, x[1])))
                    plain = [x for x in kept if not x[0]]
                    if plain:
                        result[(s, d, g, a)] = ("allow", (), tuple(kept), plain[0][1])
                    elif kept:
                        sets = {frozenset(x[0]) for x in kept}
                        minimal = [x for x in sets if not any(y < x for y in sets)]
                        alternatives = tuple(sorted(tuple(sorted(x)) for x in minimal))
                        result[(s, d, g, a)] = ("conditional", alternatives, tuple(kept), None)
                    else:
                        result[(s, d, g, a)] = ("none", (), (), None)
    return result


@SETTINGS
@given(catalogues(), st.sampled_from(list(VIEW_STATUSES)))
def test_decide_agrees_with_the_naive_evaluator_on_every_cell(sections, view):
    fast = {cell: as_plain(d) for cell, d in matrix(sections, view).items()}
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
        if decision.kind != "deny":
            # every old grant is still covered: as few conditions, a window as long (SPEC §9.3)
            assert all(any(new.covers(grant) for new in decision.grants) for grant in old.grants)


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
    assert naive_matrix(sections) == {("b", "d", "g", "read"): ("conditional", (("k",),), ((("k",), None),), None)}
