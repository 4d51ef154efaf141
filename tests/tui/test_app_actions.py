"""The app on a catalogue with actions and windows (SPEC §9): every action of a cell at once in
the matrix, grants and windows in the inspector, and a rule for one action with a window made
from the dialog."""

from __future__ import annotations

import pytest
from builders import allow, write_data, world
from conftest import run_async, screen_text, static_text
from textual.widgets import Input

from tui.app import PjdApp
from tui.screens.edit_cell import CellEditDialog
from tui.screens.main import MainScreen
from tui.widgets.choices import CheckList
from tui.widgets.matrix import MatrixTable

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

ACTIONS = [
    {"id": "list", "name": "Se i dokumentlisten", "short_name": "Liste"},
    {"id": "open", "name": "Åpne dokumentet", "short_name": "Åpne", "requires": ["list"]},
]
RULES = [
    allow("liste-lege", personnel=["lege"], actions=["list"]),
    allow("apne-lege", personnel=["lege"], actions=["open"], documents=["henvisning"], window="P1Y"),
]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@run_async
async def test_the_matrix_shows_each_action_and_the_inspector_the_windows(tmp_path):
    app = PjdApp(write_data(tmp_path / "cat", **world(RULES, actions=ACTIONS)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one(MatrixTable).move_to("henvisning", "fastlege")
        await settle(pilot)
        text = screen_text(app)
        assert "each cell: Liste Åpne" in text
        assert "✔✔*" in text  # henvisning: list and open (opening for the last year only)
        assert "✔·" in text  # kriseplan: the list only
        inspector = static_text(app, "#inspector-text")  # the words, however the inspector's width wraps them
        assert "Åpne dokumentet" in inspector and "documents from the last 1 year" in inspector
        assert "Se i dokumentlisten" in inspector


@run_async
async def test_a_rule_for_one_action_with_a_window_from_the_dialog(tmp_path):
    root = write_data(tmp_path / "cat", **world([], actions=ACTIONS))
    app = PjdApp(root)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one(MatrixTable).move_to("henvisning", "sykepleier")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CellEditDialog)
        dialog.query_one("#actions", CheckList).deselect("open")
        dialog.query_one("#window", Input).value = "P6M"
        dialog.query_one("#bases", CheckList).select("hpl-45")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        rule = app.session.current.rules[-1]
        assert rule.actions == ("list",) and rule.window == "P6M"
        ev = app.session.evaluation()
        assert ev.decision(("hf-vest", "henvisning", "sykepleier", "list")).window == 6
        assert ev.decision(("hf-vest", "henvisning", "sykepleier", "open")).kind == "none"


@run_async
async def test_a_bad_window_is_refused_in_the_dialog(tmp_path):
    app = PjdApp(write_data(tmp_path / "cat", **world([], actions=ACTIONS)))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one(MatrixTable).move_to("henvisning", "sykepleier")
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#window", Input).value = "P30D"
        app.screen.query_one("#bases", CheckList).select("hpl-45")
        await settle(pilot)
        assert "'P30D' is not a window" in str(app.screen.query_one("#problems").content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CellEditDialog) and app.session.current.rules == ()
