"""Every finding kind's documentation holds a catalogue that FAILS and one that PASSES, read
on top of the example world: they must do what they say (`pjd check --explain KIND` prints them)."""

from __future__ import annotations

import pytest

from policy_model.checks import LOAD_KINDS, REGISTRY, Context, policy_findings
from policy_model.checks.examples import WORLD, examples, with_example
from policy_model.load import load_files


def findings_of(kind: str, text: str, beside: str | None = None) -> set[tuple]:
    files = [("catalogue.yaml", text.encode("utf-8"))] + ([("example.yaml", beside.encode("utf-8"))] if beside else [])
    result = load_files(files)
    if result.catalogue is None or kind in LOAD_KINDS:
        found = result.findings
    else:
        found = policy_findings(Context(result.catalogue, "draft"), [kind])
    return {(f.kind, f.rules, f.entities) for f in found if f.kind == kind}


def test_the_example_world_loads_clean():
    result = load_files([("catalogue.yaml", WORLD.encode("utf-8"))])
    assert result.findings == []


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_the_documented_examples_fail_and_pass(kind):
    blocks = examples(REGISTRY[kind].doc)
    assert set(blocks) == {"FAILS", "PASSES"}, f"{kind}: documentation needs a FAILS and a PASSES block"
    world = findings_of(kind, WORLD)
    if kind in LOAD_KINDS:  # a load error is about the file as written: it goes beside the world's
        fails, passes = findings_of(kind, WORLD, blocks["FAILS"]), findings_of(kind, WORLD, blocks["PASSES"])
    else:
        fails, passes = findings_of(kind, with_example(blocks["FAILS"])), findings_of(kind, with_example(blocks["PASSES"]))
    assert fails - world, f"{kind}: the FAILS example does not fire"
    assert not passes - world, f"{kind}: the PASSES example fires"
