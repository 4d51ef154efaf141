"""Snapshots of what a person sees (plain text: glyphs and words, colour left out). Textual is
pinned, so a difference is a change of ours. `pytest --snapshot-update` rewrites them.

The app speaks Norwegian bokmål unless told otherwise (SPEC §13): each screen is pinned in
both languages, at the smallest size the app supports (80×24) and a common one (120×40)."""

from __future__ import annotations

import pytest
from conftest import run_async, screen_text

from policy_model.i18n import set_language
from tui.app import PjdApp
from tui.widgets.matrix import MatrixTable

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@run_async
async def test_main_screen(catalogue_dir, snapshot, lang, size):
    set_language(lang)
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        app.screen.query_one(MatrixTable).move_to("epikrise", "fastlege")
        await _settle(pilot)
        snapshot(f"main_{lang}_{size[0]}x{size[1]}", screen_text(app))


@pytest.mark.parametrize("lang", ["nb", "en"])
@run_async
async def test_conditional_dialog(catalogue_dir, snapshot, lang):
    set_language(lang)
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        await _settle(pilot)
        app.screen.query_one(MatrixTable).move_to("epikrise", "sykepleier")
        await pilot.press("c")
        await _settle(pilot)
        app.screen.query_one("#conditions").select("akutt")
        await _settle(pilot)
        snapshot(f"conditional_dialog_{lang}_120x44", screen_text(app))
