"""A small catalogue with request attributes (SPEC §10.2): two health regions told apart by
home community, a GP office and a legevakt told apart by practice setting, doctors told apart
by healthcare service, two actions, windows, and conditions on context attributes."""

from __future__ import annotations

KV = "2.16.578.1.12.4.1.1.9602"
FAC = "2.16.578.1.12.4.1.1.1305"
SETTING = "2.16.578.1.12.4.1.1.8663"
SERVICE = "2.16.578.1.12.4.1.1.8666"
FAGOMRADE = "2.16.578.1.12.4.1.1.8451"

SOURCES = [
    {"id": "hf", "name": "Helseforetak"},
    {"id": "hf-vest", "name": "Helse Vest", "parents": ["hf"], "status": "production",
     "facility_types": [{"system": FAC, "code": "86.101"}], "home_communities": ["2.16.578.1.34.1"]},
    {"id": "hf-nord", "name": "Helse Nord", "parents": ["hf"], "status": "production",
     "facility_types": [{"system": FAC, "code": "86.101"}], "home_communities": ["2.16.578.1.29.1"]},
    {"id": "legevakt", "name": "Legevakt", "facility_types": [{"system": FAC, "code": "86.210"}],
     "practice_settings": [{"system": SETTING, "code": "KA02"}]},
    {"id": "fastlegekontor", "name": "Fastlegekontor", "facility_types": [{"system": FAC, "code": "86.210"}]},
]
PERSONNEL = [
    {"id": "lege", "name": "Leger"},
    {"id": "fastlege", "name": "Fastleger", "parents": ["lege"], "authorizations": ["LE"],
     "healthcare_services": [{"system": SERVICE, "code": "KX17"}]},
    {"id": "legevaktlege", "name": "Legevaktleger", "parents": ["lege"], "authorizations": ["LE"],
     "healthcare_services": [{"system": SETTING, "code": "KA02"}]},
    {"id": "sykehuslege", "name": "Sykehusleger", "parents": ["lege"], "authorizations": ["LE"],
     "healthcare_services": [{"system": FAGOMRADE}]},
    {"id": "annen-lege", "name": "Andre leger", "parents": ["lege"], "authorizations": ["LE"]},
    {"id": "sykepleier", "name": "Sykepleiere", "authorizations": ["SP"]},
]
CATEGORIES = [{"id": "epikriser", "name": "Epikriser"}, {"id": "provesvar", "name": "Prøvesvar"}]
DOCUMENTS = [
    {"id": "epikrise", "name": "Epikrise", "parents": ["epikriser"], "produced_by": ["hf"],
     "type_code": {"system": KV, "code": "A03-2"}},
    {"id": "biokjemi", "name": "Medisinsk biokjemi", "parents": ["provesvar"], "type_code": {"system": KV, "code": "C01-2"}},
]
ACTIONS = [
    {"id": "list", "name": "Se i dokumentlisten", "short_name": "Liste"},
    {"id": "open", "name": "Åpne dokumentet", "short_name": "Åpne", "requires": ["list"]},
]
CONDITIONS = [
    {"id": "kjf", "name": "Oppslag etter kjernejournalforskriften", "attribute": "scope", "values": ["kjernejournalforskriften"]},
    {"id": "hpl-45-oppslag", "name": "Oppslag etter hpl § 45", "attribute": "scope", "values": ["hpl-45"]},
    {"id": "egen-fastlege", "name": "Pasientens fastlege", "attribute": "fastlege", "values": [True]},
    {"id": "akutt", "name": "Øyeblikkelig hjelp", "attribute": "purpose_of_use", "values": ["ETREAT"]},
]
LEGAL = [{"id": "hpl-45", "name": "Helsepersonelloven § 45"}]
RULES = [
    {"id": "fastlege-epikrise", "effect": "allow", "documents": ["epikrise"], "personnel": ["fastlege"],
     "conditions": ["egen-fastlege"], "legal_basis": ["hpl-45"], "status": "approved"},
    {"id": "kjf-provesvar", "effect": "allow", "documents": ["provesvar"], "personnel": ["lege"],
     "conditions": ["kjf"], "window": "P1Y", "legal_basis": ["hpl-45"], "status": "approved"},
    {"id": "hpl45-provesvar", "effect": "allow", "documents": ["provesvar"], "personnel": ["lege"],
     "conditions": ["hpl-45-oppslag"], "legal_basis": ["hpl-45"], "status": "approved"},
    {"id": "legevakt-akutt", "effect": "allow", "documents": ["epikrise"], "personnel": ["legevaktlege"],
     "conditions": ["akutt"], "legal_basis": ["hpl-45"], "status": "approved"},
    {"id": "nord-bare-liste", "effect": "deny", "sources": ["hf-nord"], "personnel": ["sykepleier"], "actions": ["open"],
     "status": "approved"},
    {"id": "sykepleier-liste", "effect": "allow", "sources": ["hf"], "personnel": ["sykepleier"], "legal_basis": ["hpl-45"],
     "status": "approved"},
]


def sections(rules=RULES):
    return {
        "sources": SOURCES, "personnel_groups": PERSONNEL, "document_categories": CATEGORIES,
        "document_types": DOCUMENTS, "actions": ACTIONS, "conditions": CONDITIONS, "legal_bases": LEGAL,
        "rules": list(rules),
    }


def request(auth="LE", service=(SERVICE, "KX17"), type_code="A03-2", facility="86.101", community="2.16.578.1.34.1",
            setting=None, action="open", start="2026-06-01", at="2026-12-01", **context):
    document = {"type_code": {"system": KV, "code": type_code}}
    if facility:
        document["facility_type"] = {"system": FAC, "code": facility}
    if community:
        document["home_community"] = community
    if setting:
        document["practice_setting"] = {"system": SETTING, "code": setting}
    if start:
        document["service_start"] = start
    practitioner = {"authorization": auth}
    if service:
        practitioner["healthcare_service"] = {"system": service[0], "code": service[1]} if service[1] else {"system": service[0]}
    return {"at": at, "action": action, "practitioner": practitioner, "document": document, "context": context}
