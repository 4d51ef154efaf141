"""Never lose work: files changed on disk by another writer (apply my edits on top of them, or
see the conflicts), undo and redo across a save, and a copy that lands outside the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SIZE, open_app, open_dialog, press, run_async, screen_text, settle
from textual.widgets import Button, Input

from policy_model import edits
from policy_model.schema import Rule
from tui.app import PjdApp
from tui.screens.dialogs import Choice, FolderDialog
from tui.screens.main import MainScreen

pytestmark = pytest.mark.usefixtures("english")

NEW_RULE = "nekt-hf-vest-epikrise-sykepleier"
THEIR_RULE = """
  # Added by a colleague while the app was open.
  - id: a-sykepleier
    effect: allow
    documents: [epikrise]
    personnel: [sykepleier]
    legal_basis: [hpl-45]
"""


async def add_a_rule(pilot) -> None:
    """A deny rule made in the cell dialog (an added entry)."""
    await open_dialog(pilot, "epikrise", "sykepleier", "d")
    await press(pilot, "ctrl+s")
    assert NEW_RULE in pilot.app.session.current.rules_by_id


def change_a_lege(app, rationale: str) -> None:
    """The session's edit of rule a-lege (the entry point every edit dialog uses)."""
    current = app.session.current
    model = current.rules_by_id["a-lege"].model_copy(update={"rationale": rationale})
    app.apply_edits([edits.change(current, "rules", "a-lege", model)])


def focused_id(app) -> str:
    assert isinstance(app.screen.focused, Button)
    return app.screen.focused.id


async def choose(pilot, button: str) -> None:
    """Press a dialog's button deliberately (tab to it and press enter)."""
    for _ in range(len(pilot.app.screen.query(Button))):
        if focused_id(pilot.app) == button:
            break
        await press(pilot, "tab")
    assert focused_id(pilot.app) == button
    await press(pilot, "enter")


async def conflict_on_a_lege(pilot) -> str:
    """We change rule a-lege, another writer changes it on disk too, and we try to save and
    apply our edits on top: the conflict dialog is open. Returns the file as they left it."""
    rules = pilot.app.session.root / "rules.yaml"
    change_a_lege(pilot.app, "Vår begrunnelse.")
    await settle(pilot)
    theirs = rules.read_text().replace("rationale: Leger trenger epikriser.", "rationale: Deres begrunnelse.")
    rules.write_text(theirs)  # the other writer changed the very rule we changed
    await press(pilot, "ctrl+s")
    await choose(pilot, "replay")
    return theirs


@run_async
async def test_apply_my_edits_on_top_saves_both_writers_changes(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await add_a_rule(pilot)
        rules.write_text(rules.read_text() + THEIR_RULE)  # another writer, while we edit
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, Choice) and focused_id(app) == "cancel"
        assert "Apply my edits on top of the files as they are now" in screen_text(app)
        await choose(pilot, "replay")
        assert isinstance(app.screen, MainScreen)
        assert not app.session.dirty
        assert {NEW_RULE, "a-sykepleier"} <= set(app.session.current.rules_by_id)  # both, read back
        await press(pilot, "ctrl+z")  # our edit can still be undone, theirs stays
        assert app.session.dirty and NEW_RULE not in app.session.current.rules_by_id
        assert "a-sykepleier" in app.session.current.rules_by_id
    text = rules.read_text()
    assert f"id: {NEW_RULE}" in text and "# Added by a colleague while the app was open." in text
    assert "# Leger leser epikriser." in text  # the rest of the file as it was


