"""A valid catalogue: entries in order, where each was written, its axes and its content hash."""

import hashlib
import json
import subprocess
import sys

from policy_model.findings import Location
from policy_model.load import load_files, load_folder
from policy_model.schema import schema_text

import catalogue as bundled

CATALOGUE = """\
sources:
  - id: hf
    name: Helseforetak
  - id: hf-vest
    name: Helse Vest
    parents: [hf]
    status: production
  - id: hf-nord
    name: Helse Nord
    parents: [hf]
personnel_groups:
  - id: lege
    name: Leger
  - id: sykehus
    name: Sykehus
  - id: sykehuslege
    name: Sykehuslege
    parents: [lege, sykehus]
    authorizations: [LE]
document_categories:
  - id: epikriser
    name: Epikriser
  - id: tom
    name: Tom kategori
document_types:
  - id: epikrise
    name: Epikrise
    parents: [epikriser]
    produced_by: [hf]
rules:
  - id: r1
    effect: allow
    sources: [hf]
    legal_basis: []
"""


def test_entries_remember_where_they_were_written(make_catalogue):
    result = load_folder(make_catalogue({"c.yaml": CATALOGUE}))
    assert result.findings == []
    cat = result.catalogue
    assert list(cat.sources) == ["hf", "hf-vest", "hf-nord"]
    assert cat.origin("sources", "hf-vest").location == Location("c.yaml", 4, 5)
    assert cat.locate("rules", "r1") == Location("c.yaml", 31, 5)
    assert cat.locate("rules", "r1", "legal_basis") == Location("c.yaml", 34, 5)
    assert cat.locate("rules", "r1", "sources", 0) == Location("c.yaml", 33, 15)


def test_axes_leaves_and_dag(make_catalogue):
    cat = load_folder(make_catalogue({"c.yaml": CATALOGUE})).catalogue
    assert cat.source_axis.leaves == ("hf-vest", "hf-nord")
    assert cat.source_axis.leaves_under("hf") == {"hf-vest", "hf-nord"}
    assert cat.personnel_axis.leaves == ("sykehuslege",)
    assert cat.personnel_axis.leaves_under("sykehus") == {"sykehuslege"}
    # an empty category has no leaves: only document types are document leaves
    assert cat.document_axis.leaves == ("epikrise",)
    assert cat.document_axis.leaves_under("tom") == frozenset()


def test_content_hash_follows_the_spec(make_catalogue):
    root = make_catalogue({"c.yaml": CATALOGUE, "sub/x.yml": "rules: []\n"})
    expected = hashlib.sha256()
    for rel in sorted(["catalogue.yaml", "c.yaml", "sub/x.yml"]):
        expected.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    result = load_folder(root)
    assert result.content_hash == expected.hexdigest() == result.catalogue.content_hash
    # changes exactly when a file's content, name or presence does
    (root / "sub/x.yml").rename(root / "sub/y.yml")
    assert load_folder(root).content_hash != result.content_hash


def test_load_files_without_a_folder():
    files = [("catalogue.yaml", b"catalogue: {id: a, title: A, version: '1'}\n"), ("s.yaml", b"sources: []\n")]
    result = load_files(files)
    assert result.findings == [] and result.catalogue.meta.id == "a"


def test_the_committed_json_schema_matches_the_models():
    committed = (bundled.path() / "catalogue.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate: python -m policy_model.schema > catalogue/catalogue.schema.json"
    schema = json.loads(committed)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) >= {"catalogue", "sources", "rules", "expectations", "assessments"}


def test_bundled_yaml_files_point_editors_at_the_schema():
    for path in sorted(bundled.path().glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=./catalogue.schema.json", path.name


def test_the_bundled_catalogue_loads_clean():
    result = load_folder(bundled.path())
    assert result.findings == []
    cat = result.catalogue
    assert len(cat.document_categories) == 9 and len(cat.document_types) == 55
    assert len(cat.personnel_axis.leaves) >= 12
    assert "illustrerende utkast" in (cat.meta.description or "").lower()


def test_every_bundled_personnel_group_has_a_short_name_unique_among_the_leaves():
    cat = load_folder(bundled.path()).catalogue
    assert all(g.short_name and len(g.short_name) <= 8 for g in cat.personnel_groups.values())
    leaves = [cat.personnel_groups[g].short_name for g in cat.personnel_axis.leaves]
    assert len(set(leaves)) == len(leaves)


def imported_after(modules: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after importing `modules`."""
    code = f"import sys, {modules}; print(','.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return set(out.split(","))


def test_policy_model_is_headless_and_knows_no_faces():
    loaded = imported_after(
        "policy_model.load, policy_model.checks, policy_model.save, policy_model.diff, "
        "policy_model.proposals, policy_model.revisions, policy_model.impact, catalogue"
    )
    assert not loaded & {"textual", "rich", "exports", "tui"}


def test_exports_are_headless():
    loaded = imported_after("exports.guidance_xlsx, exports.registry, exports.review_xlsx, exports.review_read, exports.review_import")
    assert not loaded & {"textual", "rich", "tui"}
