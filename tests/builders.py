"""Build small catalogues as data and write them as real YAML (through the real loader)."""

from __future__ import annotations

from pathlib import Path

import yaml

from policy_model.load import load_files, load_folder

META = {"id": "test", "title": "Test", "version": "1"}


def catalogue_yaml(**sections) -> str:
    data = {"catalogue": META, **{k: v for k, v in sections.items() if v}}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


def load_data(**sections):
    """Load a catalogue given as sections of plain data; fails the test on load errors."""
    result = load_files([("catalogue.yaml", catalogue_yaml(**sections).encode("utf-8"))])
    assert result.findings == [], [(f.kind, f.message) for f in result.findings]
    return result.catalogue


def write_data(root: Path, **sections) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalogue.yaml").write_text(catalogue_yaml(**sections), encoding="utf-8")
    assert load_folder(root).findings == []
    return root


# A small world used by many tests: two health regions and a GP source; doctors and a vet.
SOURCES = [
    {"id": "hf", "name": "Helseforetak"},
    {"id": "hf-vest", "name": "Helse Vest", "parents": ["hf"], "status": "production"},
    {"id": "hf-nord", "name": "Helse Nord", "parents": ["hf"], "status": "pilot"},
    {"id": "fastlegekontor", "name": "Fastlegekontor"},
]
PERSONNEL = [
    {"id": "lege", "name": "Leger"},
    {"id": "fastlege", "name": "Fastleger", "parents": ["lege"]},
    {"id": "sykehuslege", "name": "Sykehusleger", "parents": ["lege"]},
    {"id": "sykepleier", "name": "Sykepleiere"},
    {"id": "veterinaer", "name": "Veterinærer"},
]
CATEGORIES = [{"id": "epikriser", "name": "Epikriser"}, {"id": "korrespondanse", "name": "Korrespondanse"}]
DOCUMENTS = [
    {"id": "epikrise", "name": "Epikrise", "parents": ["epikriser"], "produced_by": ["hf"]},
    {"id": "kriseplan", "name": "Kriseplan", "parents": ["epikriser"], "confidentiality": "R"},
    {"id": "henvisning", "name": "Henvisning", "parents": ["korrespondanse"]},
]
LEGAL = [
    {"id": "hpl-45", "name": "Helsepersonelloven § 45", "scope": {"personnel": ["lege", "sykepleier"]}},
    {"id": "kjf-4", "name": "Kjernejournalforskriften § 4", "scope": {"documents": ["epikriser"]}},
]
CONDITIONS = [{"id": "akutt", "name": "Akutt"}, {"id": "samtykke", "name": "Samtykke"}]


def world(rules=(), expectations=(), **overrides):
    sections = {
        "sources": SOURCES,
        "personnel_groups": PERSONNEL,
        "document_categories": CATEGORIES,
        "document_types": DOCUMENTS,
        "legal_bases": LEGAL,
        "conditions": CONDITIONS,
        "rules": list(rules),
        "expectations": list(expectations),
    }
    sections.update(overrides)
    return sections


def allow(rule_id, **fields):
    return {"id": rule_id, "effect": "allow", "legal_basis": ["hpl-45"], **fields}


def deny(rule_id, **fields):
    return {"id": rule_id, "effect": "deny", **fields}


def reachable_by_adding_rules(current, wanted) -> bool:
    """The oracle, from SPEC §2 alone: what adding rules (deny > allow > conditional) can give a cell."""
    if current.kind == "na":
        return False
    if wanted.kind == "not_readable":
        return True
    if current.kind == "deny":
        return False

    def longer(a, b):  # window a reaches at least as far back as b (None: no limit)
        return a is None or (b is not None and a >= b)

    if wanted.kind == "allow":
        return current.kind != "allow" or longer(wanted.window, current.window)
    if current.kind == "allow":
        return False
    # every grant the cell has must drop out: a wanted grant with fewer conditions, as long a window
    want = [set(a) for a in wanted.alternatives]
    return all(any(s <= set(g.conditions) and longer(wanted.window, g.window) for s in want) for g in current.grants)


def decided(kind: str, alternatives=()):
    """A decision as SPEC §9.3 gives it in a catalogue without windows: an allow has the one
    unconditional grant, a conditional cell one grant per alternative."""
    from policy_model.decide import Decision, Grant

    if kind == "allow":
        return Decision("allow", (), (Grant(),), None)
    if kind == "conditional":
        return Decision("conditional", tuple(alternatives), tuple(Grant(tuple(a)) for a in alternatives))
    return Decision(kind)
