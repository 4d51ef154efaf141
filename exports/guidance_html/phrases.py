"""The page's words for things the catalogue codes: a condition as a clause a reader
understands, a window as "last 12 months", a confidentiality code, a code system, lists
joined with "and" / "or". Words only — every decision comes from `policy_model.decide`.

A condition is phrased from its request attribute and values (SPEC §10.1–§10.2 say what the
attributes the bundled catalogue uses mean); an attribute pjd has no phrase for is written
as the test it is, and a condition without an attribute by its name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from policy_model.i18n import MP, _
from policy_model.schema import Condition
from policy_model.windows import Months

VOLVEN_ARC = "2.16.578.1.12.4.1.1."
"""Volven code lists have OIDs 2.16.578.1.12.4.1.1.<list number> (e.g. 9602 document types)."""


def join_and(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1]) if len(items) > 1 else "".join(items)


def join_or(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(items)
    return _("{items} or {last}", items=", ".join(items[:-1]), last=items[-1]) if len(items) > 1 else "".join(items)


# -- request attributes -----------------------------------------------------------------
def _purpose(value: str) -> str:
    words = {
        "TREAT": _("treatment"),
        "ETREAT": _("emergency care"),
        "COC": _("coordination of care"),
        "BTG": _("break the glass (emergency access)"),
    }
    return f"{words[value]} ({value})" if value in words else value


def _access_basis(value: str) -> str:
    words = {"samtykke": _("consent"), "akutt": _("emergency"), "unntak": _("exception")}
    return f"{words[value]} ({value})" if value in words and words[value] != value else value


def _scope(value: str) -> str:
    # The API regimes of SPEC §10.1, by the law that governs each.
    names = {"hpl-45": "helsepersonelloven § 45", "kjernejournalforskriften": "kjernejournalforskriften"}
    return names.get(value, value)


_ACP = {
    "2.16.578.1.12.4.1.7.2.1.4": "NotObligedToConsent",
    "2.16.578.1.12.4.1.7.2.1.5": "ExplicitConsent",
    "2.16.578.1.12.4.1.7.2.1.6": "UnableToConsent",
    "2.16.578.1.12.4.1.7.2.1.7": "ExceptionToConsent",
    "2.16.578.1.12.4.1.7.2.1.8": "HasConsent",
}
"""XUA access-consent policy OIDs (the national list, 2.16.578.1.12.4.1.7.2.1)."""


def _acp(value: str) -> str:
    return f"{_ACP[value]} ({value})" if value in _ACP else value


def _value(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return _("“{value}”", value=value)


def condition_phrase(condition: Condition) -> str:
    """The condition as a clause that follows "when": 'you are the patient's regular GP
    (fastlege)', 'the purpose of use is emergency care (ETREAT)'."""
    attribute, values = condition.attribute, condition.values
    if attribute is None or values is None:
        return condition.name
    text_values = [v for v in values if isinstance(v, str)]
    if attribute == "fastlege" and values == (True,):
        return _("you are the patient's regular GP (fastlege)")
    if attribute == "fastlege" and values == (False,):
        return _("you are not the patient's regular GP (fastlege)")
    if len(text_values) == len(values):
        if attribute == "purpose_of_use":
            return _("the purpose of use is {values}", values=join_or([_purpose(v) for v in values]))
        if attribute == "access_basis":
            return _("the access basis is {values}", values=join_or([_access_basis(v) for v in values]))
        if attribute == "scope":
            return _("the lookup is made under {values}", values=join_or([_scope(v) for v in values]))
        if attribute == "acp":
            return _("the request states the consent policy {values}", values=join_or([_acp(v) for v in values]))
        if attribute == "purpose_of_use_details":
            return _("the care relation is {values}", values=join_or(list(values)))
    return _("the request attribute {attribute} is {values}", attribute=attribute, values=join_or([_value(v) for v in values]))


def regime_phrase(condition: Condition) -> str:
    """A condition on the API regime (`scope`) as the lead of a grant: 'Lookup under
    kjernejournalforskriften'."""
    return _("Lookup under {values}", values=join_or([_scope(v) for v in condition.values or ()]))


def attribute_test(condition: Condition) -> str | None:
    """The test itself, as a request carries the attribute: access_basis = "samtykke" or "akutt"
    (values as JSON: a boolean is true or false, text is quoted)."""
    if condition.attribute is None or condition.values is None:
        return None
    values = [json.dumps(v, ensure_ascii=False) for v in condition.values]
    return f"{condition.attribute} = {join_or(values)}"


# -- windows, codes ----------------------------------------------------------------------
def window_phrase(months: Months) -> str:
    """How far back, for a reader: 'last 12 months', 'last 5 years', 'no time limit'.
    Under two years in months (a "last year" could be read as the calendar year before)."""
    if months is None:
        return _("no time limit")
    if months >= 24 and months % 12 == 0:
        return str(MP("last {n} year", "last {n} years", months // 12))
    return str(MP("last {n} month", "last {n} months", months))


def confidentiality_words(code: str) -> str:
    words = {"N": _("normal"), "R": _("restricted"), "V": _("very restricted")}
    return f"{code} – {words.get(code, code)}"


def status_words(status: str) -> str:
    return {"production": _("in production"), "pilot": _("pilot"), "planned": _("planned")}.get(status, status)


def severity_words(severity: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "info": _("information")}.get(severity, severity)


def system_label(system: str) -> str:
    """'Volven 9602' for a Volven list's OID, else the OID."""
    if system.startswith(VOLVEN_ARC) and system[len(VOLVEN_ARC):].isdigit():
        return f"Volven {system[len(VOLVEN_ARC):]}"
    return system


def names(items: Iterable[str]) -> str:
    return ", ".join(items)
