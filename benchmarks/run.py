"""Time load, decide and check (in-process, each scale in a fresh process for an honest
peak RSS) and whole `pjd check` processes, on the bundled catalogue and synthetic ones.

    python benchmarks/run.py                # bundled, 1×, 10×, 100×
    python benchmarks/run.py 1 10           # chosen scales
    python benchmarks/run.py 100:linear     # 100× cells with rules × 100 (a stress case)
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def best(function, repeat: int) -> tuple[float, object]:
    """The fastest of `repeat` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(folder: str) -> dict:
    """In this process: load, decide, check; peak RSS of the process."""
    from policy_model.checks import Context, policy_findings
    from policy_model.decide import Evaluation
    from policy_model.load import load_folder

    load_s, result = best(lambda: load_folder(folder), 3)
    catalogue = result.catalogue
    assert catalogue is not None, [f.message for f in result.findings[:5]]
    decide_s, evaluation = best(lambda: Evaluation(catalogue, "draft"), 3)
    check_s, findings = best(lambda: policy_findings(Context(catalogue, "draft", evaluation)), 3)
    both_s, _ = best(lambda: policy_findings(Context(catalogue, "draft")), 3)
    cells = len(evaluation.applicable)
    return {
        "leaf sources": len(evaluation.sources),
        "document types": len(evaluation.documents),
        "leaf groups": len(evaluation.personnel),
        "rules": len(catalogue.rules),
        "applicable cells": cells,
        "findings": len(findings),
        "load ms": round(load_s * 1000, 1),
        "decide ms": round(decide_s * 1000, 1),
        "check ms (given decide)": round(check_s * 1000, 1),
        "decide+check ms": round(both_s * 1000, 1),
        "peak RSS MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def whole_process(folder: str, repeat: int = 3) -> float:
    pjd = shutil.which("pjd") or str(Path(sys.executable).with_name("pjd"))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([pjd, "check", folder, "--format", "json"], stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(scales: list[str]) -> None:
    import catalogue as bundled
    from synth import write

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            if scale == "bundled":
                folder = str(bundled.path())
            else:
                factor, _, rules = scale.partition(":")
                exponent = 1.0 if rules == "linear" else 2 / 3
                folder = str(write(float(factor), Path(tmp) / f"{factor}x-{rules}", rules_exponent=exponent))
            child = subprocess.run(
                [sys.executable, __file__, "--measure", folder], capture_output=True, text=True, check=True
            )
            row = {"scale": scale, **json.loads(child.stdout)}
            row["pjd check process ms"] = round(whole_process(folder) * 1000)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    keys = list(rows[0])
    print()
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
    else:
        main(sys.argv[1:] or ["bundled", "1", "10", "100"])
