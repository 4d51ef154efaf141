"""`pjd decide` throughput (SPEC §10.4: 10,000 requests well under a second after loading).

Requests are built from the catalogue's own attributes (a leaf group's authorisation and
healthcare service, a leaf source's facility type and home community, a document type's
code), with random contexts, windows and an unknown reader now and then.

    python benchmarks/decide.py [CAT] [N]             # in process: load, then N requests
    python benchmarks/decide.py CAT N --file OUT      # also write N requests as JSON Lines
"""

from __future__ import annotations

import datetime
import json
import random
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CONTEXT_VALUES = {
    "purpose_of_use": ["TREAT", "ETREAT", "COC", "BTG"],
    "access_basis": ["akutt", "samtykke", "unntak"],
    "scope": ["hpl-45", "kjernejournalforskriften"],
}


def _code(entries):
    entry = entries[0]
    return {"system": entry.system, "code": entry.code or "X"}


def requests(catalogue, n: int, seed: int = 1):
    rnd = random.Random(seed)
    groups = [g for g in catalogue.personnel_groups.values() if g.authorizations]
    sources = [s for s in catalogue.sources.values() if s.has_attributes]
    documents = [d for d in catalogue.document_types.values() if d.type_code]
    actions = list(catalogue.action_entries)
    for i in range(n):
        group, source, document = rnd.choice(groups), rnd.choice(sources), rnd.choice(documents)
        practitioner = {"authorization": rnd.choice(group.authorizations) if rnd.random() > 0.02 else "VE"}
        if group.healthcare_services:
            practitioner["healthcare_service"] = _code(group.healthcare_services)
        doc = {"type_code": {"system": document.type_code.system, "code": document.type_code.code}}
        if source.facility_matches:
            doc["facility_type"] = _code(source.facility_matches)
        if source.practice_settings:
            doc["practice_setting"] = _code(source.practice_settings)
        if source.home_communities:
            doc["home_community"] = source.home_communities[0]
        if rnd.random() > 0.1:
            doc["service_start"] = (datetime.date(2026, 12, 1) - datetime.timedelta(days=rnd.randint(0, 3000))).isoformat()
        context = {k: rnd.choice(v) for k, v in CONTEXT_VALUES.items() if rnd.random() > 0.2}
        context["fastlege"] = rnd.random() > 0.5
        yield {"id": f"r{i}", "at": "2026-12-01", "action": rnd.choice(actions), "practitioner": practitioner,
               "document": doc, "context": context}


def main() -> None:
    from policy_model.decide import Evaluation
    from policy_model.load import load_folder
    from policy_model.resolve import Resolver, parse_request

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = args[0] if args else str(HERE.parent / "catalogue")
    n = int(args[1]) if len(args) > 1 else 10_000
    started = time.perf_counter()
    catalogue = load_folder(folder).catalogue
    resolver = Resolver(Evaluation(catalogue, "draft"))
    loaded = time.perf_counter() - started
    made = list(requests(catalogue, n))
    if "--file" in sys.argv:
        out = Path(sys.argv[sys.argv.index("--file") + 1])
        with out.open("w", encoding="utf-8") as handle:
            for request in made:
                handle.write(json.dumps(request) + "\n")
    lines = [json.dumps(r) for r in made]
    today = datetime.date(2026, 12, 1)
    started = time.perf_counter()
    reasons: dict[str, int] = {}
    for line in lines:
        answer = resolver.decide(parse_request(json.loads(line), resolver.evaluation.actions, today))
        reasons[answer.reason] = reasons.get(answer.reason, 0) + 1
    seconds = time.perf_counter() - started
    print(json.dumps({
        "catalogue": folder, "requests": n, "load_seconds": round(loaded, 3), "decide_seconds": round(seconds, 3),
        "requests_per_second": round(n / seconds), "reasons": reasons,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }, indent=2))


if __name__ == "__main__":
    main()
