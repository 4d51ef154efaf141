"""The app's speed: start-up to a drawn matrix, and an edit to updated findings, on the bundled
catalogue and the 100× synthetic one. Headless (Textual's test driver), plus — when tmux is
installed — a real `pjd tui` process in a 200×50 terminal, timed until the matrix shows.

    python benchmarks/tui.py            # bundled and 100×
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


async def headless(folder: Path) -> dict:
    from policy_model import edits
    from policy_model.schema import Rule
    from tui.app import PjdApp
    from tui.widgets.matrix import MatrixTable

    start = time.perf_counter()
    app = PjdApp(folder, read_only=False)
    async with app.run_test(size=(200, 50)) as pilot:
        while not (app.screen.query(MatrixTable) and app.screen.query_one(MatrixTable).row_count):
            await pilot.pause(0.005)
        drawn = time.perf_counter()
        while app.findings is None or app.findings_stale:
            await pilot.pause(0.005)
        checked = time.perf_counter()

        catalogue = app.session.current
        source = catalogue.source_axis.leaves[0]
        document = catalogue.document_axis.leaves[0]
        group = catalogue.personnel_axis.leaves[0]
        rule = Rule(id="bench-deny", effect="deny", sources=(source,), documents=(document,), personnel=(group,))
        edited = time.perf_counter()
        app.apply_edits([edits.add(catalogue, "rules", rule)])
        redrawn = time.perf_counter()
        await pilot.pause(0)
        while app.findings_stale:
            await pilot.pause(0.002)
        updated = time.perf_counter()
    return {
        "cells": len(app.session.evaluation().applicable),
        "start to drawn matrix ms": round((drawn - start) * 1000),
        "start to findings ms": round((checked - start) * 1000),
        "edit to redrawn matrix ms": round((redrawn - edited) * 1000),
        "edit to updated findings ms": round((updated - edited) * 1000),
    }


def real_terminal(folder: Path) -> float | None:
    """Seconds from launching `pjd tui` in tmux until the matrix's header shows on screen."""
    if not shutil.which("tmux"):
        return None
    pjd = shutil.which("pjd") or str(Path(sys.executable).with_name("pjd"))
    session = "pjd-bench"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", f"{pjd} tui {folder}"], check=True)
    try:
        while time.perf_counter() - start < 30:
            screen = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout
            if "Dokumenttype" in screen and ("✔" in screen or "·" in screen):
                return time.perf_counter() - start
            time.sleep(0.01)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main(scales: list[str]) -> None:
    import catalogue as bundled
    from synth import write

    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            if scale == "bundled":
                folder = Path(tmp) / "bundled"
                shutil.copytree(bundled.path(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
            else:
                folder = write(float(scale), Path(tmp) / f"{scale}x")
            row = {"scale": scale, **asyncio.run(headless(folder))}
            seconds = real_terminal(folder)
            row["pjd tui process to matrix on screen ms"] = round(seconds * 1000) if seconds else None
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["bundled", "100"])
