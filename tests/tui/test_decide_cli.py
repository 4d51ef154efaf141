"""`pjd decide` on the command line (SPEC §10.4): JSON Lines in, one answer per line out, bad
lines answered with their error while the others go on, a pretty-printed request, and input
read a line at a time (memory does not grow with the number of requests)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from attribute_world import request, sections
from builders import write_data

from tui.cli import main


def decide(capsys, root, lines: str, *extra) -> tuple[int, list[dict], str]:
    path = root.parent / "requests.jsonl"
    path.write_text(lines, encoding="utf-8")
    code = main(["decide", str(root), "--request", str(path), "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_one_answer_per_line_with_every_field(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **sections())
    lines = "\n".join(json.dumps(r) for r in (dict(request(fastlege=True), id="a"), dict(request(auth="VE"), id=7)))
    code, answers, _ = decide(capsys, root, lines + "\n")
    assert code == 0 and [a["id"] for a in answers] == ["a", 7]
    first, second = answers
    assert set(first) == {"format_version", "id", "permit", "reason", "cell", "decision", "grant", "rules", "legal_bases", "candidates", "message"}
    assert first["permit"] and first["reason"] == "permit" and first["grant"] == {"conditions": ["egen-fastlege"], "window": None}
    assert first["cell"] == {"source": "hf-vest", "document": "epikrise", "personnel": "fastlege", "action": "open"}
    assert first["rules"] == ["fastlege-epikrise"] and first["legal_bases"] == ["hpl-45"] and first["candidates"] is None
    assert second["reason"] == "unresolved" and second["cell"] is None and second["decision"] is None
    assert second["candidates"] == {"personnel": []} and second["message"]


def test_bad_lines_get_an_error_and_the_others_are_answered(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **sections())
    good = json.dumps(request(fastlege=True))
    lines = "\n".join([good, "", "not json", "[1, 2]", json.dumps({"action": "open", "at": "2026-02-30"}),
                       json.dumps({"context": {"x": 1}}), good]) + "\n"
    code, answers, _ = decide(capsys, root, lines)
    assert code == 1
    errors = {a["line"]: a["error"] for a in answers if "error" in a}
    assert set(errors) == {3, 4, 5, 6}  # the blank line 2 is skipped but counted
    assert errors[3].startswith("ikke JSON") and "JSON-objekt" in errors[4] and "«at» må være en dato" in errors[5]
    assert "«action» mangler" in errors[6]
    assert [a["reason"] for a in answers if "reason" in a] == ["permit", "permit"]
    assert all(a["format_version"] == 2 for a in answers)


def test_one_pretty_printed_request_is_read_as_one(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **sections())
    code, answers, _ = decide(capsys, root, json.dumps(dict(request(fastlege=True), id="p"), indent=2))
    assert code == 0 and len(answers) == 1 and answers[0]["id"] == "p" and answers[0]["permit"]


def test_text_output_and_a_request_file_that_is_a_folder(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **sections())
    (tmp_path / "requests.jsonl").write_text(json.dumps(dict(request(fastlege=True), id="x")) + "\n")
    assert main(["decide", str(root), "--request", str(tmp_path / "requests.jsonl")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("x: TILLATT") and "Fastleger" in out
    assert main(["decide", str(root), "--request", str(tmp_path)]) == 2
    assert "ikke en vanlig fil" in capsys.readouterr().err
    assert main(["--lang", "en", "decide", str(root), "--request", str(tmp_path / "requests.jsonl")]) == 0
    assert capsys.readouterr().out.startswith("x: PERMIT")


RSS = textwrap.dedent("""
    import io, json, resource, sys
    from attribute_world import request
    from tui.cli import main
    n = int(sys.argv[2])
    line = (json.dumps(request(fastlege=True)) + "\\n").encode()

    class Lines(io.RawIOBase):  # n requests, made as they are read: none held by the test
        def __init__(self):
            self.left, self.pending = n, b""
        def readable(self):
            return True
        def readinto(self, buffer):
            while len(self.pending) < len(buffer) and self.left:
                self.pending += line
                self.left -= 1
            chunk, self.pending = self.pending[: len(buffer)], self.pending[len(buffer):]
            buffer[: len(chunk)] = chunk
            return len(chunk)

    sys.stdin = io.TextIOWrapper(io.BufferedReader(Lines()))
    sys.stdout = open("/dev/null", "w")
    main(["decide", sys.argv[1], "--format", "json"])
    sys.stderr.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
""")


def test_memory_does_not_grow_with_the_number_of_requests(tmp_path):
    root = write_data(tmp_path / "cat", **sections())

    def peak(n: int) -> int:
        done = subprocess.run([sys.executable, "-c", RSS, str(root), str(n)], capture_output=True, text=True,
                              cwd=str(tmp_path), env={"PYTHONPATH": ":".join(sys.path)}, check=True)
        return int(done.stderr.strip().splitlines()[-1])

    small, large = peak(2_000), peak(40_000)
    assert large - small < 16 * 1024, (small, large)  # KiB: twenty times the requests, the same memory


def test_explain_a_request_shows_the_resolution_and_the_answer(tmp_path, capsys):
    root = write_data(tmp_path / "cat", **sections())
    path = tmp_path / "one.json"
    path.write_text(json.dumps(dict(request(fastlege=True), id="en"), indent=2))
    assert main(["explain", str(root), "--request", str(path), "--view", "approved", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["permit"] and record["reason"] == "permit"
    assert record["resolution"]["personnel"] == [{"id": "fastlege", "score": 4}, {"id": "annen-lege", "score": 2}]
    assert record["resolution"]["source"] == [{"id": "hf-vest", "score": 4}]
    assert record["explanation"]["decision"] == "conditional" and record["explanation"]["action"] == "open"
    assert main(["explain", str(root), "--request", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Oppløsning" in out and "personellgruppe: fastlege (4), annen-lege (2)" in out and "en: TILLATT" in out
    assert main(["explain", str(root), "--source", "hf-vest"]) == 2
    assert "--document, --personnel" in capsys.readouterr().err
