"""The registry of finding kinds: kind → severity, documentation and (for policy checks) the
function that finds it. Checks yield bare `Problem`s; the registry stamps kind and severity
(as yamllint's rules do), so no check restates them."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..findings import Cell, Finding, Location, Severity


@dataclass(frozen=True)
class Problem:
    """What a check found, before the registry makes it a Finding."""

    text: object
    rules: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    cells: tuple[Cell, ...] = ()
    cell_count: int = 0
    location: Location | None = None
    severity: Severity | None = None
    """Only where the catalogue sets it (an expectation's `severity`); else the kind's."""


@dataclass(frozen=True)
class Check:
    kind: str
    severity: Severity
    doc: str
    run: Callable[..., Iterable[Problem]] | None = None
    """None for load errors, which the loader itself reports."""

    def findings(self, context) -> Iterator[Finding]:
        for p in self.run(context):
            yield Finding(
                self.kind, p.severity or self.severity, p.text, p.rules, p.entities, p.cells, p.cell_count, p.location
            )


REGISTRY: dict[str, Check] = {}


def register(kind: str, severity: Severity, run=None, doc: str | None = None) -> Check:
    check = Check(kind, severity, inspect.cleandoc(doc or (run.__doc__ if run else "") or ""), run)
    REGISTRY[kind] = check
    return check


def check(kind: str, severity: Severity):
    """Decorator: register a policy check; its docstring is the kind's documentation, with a
    catalogue snippet that FAILS and one that PASSES (tests/policy_model/test_check_examples.py
    runs them)."""

    def wrap(function):
        register(kind, severity, function)
        return function

    return wrap
