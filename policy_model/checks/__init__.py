"""Checks (SPEC §3): every finding kind, its severity and documentation, and the function
that finds it. One small function per kind, in the modules below; the faces list kinds and
print their documentation from REGISTRY."""

from __future__ import annotations

from ..findings import Finding, ordered
from . import actions, anomalies, assessments, attributes, coverage, expectations, legal, load_errors  # noqa: F401  (they register)
from .context import Context
from .registry import REGISTRY, Check, register

for _kind, _doc in load_errors.KINDS.items():
    register(_kind, "error", doc=_doc)

LOAD_KINDS = tuple(load_errors.KINDS)
POLICY_KINDS = tuple(kind for kind, c in REGISTRY.items() if c.run is not None)


def documentation(kind: str) -> str | None:
    found = REGISTRY.get(kind)
    return None if found is None else f"{found.kind} ({found.severity})\n\n{found.doc}"


def policy_findings(context: Context, kinds=None) -> list[Finding]:
    """The policy findings of a loaded catalogue in one view, in stable order."""
    found: list[Finding] = []
    for kind in kinds or POLICY_KINDS:
        found.extend(REGISTRY[kind].findings(context))
    return ordered(found)


def run_checks(result, view: str = "draft") -> list[Finding]:
    """All findings for a load result: its load errors, or, once it loads, the policy findings."""
    if result.catalogue is None:
        return list(result.findings)
    return policy_findings(Context(result.catalogue, view))


__all__ = ["REGISTRY", "Check", "Context", "LOAD_KINDS", "POLICY_KINDS", "documentation", "policy_findings", "run_checks"]
