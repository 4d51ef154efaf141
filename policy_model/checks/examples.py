"""The small catalogue every check's FAILS and PASSES example is read on top of, so that each
example is real YAML a test can load (tests/policy_model/test_check_examples.py)."""

from __future__ import annotations

import re

import yaml

WORLD = """\
catalogue: {id: eksempel, title: Eksempelkatalog, version: "1"}
sources:
  - {id: helseforetak, name: Helseforetak}
  - {id: hf-vest, name: Helse Vest, parents: [helseforetak], status: production}
  - {id: hf-nord, name: Helse Nord, parents: [helseforetak]}
  - {id: fastlegekontor, name: Fastlegekontor}
personnel_groups:
  - {id: lege, name: Leger}
  - {id: fastlege, name: Fastleger, parents: [lege]}
  - {id: sykehuslege, name: Sykehusleger, parents: [lege]}
  - {id: sykepleier, name: Sykepleiere}
document_categories:
  - {id: epikriser, name: Epikriser}
  - {id: korrespondanse, name: Korrespondanse}
document_types:
  - {id: epikrise, name: Epikrise, parents: [epikriser], produced_by: [helseforetak]}
  - {id: henvisning, name: Henvisning, parents: [korrespondanse]}
legal_bases:
  - {id: hpl-45, name: Helsepersonelloven § 45}
conditions:
  - {id: akutt, name: Kun ved akutt behov}
"""
"""Two health regions (one in production) and a GP office; doctors and nurses; an epikrise
only hospitals produce and a referral everyone produces; one legal basis, one condition."""

_BLOCK = re.compile(r"^(FAILS|PASSES):\n((?:[ \t]+.*\n?|\n)+)", re.M)


def examples(doc: str) -> dict[str, str]:
    """The FAILS and PASSES blocks of a check's documentation, as YAML text."""
    import textwrap

    return {name: textwrap.dedent(block) for name, block in _BLOCK.findall(doc + "\n")}


def with_example(snippet: str) -> str:
    """The example world with a snippet's sections added (an entry with an id the world
    already has replaces it), as one YAML file."""
    world = yaml.safe_load(WORLD)
    for section, entries in (yaml.safe_load(snippet) or {}).items():
        if not isinstance(entries, list):
            world[section] = entries
            continue
        ids = {e["id"]: i for i, e in enumerate(world.get(section, []))}
        merged = list(world.get(section, []))
        for entry in entries:
            if entry.get("id") in ids:
                merged[ids[entry["id"]]] = entry
            else:
                merged.append(entry)
        world[section] = merged
    return yaml.safe_dump(world, allow_unicode=True, sort_keys=False)
