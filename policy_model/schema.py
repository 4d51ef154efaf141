"""The catalogue format of SPEC §1 as pydantic models: what a YAML entry may say."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .i18n import M
from .windows import WindowError, parse_window

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

def slug(*parts: str, limit: int = 80) -> str:
    """An id from free text: 'Kari Nordmann (KS)' → 'kari-nordmann-ks' (Norwegian letters spelt out)."""
    text = "-".join(p for p in parts if p).lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")[:limit].strip("-.")


# Characters no text may hold: C0 and C1 controls but tab, line feed and NEL (a paste from a
# word processor brings form feeds, vertical tabs and backspaces; a YAML escape such as "\b"
# puts them in clean file text), lone surrogates and the non-characters U+FFFE/FFFF.
# Spreadsheets refuse them (openpyxl raises on C0 controls), terminals act on them. A carriage
# return can only come from a "\r" escape (YAML makes every line break in a value a line feed),
# and a spreadsheet would hand it back as a line feed: the review round-trip would not match.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def control_words(character: str):
    """'an invisible control character (U+0008)' (or a line separator, for NEL, LS and PS), as
    a Message."""
    code = ord(character)
    if code in (0x85, 0x2028, 0x2029):
        return M("a Unicode line separator (U+{code})", code=f"{code:04X}")
    return M("an invisible control character (U+{code})", code=f"{code:04X}")


def _no_control_characters(value: str) -> str:
    bad = CONTROL_IN_TEXT.search(value)
    if bad is not None:
        # The loader words the message (policy_model.load._explain) from the character's code.
        raise PydanticCustomError(
            "text_control",
            "holds {what}, often pasted from a word processor; remove it (tab and newline are fine)",
            {"what": str(control_words(bad.group())), "code": ord(bad.group())},
        )
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_no_control_characters)]
IdList = Annotated[tuple[Id, ...], Field(min_length=1)]
"""An axis list: when given it must name something (omit the key to mean "all")."""

Status = Literal["production", "pilot", "planned"]
RuleStatus = Literal["draft", "proposed", "approved", "retired"]
Effect = Literal["allow", "deny"]
Confidentiality = Literal["N", "R", "V"]
ExpectedDecision = Literal["allow", "conditional", "deny", "none", "readable", "not_readable"]
EhdsCategory = Literal["patient_summary", "eprescription", "laboratory_result", "imaging_report", "discharge_report"]
Need = Literal["high", "medium", "low", "none"]
Feasibility = Literal["now", "later", "unknown"]
AssessmentStatus = Literal["draft", "agreed"]
Quantifier = Literal["all", "any"]
ExpectationSeverity = Literal["error", "warning"]

SOURCE_ATTRIBUTES = ("facility_type", "facility_types", "practice_settings", "organizations", "home_communities")
PERSONNEL_ATTRIBUTES = ("authorizations", "healthcare_services")
"""Attribute fields (SPEC §10.2): they belong on leaves."""

IMPLICIT_ACTION = "read"
"""The one action of a catalogue without an `actions` section (SPEC §9.1)."""


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class CodeRef(Model):
    """A coded value: the code system (OID), the code and its display text."""

    system: Text
    code: Text
    display: Text | None = None


class CodeMatch(Model):
    """A coded value a request's attribute is matched against: a code omitted matches any
    code of the system (SPEC §10.2); `display` is for people and ignored for matching."""

    system: Text
    code: Text | None = None
    display: Text | None = None


CodeMatches = Annotated[tuple[CodeMatch, ...], Field(min_length=1)]
Oids = Annotated[tuple[Text, ...], Field(min_length=1)]


class CatalogueMeta(Model):
    id: Id
    title: Text
    version: Text
    language: Literal["nb", "nn", "en"] = "nb"
    description: Text | None = None


class Entity(Model):
    id: Id
    name: Text
    description: Text | None = None


class Source(Entity):
    """Who shares: a source category (kilde) or a grouping of them."""

    parents: tuple[Id, ...] = ()
    status: Status = "planned"
    facility_type: CodeRef | None = None
    facility_types: CodeMatches | None = None
    practice_settings: CodeMatches | None = None
    organizations: CodeMatches | None = None
    """The documents' author organisation (e.g. org.nr system 2.16.578.1.12.4.1.4.101)."""
    home_communities: Oids | None = None
    """The responding communities (homeCommunityId OIDs) that answer for this source."""

    @model_validator(mode="after")
    def _one_facility_field(self):
        if self.facility_type is not None and self.facility_types is not None:
            raise ValueError(M("give either 'facility_type' or 'facility_types', not both"))
        return self

    @property
    def facility_matches(self) -> tuple[CodeMatch, ...] | None:
        """The facility types a document from this source may carry (either field)."""
        if self.facility_type is not None:
            ref = self.facility_type
            return (CodeMatch(system=ref.system, code=ref.code, display=ref.display),)
        return self.facility_types

    @property
    def has_attributes(self) -> bool:
        return any(getattr(self, f) is not None for f in SOURCE_ATTRIBUTES)


