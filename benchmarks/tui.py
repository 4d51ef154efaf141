"""The app's speed (issue 16's targets), on the bundled catalogue and the 100× synthetic one.
Headless (Textual's test driver) and — when tmux is installed — a real `pjd tui` process in a
200×50 terminal. Every figure is the median of several repetitions:

- start to drawn matrix, start to findings (a fresh app each time);
- an edit applied to the session → matrix redrawn, → findings updated;
- the same through the real dialog path: `a` on an empty cell, a legal basis ticked,
  ctrl+s → matrix redrawn (the new glyph in the table), → findings updated;
- `n` (next source) pressed → the next source's matrix drawn;
- in tmux: process start → matrix on screen, and `n` → the next source's title on screen.

    python benchmarks/tui.py                 # bundled and 100×
    python benchmarks/tui.py bundled --reps 7
"""

from __future__ import annotations

import argparse
import asyncio
import json
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

SIZE = (200, 50)


def ms(seconds: float) -> int:
    return round(seconds * 1000)


def median_ms(samples: list[float]) -> int | None:
    return ms(statistics.median(samples)) if samples else None


class PaintClock:
    """When the matrix painted in a given state: its render_lines wrapped (DataTable draws
    lazily, so a change is on screen only once this has run after it)."""

    watch = None  # the state waited for: a predicate, checked at each paint
    hit: float | None = None

    @classmethod
    def install(cls) -> None:
        from tui.widgets.matrix import MatrixTable

        if getattr(MatrixTable, "_bench_clock", False):
            return
        original = MatrixTable.render_lines

        def render_lines(self, crop):
            lines = original(self, crop)
            if cls.watch is not None and cls.hit is None and cls.watch():
                cls.hit = time.perf_counter()
            return lines

        MatrixTable.render_lines = render_lines
        MatrixTable._bench_clock = True


async def _until(pilot, done, step: float = 0.001, timeout: float = 60) -> None:
    """Poll without Pilot's waits (they queue behind every widget's messages)."""
    limit = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > limit:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(step)


def _expect(done=lambda: True) -> None:
    """Watch for the first paint where done() holds (set before the action that brings it)."""
    PaintClock.watch, PaintClock.hit = done, None


async def _painted(pilot, since: float) -> float:
    await _until(pilot, lambda: PaintClock.hit is not None)
    PaintClock.watch = None
    return PaintClock.hit - since


async def _start(folder: Path):
    """One start: (app, seconds to drawn matrix, seconds to findings), inside run_test."""
    from tui.app import PjdApp
    from tui.widgets.matrix import MatrixTable

    PaintClock.install()
    _expect(lambda: False)
    start = time.perf_counter()
    app = PjdApp(folder, read_only=False)
    context = app.run_test(size=SIZE)
    pilot = await context.__aenter__()
    _expect(lambda: app.screen.query(MatrixTable) and app.screen.query_one(MatrixTable).row_count)
    drawn = await _painted(pilot, start)
    await _until(pilot, lambda: app.findings is not None and not app.findings_stale)
    checked = time.perf_counter() - start
    await pilot.pause()
    return app, pilot, context, drawn, checked


async def _session_edit(app, pilot, n: int) -> tuple[float, float]:
    """An edit applied as a dialog would hand it over: seconds to redrawn matrix, to findings."""
    from policy_model import edits
    from policy_model.schema import Rule

    catalogue = app.session.current
    source = app.screen.source
    document = catalogue.document_axis.leaves[n % len(catalogue.document_axis.leaves)]
    group = catalogue.personnel_axis.leaves[n % len(catalogue.personnel_axis.leaves)]
    rule = Rule(id=f"bench-deny-{n}", effect="deny", sources=(source,), documents=(document,), personnel=(group,))
    applied = []
    _expect(lambda: bool(applied))
    edited = time.perf_counter()
    app.apply_edits([edits.add(catalogue, "rules", rule)])
    applied.append(True)
    redrawn = await _painted(pilot, edited)
    await _until(pilot, lambda: not app.findings_stale)
    updated = time.perf_counter() - edited
    await pilot.pause()
    return redrawn, updated


