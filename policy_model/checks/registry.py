"""The registry of finding kinds: kind → severity, documentation and (for policy checks) function."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..findings import Finding, Severity


@dataclass(frozen=True)
class Check:
    kind: str
    severity: Severity
    doc: str
    run: Callable[..., Iterable[Finding]] | None = None
    """None for load errors, which the loader itself reports."""


REGISTRY: dict[str, Check] = {}


def register(kind: str, severity: Severity, run=None, doc: str | None = None) -> Check:
    check = Check(kind, severity, inspect.cleandoc(doc or (run.__doc__ if run else "") or ""), run)
    REGISTRY[kind] = check
    return check


def check(kind: str, severity: Severity):
    """Decorator: register a policy check; its docstring is the kind's documentation."""

    def wrap(function):
        register(kind, severity, function)
        return function

    return wrap
