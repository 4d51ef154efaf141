"""registry-config.json: exactly the readable cells as grants, deterministic bytes, its schema."""

import json

from builders import allow, deny, load_data, world
from hypothesis import HealthCheck, given, settings
from random_catalogues import catalogues, load

import catalogue as bundled
from exports import registry
from policy_model.decide import Evaluation
from policy_model.load import load_folder


def rebuild(config) -> dict:
    """Cells (source, document, group, action) → the grants (conditions, window) the file gives."""
    cells: dict[tuple[str, str, str, str], set[tuple]] = {}
    for grant in config["grants"]:
        for document in grant["document_types"]:
            key = (grant["source"], document, grant["personnel_group"], grant["action"])
            cells.setdefault(key, set()).add((tuple(grant["conditions"]), grant["window"]))
    return cells


def expected(evaluation) -> dict:
    return {
        cell: {(g.conditions, g.to_json()["window"]) for g in decision.grants}
        for cell, decision in evaluation.matrix()
        if decision.readable
    }


def test_grants_rebuild_exactly_the_readable_cells_of_the_bundled_catalogue():
    catalogue = load_folder(bundled.path()).catalogue
    for view in ("approved", "draft"):
        evaluation = Evaluation(catalogue, view)
        config = registry.registry_config(evaluation)
        assert rebuild(config) == expected(evaluation)
        assert config["view"] == view


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues())
def test_grants_rebuild_exactly_the_readable_cells_of_random_catalogues(sections):
    evaluation = Evaluation(load(sections), "draft")
    config = registry.registry_config(evaluation)
    assert rebuild(config) == expected(evaluation)
    registry.RegistryConfig.model_validate(config)


def test_shape_leaves_only_and_sorted():
    rules = [
        allow("a", personnel=["lege"], documents=["epikriser"]),
        allow("c", personnel=["sykepleier"], conditions=["samtykke", "akutt"]),
        deny("d", personnel=["fastlege"], sources=["hf-vest"]),
    ]
    catalogue = load_data(**world(rules))
    config = registry.registry_config(Evaluation(catalogue, "draft"))
    assert list(config) == [
        "format", "format_version", "resolution", "catalogue", "view", "document_types", "sources", "personnel_groups",
        "conditions", "actions", "grants",
    ]
    assert config["resolution"] == "pjd-2"
    assert config["format"] == "pjd-registry-config" and config["format_version"] == 2
    assert config["catalogue"] == {"id": "test", "version": "1", "sha256": catalogue.content_hash}
    assert [s["id"] for s in config["sources"]] == ["fastlegekontor", "hf-nord", "hf-vest"]  # leaves, by id
    assert [g["id"] for g in config["personnel_groups"]] == ["fastlege", "sykehuslege", "sykepleier", "veterinaer"]
    assert set(config["document_types"][0]) == {"id", "name", "type_code", "class_code", "confidentiality"}
    assert set(config["sources"][0]) == {
        "id", "name", "facility_type", "facility_types", "practice_settings", "organizations", "home_communities", "status",
    }
    assert set(config["personnel_groups"][0]) == {"id", "name", "authorizations", "healthcare_services"}
    assert set(config["conditions"][0]) == {"id", "name", "attribute", "values"}
    keys = [(g["source"], g["personnel_group"], g["action"], g["conditions"], g["window"] or "") for g in config["grants"]]
    assert keys == sorted(keys) and len(keys) == len(set(map(str, keys)))
    conditional = [g for g in config["grants"] if g["conditions"]]
    assert {tuple(g["conditions"]) for g in conditional} == {("akutt", "samtykke")}
    # the denied fastlege in Helse Vest gets nothing there
    assert not [g for g in config["grants"] if (g["source"], g["personnel_group"]) == ("hf-vest", "fastlege")]


def test_two_exports_are_byte_identical(tmp_path):
    catalogue = load_folder(bundled.path()).catalogue
    first = registry.write(Evaluation(catalogue, "draft"), tmp_path / "one").read_bytes()
    second = registry.write(Evaluation(load_folder(bundled.path()).catalogue, "draft"), tmp_path / "two").read_bytes()
    assert first == second and first.endswith(b"}\n")
    assert json.loads(first)["catalogue"]["sha256"] == catalogue.content_hash


def test_the_committed_registry_schema_matches_the_model():
    assert registry.SCHEMA_PATH.read_text(encoding="utf-8") == registry.schema_text(), (
        "regenerate: python -m exports.registry > exports/schemas/registry-config.schema.json"
    )
    schema = json.loads(registry.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["required"]) == {
        "format", "format_version", "resolution", "catalogue", "view", "document_types", "sources", "personnel_groups",
        "conditions", "actions", "grants",
    }
