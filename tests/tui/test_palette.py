"""The command palette and the ctrl+c notice (issue 16, point 6): each command once, in the
interface's language; no markup shown as text."""

from __future__ import annotations

from conftest import SIZE, open_app, press, run_async, settle
from textual.command import CommandList, CommandPalette

from tui import commands
from tui.app import PjdApp


async def palette_titles(pilot) -> list[str]:
    await press(pilot, "ctrl+p")
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    listed = palette.query_one(CommandList)
    for _ in range(100):  # the palette gathers its commands asynchronously
        if listed.option_count:
            break
        await pilot.pause(0.01)
    return [listed.get_option_at_index(i).hit.text for i in range(listed.option_count)]


@run_async
async def test_the_palette_lists_each_command_once_in_norwegian(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        titles = await palette_titles(pilot)
        assert titles and len(titles) == len(set(titles)), titles
        expected = {command.label for command in commands.in_scope("main")}
        assert set(titles) == expected
        assert "Matrise" in titles and "Lagre" in titles and "Angre" in titles
        assert not {"Save", "Undo", "Theme", "Keys", "Quit", "Screenshot"} & set(titles)  # nothing English, none of Textual's


@run_async
async def test_a_list_screen_palette_lists_each_command_once(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "r")
        titles = await palette_titles(pilot)
        assert titles and len(titles) == len(set(titles)), titles
        assert "Ny" in titles and "Matrise" in titles


@run_async
async def test_the_palette_shows_keys_as_the_footer_does(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        helps = {title: help_text for title, help_text, _callback, _words in app.palette_commands(app.screen)}
        assert helps["Lagre"].endswith("(^s)") and helps["Filtrer"].endswith("(/)") and helps["Hjelp"].endswith("(?)")


@run_async
async def test_ctrl_c_says_how_to_quit_in_plain_words(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.clear_notifications()
        await press(pilot, "ctrl+c")
        notices = list(app._notifications)
        assert len(notices) == 1
        notice = notices[0]
        assert notice.message == "Trykk ^q for å avslutte programmet." and notice.title == "Avslutte?"
        assert "[" not in notice.message and not notice.markup
        await settle(pilot)
