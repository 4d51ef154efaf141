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
    kind: str = "text"  # text | ids | pick | names | choice | long | codes | code | oids | values
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


def _pick(name: str, label: str, picks: str, help: str = N_("none chosen = all")) -> Field:
    return Field(name, label, "pick", help=help, picks=picks)


# The request attributes of SPEC §10.2. A coded value is written "system code (display)": the
# code system's OID, then the code, then, in brackets, the display text for people; a list
# has one per line, and a line with only the system matches any code of it.
def _codes(name: str, label: str) -> Field:
    return Field(name, label, "codes", help=N_("one per line: system OID, code, (display); no code = any code of the system"))


def _code(name: str, label: str) -> Field:
    return Field(name, label, "code", help=N_("system OID, code, (display)"))


ATTRIBUTE_KINDS = ("codes", "code", "oids", "values")


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
        _pick("parents", N_("Categories"), "document_categories", N_("at least one document category")),
        Field("confidentiality", N_("Confidentiality"), "choice", get_args(Confidentiality), words=CONFIDENTIALITY_WORDS),
        _pick("produced_by", N_("Produced by"), "sources", N_("none chosen = every source")),
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
        _pick("parents", N_("Parents"), "sources", N_("none chosen = top level")),
        Field("status", N_("Status"), "choice", get_args(Status), words=SOURCE_STATUS_WORDS),
        _codes("facility_types", N_("Facility types")),
        _code("facility_type", N_("Facility type (one)")),
        _codes("practice_settings", N_("Practice settings")),
        _codes("organizations", N_("Organisations")),
        Field("home_communities", N_("Home communities"), "oids", help=N_("comma-separated OIDs of the responding communities")),
        DESCRIPTION,
    ),
    "personnel_groups": (
        ID,
        NAME,
        Field("short_name", N_("Short name"), help=N_("at most 8 characters: the column's heading in the compact matrix")),
        _pick("parents", N_("Parents"), "personnel", N_("none chosen = top level")),
        Field("authorizations", N_("HPR codes"), "ids", help=N_("Volven 9060 codes, e.g. LE, SP")),
        _codes("healthcare_services", N_("Healthcare services")),
        DESCRIPTION,
    ),
    "conditions": (
        ID,
        NAME,
        Field("attribute", N_("Request attribute"), help=N_("e.g. purpose_of_use, access_basis, fastlege")),
        Field("values", N_("Values"), "values", help=N_("comma-separated; true and false are yes/no values")),
        _code("code", N_("Code")),
        DESCRIPTION,
    ),
    "assessments": (
        ID,
        _pick("sources", N_("Sources"), "sources"),
        _pick("documents", N_("Documents"), "documents"),
        _pick("personnel", N_("Personnel"), "personnel", N_("who needs it; none chosen = anyone")),
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
    if field.kind == "codes":
        return "\n".join(code_text(code) for code in value)
    if field.kind == "code":
        return code_text(value)
    if field.kind == "values":
        return ", ".join(("true" if v else "false") if isinstance(v, bool) else v for v in value)
    if isinstance(value, (tuple, list)):
        return ", ".join(value)
    return str(value)


def build(section: str, base: BaseModel | None, values: dict[str, str]) -> tuple[BaseModel | None, list[str]]:
    """The model from form text (fields not in the form are kept from `base`), or the problems."""
    data = base.model_dump(exclude_unset=True) if base is not None else {}
    problems: list[str] = []
    for field in FORMS[section]:
        raw = values.get(field.name, "")
        if field.kind in ATTRIBUTE_KINDS:
            try:
                value = ATTRIBUTE_PARSERS[field.kind](raw)
            except FormProblem as problem:
                problems.append(f"{gettext(field.label)}: {problem}")
                continue
        elif field.kind in ("ids", "pick"):  # ids never hold spaces: commas or spaces separate them
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
    if problems:
        return None, problems
    try:
        return LIST_SECTIONS[section].model_validate(data), []
    except ValidationError as err:
        # In the loader's words, so a problem reads the same in the form as in `pjd check`.
        return None, validation_problems(err, section, {field.name: field.label for field in FORMS[section]})


def validation_problems(err: ValidationError, section: str, labels: dict[str, str] | None = None) -> list[str]:
    """A model's validation errors in the loader's words, so a problem reads the same in a
    form or dialog as in `pjd check`."""
    return [str(_explain(error, tuple(error["loc"]), field_label(error, WHAT[section], labels), LIST_SECTIONS[section])[0])
            for error in err.errors(include_url=False)]


def field_label(error: dict, entry, labels: dict[str, str] | None = None) -> object:
    """What a form problem starts with: the field it is about (as the form names it), else the entry."""
    loc = error["loc"]
    if labels and len(loc) == 1 and loc[0] in labels:
        return gettext(labels[loc[0]])
    return ".".join(str(part) for part in loc) or entry


# -- coded values and other request attributes in form text -------------------------------------
OID = re.compile(r"^[0-2](\.(0|[1-9][0-9]*))+$")
_CODE_LINE = re.compile(r"^(?P<system>\S+)(?:\s+(?P<code>[^\s(]\S*))?(?:\s*\((?P<display>.*)\))?$")


class FormProblem(ValueError):
    """Form text that cannot be a value of its field; the message says where and why."""


def code_text(code) -> str:
    """A CodeRef or CodeMatch as the form writes it: 'system code (display)'."""
    text = code.system + (f" {code.code}" if code.code else "")
    return f"{text} ({code.display})" if code.display else text


def _code_value(line: str, need_code: bool) -> dict:
    match = _CODE_LINE.match(line.strip())
    if match is None:
        raise FormProblem(_("'{text}' is not 'system code (display)'", text=line.strip()))
    system, code, display = match["system"], match["code"], match["display"]
    if not OID.match(system):
        raise FormProblem(_("'{system}' is not a code system: write the system's OID first (such as "
                            "2.16.578.1.12.4.1.1.8666), then the code", system=system))
    if need_code and not code:
        raise FormProblem(_("{system} has no code: write the code after the system", system=system))
    value = {"system": system}
    if code:
        value["code"] = code
    if display and display.strip():
        value["display"] = display.strip()
    return value


def parse_codes(raw: str) -> list[dict] | None:
    """One coded value per line (blank lines skipped); None when there is none (the key is left out)."""
    found = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append(_code_value(line, need_code=False))
        except FormProblem as problem:
            raise FormProblem(_("line {number}: {problem}", number=number, problem=problem)) from None
    return found or None


def parse_code(raw: str) -> dict | None:
    return _code_value(raw, need_code=True) if raw.strip() else None


def parse_oids(raw: str) -> list[str] | None:
    found = [part for part in re.split(r"[,\s]+", raw) if part]
    for oid in found:
        if not OID.match(oid):
            raise FormProblem(_("'{text}' is not an OID (numbers separated by dots, such as 2.16.578.1.12.4.3)", text=oid))
    return found or None


def parse_values(raw: str) -> list | None:
    """Comma-separated; true and false are booleans, as the plain YAML scalars are (SPEC §10.2)."""
    found = [part.strip() for part in raw.split(",") if part.strip()]
    return [{"true": True, "false": False}.get(part, part) for part in found] or None


ATTRIBUTE_PARSERS = {"codes": parse_codes, "code": parse_code, "oids": parse_oids, "values": parse_values}
