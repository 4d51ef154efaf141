"""Synthetic catalogues at k× the bundled catalogue's cell count, for timing.

Each of the three axes grows by k^(1/3) (so cells grow by k) and the rules by k^(2/3): a
rule names groupings, so a larger catalogue needs more rules but not one per cell. The
shape follows the bundled catalogue: sources in regional groups, document types under
categories with `produced_by`, personnel as profession × setting, a mix of unconditional,
conditional and deny rules (carve-outs and overlaps), legal bases with scopes, expectations.

    python benchmarks/synth.py 100 /tmp/cat-100          # rules × k^(2/3)
    python benchmarks/synth.py 100 /tmp/cat-100-r 1      # rules × k (a stress case)
    python benchmarks/synth.py 100 /tmp/cat-100-a --actions   # two actions (list, open) and windows
    python benchmarks/synth.py 440k /tmp/cat-440k        # 550 types × 20 sources × 40 groups, 600 rules,
                                                         # every cell applicable (issue 9's figures)
    python benchmarks/synth.py 100 /tmp/cat-100-q --actions --attributes
                                                         # and request attributes (pjd decide, Cedar)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

# The bundled catalogue's size: leaf sources, document types, leaf personnel groups, rules.
BASE = {"sources": 11, "documents": 55, "personnel": 18, "rules": 25}


def sizes(k: float, rules_exponent: float = 2 / 3) -> dict[str, int]:
    f = k ** (1 / 3)
    return {
        "sources": round(BASE["sources"] * f),
        "documents": round(BASE["documents"] * f),
        "personnel": round(BASE["personnel"] * f),
        "rules": round(BASE["rules"] * k**rules_exponent),
    }


SHAPES = {"440k": {"sources": 20, "documents": 550, "personnel": 40, "rules": 600}}
"""Named sizes, every cell applicable (no produced_by)."""

WINDOWS = ("P1Y", "P1Y", "P5Y", "P6M")


SERVICE = "2.16.578.1.12.4.1.1.8666"
FACILITY = "2.16.578.1.12.4.1.1.1305"


def generate(
    k: float, seed: int = 1, rules_exponent: float = 2 / 3, actions: bool = False, shape: dict | None = None,
    attributes: bool = False,
) -> dict[str, list | dict]:
    rnd = random.Random(seed)
    n = shape or sizes(k, rules_exponent)
    regions = [f"region-{i}" for i in range(max(2, n["sources"] // 4))]
    sources = [{"id": "alle-kilder", "name": "Alle kilder"}]
    sources += [{"id": r, "name": f"Region {r}", "parents": ["alle-kilder"]} for r in regions]
    leaves = []
    for i in range(n["sources"]):
        leaf = f"kilde-{i}"
        leaves.append(leaf)
        sources.append(
            {
                "id": leaf,
                "name": f"Kilde {i}",
                "parents": [regions[i % len(regions)]],
                "status": rnd.choice(["production", "production", "pilot", "planned"]),
            }
        )
    categories = [{"id": f"kategori-{i}", "name": f"Kategori {i}"} for i in range(max(2, n["documents"] // 6))]
    documents = []
    for i in range(n["documents"]):
        doc = {
            "id": f"dok-{i}",
            "name": f"Dokumenttype {i}",
            "parents": [categories[i % len(categories)]["id"]],
            "type_code": {"system": "2.16.578.1.12.4.1.1.9602", "code": f"X{i:03d}-2", "display": f"Type {i}"},
        }
        if shape is None and rnd.random() < 0.7:
            doc["produced_by"] = rnd.sample(regions, k=max(1, len(regions) // 2))
        if rnd.random() < 0.08:
            doc["confidentiality"] = rnd.choice(["R", "V"])
        documents.append(doc)
    professions = [f"yrke-{i}" for i in range(max(2, n["personnel"] // 4))]
    settings = [f"arena-{i}" for i in range(max(2, n["personnel"] // 4))]
    personnel = [{"id": "autorisert", "name": "Autorisert"}]
    personnel += [{"id": p, "name": p, "parents": ["autorisert"]} for p in professions + settings]
    groups = []
    for i in range(n["personnel"]):
        group = f"gruppe-{i}"
        groups.append(group)
        personnel.append(
            {
                "id": group,
                "name": f"Gruppe {i}",
                "parents": [settings[i % len(settings)], professions[(i // len(settings) + i) % len(professions)]],
                "authorizations": ["LE"],
            }
        )
    legal = [
        {"id": "fri", "name": "Uten avgrensning"},
        {"id": "autorisert", "name": "Autorisert", "scope": {"personnel": ["autorisert"]}},
        {"id": "noen-kategorier", "name": "Noen kategorier", "scope": {"documents": [c["id"] for c in categories[::2]]}},
    ]
    conditions = [{"id": c, "name": c} for c in ("akutt", "samtykke", "unntak", "btg")]
    rules = [_rule(rnd, i, regions, leaves, categories, documents, professions, settings, groups) for i in range(n["rules"])]
    if actions:
        for rule in rules:
            rule.update(_action_and_window(rnd, rule))
    if attributes:
        _give_attributes(sources, personnel, conditions)
    expectations = [
        {
            "id": f"forventning-{i}",
            "sources": [rnd.choice(regions)],
            "documents": [rnd.choice(categories)["id"]],
            "personnel": [rnd.choice(professions)],
            "decision": rnd.choice(["readable", "not_readable", "allow"]),
            "quantifier": rnd.choice(["all", "any"]),
        }
        for i in range(max(3, n["rules"] // 8))
    ]
    extra = {"actions": [
        {"id": "list", "name": "Se i dokumentlisten", "short_name": "Liste"},
        {"id": "open", "name": "Åpne dokumentet", "short_name": "Åpne", "requires": ["list"]},
    ]} if actions else {}
    return {
        **extra,
        "catalogue": {"id": f"synthetic-{k}x", "title": f"Syntetisk katalog {k}×", "version": "1"},
        "sources": sources,
        "personnel_groups": personnel,
        "document_categories": categories,
        "document_types": documents,
        "legal_bases": legal,
        "conditions": conditions,
        "rules": rules,
        "expectations": expectations,
    }


def _rule(rnd, i, regions, leaves, categories, documents, professions, settings, groups) -> dict:
    kind = rnd.random()
    rule: dict = {"id": f"regel-{i}", "status": rnd.choice(["approved", "approved", "proposed", "draft"])}
    rule["sources"] = [rnd.choice(regions)] if rnd.random() < 0.7 else rnd.sample(leaves, 2)
    if rnd.random() < 0.6:
        rule["documents"] = [rnd.choice(categories)["id"]]
    else:
        rule["documents"] = [d["id"] for d in rnd.sample(documents, 3)]
    rule["personnel"] = [rnd.choice(professions if rnd.random() < 0.5 else settings)]
    if kind < 0.2:
        rule["effect"] = "deny"
        rule["personnel"] = [rnd.choice(groups)]
    else:
        rule["effect"] = "allow"
        rule["legal_basis"] = [rnd.choice(["fri", "autorisert", "noen-kategorier"])]
        if kind < 0.45:
            rule["conditions"] = rnd.sample(["akutt", "samtykke", "unntak", "btg"], rnd.choice([1, 1, 2]))
    rule["rationale"] = "Syntetisk regel for måling."
    return rule


def _give_attributes(sources: list[dict], personnel: list[dict], conditions: list[dict]) -> None:
    """Every leaf a request can resolve to, unambiguously: each leaf group its own healthcare
    service, each leaf source its own home community; conditions on request attributes."""
    for source in sources:
        if source["id"].startswith("kilde-"):
            source["facility_types"] = [{"system": FACILITY, "code": "86.101"}]
            source["home_communities"] = [f"2.16.578.1.99.{source['id'].removeprefix('kilde-')}"]
    for group in personnel:
        if group["id"].startswith("gruppe-"):
            group["healthcare_services"] = [{"system": SERVICE, "code": group["id"].upper()}]
    attribute = {"akutt": ("purpose_of_use", ["ETREAT"]), "samtykke": ("access_basis", ["samtykke"]),
                 "unntak": ("access_basis", ["unntak"]), "btg": ("purpose_of_use", ["BTG"])}
    for condition in conditions:
        name, values = attribute[condition["id"]]
        condition.update(attribute=name, values=values)


def _action_and_window(rnd, rule: dict) -> dict:
    """Most rules for both actions, some for the list or opening only; some allows look back
    only so far."""
    extra: dict = {}
    pick = rnd.random()
    if pick < 0.25:
        extra["actions"] = ["list"]
    elif pick < 0.4 and rule["effect"] == "deny":
        extra["actions"] = ["open"]
    if rule["effect"] == "allow" and rnd.random() < 0.35:
        extra["window"] = rnd.choice(WINDOWS)
    return extra


def write(
    k: float, folder: Path, seed: int = 1, rules_exponent: float = 2 / 3, actions: bool = False,
    shape: str | None = None, attributes: bool = False,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = generate(k, seed, rules_exponent, actions, SHAPES[shape] if shape else None, attributes)
    split = {
        "catalogue.yaml": ["catalogue", *(["actions"] if actions else [])],
        "sources.yaml": ["sources"],
        "personnel.yaml": ["personnel_groups"],
        "documents.yaml": ["document_categories", "document_types"],
        "legal.yaml": ["legal_bases", "conditions"],
        "rules.yaml": ["rules"],
        "expectations.yaml": ["expectations"],
    }
    for name, sections in split.items():
        text = yaml.safe_dump({s: data[s] for s in sections}, allow_unicode=True, sort_keys=False, width=120)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a not in ("--actions", "--attributes")]
    with_actions = "--actions" in sys.argv
    shape = args[0] if args and args[0] in SHAPES else None
    factor = 1.0 if shape else float(args[0]) if args else 1.0
    out = Path(args[1]) if len(args) > 1 else Path(f"/tmp/pjd-synth-{shape or f'{factor:g}x'}")
    exponent = float(args[2]) if len(args) > 2 else 2 / 3
    write(factor, out, rules_exponent=exponent, actions=with_actions, shape=shape, attributes="--attributes" in sys.argv)
    print(f"{out}: {SHAPES[shape] if shape else sizes(factor, exponent)}{' with two actions and windows' if with_actions else ''}")
