"""SPEC §10.3: a request resolves to one cell — specific beats general — and §10.4's answers."""

from __future__ import annotations

import datetime

import pytest
from attribute_world import FAGOMRADE, SERVICE, SETTING, request, sections
from builders import load_data

from policy_model.decide import Evaluation, Grant
from policy_model.resolve import RequestError, Resolver, parse_request

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def resolver():
    return Resolver(Evaluation(load_data(**sections()), "approved"))


def decide(resolver, data):
    return resolver.decide(parse_request(data, resolver.evaluation.actions, TODAY))


def test_the_healthcare_service_tells_doctors_apart_and_the_most_specific_wins(resolver):
    def who(service):
        return resolver.personnel(parse_request(request(service=service), ("open",), TODAY))

    assert who((SERVICE, "KX17")) == ["fastlege"]  # authorisation + exact code: 4
    assert who((SETTING, "KA02")) == ["legevaktlege"]
    assert who((FAGOMRADE, "300")) == ["sykehuslege"]  # system only: 3, beats the bare LE group (2)
    assert who((SERVICE, "XX99")) == ["annen-lege"]  # only the authorisation matches
    assert who(None) == ["annen-lege"]


def test_sources_resolve_by_every_list_they_give(resolver):
    def where(**kw):
        return resolver.source(parse_request(request(**kw), ("open",), TODAY))

    assert where() == ["hf-vest"]
    assert where(community="2.16.578.1.29.1") == ["hf-nord"]
    assert where(community=None) == []  # a region needs its home community
    assert where(facility="86.210", community=None, setting="KA02") == ["legevakt"]  # 4 beats 2
    assert where(facility="86.210", community=None) == ["fastlegekontor"]


def test_a_permitted_request_names_its_grant_rules_and_legal_bases(resolver):
    answer = decide(resolver, request(fastlege=True))
    assert answer.permit and answer.reason == "permit"
    assert answer.resolution.cell == ("hf-vest", "epikrise", "fastlege", "open")
    assert answer.grant == Grant(("egen-fastlege",), None)
    assert answer.rules == ("fastlege-epikrise",) and answer.legal_bases == ("hpl-45",)


def test_each_reason(resolver):
    assert decide(resolver, request(fastlege=False)).reason == "conditions_not_met"
    assert decide(resolver, request()).reason == "conditions_not_met"  # absent attribute: does not hold
    old = request(type_code="C01-2", start="2025-06-01", scope="kjernejournalforskriften")
    assert decide(resolver, old).reason == "outside_window"
    assert decide(resolver, dict(old, document=dict(old["document"], service_start="2026-01-15"))).reason == "permit"
    assert decide(resolver, request(type_code="C01-2", start="2025-06-01", scope="hpl-45")).reason == "permit"
    assert decide(resolver, request(type_code="C01-2", start=None, scope="kjernejournalforskriften")).reason == "outside_window"
    nurse = request(auth="SP", service=None, community="2.16.578.1.29.1")
    denied = decide(resolver, nurse)
    assert denied.reason == "deny" and denied.rules == ("nord-bare-liste",) and denied.decision.kind == "deny"
    assert decide(resolver, dict(nurse, action="list")).reason == "permit"
    legevakt = request(service=(SETTING, "KA02"), type_code="A03-2", facility="86.210", community=None, setting="KA02")
    na = decide(resolver, legevakt)
    assert na.reason == "not_applicable" and na.decision.kind == "na"  # legevakt does not produce epikriser
    assert decide(resolver, request(service=(SERVICE, "XX99"))).reason == "none"


def test_unresolved_and_ambiguous_say_which_axis(resolver):
    unknown = decide(resolver, request(auth="VE"))
    assert unknown.reason == "unresolved" and unknown.resolution.candidates == {"personnel": []}
    assert unknown.decision is None and unknown.rules == ()
    assert decide(resolver, request(action="print")).resolution.candidates == {"action": []}
    twins = load_data(**sections() | {"document_types": [*sections()["document_types"],
                      {"id": "kopi", "name": "Kopi", "parents": ["epikriser"], "type_code": {"system": "2.16.578.1.12.4.1.1.9602", "code": "A03-2"}}]})
    answer = Resolver(Evaluation(twins, "approved")).decide(parse_request(request(fastlege=True), ("list", "open"), TODAY))
    assert answer.reason == "ambiguous" and answer.resolution.candidates == {"document": ["epikrise", "kopi"]}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "JSON object"),
        ({"practitioner": "LE", "action": "open"}, "'practitioner' must be a JSON object"),
        ({"action": "open", "document": {"type_code": {"code": "A03-2"}}}, "'document.type_code' must be an object"),
        ({"action": "open", "at": "2026-02-30"}, "'at' must be a date"),
        ({"action": "open", "at": 20261201}, "'at' must be a date"),
        ({"action": "open", "document": {"service_start": "1. mai"}}, "'document.service_start' must be a date"),
        ({"action": "open", "context": {"fastlege": 1}}, "context 'fastlege'"),
        ({"action": "open", "context": {"acp": ["a", 2]}}, "context 'acp'"),
        ({}, "'action' is missing"),
    ],
)
def test_invalid_requests_say_why(data, words):
    with pytest.raises(RequestError) as err:
        parse_request(data, ("list", "open"), TODAY)
    assert words in str(err.value)


def test_dates_are_the_first_ten_characters_and_at_defaults_to_today():
    parsed = parse_request({"at": "2026-03-01T23:30:00+02:00", "document": {"service_start": "2025-01-31T10:00"}}, ("read",), TODAY)
    assert parsed.at == datetime.date(2026, 3, 1) and parsed.service_start == datetime.date(2025, 1, 31)
    assert parse_request({}, ("read",), TODAY).at == TODAY and parse_request({}, ("read",), TODAY).action == "read"


def test_condition_values_are_typed_plain_true_is_a_boolean_quoted_true_is_text(tmp_path):
    from builders import write_data

    from policy_model.load import load_folder

    root = write_data(tmp_path / "c", **sections())
    text = (root / "catalogue.yaml").read_text().replace("values: [true]", "values: ['true']")
    (root / "catalogue.yaml").write_text(text)
    catalogue = load_folder(root).catalogue
    assert catalogue.conditions["egen-fastlege"].values == ("true",)
    strict = Resolver(Evaluation(catalogue, "approved"))
    assert not strict.holds("egen-fastlege", {"fastlege": True}) and strict.holds("egen-fastlege", {"fastlege": "true"})
    assert Resolver(Evaluation(load_data(**sections()), "approved")).holds("egen-fastlege", {"fastlege": True})
