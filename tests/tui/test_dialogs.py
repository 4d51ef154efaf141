"""No dialog has a default that throws work away: enter on each one, as it opens, keeps every
unsaved edit, every file and everything typed so far; the destructive choice says what it drops."""

from __future__ import annotations

import pytest
from conftest import SIZE, open_app, open_dialog, press, run_async, screen_text, settle, static_text
from textual.widgets import Button, Input

from tui.app import PjdApp
from tui.screens.clear_cell import ClearCellDialog
from tui.screens.dialogs import Choice, FolderDialog
from tui.screens.edit_cell import CellEditDialog
from tui.screens.form_editor import FormEditor
from tui.screens.main import MainScreen

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

NEW_RULE = "nekt-hf-vest-epikrise-sykepleier"


async def make_an_edit(pilot) -> None:
    await open_dialog(pilot, "epikrise", "sykepleier", "d")
    await press(pilot, "ctrl+s")  # a deny rule, confirmed in its dialog
    assert NEW_RULE in pilot.app.session.current.rules_by_id


def focused_button(app) -> Button:
    focused = app.screen.focused
    assert isinstance(focused, Button)
    return focused


def assert_edit_kept(app) -> None:
    assert app.is_running and app.session.dirty and app.session.edit_count == 1
    assert NEW_RULE in app.session.current.rules_by_id


@run_async
async def test_enter_on_the_changed_on_disk_dialog_keeps_the_edits(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await make_an_edit(pilot)
        someone_else = (catalogue_dir / "rules.yaml").read_text() + "# a colleague's note\n"
        (catalogue_dir / "rules.yaml").write_text(someone_else)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, Choice)
        assert focused_button(app).id == "cancel"
        assert str(app.screen.query_one("#reload", Button).label) == "Reload from disk (drops 1 unsaved edit)"
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert_edit_kept(app)
        await press(pilot, "ctrl+z")  # the history is still there
        assert not app.session.dirty and NEW_RULE not in app.session.current.rules_by_id
    assert (catalogue_dir / "rules.yaml").read_text() == someone_else


@run_async
async def test_enter_on_the_quit_guard_keeps_the_app_and_the_edits(catalogue_dir):
    before = (catalogue_dir / "rules.yaml").read_bytes()
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await make_an_edit(pilot)
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, Choice) and focused_button(app).id == "cancel"
        assert str(app.screen.query_one("#discard", Button).label) == "Quit without saving (drops 1 unsaved edit)"
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert_edit_kept(app)
    assert (catalogue_dir / "rules.yaml").read_bytes() == before


@run_async
async def test_reload_with_unsaved_edits_asks_and_enter_keeps_them(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await make_an_edit(pilot)
        app.action_reload()  # the palette's "Reload from disk"
        await settle(pilot)
        assert isinstance(app.screen, Choice) and focused_button(app).id == "cancel"
        assert "drops your 1 unsaved edit" in screen_text(app)
        await press(pilot, "enter")
        assert_edit_kept(app)
        app.action_reload()
        await settle(pilot)
        await pilot.click("#reload")  # the deliberate choice does reload
        await settle(pilot)
        assert not app.session.dirty and isinstance(app.screen, MainScreen)


@run_async
async def test_enter_on_the_delete_confirmation_deletes_nothing(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "r", "delete")
        assert isinstance(app.screen, Choice) and focused_button(app).id == "cancel"
        assert str(app.screen.query_one("#yes", Button).label) == "Delete rule 'a-lege'"
        await press(pilot, "enter")
        assert "a-lege" in app.session.current.rules_by_id and not app.session.dirty


@run_async
async def test_enter_in_the_clear_dialog_removes_nothing(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(await open_dialog(pilot, "epikrise", "fastlege", "x"), ClearCellDialog)
        assert str(app.screen.query_one("#ok", Button).label) == "Remove 1 rule  ctrl+s"
        await press(pilot, "enter")  # toggles the rule in the list; removes nothing
        assert isinstance(app.screen, ClearCellDialog)
        assert str(app.screen.query_one("#ok", Button).label) == "Remove 0 rules  ctrl+s"
        await press(pilot, "escape")
        assert "a-lege" in app.session.current.rules_by_id and not app.session.dirty


@run_async
async def test_enter_in_the_rule_dialog_keeps_what_was_typed(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, "epikrise", "sykepleier", "a")
        assert isinstance(dialog, CellEditDialog)
        await press(pilot, "enter")
        rationale = dialog.query_one("#rationale", Input)
        rationale.focus()
        rationale.value = "Sykepleiere trenger den"
        await press(pilot, "enter")
        assert app.screen is dialog and dialog.query_one("#rationale", Input).value == "Sykepleiere trenger den"
        assert not app.session.dirty


@run_async
async def test_enter_in_the_form_editor_keeps_what_was_typed(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "r", "enter")
        editor = app.screen
        assert isinstance(editor, FormEditor)
        editor.query_one("#f-rationale").focus()
        editor.query_one("#f-rationale").text = "Leger og sykepleiere"
        editor.query_one("#f-owner", Input).focus()
        editor.query_one("#f-owner", Input).value = "hdir"
        await press(pilot, "enter")
        assert app.screen is editor and editor.query_one("#f-owner", Input).value == "hdir"
        assert app.session.current.rules_by_id["a-lege"].personnel == ("lege",)


@run_async
async def test_enter_in_the_export_dialog_never_replaces_a_file(catalogue_dir, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    (out / "veiledningsmatrise.xlsx").write_bytes(b"annotated by a colleague")
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, FolderDialog)
        dialog.query_one("#folder", Input).value = str(out)
        await press(pilot, "enter")
        assert app.screen is dialog
        assert "already holds veiledningsmatrise.xlsx" in static_text(app, "#replaces")
        assert str(dialog.query_one("#ok", Button).label) == "Replace veiledningsmatrise.xlsx"
        assert (out / "veiledningsmatrise.xlsx").read_bytes() == b"annotated by a colleague"
        await pilot.click("#ok")  # the deliberate choice does replace it
        await settle(pilot)
    assert (out / "veiledningsmatrise.xlsx").read_bytes().startswith(b"PK")


@run_async
async def test_enter_in_the_copy_dialog_keeps_the_edits_and_the_folder_there(tmp_path):
    import catalogue as bundled

    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    app = PjdApp(bundled.path())
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "d", "ctrl+s")  # an edit in the read-only catalogue
        assert app.session.dirty
        await press(pilot, "ctrl+s")  # saving it asks for a folder to copy to
        dialog = app.screen
        assert isinstance(dialog, FolderDialog)
        dialog.query_one("#folder", Input).value = str(taken)
        await press(pilot, "enter")
        assert app.session.dirty and app.session.read_only and app.session.edit_count == 1
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]


@run_async
async def test_enter_on_the_help_screen_changes_nothing(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await make_an_edit(pilot)
        await press(pilot, "question_mark", "enter", "escape")
        assert isinstance(app.screen, MainScreen)
        assert_edit_kept(app)
