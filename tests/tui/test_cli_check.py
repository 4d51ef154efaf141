"""`pjd check` and `pjd init` as a user runs them: exit codes, the JSON shape, messages."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import catalogue as bundled
from tui.cli import main

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

GOOD = "sources:\n  - id: hf\n    name: Helseforetak\n"
BROKEN = "sources:\n  - id: hf\n    name: Helseforetak\n    parnts: [x]\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_shape_on_a_clean_catalogue(make_catalogue, capsys):
    root = make_catalogue({"s.yaml": GOOD})
    code, out, _ = run(capsys, "check", str(root), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"format_version", "catalogue", "view", "summary", "findings"}
    assert data["format_version"] == 2 and data["view"] == "draft"
    assert data["catalogue"]["id"] == "test" and len(data["catalogue"]["sha256"]) == 64
    assert data["summary"] == {"error": 0, "warning": 0, "info": 0} or data["summary"]["error"] == 0


def test_check_reports_errors_with_exit_1(make_catalogue, capsys):
    root = make_catalogue({"s.yaml": BROKEN})
    code, out, _ = run(capsys, "check", str(root), "--format", "json")
    data = json.loads(out)
    assert code == 1
    [finding] = data["findings"]
    assert set(finding) == {"kind", "severity", "message", "rules", "entities", "cells", "cell_count", "location"}
    assert finding["kind"] == "schema" and finding["severity"] == "error"
    assert finding["location"] == {"file": "s.yaml", "line": 4, "column": 5}
    assert data["summary"]["error"] == 1


def test_check_text_names_file_and_line(make_catalogue, capsys):
    root = make_catalogue({"s.yaml": BROKEN})
    code, out, _ = run(capsys, "check", str(root))
    assert code == 1
    assert "s.yaml:4:5" in out and "unknown field 'parnts'" in out and "did you mean 'parents'" in out
    assert "\033[" not in out  # no colour when not on a terminal


def test_usage_errors_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path / "missing"))
    assert code == 2 and "no such catalogue folder" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--view", "final"])
    assert exit_info.value.code == 2
    code, _, err = run(capsys, "check", "--explain", "nonsense")
    assert code == 2 and "unknown finding kind" in err


def test_explain_a_finding_kind(capsys):
    code, out, _ = run(capsys, "check", "--explain", "duplicate_id")
    assert code == 0 and "duplicate_id (error)" in out and "FAILS" in out


def test_default_catalogue_is_the_local_folder(make_catalogue, monkeypatch, tmp_path, capsys):
    root = make_catalogue({"s.yaml": BROKEN})
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(root, work / "catalogue")
    monkeypatch.chdir(work)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1 and json.loads(out)["catalogue"]["path"] == "catalogue"


def test_default_catalogue_falls_back_to_the_bundled_one(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--format", "json")
    assert json.loads(out)["catalogue"]["path"] == str(bundled.path())
    assert json.loads(out)["summary"]["error"] == 0 and code == 0


def test_init_copies_the_bundled_catalogue(tmp_path, capsys):
    target = tmp_path / "mine"
    code, out, _ = run(capsys, "init", str(target))
    assert code == 0 and str(target) in out
    copied = sorted(p.name for p in target.iterdir())
    assert "catalogue.schema.json" in copied and "rules.yaml" in copied
    for name in copied:
        assert (target / name).read_bytes() == (bundled.path() / name).read_bytes()
    code, out, _ = run(capsys, "check", str(target), "--format", "json")
    assert json.loads(out)["summary"]["error"] == 0


def test_init_refuses_a_folder_with_content(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    code, _, err = run(capsys, "init", str(tmp_path / "mine"))
    assert code == 2 and "not an empty folder" in err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no staging folder left behind


def test_the_console_script_never_shows_a_traceback(make_catalogue):
    root = make_catalogue({"s.yaml": b"sources: [\xff\xfe", "t.yaml": "rules:\n  - &a {id: x}\n"})
    pjd = Path(sys.executable).with_name("pjd")
    command = [str(pjd)] if pjd.exists() else [sys.executable, "-m", "tui.cli"]
    proc = subprocess.run([*command, "check", str(root)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "s.yaml:1:" in proc.stdout and "t.yaml:2:" in proc.stdout
