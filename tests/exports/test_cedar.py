"""The Cedar export (SPEC §11), through real cedarpy: the bundle validates, the proof finds
Cedar answering exactly as `decide` on the bundled catalogue and on random ones, and a
broken translation is caught — each kind of mistake for its own reason."""

from __future__ import annotations

import json
import re

import cedarpy
import pytest
from builders import allow, deny, load_data, write_data, world
from hypothesis import HealthCheck, given, settings
from random_catalogues import catalogues, load

import catalogue as bundled
from exports import cedar
from exports.cedar import proof, translate
from policy_model.decide import Evaluation
from policy_model.load import load_folder
from tui.cli import main

ACTIONS = [
    {"id": "list", "name": "Se i dokumentlisten", "short_name": "Liste"},
    {"id": "open", "name": "Åpne dokumentet", "short_name": "Åpne", "requires": ["list"]},
]
CONDITIONS = [
    {"id": "akutt", "name": "Akutt", "attribute": "purpose_of_use", "values": ["ETREAT"]},
    {"id": "samtykke", "name": "Samtykke", "attribute": "access_basis", "values": ["samtykke"]},
    {"id": "egen-fastlege", "name": "Pasientens fastlege", "attribute": "fastlege", "values": [True]},
]
RULES = [
    allow("fastlege-epikrise", documents=["epikriser"], personnel=["fastlege"], conditions=["egen-fastlege"], status="approved"),
    allow("lege-henvisning", documents=["henvisning"], personnel=["lege"], window="P1Y", actions=["list"], status="approved"),
    allow("sykepleier-akutt", personnel=["sykepleier"], conditions=["akutt"], window="P6M", status="approved"),
    allow("sykepleier-samtykke", personnel=["sykepleier"], conditions=["samtykke"], status="approved"),
    deny("nord-nekter-kriseplan", sources=["hf-nord"], documents=["kriseplan"], status="approved"),
]


def evaluation(rules=RULES, view="approved"):
    return Evaluation(load_data(**world(rules, actions=ACTIONS, conditions=CONDITIONS)), view)


def run_proof(ev, policies=None):
    schema, entities = translate.schema_text(ev), translate.entities_text(ev)
    return proof.prove(ev, schema, policies if policies is not None else translate.policies_text(ev), entities)


def test_the_bundle_validates_strictly_and_the_proof_finds_no_mismatch():
    ev = evaluation()
    files, result = cedar.bundle(ev)
    assert cedarpy.validate_policies(files[cedar.POLICIES], files[cedar.SCHEMA]).validation_passed
    assert result.ok and result.requests > 0 and result.mismatches == [] and result.structural == []
    names = {p.annotations["id"] for p in cedarpy.policies_to_pst(files[cedar.POLICIES]).static_policies.values()}
    assert names == {r["id"] for r in RULES} | set(translate.GUARDS)


def test_a_request_that_must_be_permitted_is_and_reasons_are_rule_ids():
    ev = evaluation()
    files, _ = cedar.bundle(ev)
    schema = cedarpy.Schema.from_str(files[cedar.SCHEMA])
    entities = cedarpy.Entities.from_json_str(files[cedar.ENTITIES], schema=schema)  # with the schema: the actions
    request = {
        "principal": {"type": "PersonnelGroup", "id": "sykepleier"},
        "action": {"type": "Action", "id": "open"},
        "resource": {"type": "Document", "id": "hf-vest/epikrise"},
        "context": {"purpose_of_use": ["ETREAT"], "age_months": 5},
    }
    answer = cedarpy.is_authorized(request, files[cedar.POLICIES], entities, schema)
    assert answer.allowed and list(answer.diagnostics.id_annotations_by_reason.values()) == ["sykepleier-akutt"]
    older = dict(request, context={"purpose_of_use": ["ETREAT"], "age_months": 6})
    assert not cedarpy.is_authorized(older, files[cedar.POLICIES], entities, schema).allowed
    na = dict(request, resource={"type": "Document", "id": "fastlegekontor/epikrise"})  # not produced there
    reasons = cedarpy.is_authorized(na, files[cedar.POLICIES], entities, schema).diagnostics.id_annotations_by_reason
    assert sorted(reasons.values()) == ["pjd:guard:not-applicable"]


