"""The raw rule form picks ids from lists, never from memory: type part of a name or an id to
narrow the list, Space to choose; `overrides` reads as what the rule takes precedence over."""

from __future__ import annotations

import pytest
from conftest import SIZE, open_app, press, run_async, settle, static_text
from textual.widgets import Input, Select

from tui.app import PjdApp
from tui.screens.form_editor import FormEditor
from tui.widgets.choices import CheckList
from tui.widgets.id_picker import IdPicker

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


async def new_rule_form(pilot) -> FormEditor:
    await open_app(pilot)
    await press(pilot, "r", "N")
    editor = pilot.app.screen
    assert isinstance(editor, FormEditor) and editor.model is None
    return editor


async def pick(pilot, editor, field: str, typed: str, erase: int = 0) -> list[str]:
    """Type a filter into a field's picker, tab to its list and choose the first match; the
    labels the filter left."""
    picker = editor.query_one(f"#f-{field}", IdPicker)
    picker.query_one(".picker-filter", Input).focus()
    await press(pilot, *["backspace"] * erase, *typed, "tab")
    listing = picker.query_one(CheckList)
    shown = [str(option.prompt) for option in listing.options]
    assert editor.focused is listing and listing.highlighted == (0 if shown else None)
    await press(pilot, "space")
    return shown


@run_async
async def test_a_rule_made_in_the_form_by_filtering_and_choosing(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_rule_form(pilot)
        editor.query_one("#f-id", Input).value = "tillat-sykehusleger"
        assert await pick(pilot, editor, "personnel", "syke") == ["Sykehusleger (sykehuslege)", "Sykepleiere (sykepleier)"]
        assert await pick(pilot, editor, "documents", "A03") == []  # codes are not names: nothing matches
        assert "nothing matches 'a03'" in static_text(app, "#f-documents .picker-more")
        assert await pick(pilot, editor, "documents", "plan", erase=3) == ["Kriseplan [utkast] (kriseplan)"]
        assert await pick(pilot, editor, "legal_basis", "45") == ["Helsepersonelloven § 45 (hpl-45)"]
        assert editor.query_one("#f-personnel", IdPicker).value == ["sykehuslege"]
        assert static_text(app, "#summary").startswith("3 cells change: 3 become allowed")  # kriseplan from every source
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormEditor)
    rule = app.session.current.rules_by_id["tillat-sykehusleger"]
    assert (rule.effect, rule.personnel, rule.documents, rule.legal_basis, rule.sources) == (
        "allow", ("sykehuslege",), ("kriseplan",), ("hpl-45",), None)
    assert app.session.evaluation().decision(("hf-vest", "kriseplan", "sykehuslege", "read")).kind == "allow"


@run_async
async def test_chosen_ids_stay_listed_whatever_the_filter(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "r", "enter")  # a-lege: personnel [lege]
        picker = app.screen.query_one("#f-personnel", IdPicker)
        picker.query_one(".picker-filter", Input).focus()
        await press(pilot, *"sykepl")
        assert [str(o.prompt) for o in picker.query_one(CheckList).options] == ["Leger (lege)", "Sykepleiere (sykepleier)"]
        assert picker.query_one(CheckList).selected == ["lege"]


@run_async
async def test_a_deny_says_in_words_which_allows_it_takes_precedence_over(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_rule_form(pilot)
        editor.query_one("#f-id", Input).value = "nekt-kriseplan"
        editor.query_one("#f-effect", Select).value = "deny"
        await pick(pilot, editor, "documents", "kriseplan")
        assert any(str(label.content).startswith("This rule is to take precedence over") for label in editor.query(".field-label"))
        overrides = editor.query_one("#f-overrides", IdPicker).query_one(CheckList)
        # the allow rules, with their effect and their name or rationale
        assert [str(o.prompt) for o in overrides.options] == ["a-lege — allow: Leger trenger epikriser.", "c-kriseplan — allow"]
        assert await pick(pilot, editor, "overrides", "c-krise") == ["c-kriseplan — allow"]
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormEditor)
    rule = app.session.current.rules_by_id["nekt-kriseplan"]
    assert rule.effect == "deny" and rule.overrides == ("c-kriseplan",) and rule.documents == ("kriseplan",)


@run_async
async def test_the_entity_forms_pick_parents_and_producers_from_lists_too(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_entities(select="epikrise")
        await settle(pilot)
        await press(pilot, "enter")
        editor = app.screen
        assert isinstance(editor, FormEditor) and editor.model.id == "epikrise"
        parents = editor.query_one("#f-parents", IdPicker)
        assert list(parents.labels) == ["epikriser"]  # a document type's parents are categories only
        producers = editor.query_one("#f-produced_by", IdPicker)
        assert producers.value == ["hf"]
        producers.query_one(".picker-filter", Input).focus()
        await press(pilot, *"fastlege", "tab")
        listing = producers.query_one(CheckList)
        # What is chosen stays listed first, whatever the filter.
        assert [str(option.prompt) for option in listing.options] == ["Helseforetak (hf)", "Fastlegekontor (fastlegekontor)"]
        await press(pilot, "down", "space")
        assert producers.value == ["hf", "fastlegekontor"]
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormEditor), static_text(app, "#problems")
    assert app.session.current.document_types["epikrise"].produced_by == ("hf", "fastlegekontor")


@run_async
async def test_a_group_is_never_offered_as_its_own_parent(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        app.open_entities(select="lege")
        await settle(pilot)
        await press(pilot, "enter")
        assert app.screen.model.id == "lege"
        assert "lege" not in app.screen.query_one("#f-parents", IdPicker).labels
