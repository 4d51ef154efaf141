"""Which fields the app lets you edit for each kind of entry, and how form text becomes a
validated model (pydantic does the validating; untouched fields are kept as they were)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from pydantic import BaseModel, ValidationError

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
    label: str
    kind: str = "text"  # text | ids | names | choice | long
    choices: tuple[str, ...] = ()
    help: str = ""


ID = Field("id", "Id", help="lowercase letters, digits, . _ -")
NAME = Field("name", "Name")
DESCRIPTION = Field("description", "Description", "long")


def _ids(name: str, label: str, help: str = "comma-separated ids; empty = all") -> Field:
    return Field(name, label, "ids", help=help)


FORMS: dict[str, tuple[Field, ...]] = {
    "rules": (
        ID,
        Field("effect", "Effect", "choice", get_args(Effect)),
        Field("status", "Status", "choice", get_args(RuleStatus)),
        _ids("sources", "Sources"),
        _ids("documents", "Documents"),
        _ids("personnel", "Personnel"),
        _ids("conditions", "Conditions", "allow only; all must hold; empty = unconditional"),
        _ids("legal_basis", "Legal basis", "required for an allow"),
        _ids("overrides", "Overrides", "deny only: the allow rules it is meant to override"),
        Field("owner", "Owner"),
        Field("rationale", "Rationale", "long"),
        Field("name", "Name"),
        DESCRIPTION,
    ),
    "document_types": (
        ID,
        NAME,
        _ids("parents", "Categories", "at least one document category"),
        Field("confidentiality", "Confidentiality", "choice", get_args(Confidentiality)),
        _ids("produced_by", "Produced by", "source ids; empty = every source"),
        Field(
            "ehds_category",
            "EHDS category",
            "choice",
            ("", "patient_summary", "eprescription", "laboratory_result", "imaging_report", "discharge_report"),
        ),
        DESCRIPTION,
    ),
    "sources": (
        ID,
        NAME,
        _ids("parents", "Parents", "source ids; empty = top level"),
        Field("status", "Status", "choice", get_args(Status)),
        DESCRIPTION,
    ),
    "personnel_groups": (
        ID,
        NAME,
        _ids("parents", "Parents", "group ids; empty = top level"),
        Field("authorizations", "HPR codes", "ids", help="Volven 9060 codes, e.g. LE, SP"),
        DESCRIPTION,
    ),
    "assessments": (
        ID,
        _ids("sources", "Sources"),
        _ids("documents", "Documents"),
        _ids("personnel", "Personnel", "who needs it; empty = anyone"),
        Field("need", "Need", "choice", get_args(Need)),
        Field("feasibility", "Feasibility", "choice", get_args(Feasibility)),
        Field("status", "Status", "choice", get_args(AssessmentStatus)),
        Field("assessed_by", "Assessed by", "names", help="comma-separated, e.g. Legeforeningen, KS"),
        Field("assessed_on", "Assessed on", help="a date such as 2026-05-12"),
        Field("rationale", "Rationale", "long"),
    ),
}


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
        if field.kind == "ids":  # ids never hold spaces: commas or spaces separate them
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
        problems = []
        for error in err.errors(include_url=False):
            where = ".".join(str(part) for part in error["loc"]) or section
            problems.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
        return None, problems