@run_async
async def test_a_real_conflict_is_shown_and_enter_writes_nothing_and_keeps_the_edits(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        theirs = await conflict_on_a_lege(pilot)
        dialog = app.screen
        assert isinstance(dialog, Choice) and focused_id(app) == "cancel"
        text = screen_text(app)
        assert "Your edits conflict with changes on disk" in text
        assert "rule 'a-lege': someone else changed it on disk. Your edit: change rule 'a-lege'" in text
        assert not dialog.query("#drop")  # nothing else would apply: no "save the others"
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.session.dirty and app.session.edit_count == 1
        assert app.session.current.rules_by_id["a-lege"].rationale == "Vår begrunnelse."
        await press(pilot, "ctrl+z")  # the history is intact
        assert app.session.current.rules_by_id["a-lege"].rationale == "Leger trenger epikriser."
    assert rules.read_text() == theirs  # nothing written


@run_async
async def test_saving_the_edits_that_apply_drops_only_the_conflicting_one(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await add_a_rule(pilot)
        await conflict_on_a_lege(pilot)
        assert str(app.screen.query_one("#drop", Button).label) == "Save the others and drop 1 conflicting edit"
        assert "1 other edit applies on top of their changes." in screen_text(app)
        await choose(pilot, "drop")
        assert isinstance(app.screen, MainScreen) and not app.session.dirty
        notices = [str(n.message) for n in app._notifications]
        assert ("Saved rules.yaml: your edits on top of the changes on disk. 1 conflicting edit was dropped, "
                "so undo starts from here.") in notices, notices
        await press(pilot, "ctrl+z")  # the history starts at the replay: nothing to undo
        assert not app.session.dirty and f"{NEW_RULE}" in app.session.current.rules_by_id
    text = rules.read_text()
    assert f"id: {NEW_RULE}" in text and "Deres begrunnelse." in text and "Vår begrunnelse." not in text


@run_async
async def test_undo_and_redo_survive_a_save(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await add_a_rule(pilot)
        await press(pilot, "ctrl+s")  # save
        assert not app.session.dirty and app.session.edit_count == 0
        saved = rules.read_bytes()
        assert f"id: {NEW_RULE}".encode() in saved
        await press(pilot, "ctrl+z")  # undo after the save: unsaved again
        assert app.session.dirty and app.session.edit_count == 1
        assert NEW_RULE not in app.session.current.rules_by_id
        assert rules.read_bytes() == saved  # the file is left alone until the next save
        await press(pilot, "ctrl+y")  # redo: back to what the file holds
        assert not app.session.dirty and NEW_RULE in app.session.current.rules_by_id
        await press(pilot, "ctrl+z", "ctrl+s")  # undoing and saving takes it out of the file
        assert not app.session.dirty
    assert f"id: {NEW_RULE}".encode() not in rules.read_bytes()
    assert b"# Leger leser epikriser." in rules.read_bytes()


@run_async
async def test_the_copy_defaults_to_a_folder_outside_the_open_catalogue(tmp_path, monkeypatch):
    import catalogue as bundled

    home = tmp_path / "home"
    (home / "pjd-katalog").mkdir(parents=True)  # taken: the next one is offered
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(bundled.path())  # working inside the bundled catalogue
    app = PjdApp(bundled.path())
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.action_make_copy()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FolderDialog)
        default = Path(dialog.query_one("#folder", Input).value)
        assert default == home / "pjd-katalog-2"
        assert not default.exists() and bundled.path().resolve() not in default.resolve().parents
        await press(pilot, "enter")  # the default makes the copy there
        assert not app.session.read_only and app.session.root == default
    assert (default / "rules.yaml").exists()


@run_async
async def test_with_many_conflicts_at_80x24_every_button_stays_inside_the_dialog(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    ids = [f"a-lege-epikrise-nummer-{n}" for n in range(8)]
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_app(pilot)
        for rule_id in ids:  # saved first, so that both writers can change them
            app.apply_edits([edits.add(app.session.current, "rules", Rule(
                id=rule_id, effect="allow", documents=("epikrise",), personnel=("lege",), legal_basis=("hpl-45",),
                rationale=f"Grunn {rule_id}."))])
        await press(pilot, "ctrl+s")
        assert not app.session.dirty
        for rule_id in ids:
            current = app.session.current
            ours = current.rules_by_id[rule_id].model_copy(update={"rationale": "Vår grunn."})
            app.apply_edits([edits.change(current, "rules", rule_id, ours)])
        await add_a_rule(pilot)  # one edit that still applies: the dialog offers to save it
        text = rules.read_text()
        for rule_id in ids:
            text = text.replace(f"Grunn {rule_id}.", "Deres grunn.")
        rules.write_text(text)  # the other writer changed all eight
        await press(pilot, "ctrl+s")
        await choose(pilot, "replay")
        dialog = app.screen
        assert isinstance(dialog, Choice) and len(dialog.query(Button)) == 3
        box = dialog.query_one("#box").content_region
        for button in dialog.query(Button):
            assert button.region.area and app.screen.region.contains_region(button.region), button.id
            assert box.contains_region(button.region), button.id
        assert focused_id(app) == "cancel"
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.session.dirty and app.session.edit_count == len(ids) + 1
    assert rules.read_text() == text  # nothing written
