"""Decision laws on random catalogues (hypothesis), and an independent, deliberately naive
per-cell evaluator written from SPEC §2 that must agree with `decide` on every cell."""

from __future__ import annotations

import itertools
import random

from builders import catalogue_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation, VIEW_STATUSES
from policy_model.load import load_files

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def dag(draw, prefix: str, low: int, high: int):
    """Nodes whose parents come only from earlier nodes: no loops."""
    count = draw(st.integers(low, high))
    nodes = []
    for i in range(count):
        earlier = [n["id"] for n in nodes]
        parents = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
        node = {"id": f"{prefix}{i}", "name": f"{prefix.upper()} {i}"}
        if parents:
            node["parents"] = parents
        nodes.append(node)
    return nodes


def some(draw, ids, max_size=2):
    """An optional, non-empty axis list."""
    if not ids or draw(st.booleans()):
        return None
    return draw(st.lists(st.sampled_from(ids), min_size=1, max_size=max_size, unique=True))


@st.composite
def rule(draw, index, source_ids, document_ids, personnel_ids, condition_ids):
    effect = draw(st.sampled_from(["allow", "allow", "deny"]))
    entry = {"id": f"r{index}", "effect": effect, "status": draw(st.sampled_from(["draft", "proposed", "approved", "retired"]))}
    for key, ids in (("sources", source_ids), ("documents", document_ids), ("personnel", personnel_ids)):
        chosen = some(draw, ids)
        if chosen:
            entry[key] = chosen
    if effect == "allow":
        entry["legal_basis"] = ["lb"]
        conditions = some(draw, condition_ids, 3)
        if conditions:
            entry["conditions"] = conditions
    return entry


@st.composite
def catalogues(draw):
    sources = draw(dag("s", 1, 5))
    personnel = draw(dag("g", 1, 5))
    categories = draw(dag("c", 1, 3))
    source_ids = [s["id"] for s in sources]
    types = []
    for i in range(draw(st.integers(1, 5))):
        doc = {"id": f"d{i}", "name": f"D {i}", "parents": [draw(st.sampled_from([c["id"] for c in categories]))]}
        produced = some(draw, source_ids)
        if produced:
            doc["produced_by"] = produced
        doc["confidentiality"] = draw(st.sampled_from(["N", "R", "V"]))
        types.append(doc)
    conditions = [{"id": f"k{i}", "name": f"K {i}"} for i in range(draw(st.integers(0, 3)))]
    ids = (
        source_ids,
        [c["id"] for c in categories] + [t["id"] for t in types],
        [p["id"] for p in personnel],
        [c["id"] for c in conditions],
    )
    rules = [draw(rule(i, *ids)) for i in range(draw(st.integers(0, 8)))]
    return {
        "sources": sources,
        "personnel_groups": personnel,
        "document_categories": categories,
        "document_types": types,
        "legal_bases": [{"id": "lb", "name": "LB"}],
        "conditions": conditions,
        "rules": rules,
    }


def load(sections):
    result = load_files([("catalogue.yaml", catalogue_yaml(**sections).encode("utf-8"))])
    assert result.findings == [], [f.message for f in result.findings]
    return result.catalogue


def matrix(sections, view="draft"):
    return dict(Evaluation(load(sections), view).matrix())


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
    ids = _ids(sections)
    extra = data.draw(rule(99, *ids).filter(lambda r: r["effect"] == "deny"))
    extra["status"] = "draft"
    before, after = matrix(sections), matrix(dict(sections, rules=[*sections["rules"], extra]))
    for cell, decision in after.items():
        assert decision == before[cell] or decision.kind == "deny"


@SETTINGS
@given(catalogues(), st.data())
def test_adding_an_allow_never_makes_a_cell_less_readable(sections, data):
    ids = _ids(sections)
    extra = data.draw(rule(99, *ids).filter(lambda r: r["effect"] == "allow"))
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


def _ids(sections):
    return (
        [s["id"] for s in sections["sources"]],
        [c["id"] for c in sections["document_categories"]] + [t["id"] for t in sections["document_types"]],
        [p["id"] for p in sections["personnel_groups"]],
        [c["id"] for c in sections["conditions"]],
    )


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
    assert not list(itertools.islice(random.Random(0).sample([1], 1), 0))
