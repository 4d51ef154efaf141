"""The check registry: every finding kind, its severity, its documentation and (for policy
checks) the function that finds it. The faces list kinds and print docs from here."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..findings import Finding, Severity
from . import load_errors


@dataclass(frozen=True)
class Check:
    kind: str
    severity: Severity
    doc: str
    run: Callable[..., Iterable[Finding]] | None = None
    """None for load errors, which the loader itself reports."""


REGISTRY: dict[str, Check] = {}


def register(kind: str, severity: Severity, run=None, doc: str | None = None) -> Check:
    check = Check(kind, severity, inspect.cleandoc(doc or run.__doc__ or ""), run)
    REGISTRY[kind] = check
    return check


for _kind, _doc in load_errors.KINDS.items():
    register(_kind, "error", doc=_doc)


def documentation(kind: str) -> str | None:
    check = REGISTRY.get(kind)
    return None if check is None else f"{check.kind} ({check.severity})\n\n{check.doc}"


def run_checks(result, view: str = "draft") -> list[Finding]:
    """All findings for a load result: its load errors, or, once it loads, the policy findings."""
    from ..findings import ordered

    if result.catalogue is None:
        return list(result.findings)
    found: list[Finding] = []
    for check in REGISTRY.values():
        if check.run is not None:
            found.extend(check.run(result.catalogue, view))
    return ordered(found)