async def _quiet(app) -> None:
    """Until no worker runs (one cancelled by a newer one, as the preview's are, counts as done)."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def _empty_cell(app):
    """A cell of the shown source no rule covers (the dialog then adds a rule that changes it)."""
    evaluation = app.session.evaluation()
    source = app.screen.source
    for document in evaluation.documents:
        row = evaluation.row(source, document, evaluation.actions[0])
        for group, decision in zip(evaluation.personnel, row):
            if decision.applicable and decision.kind == "none":
                return document, group
    return None


async def _dialog_edit(app, pilot) -> tuple[float, float] | None:
    """`a` on an empty cell, tick the first legal basis, ctrl+s: seconds to the new glyph in
    the table, and to fresh findings."""
    from tui.widgets.choices import CheckList
    from tui.widgets.matrix import MatrixTable

    cell = _empty_cell(app)
    if cell is None:
        return None
    document, group = cell
    table = app.screen.query_one(MatrixTable)
    table.move_to(document, group)
    await pilot.pause()
    await pilot.press("a")
    await _until(pilot, lambda: app.screen.query("#bases"))
    dialog = app.screen
    bases = dialog.query_one("#bases", CheckList)
    await _until(pilot, lambda: bases.option_count)
    bases.select(bases.get_option_at_index(0).value)
    await _until(pilot, lambda: dialog.steps)
    await _quiet(app)  # the impact preview: a person reads it before confirming
    await pilot.pause()
    row_key, column_key = f"doc:{document}", group
    before = table.get_cell(row_key, column_key)
    _expect(lambda: app.screen is not dialog and str(table.get_cell(row_key, column_key)) != str(before))
    confirmed = time.perf_counter()
    await pilot.press("ctrl+s")
    redrawn = await _painted(pilot, confirmed)
    await _until(pilot, lambda: not app.findings_stale)
    updated = time.perf_counter() - confirmed
    await pilot.pause()
    return redrawn, updated


async def _next_source(app, pilot) -> float:
    """`n` pressed → the next source's matrix drawn."""
    from tui.widgets.matrix import MatrixTable

    table = app.screen.query_one(MatrixTable)
    leaves = list(app.session.current.source_axis.leaves)
    expected = leaves[(leaves.index(app.screen.source) + 1) % len(leaves)]
    _expect(lambda: table.source == expected and table.row_count)
    pressed = time.perf_counter()
    await pilot.press("n")
    seconds = await _painted(pilot, pressed)
    await pilot.pause()
    return seconds


async def headless(folder: Path, reps: int = 1) -> dict:
    samples: dict[str, list[float]] = {k: [] for k in (
        "start to drawn matrix ms", "start to findings ms", "edit to redrawn matrix ms", "edit to updated findings ms",
        "dialog confirm to redrawn matrix ms", "dialog confirm to updated findings ms", "next source (n) ms")}
    cells = 0
    for rep in range(reps):
        app, pilot, context, drawn, checked = await _start(folder)
        try:
            samples["start to drawn matrix ms"].append(drawn)
            samples["start to findings ms"].append(checked)
            if rep == 0:  # one app carries on for the interactions, each repeated
                for n in range(reps):
                    redrawn, updated = await _session_edit(app, pilot, n)
                    samples["edit to redrawn matrix ms"].append(redrawn)
                    samples["edit to updated findings ms"].append(updated)
                for _n in range(reps):
                    samples["next source (n) ms"].append(await _next_source(app, pilot))
                for _n in range(reps):
                    timed = await _dialog_edit(app, pilot)
                    if timed:
                        samples["dialog confirm to redrawn matrix ms"].append(timed[0])
                        samples["dialog confirm to updated findings ms"].append(timed[1])
                cells = len(app.session.evaluation().applicable)
        finally:
            await context.__aexit__(None, None, None)
    return {"cells": cells, **{name: median_ms(values) for name, values in samples.items()}}


# -- a real terminal --------------------------------------------------------------------------
def _screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout


def real_terminal(folder: Path, reps: int = 1) -> dict:
    """In tmux: process launch → matrix on screen; `n` → the next source's title on screen."""
    if not shutil.which("tmux"):
        return {}
    from policy_model.load import load_folder

    catalogue = load_folder(folder).catalogue
    names = {catalogue.sources[s].name for s in catalogue.source_axis.leaves}
    pjd = shutil.which("pjd") or str(Path(sys.executable).with_name("pjd"))
    session = "pjd-bench"
    starts, steps = [], []
    for _rep in range(reps):
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        start = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
                        f"{pjd} tui {folder}"], check=True)
        try:
            while time.perf_counter() - start < 30:
                screen = _screen(session)
                if "Dokumenttype" in screen and ("✔" in screen or "·" in screen):
                    starts.append(time.perf_counter() - start)
                    break
                time.sleep(0.01)
            time.sleep(1.0)  # let the findings settle: `n` is timed on a quiet app
            for _step in range(3):
                before = _title(_screen(session), names)
                pressed = time.perf_counter()
                subprocess.run(["tmux", "send-keys", "-t", session, "n"], check=True)
                while time.perf_counter() - pressed < 10:
                    now = _title(_screen(session), names)
                    if now and now != before:
                        steps.append(time.perf_counter() - pressed)
                        break
                    time.sleep(0.005)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return {"tmux process to matrix on screen ms": median_ms(starts), "tmux next source (n) ms": median_ms(steps)}


def _title(screen: str, names: set[str]) -> str | None:
    """The shown source's name: the toolbar line ends with it (and its status word)."""
    for line in screen.splitlines()[:4]:
        for name in sorted(names, key=len, reverse=True):
            if f" {name} " in line:
                return name
    return None


def main(argv: list[str]) -> None:
    import catalogue as bundled
    from synth import write

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", default=["bundled", "100"])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            if scale == "bundled":
                folder = Path(tmp) / "bundled"
                shutil.copytree(bundled.path(), folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
            else:
                folder = write(float(scale), Path(tmp) / f"{scale}x")
            row = {"scale": scale, **asyncio.run(headless(folder, args.reps)), **real_terminal(folder, args.reps)}
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
