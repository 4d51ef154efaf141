"""Checks (SPEC §3): every finding kind, its severity and documentation, and the function
that finds it. One small function per kind, in the modules below; the faces list kinds and
print their documentation from REGISTRY."""

from __future__ import annotations

import re

from ..findings import Finding, ordered
from ..i18n import _, gettext
from ..vocabulary import SEVERITY_WORDS, kind_label
from . import actions, anomalies, assessments, attributes, coverage, expectations, legal, load_errors  # noqa: F401  (they register)
from .context import Context
from .registry import REGISTRY, Check, register

for _kind, _doc in load_errors.KINDS.items():
    register(_kind, "error", doc=_doc)

LOAD_KINDS = tuple(load_errors.KINDS)
POLICY_KINDS = tuple(kind for kind, c in REGISTRY.items() if c.run is not None)


_EXAMPLES = re.compile(r"^(?:FAILS|PASSES):$", re.M)


def explanation_parts(doc: str) -> tuple[str, str]:
    """A kind's documentation as (prose, examples): the prose is translated, the FAILS and
    PASSES catalogue snippets stay as written."""
    found = _EXAMPLES.search(doc)
    if found is None:
        return doc.strip(), ""
    return doc[: found.start()].strip(), doc[found.start():]


def documentation(kind: str) -> str | None:
    """What `pjd check --explain KIND` prints, in the interface's language."""
    found = REGISTRY.get(kind)
    if found is None:
        return None
    prose, examples = explanation_parts(found.doc)
    # Translators: the headings of a check's two example catalogues: one that gives the finding, one that does not
    examples = _EXAMPLES.sub(lambda m: _("FAILS:") if m.group() == "FAILS:" else _("PASSES:"), examples)
    severity = gettext(SEVERITY_WORDS[found.severity])
    return f"{kind_label(found.kind)} ({severity})\n\n{gettext(prose)}" + (f"\n\n{examples}" if examples else "")


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
