"""Which fields the app lets you edit for each kind of entry, and how form text becomes a
validated model (pydantic does the validating; untouched fields are kept as they were)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from pydantic import BaseModel, ValidationError

from policy_model.i18n import N_, _, gettext
from policy_model.integrity import WHAT
from policy_model.load import _explain
from policy_model.vocabulary import (
    ASSESSMENT_STATUS_WORDS,
    CONFIDENTIALITY_WORDS,
    EFFECT_WORDS,
    FEASIBILITY_WORDS,
    NEED_WORDS,
    RULE_STATUS_WORDS,
    SOURCE_STATUS_WORDS,
)
from policy_model.schema import (
    LIST_SECTIONS,
    AssessmentStatus,
    Confidentiality,
    Effect,
    Feasibility,
    Need,
    RuleStatus,
    Status,
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # a message id: shown translated (gettext)
    kind: str = "text"  # text | ids | pick | names | choice | long
    choices: tuple[str, ...] = ()
    help: str = ""  # a message id too
    words: dict | None = None
    """For a choice: each value in words (policy_model.vocabulary), shown beside the value."""
    picks: str = ""
    """For a pick (ids chosen from a list, never typed): what the list holds
    (tui.widgets.id_picker.pick_options: sources, documents, personnel, actions, conditions,
    legal_bases, rules)."""


ID = Field("id", N_("Id"), help=N_("lowercase letters, digits, . _ -"))
NAME = Field("name", N_("Name"))
DESCRIPTION = Field("description", N_("Description"), "long")


def _ids(name: str, label: str, help: str = N_("comma-separated ids; empty = all")) -> Field:
    return Field(name, label, "ids", help=help)


def _pick(name: str, label: str, picks: str, help: str = N_("none chosen = all")) -> Field:
    return Field(name, label, "pick", help=help, picks=picks)


FORMS: dict[str, tuple[Field, ...]] = {
    "rules": (
        ID,
        Field("effect", N_("Effect"), "choice", get_args(Effect), words=EFFECT_WORDS),
        Field("status", N_("Status"), "choice", get_args(RuleStatus), words=RULE_STATUS_WORDS),
        _pick("sources", N_("Sources"), "sources"),
        _pick("documents", N_("Documents"), "documents"),
        _pick("personnel", N_("Personnel"), "personnel"),
        _pick("actions", N_("Actions"), "actions"),
        _pick("conditions", N_("Conditions"), "conditions", N_("allow only; all must hold; none chosen = unconditional")),
        Field("window", N_("Look-back window"), help=N_("allow only; e.g. P1Y, P6M; empty: no limit")),
        _pick("legal_basis", N_("Legal basis"), "legal_bases", N_("required for an allow")),
        _pick("overrides", N_("This rule is to take precedence over"), "rules", N_("deny only: the allow rules it overrides")),
        Field("owner", N_("Owner")),
        Field("rationale", N_("Rationale"), "long"),
        Field("name", N_("Name")),
        DESCRIPTION,
    ),
    "document_types": (
        ID,
        NAME,
        _ids("parents", N_("Categories"), N_("at least one document category")),
        Field("confidentiality", N_("Confidentiality"), "choice", get_args(Confidentiality), words=CONFIDENTIALITY_WORDS),
        _ids("produced_by", N_("Produced by"), N_("source ids; empty = every source")),
        Field(
            "ehds_category",
            N_("EHDS category"),
            "choice",
            ("", "patient_summary", "eprescription", "laboratory_result", "imaging_report", "discharge_report"),
        ),
        DESCRIPTION,
    ),
    "sources": (
        ID,
        NAME,
        _ids("parents", N_("Parents"), N_("source ids; empty = top level")),
        Field("status", N_("Status"), "choice", get_args(Status), words=SOURCE_STATUS_WORDS),
        DESCRIPTION,
    ),
    "personnel_groups": (
        ID,
        NAME,
        _ids("parents", N_("Parents"), N_("group ids; empty = top level")),
        Field("authorizations", N_("HPR codes"), "ids", help=N_("Volven 9060 codes, e.g. LE, SP")),
        DESCRIPTION,
    ),
    "assessments": (
        ID,
        _ids("sources", N_("Sources")),
        _ids("documents", N_("Documents")),
        _ids("personnel", N_("Personnel"), N_("who needs it; empty = anyone")),
        Field("need", N_("Need"), "choice", get_args(Need), words=NEED_WORDS),
        Field("feasibility", N_("Feasibility"), "choice", get_args(Feasibility), words=FEASIBILITY_WORDS),
        Field("status", N_("Status"), "choice", get_args(AssessmentStatus), words=ASSESSMENT_STATUS_WORDS),
        Field("assessed_by", N_("Assessed by"), "names", help=N_("comma-separated, e.g. Legeforeningen, KS")),
        Field("assessed_on", N_("Assessed on"), help=N_("a date such as 2026-05-12")),
        Field("rationale", N_("Rationale"), "long"),
    ),
}


def choice_words(field: Field, value: str) -> str:
    """A choice as the form lists it: the word, and the value the file holds when they differ
    ('godkjent (approved)')."""
    if not value:
        return _("(none)")
    if not field.words or value not in field.words:
        return value
    word = gettext(field.words[value])
    return word if word == value else f"{word} ({value})"


def text_of(model: BaseModel | None, field: Field) -> str:
    """A field's value as the form shows it."""
    if model is None:
        return ""
    value = getattr(model, field.name, None)
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ", ".join(value)
    return str(value)


def build(section: str, base: BaseModel | None, values: dict[str, str]) -> tuple[BaseModel | None, list[str]]:
    """The model from form text (fields not in the form are kept from `base`), or the problems."""
    data = base.model_dump(exclude_unset=True) if base is not None else {}
    for field in FORMS[section]:
        raw = values.get(field.name, "")
        if field.kind in ("ids", "pick"):  # ids never hold spaces: commas or spaces separate them
            value = [part for part in re.split(r"[,\s]+", raw) if part] or None
        elif field.kind == "names":  # names may: only commas separate them
            value = [part.strip() for part in raw.split(",") if part.strip()] or None
        elif field.kind == "long":  # kept as written (a trailing line end included), unless blank
            value = raw if raw.strip() else None
        else:
            value = raw.strip() or None
        if value is None:
            data.pop(field.name, None)
        else:
            data[field.name] = value
    try:
        return LIST_SECTIONS[section].model_validate(data), []
    except ValidationError as err:
        # In the loader's words, so a problem reads the same in the form as in `pjd check`.
        return None, [str(_explain(error, tuple(error["loc"]), field_label(error, WHAT[section]), LIST_SECTIONS[section])[0])
                      for error in err.errors(include_url=False)]


def field_label(error: dict, entry) -> object:
    """What a form problem starts with: the field it is about, else the entry."""
    return ".".join(str(part) for part in error["loc"]) or entry
