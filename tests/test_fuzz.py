"""Hostile input, fuzzed: every kind of mutation (fuzz_mutations) of the bundled catalogue and of
a review workbook, every command on it, and what must hold (fuzzing). A small slice runs with
the suite (one case per kind); the campaign is `pytest -m fuzz` (or benchmarks/fuzz.py)."""

from __future__ import annotations

import sys

import pytest
from fuzz_mutations import KINDS
from fuzzing import Runner, describe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fuzz worker uses select() on pipes")
SEEDS = st.integers(min_value=0, max_value=2**31 - 1)
SETTINGS = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}


@pytest.fixture(scope="module")
def runner():
    runner = Runner(workers=1)
    yield runner
    runner.close()


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=1, derandomize=True, **SETTINGS)
@given(seed=SEEDS)
def test_hostile_input(runner, kind, seed):
    result = runner.run(kind, seed)
    assert not result["failures"], describe(result)


@pytest.mark.fuzz
@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, **SETTINGS)
@given(seed=SEEDS)
def test_hostile_input_campaign(runner, kind, seed):
    result = runner.run(kind, seed)
    assert not result["failures"], describe(result)
