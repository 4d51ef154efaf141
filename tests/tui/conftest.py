"""A small catalogue written as real files (with comments), and helpers to read the app's screen."""

from __future__ import annotations

import asyncio
import functools
import html
import re
import textwrap
from pathlib import Path

import pytest

from tui.screens.main import MainScreen
from tui.widgets.matrix import MatrixTable

FILES = {
    "catalogue.yaml": """\
        # yaml-language-server: $schema=./catalogue.schema.json
        catalogue:
          id: test
          title: Testkatalog
          version: "1"
        """,
    "entities.yaml": """\
        # Kilder, personell og dokumenter
        sources:
          - id: hf
            name: Helseforetak
          - id: hf-vest
            name: Helse Vest
            parents: [hf]
            status: production
            facility_types: [{system: "2.16.578.1.12.4.1.1.1305", code: "86.101"}]
            home_communities: ["2.16.578.1.34"]
          - id: hf-nord
            name: Helse Nord
            parents: [hf]
            status: production
            facility_types: [{system: "2.16.578.1.12.4.1.1.1305", code: "86.101"}]
            home_communities: ["2.16.578.1.29"]
          - id: fastlegekontor
            name: Fastlegekontor
            facility_types: [{system: "2.16.578.1.12.4.1.1.1305", code: "86.210"}]
        personnel_groups:
          - id: lege
            name: Leger
          - id: fastlege
            name: Fastleger
            parents: [lege]
            authorizations: [LE]
            healthcare_services: [{system: "2.16.578.1.12.4.1.1.8666", code: KX17}]
          - id: sykehuslege
            name: Sykehusleger
            parents: [lege]
            authorizations: [LE]
            healthcare_services: [{system: "2.16.578.1.12.4.1.1.8451"}]
          - id: sykepleier
            name: Sykepleiere
            authorizations: [SP]
        document_categories:
          - id: epikriser
            name: Epikriser
        document_types:
          - id: epikrise
            name: Epikrise
            parents: [epikriser]
            produced_by: [hf]
            type_code: {system: "2.16.578.1.12.4.1.1.9602", code: "A03-2", display: Epikrise}
          - id: kriseplan
            name: Kriseplan [utkast]
            parents: [epikriser]
            confidentiality: R
            type_code: {system: "2.16.578.1.12.4.1.1.9602", code: "A01-2", display: Kriseplan}
        legal_bases:
          - id: hpl-45
            name: Helsepersonelloven § 45
            scope:
              personnel: [lege, sykepleier]
        conditions:
          - id: akutt
            name: Kun ved akutt behov
            attribute: purpose_of_use
            values: [ETREAT]
          - id: samtykke
            name: Med samtykke
            attribute: access_basis
            values: [samtykke]
        """,
    "rules.yaml": """\
        # Regler – første utkast.
        rules:
          # Leger leser epikriser.
          - id: a-lege
            effect: allow
            documents: [epikrise]
            personnel: [lege]
            legal_basis: [hpl-45]
            rationale: Leger trenger epikriser.

          # Kriseplan bare med samtykke.
          - id: c-kriseplan
            effect: allow
            documents: [kriseplan]
            personnel: [lege]
            conditions: [samtykke]
            legal_basis: [hpl-45]  # hjemmel
        """,
}


@pytest.fixture
def catalogue_dir(tmp_path) -> Path:
    root = tmp_path / "catalogue"
    root.mkdir()
    for name, text in FILES.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


_SVG_TEXT = re.compile(r'<text [^>]*x="([0-9.]+)"[^>]*textLength="([0-9.]+)"[^>]*line-(\d+)\)">([^<]*)</text>')


def screen_text(app) -> str:
    """The screen as plain text (colour left out): what a person reads, for assertions and
    snapshots. Read back from Textual's public SVG screenshot: each run of text sits at its
    column (x / character width) on its line."""
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    for x, length, line, content in _SVG_TEXT.findall(app.export_screenshot()):
        content = html.unescape(content).replace("\xa0", " ")
        if content == "\n" or int(line) >= height:
            continue
        column = round(float(x) / (float(length) / len(content)))
        for offset, char in enumerate(content):
            if column + offset < width:
                lines[int(line)][column + offset] = char
    return "\n".join("".join(chars).rstrip() for chars in lines).rstrip("\n")


def static_text(app, selector: str) -> str:
    return app.screen.query_one(selector).content.plain


def run_async(test):
    """Run an async test function without an asyncio plugin for pytest."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


# -- driving the app ------------------------------------------------------------------------
SIZE = (160, 48)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    """Press keys, then let the app and its workers finish what they started."""
    await pilot.press(*keys)
    await settle(pilot)


async def open_app(pilot) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def go_to(pilot, document: str, group: str) -> None:
    table = pilot.app.screen.query_one(MatrixTable)
    table.move_to(document, group)
    await pilot.pause()


async def open_dialog(pilot, document: str, group: str, key: str):
    """Open the app, go to a cell and press the key that opens a dialog on it; the dialog."""
    await open_app(pilot)
    await go_to(pilot, document, group)
    await press(pilot, key)
    return pilot.app.screen
