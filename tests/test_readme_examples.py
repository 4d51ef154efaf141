"""The README's worked example says what pjd and Cedar really answer on the bundled catalogue:
its console output is run again, and its Python block against a freshly exported bundle."""

from __future__ import annotations

import re
from pathlib import Path

from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
REQUESTS = ROOT / "tests" / "fixtures" / "requests" / "bundled.jsonl"


def block(after: str, language: str) -> str:
    """The first fenced block of `language` after the heading `after`."""
    start = README.index(after)
    found = re.search(rf"```{language}\n(.*?)```", README[start:], re.S)
    assert found, f"no {language} block after {after!r}"
    return found.group(1)


def two_requests(tmp_path: Path) -> Path:
    lines = REQUESTS.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "two.jsonl"
    path.write_text(lines[0] + "\n" + lines[18] + "\n", encoding="utf-8")
    return path


def test_the_decide_example_is_what_pjd_prints(tmp_path, capsys, monkeypatch):
    console = block("### A worked example", "console").splitlines()
    command, expected = console[0], console[1:]
    assert command == "$ pjd decide --request two.jsonl --format text"
    monkeypatch.chdir(tmp_path)  # no ./catalogue here: the bundled one is used, as for a reader
    two_requests(tmp_path)
    assert main(["decide", "--request", "two.jsonl", "--format", "text"]) == 0
    assert capsys.readouterr().out.splitlines() == expected


def test_the_cedar_example_answers_as_its_comments_say(tmp_path, capsys, monkeypatch):
    code = block("### The Cedar bundle", "python")
    assert main(["export", "--out", str(tmp_path), "--only", "cedar"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    statements = re.split(r"\n(?=ask\()", code)
    namespace: dict = {}
    exec(statements[0], namespace)  # the imports, the files and ask()
    for statement in statements[1:]:
        call, comment = statement.split("\n# ", 1)
        answer = eval(call, namespace)
        decision, reasons = comment.strip().split(", ", 1)
        assert answer.decision.name == decision
        named = sorted(answer.diagnostics.id_annotations_by_reason.values())
        assert named == ([] if reasons.startswith("no reasons") else [reasons.removeprefix("reasons: ")])
