"""Time `pjd review export` and `pjd review import` on the bundled catalogue and synthetic
ones, with a realistic review: on three sources, a whole row set to Nei, a whole column set
to Ja and 40 single cells set to random pick-list values.

The reviewer's edits are made in the sheet XML (as a spreadsheet program would save them),
so that the figures are the export's and the import's, not openpyxl's time to load and save
a million-cell workbook in normal mode.

    python benchmarks/review.py               # bundled and 100×
    python benchmarks/review.py 10            # chosen scales
"""

from __future__ import annotations

import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def edits(layout, seed: int = 1) -> dict[tuple[str, int, int], str]:
    """(sheet title, row, column) → new value: a row, a column and 40 cells on three sources."""
    from exports.review_layout import FIRST_GROUP_COLUMN, SOURCE_FIRST_ROW, DocumentRow

    rnd = random.Random(seed)
    sheets = [s for s in layout.sheets if s.documents]
    chosen = rnd.sample(sheets, k=min(3, len(sheets)))
    width = len(layout.groups)
    out = {}
    for n, sheet in enumerate(chosen):
        rows = [SOURCE_FIRST_ROW + i for i, row in enumerate(sheet.rows) if isinstance(row, DocumentRow)]
        labels = [layout.label(i) for i in sheet.choices]
        if n == 0:
            row = rnd.choice(rows)
            out.update({(sheet.title, row, FIRST_GROUP_COLUMN + g): "Nei" for g in range(width)})
        if n == 1:
            column = FIRST_GROUP_COLUMN + rnd.randrange(width)
            out.update({(sheet.title, row, column): "Ja" for row in rows})
        for _ in range(40 // len(chosen)):
            out[(sheet.title, rnd.choice(rows), FIRST_GROUP_COLUMN + rnd.randrange(width))] = rnd.choice(labels)
    return out


def apply_edits(source: Path, target: Path, changes) -> None:
    """Rewrite the decision cells' inline strings in the sheet XML."""
    from openpyxl.utils import get_column_letter
    from xml.sax.saxutils import escape

    with zipfile.ZipFile(source) as old:
        names = re.findall(rb'<sheet name="([^"]+)"', old.read("xl/workbook.xml"))
        titles = [n.decode("utf-8") for n in names]
        by_part: dict[str, dict[str, str]] = {}
        for (title, row, column), value in changes.items():
            part = f"xl/worksheets/sheet{titles.index(title) + 1}.xml"
            by_part.setdefault(part, {})[f"{get_column_letter(column)}{row}"] = value
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                data = old.read(info.filename)
                cells = by_part.get(info.filename)
                if cells:
                    text = data.decode("utf-8")
                    for ref, value in cells.items():
                        text, count = re.subn(
                            rf'(<c r="{ref}"[^>]*><is><t>)[^<]*(</t></is></c>)', lambda m: m.group(1) + escape(value) + m.group(2), text
                        )
                        assert count == 1, ref
                    data = text.encode("utf-8")
                new.writestr(info, data)


def measure(folder: str, work: str) -> dict:
    from exports import review_xlsx
    from exports.review_import import prepare
    from exports.review_layout import build_layout, selected_sources
    from policy_model.decide import Evaluation
    from policy_model.load import load_folder
    from policy_model.proposal_file import prove, render

    work = Path(work)
    start = time.perf_counter()
    catalogue = load_folder(folder).catalogue
    evaluation = Evaluation(catalogue, "draft")
    sources = selected_sources(catalogue, None)
    loaded = time.perf_counter()
    workbook = review_xlsx.write(evaluation, work / "review.xlsx", sources, reviewer="Benchmark")
    exported = time.perf_counter()
    layout = build_layout(evaluation, sources)
    changes = edits(layout)
    apply_edits(workbook, work / "edited.xlsx", changes)
    before_import = time.perf_counter()
    result = prepare(work / "edited.xlsx", catalogue, name="bench")
    assert result.ok, [str(p) for p in result.problems]
    proposal = result.proposal
    text = render(proposal, f"proposals/{proposal.name}.yaml")
    prove(catalogue, "proposals/bench.yaml", text, "draft", result.wanted, proposal)
    imported = time.perf_counter()
    return {
        "cells in workbook": sum(len(s.documents) for s in layout.sheets) * len(layout.groups),
        "source sheets": len(layout.sheets),
        "load+decide s": round(loaded - start, 2),
        "export s": round(exported - loaded, 2),
        "xlsx MB": round(workbook.stat().st_size / 1e6, 2),
        "changed cells": len(result.wanted),
        "import s (read+check+propose+prove)": round(imported - before_import, 2),
        "rules": len(proposal.rules),
        "landed": len(proposal.landed),
        "unreachable": len(proposal.unreachable),
        "peak RSS MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(scales: list[str]) -> None:
    import catalogue as bundled
    from synth import write

    pjd = shutil.which("pjd") or str(Path(sys.executable).with_name("pjd"))
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            origin = bundled.path() if scale == "bundled" else write(float(scale), Path(tmp) / f"{scale}x-origin")
            folder = Path(tmp) / f"{scale}x"
            shutil.copytree(origin, folder, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
            work = Path(tmp) / f"work-{scale}"
            work.mkdir()
            child = subprocess.run([sys.executable, __file__, "--measure", str(folder), str(work)], capture_output=True, text=True)
            if child.returncode:
                raise SystemExit(child.stderr)
            row = {"scale": scale, **json.loads(child.stdout)}
            started = time.perf_counter()
            subprocess.run([pjd, "review", "export", str(folder), "--out", str(work / "cli.xlsx")], capture_output=True, check=True)
            row["pjd review export process s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            done = subprocess.run([pjd, "review", "import", str(work / "edited.xlsx"), str(folder), "--as", "bench"], capture_output=True)
            row["pjd review import process s"] = round(time.perf_counter() - started, 2)
            row["import exit"] = done.returncode
            print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3])))
    else:
        main(sys.argv[1:] or ["bundled", "100"])
