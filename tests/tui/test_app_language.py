"""The app in Norwegian bokmål (SPEC §13): its footer, the command palette and its search words,
dialogs and notifications; Textual's own English system commands are left out of the palette;
new rules get Norwegian ids."""

from __future__ import annotations

from conftest import SIZE, go_to, open_app, press, run_async, screen_text
from textual.command import CommandPalette

from policy_model.i18n import set_language
from tui.app import PjdApp
from tui.screens.edit_cell import CellEditDialog


async def _palette_titles(pilot, query: str) -> list[str]:
    await press(pilot, "ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await press(pilot, *query)
    await pilot.pause(0.3)
    from textual.command import CommandList

    options = pilot.app.screen.query_one(CommandList).options
    titles = [str(option.prompt).split("\n")[0] for option in options]
    await press(pilot, "escape")
    return titles


@run_async
async def test_the_palette_finds_commands_by_norwegian_words(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        titles = await _palette_titles(pilot, "kilde")
        assert {"Neste kilde", "Forrige kilde", "Kilder"} <= set(titles)
        assert "Eksport" in await _palette_titles(pilot, "excel")  # by a search word
        assert "Lag en redigerbar kopi" in await _palette_titles(pilot, "kopi")


@run_async
async def test_the_palette_holds_only_pjds_commands(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        titles = [title for title, _help, _callback, _words in app.palette_commands(app.screen)]
        assert "Lagre" in titles and not {"Theme", "Keys", "Screenshot", "Quit", "Maximize"} & set(titles)
        assert "Theme" not in await _palette_titles(pilot, "theme")


@run_async
async def test_footer_dialog_and_notification_in_bokmal(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        text = screen_text(app)
        assert "a Tillat" in text and "d Nekt" in text and "^p kommandoer" in text and "visning: utkast" in text
        await go_to(pilot, "epikrise", "sykepleier")
        await press(pilot, "d")
        assert isinstance(app.screen, CellEditDialog)
        assert app.screen.query_one("#rule-id").value == "nekt-hf-vest-epikrise-sykepleier"
        await press(pilot, "escape")
        await press(pilot, "v")
        assert "Visning: foreslått" in [n.message for n in app._notifications]


@run_async
async def test_new_rule_ids_follow_one_convention(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        ids = {}
        for key in ("a", "c", "d"):
            await press(pilot, key)
            ids[key] = app.screen.query_one("#rule-id").value
            await press(pilot, "escape")
        assert ids == {
            "a": "tillat-hf-vest-epikrise-sykepleier",
            "c": "betinget-hf-vest-epikrise-sykepleier",
            "d": "nekt-hf-vest-epikrise-sykepleier",
        }


@run_async
async def test_the_app_in_english(catalogue_dir):
    set_language("en")
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        text = screen_text(app)
        assert "a Allow" in text and "^p palette" in text and "view: draft" in text
        assert "Next source" in await _palette_titles(pilot, "source")
