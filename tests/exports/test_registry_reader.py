"""A registry can enforce registry-config.json without pjd (SPEC §10.5): a small, independent
reader written here from SPEC §9.2, §10.2–§10.3 and the file alone resolves real-looking
requests and answers them, and must agree with `pjd decide` on every one."""

from __future__ import annotations

import calendar
import datetime
import json
import re
from pathlib import Path

import catalogue as bundled
from tui.cli import main

REQUESTS = Path(__file__).parent.parent / "fixtures" / "requests" / "bundled.jsonl"


# -- the independent reader: nothing from pjd below this line but the file ---------------------
def months(window: str | None) -> int | None:
    if window is None:
        return None
    found = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", window)
    return int(found.group(1) or 0) * 12 + int(found.group(2) or 0)


def age(start: datetime.date, at: datetime.date) -> int:
    def plus(n):
        y, m = divmod(start.month - 1 + n, 12)
        y += start.year
        return datetime.date(y, m + 1, min(start.day, calendar.monthrange(y, m + 1)[1]))

    n = 0
    while plus(n + 1) <= at:
        n += 1
    return n


def score(entries, value) -> int:
    if not value:
        return 0
    found = [2 if e["code"] == value.get("code") else 1 for e in entries
             if e["system"] == value.get("system") and e["code"] in (None, value.get("code"))]
    return max(found, default=0)


def winners(scored: dict[str, int]) -> list[str]:
    top = max(scored.values(), default=None)
    return sorted(k for k, v in scored.items() if v == top)


def resolve(config, request) -> dict | None:
    practitioner, document = request.get("practitioner", {}), request.get("document", {})
    groups = {}
    for g in config["personnel_groups"]:
        if practitioner.get("authorization") not in g["authorizations"]:
            continue
        extra = 0
        if g["healthcare_services"] is not None:
            extra = score(g["healthcare_services"], practitioner.get("healthcare_service"))
            if not extra:
                continue
        groups[g["id"]] = 2 + extra
    sources = {}
    for s in config["sources"]:
        lists = [(s["facility_types"] or ([s["facility_type"]] if s["facility_type"] else None), document.get("facility_type")),
                 (s["practice_settings"], document.get("practice_setting")),
                 (s["organizations"], document.get("author_organization"))]
        given = [(entries, value) for entries, value in lists if entries is not None]
        if not given and s["home_communities"] is None:
            continue
        points = [score(entries, value) for entries, value in given]
        if not all(points):
            continue
        total = sum(points)
        if s["home_communities"] is not None:
            if document.get("home_community") not in s["home_communities"]:
                continue
            total += 2
        sources[s["id"]] = total
    code = document.get("type_code") or {}
    documents = [d["id"] for d in config["document_types"]
                 if d["type_code"] and (d["type_code"]["system"], d["type_code"]["code"]) == (code.get("system"), code.get("code"))]
    found = {"source": winners(sources), "document": documents, "personnel": winners(groups),
             "action": [request["action"]] if request.get("action") in {a["id"] for a in config["actions"]} else []}
    if any(len(ids) != 1 for ids in found.values()):
        return None
    return {axis: ids[0] for axis, ids in found.items()}


def holds(condition, context) -> bool:
    if condition["attribute"] is None or condition["attribute"] not in context:
        return False
    given = context[condition["attribute"]]
    given = given if isinstance(given, list) else [given]
    return any(type(a) is type(b) and a == b for a in given for b in condition["values"])


def permitted(config, request) -> tuple[dict | None, bool]:
    cell = resolve(config, request)
    if cell is None:
        return None, False
    conditions = {c["id"]: c for c in config["conditions"]}
    at = datetime.date.fromisoformat(request["at"][:10])
    start = request["document"].get("service_start")
    start = datetime.date.fromisoformat(start[:10]) if start else None
    for grant in config["grants"]:
        if (grant["source"], grant["personnel_group"], grant["action"]) != (cell["source"], cell["personnel"], cell["action"]):
            continue
        if cell["document"] not in grant["document_types"]:
            continue
        if not all(holds(conditions[c], request.get("context", {})) for c in grant["conditions"]):
            continue
        window = months(grant["window"])
        if window is None or (start is not None and age(start, at) < window):
            return cell, True
    return cell, False


# -- the comparison ------------------------------------------------------------------------------------
def test_the_registry_file_alone_answers_as_pjd_decide(tmp_path, capsys):
    for view in ("approved", "draft"):
        out = tmp_path / view
        assert main(["export", str(bundled.path()), "--out", str(out), "--view", view, "--only", "registry"]) == 0
        config = json.loads((out / "registry-config.json").read_text(encoding="utf-8"))
        assert config["resolution"] == "pjd-2" and config["format_version"] == 2
        capsys.readouterr()
        assert main(["decide", str(bundled.path()), "--view", view, "--request", str(REQUESTS), "--format", "json"]) == 0
        answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        requests = [json.loads(line) for line in REQUESTS.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(answers) == len(requests) >= 20
        for request, answer in zip(requests, answers):
            cell, permit = permitted(config, request)
            assert permit == answer["permit"], (view, request["id"], answer["reason"])
            assert cell == answer["cell"], (view, request["id"])
