"""Shared helpers: small catalogues written to tmp_path as real YAML files."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from policy_model import i18n

MINIMAL_META = """\
catalogue:
  id: test
  title: Testkatalog
  version: "1"
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_catalogue(tmp_path):
    """Write files (name → YAML text) into a fresh folder; adds a catalogue section unless given."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes], meta: bool = True) -> Path:
        root = tmp_path / f"cat{next(counter)}"
        texts = [textwrap.dedent(c) for c in files.values() if isinstance(c, str)]
        if meta and not any(re.search(r"^catalogue:", t, re.M) for t in texts):
            files = {"catalogue.yaml": MINIMAL_META, **files}
        return write_files(root, files)

    return make


@pytest.fixture(autouse=True)
def default_language(monkeypatch):
    """Every test starts in the default language (norsk bokmål) whatever the shell's PJD_LANG,
    and the language a test sets (the command line's main() does) ends with the test."""
    monkeypatch.delenv("PJD_LANG", raising=False)
    i18n.set_language(i18n.DEFAULT)
    yield
    i18n.set_language(i18n.DEFAULT)


@pytest.fixture
def english(monkeypatch):
    """The interface in English: for tests that read English texts (the message ids). Sets
    PJD_LANG too, so the command line run in-process or as a subprocess speaks English."""
    monkeypatch.setenv("PJD_LANG", "en")
    i18n.set_language("en")


def pytest_addoption(parser):
    parser.addoption(
        "--snapshot-update", action="store_true", help="write the app's screen snapshots anew (tests/tui/snapshots/)"
    )


@pytest.fixture
def snapshot(request):
    """Compare a screen's text with its stored snapshot; `--snapshot-update` writes it instead.
    A missing snapshot fails: it is written only on purpose."""
    from pathlib import Path

    folder = Path(__file__).parent / "tui" / "snapshots"

    def compare(name: str, text: str) -> None:
        path = folder / f"{name}.txt"
        if request.config.getoption("--snapshot-update"):
            path.write_text(text + "\n", encoding="utf-8")
            return
        assert path.exists(), f"no snapshot {path.name}: run pytest --snapshot-update to write it, then review it"
        expected = path.read_text(encoding="utf-8").rstrip("\n")
        assert text == expected, f"the screen changed; compare with {path} (pytest --snapshot-update accepts it)"

    return compare
