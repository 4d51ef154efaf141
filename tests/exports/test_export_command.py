"""`pjd export`: what it writes, where, and what it refuses; files are replaced atomically."""

import json

import pytest
from builders import allow, world, write_data
from openpyxl import load_workbook

from policy_model.atomic import atomic_path, atomic_write_bytes
from tui.cli import main

GOOD = [allow("a", personnel=["lege"], status="approved")]
BROKEN = [allow("a", personnel=["lege"], status="approved", legal_basis=[])]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_every_file_and_says_where(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(GOOD))
    out = tmp_path / "out" / "nested"
    code, stdout, _ = run(capsys, "export", root, "--out", out)  # in Norwegian, as everything by default
    assert code == 0
    assert f"Skrev {out / 'veiledningsmatrise.xlsx'} (visning: godkjent)" in stdout and f"Skrev {out / 'registry-config.json'}" in stdout
    assert f"Skrev {out / 'veiledning.html'}" in stdout
    assert json.loads((out / "registry-config.json").read_text())["view"] == "approved"
    assert load_workbook(out / "veiledningsmatrise.xlsx").worksheets[0].title == "Om matrisen"
    assert sorted(p.name for p in out.iterdir()) == ["cedar", "registry-config.json", "veiledning.html", "veiledningsmatrise.xlsx"]
    assert sorted(p.name for p in (out / "cedar").iterdir()) == ["README.md", "entities.json", "pjd.cedarschema", "policies.cedar", "proof.json"]
    assert "Cedar svarer som pjd på alle" in stdout


def test_errors_refuse_the_registry_file_but_not_the_guidance(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(BROKEN))
    out = tmp_path / "out"
    code, _, err = run(capsys, "export", root, "--out", out)
    assert code == 1 and "skrev ikke registry-config.json: katalogen har 1 feil i visningen «godkjent»" in err
    assert (out / "veiledningsmatrise.xlsx").exists() and not (out / "registry-config.json").exists()
    assert (out / "veiledning.html").exists()
    assert load_workbook(out / "veiledningsmatrise.xlsx")["Om matrisen"]["A2"].value.startswith("UTKAST")


def test_a_stale_registry_file_is_kept_and_named(tmp_path, capsys):
    out = tmp_path / "out"
    run(capsys, "export", write_data(tmp_path / "good", **world(GOOD)), "--out", out)
    before = (out / "registry-config.json").read_bytes()
    code, _, err = run(capsys, "export", write_data(tmp_path / "bad", **world(BROKEN)), "--out", out, "--only", "registry")
    assert code == 1 and "ble stående urørt" in err
    assert (out / "registry-config.json").read_bytes() == before


def test_view_lang_and_only(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world([allow("a", personnel=["lege"])]))  # a draft rule
    out = tmp_path / "out"
    code, _, _ = run(capsys, "export", root, "--out", out, "--view", "draft", "--lang", "en", "--only", "guidance")
    assert code == 0 and [p.name for p in out.iterdir()] == ["veiledningsmatrise.xlsx"]
    assert load_workbook(out / "veiledningsmatrise.xlsx").worksheets[0].title == "About"


def test_the_export_language_is_the_interface_language(tmp_path, capsys, monkeypatch):
    """--lang before or after the command, else PJD_LANG: the files and the lines printed alike."""
    root = write_data(tmp_path / "cat", **world(GOOD))
    code, stdout, _ = run(capsys, "--lang", "en", "export", root, "--out", tmp_path / "a", "--only", "guidance")
    assert code == 0 and "Wrote " in stdout and "(approved view)" in stdout
    assert load_workbook(tmp_path / "a" / "veiledningsmatrise.xlsx").worksheets[0].title == "About"
    monkeypatch.setenv("PJD_LANG", "en")
    code, stdout, _ = run(capsys, "export", root, "--out", tmp_path / "b", "--only", "guidance", "--lang", "nb")
    assert code == 0 and "Skrev " in stdout
    assert load_workbook(tmp_path / "b" / "veiledningsmatrise.xlsx").worksheets[0].title == "Om matrisen"


def test_load_errors_write_nothing(tmp_path, capsys):
    root = tmp_path / "cat"
    root.mkdir()
    (root / "c.yaml").write_text("catalogue: {id: x, title: X, version: '1'}\nsources: [\n")
    code, stdout, _ = run(capsys, "export", root, "--out", tmp_path / "out")
    assert code == 1 and "c.yaml:" in stdout and not (tmp_path / "out").exists()


def test_out_must_be_a_folder(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world(GOOD))
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "export", root, "--out", tmp_path / "file")
    assert code == 2 and "er en fil, ikke en mappe" in err


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "registry-config.json"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["registry-config.json"]
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and len(list(tmp_path.iterdir())) == 1
