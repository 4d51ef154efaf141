"""`pjd decide` on realistic requests against the bundled catalogue (tests/fixtures/requests):
every answer as the fixture states it, with the reason written beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import catalogue as bundled
from tui.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures" / "requests"
EXPECTED = yaml.safe_load((FIXTURES / "bundled_expected.yaml").read_text(encoding="utf-8"))["requests"]
CASES = [(request_id, answer) for request_id, answers in EXPECTED.items() for answer in answers]


@pytest.fixture(scope="module")
def answers():
    import io
    import sys

    found = {}
    for view in ("approved", "draft"):
        out, sys.stdout = sys.stdout, io.StringIO()
        try:
            main(["decide", str(bundled.path()), "--view", view, "--request", str(FIXTURES / "bundled.jsonl"), "--format", "json"])
            found[view] = {a["id"]: a for a in map(json.loads, sys.stdout.getvalue().splitlines())}
        finally:
            sys.stdout = out
    return found


def test_there_are_enough_realistic_requests():
    lines = [json.loads(line) for line in (FIXTURES / "bundled.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 20 and {line["id"] for line in lines} == set(EXPECTED)


@pytest.mark.parametrize(("request_id", "expected"), CASES, ids=[f"{r}-{a['view']}" for r, a in CASES])
def test_each_answer_as_the_fixture_says(answers, request_id, expected):
    got = answers[expected["view"]][request_id]
    assert got["permit"] == expected["permit"], expected["why"]
    assert got["reason"] == expected["reason"], expected["why"]
    assert got["decision"] == expected.get("decision"), expected["why"]
    assert got["cell"] == expected.get("cell"), expected["why"]
    assert got["rules"] == expected.get("rules", []), expected["why"]
    if "grant" in expected:
        assert got["grant"] == expected["grant"], expected["why"]
    if "candidates" in expected:
        assert got["candidates"] == expected["candidates"], expected["why"]
