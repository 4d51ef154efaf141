"""`pjd explain`, `pjd matrix`, `pjd diff` and `check --strict` as a user runs them."""

import pytest
import csv
import io
import json
import subprocess

from builders import allow, deny, world, write_data

from tui.cli import main

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


RULES = [
    allow("a-lege", personnel=["lege"], documents=["epikriser"], rationale="Leger trenger epikriser."),
    allow("c-akutt", personnel=["sykepleier"], conditions=["akutt"]),
    deny("d-vest", sources=["hf-vest"], documents=["kriseplan"], personnel=["fastlege"]),
]


def test_explain_json_shape_and_provenance(tmp_path, capsys):
    root = write_data(tmp_path / "c", **world(RULES))
    code, out, _ = run(capsys, "explain", root, "--source", "hf-vest", "--document", "kriseplan", "--personnel", "fastlege", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {
        "format_version", "source", "document", "personnel", "action", "view", "decision", "alternatives",
        "window", "grants", "rules", "legal_bases",
    }
    assert data["format_version"] == 2 and data["action"] == "read"
    assert data["decision"] == "deny" and data["alternatives"] == [] and data["grants"] == [] and data["window"] is None
    assert data["rules"] == [
        {"id": "a-lege", "effect": "allow", "status": "draft", "decisive": False},
        {"id": "d-vest", "effect": "deny", "status": "draft", "decisive": True},
    ]
    assert data["legal_bases"] == []
    code, out, _ = run(capsys, "explain", root, "--source", "hf-nord", "--document", "epikrise", "--personnel", "sykepleier", "--format", "json")
    data = json.loads(out)
    assert data["decision"] == "conditional" and data["alternatives"] == [["akutt"]] and data["legal_bases"] == ["hpl-45"]
    assert data["grants"] == [{"conditions": ["akutt"], "window": None}]


def test_explain_text_speaks_in_words(tmp_path, capsys):
    root = write_data(tmp_path / "c", **world(RULES))
    code, out, _ = run(capsys, "explain", root, "--source", "hf-nord", "--document", "epikrise", "--personnel", "fastlege")
    assert code == 0
    assert "Helse Nord · Epikrise · Fastleger" in out and "ALLOW" in out
    assert "Leger trenger epikriser." in out and "Helsepersonelloven § 45" in out and "catalogue.yaml:" in out


def test_explain_refuses_inner_nodes_and_unknown_ids(tmp_path, capsys):
    root = write_data(tmp_path / "c", **world(RULES))
    code, _, err = run(capsys, "explain", root, "--source", "hf", "--document", "epikrise", "--personnel", "fastlege")
    assert code == 2 and "hf-vest, hf-nord" in err and "grouping" in err
    code, _, err = run(capsys, "explain", root, "--source", "hf-vest", "--document", "epikris", "--personnel", "fastlege")
    assert code == 2 and "did you mean epikrise" in err


def test_matrix_json_and_csv(tmp_path, capsys):
    root = write_data(tmp_path / "c", **world(RULES))
    code, out, _ = run(capsys, "matrix", root, "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"format_version", "view", "cells"}
    cells = data["cells"]
    keys = [(c["source"], c["document"], c["personnel"]) for c in cells]
    assert keys == sorted(keys) and len(keys) == 3 * 3 * 4 - 4  # 4 leaf groups; n/a cells left out
    assert set(cells[0]) == {"source", "document", "personnel", "action", "decision", "alternatives", "window", "grants"}
    assert data["format_version"] == 2 and {c["action"] for c in cells} == {"read"}
    code, out, _ = run(capsys, "matrix", root, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(cells)
    conditional = next(r for r in rows if r["decision"] == "conditional")
    assert conditional["alternatives"] == "akutt" and conditional["grants"] == "akutt" and conditional["action"] == "read"
    assert next(r for r in rows if r["decision"] == "allow")["grants"] == "-"


def test_matrix_text_has_glyphs_and_a_legend(tmp_path, capsys):
    root = write_data(tmp_path / "c", **world(RULES))
    code, out, _ = run(capsys, "matrix", root)
    assert code == 0 and "✔ allow" in out and "Helse Vest (hf-vest)" in out and "Kriseplan" in out


def test_diff_and_the_new_access_guard(tmp_path, capsys):
    old = write_data(tmp_path / "old", **world(RULES))
    new = write_data(tmp_path / "new", **world([*RULES, allow("a-vet", personnel=["veterinaer"], legal_basis=[])]))
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["summary"] == {"changed": 8, "new_access": 8}
    change = data["changes"][0]
    assert change["old"] == {"decision": "none", "alternatives": [], "window": None, "grants": [], "rules": []}
    assert change["new"] == {
        "decision": "allow", "alternatives": [], "window": None, "grants": [{"conditions": [], "window": None}], "rules": ["a-vet"],
    }
    assert change["new_access"] is True and change["action"] == "read"
    code, _, _ = run(capsys, "diff", old, new, "--no-new-access")
    assert code == 1
    code, out, _ = run(capsys, "diff", new, old, "--no-new-access")
    assert code == 0 and "8 cells changed, 0 with new access" in out


def test_diff_against_git_revision_from_the_command_line(tmp_path, capsys, monkeypatch):
    repo = tmp_path / "repo"
    write_data(repo / "catalogue", **world(RULES))
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "x"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", "-C", str(repo), *args], check=True)
    write_data(repo / "catalogue", **world(RULES[:1]))
    monkeypatch.chdir(repo)
    code, out, _ = run(capsys, "diff", "git:HEAD", "catalogue", "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["changed"] > 0
    code, _, err = run(capsys, "diff", "git:nope", "catalogue")
    assert code == 2 and "cannot read" in err


def test_check_strict_fails_on_warnings(tmp_path, capsys):
    root = write_data(tmp_path / "c", **world([allow("a", personnel=["lege"]), allow("b", personnel=["fastlege"])]))
    code, out, _ = run(capsys, "check", root, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["summary"]["error"] == 0 and data["summary"]["warning"] > 0
    code, _, _ = run(capsys, "check", root, "--strict")
    assert code == 1


def test_commands_report_load_errors_with_exit_1(tmp_path, capsys):
    root = tmp_path / "broken"
    root.mkdir()
    (root / "c.yaml").write_text("catalogue: {id: x, title: X, version: '1'}\nrules:\n  - id: r\n    effect: maybe\n")
    code, out, _ = run(capsys, "matrix", root, "--format", "json")
    assert code == 1 and json.loads(out)["findings"][0]["location"] == {"file": "c.yaml", "line": 4, "column": 13}
    code, out, _ = run(capsys, "explain", root, "--source", "a", "--document", "b", "--personnel", "c")
    assert code == 1 and "c.yaml:4:13" in out
