"""Export from the app defaults to the view being edited, and says what that gives (in bokmål,
the default language)."""

from __future__ import annotations

from conftest import SIZE, open_app, press, run_async, static_text
from textual.widgets import Select

from tui.app import PjdApp
from tui.screens.dialogs import FolderDialog


@run_async
async def test_export_in_the_draft_view_defaults_to_draft_and_says_the_files_are_marked(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        assert app.session.view == "draft"
        await press(pilot, "ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, FolderDialog)
        assert dialog.query_one("#view", Select).value == "draft"
        assert static_text(app, "#view-note") == "Eksporterer visningen utkast: filene merkes UTKAST."
        dialog.query_one("#view", Select).value = "approved"  # choosing another view changes the words
        await pilot.pause()
        assert static_text(app, "#view-note").startswith("Eksporterer visningen godkjent:")


@run_async
async def test_export_in_the_approved_view_defaults_to_approved(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        while app.session.view != "approved":
            await press(pilot, "v")
        await press(pilot, "ctrl+e")
        dialog = app.screen
        assert isinstance(dialog, FolderDialog)
        assert dialog.query_one("#view", Select).value == "approved"
        note = static_text(app, "#view-note")
        assert note.startswith("Eksporterer visningen godkjent:") and "merkes UTKAST bare" in note
