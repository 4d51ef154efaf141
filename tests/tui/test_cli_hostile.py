"""The hostile-input campaign's findings, each as a command a user runs: one clear message
(exactly as asserted here), the exit status the SPEC names, no traceback, no hang, and no file
written or changed that should not be."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from builders import world, write_data

from tui.cli import main

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- a control character in a name or text ------------------------------------------------------
@pytest.mark.parametrize("escape, code", [("\\b", "0008"), ("\\e", "001B"), ("\\v", "000B"), ("\\f", "000C")])
def test_a_control_character_in_a_text_is_a_located_load_error_and_nothing_is_exported(tmp_path, capsys, escape, code):
    root = write_data(tmp_path / "cat", **world())
    # The file text itself is clean: the character comes from a YAML double-quoted escape.
    (root / "conditions.yaml").write_text(f'conditions:\n  - id: c\n    name: "a{escape}b"\n', encoding="utf-8")
    status, out, _err = run(capsys, "check", root)
    assert status == 1
    message = (
        f"condition 'c': 'name' holds an invisible control character (U+{code}), often pasted from a word "
        "processor; remove it (tab and newline are fine)"
    )
    assert f"conditions.yaml:3:11  schema\n    {message}" in out
    for command in (["export", root, "--out", tmp_path / "out", "--view", "draft"], ["review", "export", root, "--out", tmp_path / "r.xlsx"]):
        status, _out, _err = run(capsys, *command)
        assert status == 1
    assert not (tmp_path / "out").exists() and not (tmp_path / "r.xlsx").exists()


def test_tab_and_newline_in_texts_export_and_read_back(tmp_path, capsys):
    conditions = [{"id": "akutt", "name": "Akutt\tbehov"}, {"id": "samtykke", "name": "Med\nsamtykke"}]
    root = write_data(tmp_path / "cat", **world(conditions=conditions))
    assert run(capsys, "export", root, "--out", tmp_path / "out", "--view", "draft")[0] == 0
    assert run(capsys, "review", "export", root, "--out", tmp_path / "r.xlsx")[0] == 0
    status, out, _err = run(capsys, "review", "import", tmp_path / "r.xlsx", root)
    assert status == 0 and "no proposal written" in out


def test_a_carriage_return_is_refused_a_spreadsheet_would_give_it_back_as_a_newline(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world())
    (root / "conditions.yaml").write_text('conditions:\n  - id: c\n    name: "a\\r\\nb"\n', encoding="utf-8")
    status, out, _err = run(capsys, "check", root)
    assert status == 1 and "'name' holds an invisible control character (U+000D)" in out


# -- a file name that is not UTF-8 -----------------------------------------------------------------
@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes in names")
def test_a_file_name_that_is_not_utf8_is_a_located_load_error(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world())
    with open(os.path.join(os.fsencode(root), b"\xff.yaml"), "wb") as handle:
        handle.write(b"rules: []\n")
    for command in (["check", root], ["matrix", root], ["export", root, "--out", tmp_path / "out"]):
        status, out, _err = run(capsys, *command)
        assert status == 1, command
        assert "\\xff.yaml:1:1  schema\n    the file name is not valid UTF-8 (byte 0xff): rename the file" in out
    assert not (tmp_path / "out").exists()



# -- --out that is not a folder one can write into ----------------------------------------------------
def test_export_out_that_is_not_a_folder_is_one_line_and_writes_nothing(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world())
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    before = snapshot(tmp_path)
    status, out, err = run(capsys, "export", root, "--out", a_file, "--view", "draft")
    assert (status, out, err) == (2, "", f"pjd: --out {a_file}: {a_file} is a file, not a folder; give a folder to write into\n")
    status, out, err = run(capsys, "export", root, "--out", a_file / "out", "--view", "draft")
    assert (status, out) == (2, "")
    assert err == f"pjd: --out {a_file / 'out'}: {a_file} is a file, so no folder can be made under it; give a folder to write into\n"
    status, out, err = run(capsys, "review", "export", root, "--out", a_file / "r.xlsx")
    assert (status, out) == (2, "")
    assert err == (
        f"pjd: --out {a_file / 'r.xlsx'}: {a_file} is a file, not a folder; give a file name in a folder you can write to\n"
    )
    assert snapshot(tmp_path) == before


def test_a_failed_export_leaves_the_folder_as_it_was(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **world())
    out = tmp_path / "out" / "deeper"
    status, _out, _err = run(capsys, "export", root, "--out", out, "--view", "draft")
    assert status == 0 and sorted(p.name for p in out.iterdir()) == ["cedar", "registry-config.json", "veiledning.html", "veiledningsmatrise.xlsx"]
    (out / "registry-config.json").unlink()
    (out / "registry-config.json").mkdir()  # in the way of the new registry file: the export must fail
    before = snapshot(tmp_path)
    status, stdout, err = run(capsys, "export", root, "--out", out, "--view", "draft")
    assert status == 1 and stdout == ""
    assert err == f"pjd: could not export to {out}: Is a directory\n"
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in out.iterdir()) == ["cedar", "registry-config.json", "veiledning.html", "veiledningsmatrise.xlsx"]
