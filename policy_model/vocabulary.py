"""The catalogue's values in words, for people: a view, a status, an effect, a decision, a
severity, a need. The catalogue files and every JSON output keep the values themselves
(`approved`, `allow`); text for people shows these words, in the interface's language
(`godkjent`, `tillat`). One table per kind, so every face uses the same word."""

from __future__ import annotations

from .i18n import NC_, N_, gettext, pgettext

VIEW_WORDS = {"draft": N_("draft"), "proposed": N_("proposed"), "approved": N_("approved")}
"""A view by the status it counts up to (SPEC §2): utkast, foreslått, godkjent."""

RULE_STATUS_WORDS = {
    "draft": N_("draft"),
    "proposed": N_("proposed"),
    "approved": N_("approved"),
    "retired": N_("retired"),
}
EFFECT_WORDS = {"allow": N_("allow"), "deny": N_("deny")}
DECISION_WORDS = {
    "allow": NC_("decision", "allow"),
    "conditional": NC_("decision", "conditional"),
    "deny": NC_("decision", "deny"),
    "none": NC_("decision", "none"),
    "na": NC_("decision", "n/a"),
}
"""A cell's decision in one or two words (the matrix legend, the impact of an edit)."""
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
SOURCE_STATUS_WORDS = {"production": N_("in production"), "pilot": N_("pilot"), "planned": N_("planned")}
NEED_WORDS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low"), "none": N_("none")}
"""Clinical need (helsefaglig behov) of an assessment."""
FEASIBILITY_WORDS = {"now": N_("now"), "later": N_("later"), "unknown": N_("unknown")}
ASSESSMENT_STATUS_WORDS = {"draft": N_("draft"), "agreed": N_("agreed")}
CONFIDENTIALITY_WORDS = {"N": N_("normal"), "R": N_("restricted"), "V": N_("very restricted")}
KIND_WORDS = {
    "syntax": NC_("finding kind", "syntax"),
    "schema": NC_("finding kind", "schema"),
    "duplicate_id": NC_("finding kind", "duplicate_id"),
    "unknown_reference": NC_("finding kind", "unknown_reference"),
    "cycle": NC_("finding kind", "cycle"),
    "missing_legal_basis": NC_("finding kind", "missing_legal_basis"),
    "outside_legal_basis": NC_("finding kind", "outside_legal_basis"),
    "expectation_failed": NC_("finding kind", "expectation_failed"),
    "dead_rule": NC_("finding kind", "dead_rule"),
    "shadowed": NC_("finding kind", "shadowed"),
    "conflict": NC_("finding kind", "conflict"),
    "redundant": NC_("finding kind", "redundant"),
    "sensitive_unconditional": NC_("finding kind", "sensitive_unconditional"),
    "unreadable_document": NC_("finding kind", "unreadable_document"),
    "unused": NC_("finding kind", "unused"),
    "need_not_met": NC_("finding kind", "need_not_met"),
    "shared_without_need": NC_("finding kind", "shared_without_need"),
    "assessment_overlap": NC_("finding kind", "assessment_overlap"),
    "action_without_required": NC_("finding kind", "action_without_required"),
    "ambiguous_match": NC_("finding kind", "ambiguous_match"),
    "unmatchable": NC_("finding kind", "unmatchable"),
    "unsatisfiable_conditions": NC_("finding kind", "unsatisfiable_conditions"),
}
"""A finding kind in words for people (`ubrukt`); the kind itself (`unused`) stays the stable id
that JSON, `--explain` and the docs use. In English the words are the ids."""
EXPECTED_WORDS = {
    "allow": N_("allowed"),
    "conditional": N_("conditional"),
    "deny": N_("denied"),
    "none": N_("without a rule (none)"),
    "readable": N_("readable"),
    "not_readable": N_("not readable"),
}
"""What an expectation expects (`decision:`), in words."""


def _word(table: dict, value) -> str:
    found = table.get(value)
    if found is None:
        return str(value)
    return pgettext(*found) if isinstance(found, tuple) else gettext(found)


def view_word(view: str) -> str:
    return _word(VIEW_WORDS, view)


def status_word(status: str) -> str:
    """A rule's status: utkast, foreslått, godkjent, tilbaketrukket."""
    return _word(RULE_STATUS_WORDS, status)


def effect_word(effect: str) -> str:
    return _word(EFFECT_WORDS, effect)


def decision_word(kind: str) -> str:
    return _word(DECISION_WORDS, kind)


def severity_word(severity: str) -> str:
    return _word(SEVERITY_WORDS, severity)


def source_status_word(status: str) -> str:
    return _word(SOURCE_STATUS_WORDS, status)


def need_word(need: str) -> str:
    return _word(NEED_WORDS, need)


def feasibility_word(feasibility: str) -> str:
    return _word(FEASIBILITY_WORDS, feasibility)


def assessment_status_word(status: str) -> str:
    return _word(ASSESSMENT_STATUS_WORDS, status)


def expected_word(decision: str) -> str:
    return _word(EXPECTED_WORDS, decision)


def kind_word(kind: str) -> str:
    return _word(KIND_WORDS, kind)


def kind_label(kind: str) -> str:
    """The kind in words, and its id when they differ: 'ubrukt (unused)' — the id is what
    `pjd check --explain` takes."""
    word = kind_word(kind)
    return kind if word == kind else f"{word} ({kind})"


def view_message(view: str):
    """The view's word as a Message, for texts made now and shown later (findings, refusals)."""
    from .i18n import M

    return M(VIEW_WORDS[view]) if view in VIEW_WORDS else view
