"""The hostile-input campaign: N fuzz cases (tests/fuzz_mutations.py, checked by tests/fuzzing.py)
in worker processes, and the figures: cases run, per kind, failures, exit statuses, wall time.

    python benchmarks/fuzz.py                  # 1,000 cases, as many workers as CPUs
    python benchmarks/fuzz.py 200 --workers 2 --seed 7
    python benchmarks/fuzz.py --kind wb_rows 50
    python benchmarks/fuzz.py --case wb_rows 1234    # one case again, with what failed
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

from fuzz_mutations import KINDS  # noqa: E402
from fuzzing import Runner, describe  # noqa: E402


def plan(count: int, seed: int, kinds: list[str]) -> list[tuple[str, int]]:
    """`count` cases, the kinds in turn (each about equally often), seeds from `seed`."""
    rng = random.Random(seed)
    return [(kinds[n % len(kinds)], rng.randrange(2**31)) for n in range(count)]


def campaign(cases: list[tuple[str, int]], workers: int, timeout: float, progress=True) -> dict:
    start = time.perf_counter()
    runner = Runner(workers=workers, timeout=timeout)
    per_kind = collections.Counter()
    exits = collections.Counter()
    failed, slowest = [], []
    try:
        for n, result in enumerate(runner.map(cases), start=1):
            per_kind[result["kind"]] += 1
            exits.update(result["exits"])
            slowest.append((result["seconds"], result["kind"], result["seed"]))
            if result["failures"]:
                failed.append(result)
                print(describe(result), file=sys.stderr)
            if progress and n % 50 == 0:
                print(f"  {n}/{len(cases)} cases, {len(failed)} failing, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    finally:
        runner.close()
    slowest.sort(reverse=True)
    return {
        "cases": sum(per_kind.values()),
        "kinds": len(per_kind),
        "per_kind": dict(sorted(per_kind.items())),
        "commands": sum(exits.values()),
        "exit_statuses": dict(sorted(exits.items())),
        "failing_cases": len(failed),
        "failures": [{"kind": r["kind"], "seed": r["seed"], "detail": r["detail"], "failures": r["failures"]} for r in failed],
        "slowest": [{"seconds": round(s, 2), "kind": k, "seed": seed} for s, k, seed in slowest[:5]],
        "wall_seconds": round(time.perf_counter() - start, 1),
        "workers": workers,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=1000, help="how many cases (default 1000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1, help="seed of the plan (default 1)")
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds (repeatable)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a case may take before it counts as a hang")
    parser.add_argument("--case", nargs=2, metavar=("KIND", "SEED"), help="run one case again")
    args = parser.parse_args()
    if args.case:
        kind, seed = args.case[0], int(args.case[1])
        report = campaign([(kind, seed)], 1, args.timeout, progress=False)
    else:
        report = campaign(plan(args.count, args.seed, args.kind or KINDS), args.workers, args.timeout)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if report["failing_cases"] else 0


if __name__ == "__main__":
    sys.exit(main())