class PersonnelGroup(Entity):
    """Who reads: a personnel group (konsument) or a grouping of them."""

    short_name: Annotated[str, StringConstraints(min_length=1, max_length=8)] | None = None
    """A column header of at most 8 characters for the compact matrix."""
    parents: tuple[Id, ...] = ()
    authorizations: tuple[Text, ...] = ()
    healthcare_services: CodeMatches | None = None
    """The care relation's healthcare service codes that tell this group apart (SPEC §10.2)."""


class DocumentCategory(Entity):
    """An inner node of the document tree."""

    parents: tuple[Id, ...] = ()


class DocumentType(Entity):
    """A leaf of the document tree: a concrete document type."""

    parents: IdList
    type_code: CodeRef | None = None
    class_code: CodeRef | None = None
    confidentiality: Confidentiality = "N"
    produced_by: IdList | None = None
    ehds_category: EhdsCategory | None = None


class Scope(Model):
    """On each axis given, the nodes a legal basis can justify."""

    sources: IdList | None = None
    documents: IdList | None = None
    personnel: IdList | None = None
    actions: IdList | None = None


class LegalBasis(Entity):
    url: Text | None = None
    scope: Scope | None = None


ContextValue = Annotated[str, StringConstraints(min_length=1, max_length=2000)] | bool


class Condition(Entity):
    code: CodeRef | None = None
    """Documentation: the code the condition stands for."""
    attribute: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*$", max_length=100)] | None = None
    """The request context attribute it tests (SPEC §10.1): purpose_of_use, access_basis, scope, fastlege, …"""
    values: Annotated[tuple[ContextValue, ...], Field(min_length=1)] | None = None
    """It holds when the request's value (or one of them) equals one of these, of the same type."""

    @model_validator(mode="after")
    def _attribute_and_values(self):
        if (self.attribute is None) != (self.values is None):
            given, missing = ("attribute", "values") if self.values is None else ("values", "attribute")
            raise ValueError(M("'{given}' needs '{missing}' too (a condition tests an attribute against values)",
                               given=given, missing=missing))
        if self.values is not None and len({type(v) for v in self.values}) > 1:
            raise ValueError(M("'values' mixes booleans and text: write all of them as true/false, or all as text"))
        return self


class Action(Entity):
    """A way a document is reached (SPEC §9.1): seen in the document list, opened."""

    short_name: Annotated[str, StringConstraints(min_length=1, max_length=12)] | None = None
    """A word for matrix cells and columns, e.g. 'Liste', 'Åpne'."""
    transactions: tuple[Text, ...] = ()
    requires: IdList | None = None
    """Actions that whoever may do this one should also be able to do."""


class Rule(Model):
    id: Id
    name: Text | None = None
    description: Text | None = None
    effect: Effect
    sources: IdList | None = None
    documents: IdList | None = None
    personnel: IdList | None = None
    actions: IdList | None = None
    conditions: IdList | None = None
    window: Text | None = None
    """How far back the documents an allow shares may go: P1Y, P6M, P1Y6M (SPEC §9.2)."""
    legal_basis: tuple[Id, ...] = ()
    status: RuleStatus = "draft"
    overrides: tuple[Id, ...] = ()
    rationale: Text | None = None
    owner: Text | None = None

    @field_validator("conditions")
    @classmethod
    def _deny_has_no_conditions(cls, value: tuple[str, ...] | None, info: ValidationInfo):
        if value is not None and info.data.get("effect") == "deny":
            raise ValueError(M("a deny rule cannot have conditions (deny always wins); remove 'conditions'"))
        return value

    @field_validator("window")
    @classmethod
    def _window(cls, value: str | None, info: ValidationInfo):
        if value is None:
            return value
        if info.data.get("effect") == "deny":
            raise ValueError(M("a deny rule cannot have a window (it denies documents of every age); remove 'window'"))
        try:
            parse_window(value)
        except WindowError as err:
            raise ValueError(err.args[0]) from None
        return value

    @field_validator("overrides")
    @classmethod
    def _only_deny_overrides(cls, value: tuple[str, ...], info: ValidationInfo):
        if value and info.data.get("effect") == "allow":
            raise ValueError(M("only a deny rule can list 'overrides' (the allow rules it is meant to override)"))
        return value

    @property
    def months(self) -> int | None:
        """The window in months (None: unlimited)."""
        return parse_window(self.window) if self.window is not None else None


