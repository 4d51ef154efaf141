"""The command line's language (SPEC §13): Norwegian bokmål by default, English with
`--lang en` before or after the command or PJD_LANG=en; the JSON is the same apart from the
`message` texts; help and usage errors speak the language too."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tui.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_speaks_bokmal_by_default(capsys):
    code, out, _ = run(capsys, "check", "--view", "approved")
    assert code == 0
    assert "visning: godkjent" in out and "advarsler" in out and "Advarsler (" in out
    assert "brutt forventning (expectation_failed)" in out and "forventningen «" in out
    assert "expectation '" not in out and "view approved" not in out


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_en_before_or_after_the_command(capsys, where):
    argv = ["--lang", "en", "check", "--view", "approved"] if where == "before" else ["check", "--view", "approved", "--lang", "en"]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "view approved" in out and "Warnings (" in out and "expectation '" in out


def test_pjd_lang_chooses_and_lang_overrides_it(capsys, monkeypatch):
    monkeypatch.setenv("PJD_LANG", "en")
    assert "Warnings (" in run(capsys, "check", "--view", "approved")[1]
    assert "Advarsler (" in run(capsys, "check", "--view", "approved", "--lang", "nb")[1]


def test_json_is_the_same_in_both_languages_but_the_messages(capsys):
    _code, nb, _ = run(capsys, "check", "--view", "approved", "--format", "json")
    _code, en, _ = run(capsys, "check", "--view", "approved", "--format", "json", "--lang", "en")
    nb, en = json.loads(nb), json.loads(en)
    messages = [(a["message"], b["message"]) for a, b in zip(nb["findings"], en["findings"])]
    assert messages and all(a != b for a, b in messages)
    for document in (nb, en):
        for finding in document["findings"]:
            finding.pop("message")
    assert nb == en


def test_help_and_usage_errors_in_bokmal(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and out.startswith("bruk: pjd") and "vis denne hjelpen og avslutt" in out
    assert "les katalogen og vis funnene" in out
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--view", "everything"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "ugyldig valg: 'everything'" in err and "bruk: pjd check" in err
    with pytest.raises(SystemExit):
        main(["check", "--help", "--lang", "en"])
    assert "show this help message and exit" in capsys.readouterr().out


def test_our_own_usage_errors_in_bokmal(capsys):
    code, _, err = run(capsys, "check", "/no/such/folder")
    assert code == 2 and err == "pjd: katalogmappen finnes ikke: /no/such/folder\n"
    code, _, err = run(capsys, "check", "--explain", "nonsense")
    assert code == 2 and "ukjent funntype «nonsense»" in err


def test_explain_a_kind_in_both_languages(capsys):
    code, out, _ = run(capsys, "check", "--explain", "dead_rule")
    assert code == 0 and out.startswith("død regel (dead_rule) (advarsel)") and "Regelen dekker ingen aktuelle celler" in out
    assert "Gir funn:" in out and "- {id: r, effect: allow" in out  # the example catalogues stay as written
    code, out, _ = run(capsys, "check", "--explain", "dead_rule", "--lang", "en")
    assert out.startswith("dead_rule (warning)") and "FAILS:" in out


def test_a_subprocess_follows_pjd_lang(tmp_path):
    import os

    env = {**os.environ, "PJD_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "tui.cli", "check"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "view draft" in done.stdout
    env["PJD_LANG"] = "nb"
    done = subprocess.run([sys.executable, "-m", "tui.cli", "check"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "visning: utkast" in done.stdout
