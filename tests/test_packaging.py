"""`pip install .` (not only editable) ships the bundled catalogue, its schema, the app's styles
and the guidance page's templates and stylesheet, and the interface's message catalogues."""

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(importlib.util.find_spec("setuptools") is None, reason="needs setuptools to build a wheel")
def test_the_wheel_holds_the_catalogue_and_data_files(tmp_path):
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", "export"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    [wheel] = tmp_path.glob("pjd-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    yaml_files = {p.name for p in (ROOT / "catalogue").glob("*.yaml")}
    assert yaml_files and {f"catalogue/{n}" for n in yaml_files} <= names
    assert "catalogue/catalogue.schema.json" in names
    for package in ("policy_model", "exports", "tui"):
        assert f"{package}/__init__.py" in names
    data_files = [
        p.relative_to(ROOT).as_posix()
        for pattern in ("*/schemas/*.json", "tui/**/*.tcss", "exports/guidance_html/templates/*.html.j2", "exports/guidance_html/*.css")
        for p in ROOT.glob(pattern)
    ]
    assert "exports/guidance_html/page.css" in data_files and "exports/guidance_html/templates/page.html.j2" in data_files
    assert set(data_files) <= names
    catalogues = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("policy_model/locale/*/LC_MESSAGES/pjd.po")}
    assert {"policy_model/locale/nb/LC_MESSAGES/pjd.po", "policy_model/locale/en/LC_MESSAGES/pjd.po"} <= catalogues <= names
    assert not any(n.startswith("tests/") for n in names)