def test_the_bundled_catalogue_is_proven_in_the_approved_and_draft_views():
    catalogue = load_folder(bundled.path()).catalogue
    for view in ("approved", "draft"):
        result = run_proof(Evaluation(catalogue, view))
        assert result.ok, [m.describe() for m in result.mismatches[:3]]
        assert result.requests > 20000


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_random_catalogues_with_actions_windows_and_conditions_are_proven(sections):
    result = run_proof(Evaluation(load(sections), "draft"))
    assert result.ok, [m.describe() for m in result.mismatches[:3]] + result.structural


def test_output_is_byte_identical_for_identical_input():
    first, _ = cedar.bundle(evaluation())
    second, _ = cedar.bundle(evaluation())
    assert first == second


def test_the_readme_example_is_a_request_cedar_permits():
    ev = evaluation()
    files, _ = cedar.bundle(ev)
    readme = files[cedar.README]
    assert "31. januar til 28. februar er altså **én** måned" in readme and "from 31 January to 28 February is **one** month" in readme
    request = json.loads(re.search(r"request = (\{.*?\n\})", readme, re.S).group(1))
    schema = cedarpy.Schema.from_str(files[cedar.SCHEMA])
    entities = cedarpy.Entities.from_json_str(files[cedar.ENTITIES], schema=schema)
    assert cedarpy.is_authorized(request, files[cedar.POLICIES], entities, schema).allowed


# -- mutations: a broken translation must fail the proof, for the right reason -------------------------
def mutated(policies: str, pattern: str, replacement: str, count: int = 1) -> str:
    changed, n = re.subn(pattern, replacement, policies, count=count, flags=re.S)
    assert n, f"the mutation found nothing to change: {pattern}"
    return changed


def policy_block(policies: str, rule_id: str) -> str:
    return re.search(rf'@id\("{re.escape(rule_id)}"\).*?;\n', policies, re.S).group(0)


def test_a_dropped_deny_is_caught():
    ev = evaluation()
    policies = translate.policies_text(ev)
    result = run_proof(ev, policies.replace(policy_block(policies, "nord-nekter-kriseplan"), ""))
    assert result.mismatches and all(m.expected[1] == ("nord-nekter-kriseplan",) for m in result.mismatches)
    assert all(not m.expected[0] for m in result.mismatches)  # pjd denies; Cedar no longer names the deny


def test_a_widened_personnel_list_is_caught():
    ev = evaluation()
    policies = translate.policies_text(ev)
    wider = mutated(policies, r'(@id\("fastlege-epikrise"\).*?)principal in PersonnelGroup::"fastlege"', r'\1principal in PersonnelGroup::"lege"')
    result = run_proof(ev, wider)
    assert result.mismatches and all(m.case.cell[2] == "sykehuslege" and m.got[1] == ("fastlege-epikrise",) for m in result.mismatches)


def test_a_dropped_not_applicable_guard_is_caught():
    ev = evaluation([*RULES, allow("alle", status="approved")])  # omits every axis: reaches what the guard stops
    policies = translate.policies_text(ev)
    unguarded = mutated(policies, r'@id\("pjd:guard:not-applicable"\).*?;\n', "")
    unguarded = unguarded.replace('resource in Known::"cell"', "resource")  # and the marker with it
    result = run_proof(ev, unguarded)
    assert result.mismatches and all(m.case.cell is None or ev.decision(m.case.cell).kind == "na" for m in result.mismatches)
    assert all(m.got[0] == "Allow" for m in result.mismatches)


def test_a_lost_window_is_caught():
    ev = evaluation()
    policies = translate.policies_text(ev)
    block = policy_block(policies, "lege-henvisning")
    lost = policies.replace(block, re.sub(r'\(context has "age_months"\s*&&\s*context\["age_months"\]\s*<\s*12\)', "true", block))
    assert lost != policies
    result = run_proof(ev, lost)
    assert result.mismatches and all(m.case.age is None or m.case.age >= 12 for m in result.mismatches)
    assert all(m.got[1] == ("lege-henvisning",) and not m.expected[0] for m in result.mismatches)


