"""The benchmark scripts keep working (they are not timed here: tests never depend on timing)."""

import asyncio
import importlib.util
import sys
from pathlib import Path

from policy_model.load import load_folder

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def script(name: str):
    sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_catalogues_load_and_scale(tmp_path):
    synth = script("synth")
    small = load_folder(synth.write(1, tmp_path / "1x")).catalogue
    assert small is not None
    assert len(small.document_axis.leaves) == synth.BASE["documents"]
    assert synth.sizes(100)["documents"] == round(55 * 100 ** (1 / 3))


def test_each_measurement_runs_on_a_small_catalogue(tmp_path):
    folder = script("synth").write(1, tmp_path / "1x")
    assert script("run").measure(str(folder))["applicable cells"] > 0
    assert script("export").measure(str(folder), str(tmp_path / "out"))["xlsx MB"] > 0
    assert script("review").measure(str(folder), str(tmp_path / "review"))["cells in workbook"] > 0
    assert asyncio.run(script("tui").headless(folder))["cells"] > 0


def test_the_fuzz_campaign_runs_and_reports(capsys):
    fuzz = script("fuzz")
    report = fuzz.campaign(fuzz.plan(2, seed=3, kinds=["truncate", "wb_truncate"]), workers=1, timeout=60, progress=False)
    assert report["cases"] == 2 and report["per_kind"] == {"truncate": 1, "wb_truncate": 1}
    assert report["failing_cases"] == 0 and report["commands"] > 0
