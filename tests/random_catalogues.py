"""Random catalogues (hypothesis strategies) for property tests, loaded through the real loader."""

from __future__ import annotations

from builders import catalogue_yaml
from hypothesis import strategies as st

from policy_model.load import load_files


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


WINDOWS = ("P6M", "P1Y", "P12M", "P2Y", "P1Y6M")


@st.composite
def rule(draw, index, source_ids, document_ids, personnel_ids, condition_ids, action_ids=()):
    effect = draw(st.sampled_from(["allow", "allow", "deny"]))
    entry = {"id": f"r{index}", "effect": effect, "status": draw(st.sampled_from(["draft", "proposed", "approved", "retired"]))}
    for key, ids in (("sources", source_ids), ("documents", document_ids), ("personnel", personnel_ids), ("actions", action_ids)):
        chosen = some(draw, list(ids))
        if chosen:
            entry[key] = chosen
    if effect == "allow":
        entry["legal_basis"] = ["lb"]
        conditions = some(draw, condition_ids, 3)
        if conditions:
            entry["conditions"] = conditions
        if draw(st.integers(0, 2)) == 0:
            entry["window"] = draw(st.sampled_from(WINDOWS))
    return entry


@st.composite
def condition(draw, i):
    """A condition on a request attribute (SPEC §10.2), or one that tests none (never holds)."""
    entry = {"id": f"k{i}", "name": f"K {i}"}
    attribute = draw(st.sampled_from(["purpose_of_use", "access_basis", "fastlege", None]))
    if attribute == "fastlege":
        entry.update(attribute=attribute, values=draw(st.sampled_from([[True], [False], [True, False]])))
    elif attribute is not None:
        pool = ["TREAT", "ETREAT", "COC"] if attribute == "purpose_of_use" else ["akutt", "samtykke"]
        entry.update(attribute=attribute, values=draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True)))
    return entry


@st.composite
def actions(draw):
    """No actions section (the implicit `read`), or a few actions, some requiring earlier ones."""
    found = []
    for i in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        action = {"id": f"a{i}", "name": f"A {i}"}
        earlier = [a["id"] for a in found]
        if earlier and draw(st.booleans()):
            action["requires"] = draw(st.lists(st.sampled_from(earlier), min_size=1, max_size=2, unique=True))
        found.append(action)
    return found


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
    conditions = [draw(condition(i)) for i in range(draw(st.integers(0, 3)))]
    declared = draw(actions())
    ids = (
        source_ids,
        [c["id"] for c in categories] + [t["id"] for t in types],
        [p["id"] for p in personnel],
        [c["id"] for c in conditions],
        [a["id"] for a in declared],
    )
    rules = [draw(rule(i, *ids)) for i in range(draw(st.integers(0, 8)))]
    bases = [{"id": "lb", "name": "LB"}]
    for i in range(draw(st.integers(0, 2))):  # bases with a scope on some axes
        scope = {axis: chosen for axis, chosen in (("sources", some(draw, ids[0])), ("documents", some(draw, ids[1])), ("personnel", some(draw, ids[2]))) if chosen}
        bases.append({"id": f"lb{i}", "name": f"LB {i}", **({"scope": scope} if scope else {})})
    return {
        "sources": sources,
        "personnel_groups": personnel,
        "document_categories": categories,
        "document_types": types,
        "legal_bases": bases,
        "conditions": conditions,
        "rules": rules,
        "actions": declared,
    }


def load(sections):
    result = load_files([("catalogue.yaml", catalogue_yaml(**sections).encode("utf-8"))])
    assert result.findings == [], [f.message for f in result.findings]
    return result.catalogue


def ids(sections):
    """(source ids, document ids, personnel ids, condition ids, action ids) of a generated catalogue."""
    return (
        [s["id"] for s in sections["sources"]],
        [c["id"] for c in sections["document_categories"]] + [t["id"] for t in sections["document_types"]],
        [p["id"] for p in sections["personnel_groups"]],
        [c["id"] for c in sections["conditions"]],
        [a["id"] for a in sections.get("actions", [])],
    )