def test_a_permit_that_gains_an_alternative_is_caught():
    ev = evaluation()
    policies = translate.policies_text(ev)
    block = policy_block(policies, "fastlege-epikrise")
    gained = policies.replace(block, block.replace('(context has "fastlege"', '(context has "access_basis" || context has "fastlege"'))
    assert gained != policies
    result = run_proof(ev, gained)
    assert result.mismatches and all(m.got[1] == ("fastlege-epikrise",) and not m.expected[0] for m in result.mismatches)


def test_a_condition_tested_negatively_is_caught(english):
    ev = evaluation()
    policies = translate.policies_text(ev)
    negated = mutated(policies, r'context\["purpose_of_use"\]\.contains\("ETREAT"\)', '!context["purpose_of_use"].contains("ETREAT")')
    result = run_proof(ev, negated)
    assert result.structural == ["permit 'sykepleier-akutt' reads the context in a negative test"]
    assert not result.ok


def test_a_forbid_that_reads_the_context_is_refused_by_the_structure_check(english):
    ev = evaluation()
    policies = translate.policies_text(ev)
    reading = mutated(policies, r'(@id\("nord-nekter-kriseplan"\).*?resource in DocumentType::"kriseplan"\s*\))', r'\1 when { context has "fastlege" }')
    assert proof.structural_problems(reading) == ["forbid 'nord-nekter-kriseplan' reads the context"]


# -- the command line ---------------------------------------------------------------------------------------
def test_export_and_verify_cedar_on_the_command_line(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(RULES, actions=ACTIONS, conditions=CONDITIONS))
    out = tmp_path / "out"
    assert main(["export", str(root), "--out", str(out), "--only", "cedar"]) == 0
    record = json.loads((out / "cedar" / "proof.json").read_text())
    assert record["mismatches"] == 0 and record["requests"] > 0 and record["view"] == "approved"
    assert record["cedarpy"] == "4.12.2" and record["catalogue"]["sha256"] == load_folder(root).catalogue.content_hash
    capsys.readouterr()
    assert main(["verify-cedar", str(out / "cedar"), str(root)]) == 0
    assert "0 avvik i " in capsys.readouterr().out
    policies = out / "cedar" / "policies.cedar"
    policies.write_text(policies.read_text().replace(policy_block(policies.read_text(), "nord-nekter-kriseplan"), ""))
    assert main(["verify-cedar", str(out / "cedar"), str(root)]) == 1
    assert "avvik: hf-nord / kriseplan" in capsys.readouterr().err
    other = write_data(tmp_path / "other", **world(RULES[:2], actions=ACTIONS, conditions=CONDITIONS))
    assert main(["verify-cedar", str(out / "cedar"), str(other)]) == 1
    assert "en annen katalog" in capsys.readouterr().err


def test_the_bundle_is_refused_while_a_request_cannot_be_told_apart(tmp_path, capsys):
    groups = [{"id": "a", "name": "A", "authorizations": ["LE"]}, {"id": "b", "name": "B", "authorizations": ["LE"]}]
    bases = [{"id": "hpl-45", "name": "Helsepersonelloven § 45"}]
    root = write_data(tmp_path / "cat", **world([allow("r", status="approved")], personnel_groups=groups, legal_bases=bases))
    assert main(["export", str(root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "skrev ikke cedar/" in err and "ambiguous_match" in err and not (tmp_path / "out" / "cedar").exists()


def test_a_view_that_cannot_be_written_as_cedar_is_refused_with_the_reason(tmp_path, capsys):
    mixed = [{"id": "ja", "name": "Ja", "attribute": "fastlege", "values": [True]},
             {"id": "tekst", "name": "Tekst", "attribute": "fastlege", "values": ["ja"]}]
    rules = [allow("r", personnel=["lege"], conditions=["ja"], status="approved")]
    root = write_data(tmp_path / "cat", **world(rules, conditions=mixed))
    assert main(["export", str(root), "--out", str(tmp_path / "out"), "--only", "cedar"]) == 1
    assert "både sann/usann og tekst" in capsys.readouterr().err
