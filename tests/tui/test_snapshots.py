"""Snapshots of what a person sees (plain text: glyphs and words, colour left out). Textual is
pinned, so a difference is a change of ours. `pytest --snapshot-update` rewrites them."""

from __future__ import annotations

from conftest import run_async, screen_text

from tui.app import PjdApp
from tui.widgets.matrix import MatrixTable


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@run_async
async def test_main_screen_wide(catalogue_dir, snapshot):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(140, 34)) as pilot:
        await _settle(pilot)
        app.screen.query_one(MatrixTable).move_to("epikrise", "fastlege")
        await _settle(pilot)
        text = screen_text(app)
        snapshot("main_140x34", text)


@run_async
async def test_main_screen_narrow(catalogue_dir, snapshot):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        text = screen_text(app)
        snapshot("main_80x24", text)


@run_async
async def test_conditional_dialog(catalogue_dir, snapshot):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        await _settle(pilot)
        app.screen.query_one(MatrixTable).move_to("epikrise", "sykepleier")
        await pilot.press("c")
        await _settle(pilot)
        app.screen.query_one("#conditions").select("akutt")
        await _settle(pilot)
        text = screen_text(app)
        snapshot("conditional_dialog_120x44", text)
