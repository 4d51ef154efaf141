"""Time and peak memory of `pjd export` (guidance xlsx, guidance page, registry JSON),
in-process and as a whole process, on the bundled catalogue and synthetic ones.

    python benchmarks/export.py               # bundled and 100×
    python benchmarks/export.py 10            # chosen scales
    python benchmarks/export.py 10:actions    # 10× with two actions and windows
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def measure(folder: str, out: str) -> dict:
    from exports import guidance_html, guidance_xlsx, registry
    from policy_model.checks import Context, policy_findings
    from policy_model.decide import Evaluation
    from policy_model.load import load_folder

    start = time.perf_counter()
    catalogue = load_folder(folder).catalogue
    evaluation = Evaluation(catalogue, "draft")
    findings = policy_findings(Context(catalogue, "draft", evaluation))
    prepared = time.perf_counter()
    xlsx = guidance_xlsx.write(evaluation, findings, Path(out))
    written = time.perf_counter()
    page = guidance_html.write(evaluation, findings, Path(out))
    paged = time.perf_counter()
    config = registry.write(evaluation, Path(out))
    done = time.perf_counter()
    return {
        "applicable cells": len(evaluation.applicable),
        "load+decide+check s": round(prepared - start, 2),
        "xlsx s": round(written - prepared, 2),
        "html s": round(paged - written, 2),
        "registry s": round(done - paged, 2),
        "xlsx MB": round(xlsx.stat().st_size / 1e6, 2),
        "html MB": round(page.stat().st_size / 1e6, 2),
        "registry MB": round(config.stat().st_size / 1e6, 2),
        "peak RSS MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(scales: list[str]) -> None:
    import catalogue as bundled
    from synth import write

    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            factor, _, variant = scale.partition(":")
            folder = (
                str(bundled.path())
                if scale == "bundled"
                else str(write(float(factor), Path(tmp) / f"{factor}x{variant}", actions=variant == "actions"))
            )
            out = Path(tmp) / f"out-{scale}"
            child = subprocess.run([sys.executable, __file__, "--measure", folder, str(out)], capture_output=True, text=True, check=True)
            row = {"scale": scale, **json.loads(child.stdout)}
            pjd = shutil.which("pjd") or str(Path(sys.executable).with_name("pjd"))
            start = time.perf_counter()
            # Synthetic catalogues hold error findings (failing expectations): the registry is refused (exit 1).
            subprocess.run([pjd, "export", folder, "--out", str(out), "--view", "draft"], capture_output=True, check=False)
            row["pjd export process s"] = round(time.perf_counter() - start, 2)
            print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        main(sys.argv[1:] or ["bundled", "100"])