class Expectation(Model):
    id: Id
    name: Text | None = None
    description: Text | None = None
    sources: IdList | None = None
    documents: IdList | None = None
    personnel: IdList | None = None
    actions: IdList | None = None
    decision: ExpectedDecision
    quantifier: Quantifier = "all"
    severity: ExpectationSeverity = "error"


class Assessment(Model):
    id: Id
    name: Text | None = None
    description: Text | None = None
    sources: IdList | None = None
    documents: IdList | None = None
    personnel: IdList | None = None
    need: Need
    feasibility: Feasibility = "unknown"
    assessed_by: tuple[Text, ...] = ()
    assessed_on: datetime.date | None = None
    status: AssessmentStatus = "draft"
    rationale: Text | None = None


class CatalogueFile(Model):
    """One YAML file of a catalogue: some of the sections (SPEC §1)."""

    catalogue: CatalogueMeta | None = None
    sources: list[Source] = []
    personnel_groups: list[PersonnelGroup] = []
    document_categories: list[DocumentCategory] = []
    document_types: list[DocumentType] = []
    actions: list[Action] = []
    legal_bases: list[LegalBasis] = []
    conditions: list[Condition] = []
    rules: list[Rule] = []
    expectations: list[Expectation] = []
    assessments: list[Assessment] = []


LIST_SECTIONS: dict[str, type[Model]] = {
    "sources": Source,
    "personnel_groups": PersonnelGroup,
    "document_categories": DocumentCategory,
    "document_types": DocumentType,
    "actions": Action,
    "legal_bases": LegalBasis,
    "conditions": Condition,
    "rules": Rule,
    "expectations": Expectation,
    "assessments": Assessment,
}
"""Every list section and the model of its entries, in the order a catalogue reads best."""

SECTIONS = ("catalogue", *LIST_SECTIONS)

AXIS_OF_SECTION = {
    "sources": "sources",
    "personnel_groups": "personnel",
    "document_categories": "documents",
    "document_types": "documents",
    "legal_bases": "legal_bases",
    "conditions": "conditions",
    "rules": "rules",
    "expectations": "expectations",
    "assessments": "assessments",
    "actions": "actions",
}
"""The id namespace of each section: document categories and types share one (SPEC §1.1)."""

AXIS_LISTS: tuple = (
    (("sources",), "sources", None),
    (("documents",), "documents", None),
    (("personnel",), "personnel", None),
    (("actions",), "actions", None),
)
REFERENCES: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = {
    "sources": [(("parents",), "sources", None)],
    "personnel_groups": [(("parents",), "personnel", None)],
    "document_categories": [(("parents",), "documents", "category")],
    "document_types": [(("parents",), "documents", "category"), (("produced_by",), "sources", None)],
    "legal_bases": [
        (("scope", "sources"), "sources", None),
        (("scope", "documents"), "documents", None),
        (("scope", "personnel"), "personnel", None),
        (("scope", "actions"), "actions", None),
    ],
    "conditions": [],
    "rules": [
        *AXIS_LISTS,
        (("conditions",), "conditions", None),
        (("legal_basis",), "legal_bases", None),
        (("overrides",), "rules", "allow"),
    ],
    "expectations": list(AXIS_LISTS),
    "assessments": list(AXIS_LISTS[:3]),
    "actions": [(("requires",), "actions", None)],
}
"""Which fields of each section name ids, the axis they name, and what they must be on it
("category": a document category, "allow": an allow rule)."""

SINGULAR = {
    "sources": "source",
    "personnel_groups": "personnel group",
    "document_categories": "document category",
    "document_types": "document type",
    "legal_bases": "legal basis",
    "conditions": "condition",
    "rules": "rule",
    "expectations": "expectation",
    "assessments": "assessment",
    "actions": "action",
}


def catalogue_json_schema() -> dict:
    """The JSON Schema of one catalogue file, for editors (yaml-language-server)."""
    schema = CatalogueFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pjd catalogue file"
    schema["description"] = (
        "One YAML file of a pjd catalogue (SPEC §1). Generated from policy_model.schema; do not edit by hand."
    )
    return schema


def schema_text() -> str:
    """The committed form of the schema (catalogue/catalogue.schema.json)."""
    import json

    return json.dumps(catalogue_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m policy_model.schema > catalogue/catalogue.schema.json
    import sys

    sys.stdout.write(schema_text())
