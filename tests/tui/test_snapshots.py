"""Snapshots of what a person sees (plain text: glyphs and words, colour left out). Textual is
pinned, so a difference is a change of ours. PJD_UPDATE_SNAPSHOTS=1 rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_async, screen_text

from tui.app import PjdApp
from tui.widgets.matrix import MatrixTable

HERE = Path(__file__).parent / "snapshots"


def snapshot(name: str, text: str) -> str:
    """The stored snapshot `name` (written from `text` when asked to, or when there is none)."""
    path = HERE / f"{name}.txt"
    if os.environ.get("PJD_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").rstrip("\n")


MESSAGE = "the screen changed; compare with tests/tui/snapshots/ (PJD_UPDATE_SNAPSHOTS=1 accepts it)"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@run_async
async def test_main_screen_wide(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(140, 34)) as pilot:
        await _settle(pilot)
        app.screen.query_one(MatrixTable).move_to("epikrise", "fastlege")
        await _settle(pilot)
        text = screen_text(app)
        assert text == snapshot("main_140x34", text), MESSAGE


@run_async
async def test_main_screen_narrow(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        text = screen_text(app)
        assert text == snapshot("main_80x24", text), MESSAGE


@run_async
async def test_conditional_dialog(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        await _settle(pilot)
        app.screen.query_one(MatrixTable).move_to("epikrise", "sykepleier")
        await pilot.press("c")
        await _settle(pilot)
        app.screen.query_one("#conditions").select("akutt")
        await _settle(pilot)
        text = screen_text(app)
        assert text == snapshot("conditional_dialog_120x44", text), MESSAGE
