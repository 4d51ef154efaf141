"""The rule dialog a keyboard user can drive: a scope widened on each axis independently (every
ancestor offered, nearest first), lists that highlight their first row when tabbed into, the
impact summarised and a refusal explained where 80×24 shows them, and a preview that says when
the rule does not count in the view."""

from __future__ import annotations

import pytest
from builders import load_data
from conftest import open_dialog, press, run_async, screen_text, static_text
from textual.widgets import Button, RadioSet, Select

from policy_model.i18n import set_language
from tui.app import PjdApp
from tui.screens.edit_cell import CellEditDialog, scope_choices
from tui.screens.main import MainScreen
from tui.widgets.choices import CheckList

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


def summary(app) -> str:
    return static_text(app, "#summary")


@run_async
async def test_a_rule_widened_on_three_axes_from_the_dialog(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        dialog = await open_dialog(pilot, "kriseplan", "fastlege", "a")
        assert isinstance(dialog, CellEditDialog) and dialog.focused is dialog.query_one("#scope-sources", RadioSet)
        # the cell: conditional (c-kriseplan) → allow
        assert summary(app).startswith("1 cell changes: 1 becomes allowed")
        await press(pilot, "down", "space")  # sources: Helseforetak
        assert summary(app).startswith("2 cells change: 2 become allowed")
        await press(pilot, "tab", "down", "space")  # documents: the category Epikriser
        assert dialog.query_one("#rule-id").value == "tillat-hf-epikriser-fastlege"
        await press(pilot, "tab", "down", "space")  # personnel: Leger
        assert summary(app).startswith("4 cells change: 4 become allowed")
        assert dialog.query_one("#rule-id").value == "tillat-hf-epikriser-lege"
        bases = [str(option.prompt) for option in dialog.query_one("#bases", CheckList).options]
        assert bases == ["✓ Helsepersonelloven § 45 (hpl-45)"]  # its scope (lege, sykepleier) covers the rule
        dialog.query_one("#bases", CheckList).select("hpl-45")
        await press(pilot)
        assert static_text(app, "#problems") == ""
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
    rule = app.session.current.rules_by_id["tillat-hf-epikriser-lege"]
    assert (rule.effect, rule.sources, rule.documents, rule.personnel, rule.legal_basis) == (
        "allow", ("hf",), ("epikriser",), ("lege",), ("hpl-45",))
    evaluation = app.session.evaluation()
    for source in ("hf-vest", "hf-nord"):
        for group in ("fastlege", "sykehuslege"):
            assert evaluation.decision((source, "kriseplan", group, "read")).kind == "allow"
    assert evaluation.decision(("fastlegekontor", "kriseplan", "fastlege", "read")).kind == "conditional"  # not under hf
    assert evaluation.decision(("hf-vest", "kriseplan", "sykepleier", "read")).kind == "none"  # not under lege


def test_every_ancestor_is_offered_once_nearest_first_then_by_name():
    catalogue = load_data(
        sources=[{"id": "s", "name": "S"}],
        personnel_groups=[
            {"id": "helsepersonell", "name": "Helsepersonell"},
            {"id": "lege", "name": "Leger", "parents": ["helsepersonell"]},
            {"id": "akutt", "name": "Akuttpersonell", "parents": ["helsepersonell", "lege"]},
            {"id": "legevaktlege", "name": "Legevaktleger", "parents": ["lege", "akutt"]},
            {"id": "tannlege", "name": "Tannleger"},
        ],
        document_categories=[{"id": "k", "name": "K"}],
        document_types=[{"id": "d", "name": "D", "parents": ["k"]}],
    )
    assert scope_choices(catalogue, "personnel", "legevaktlege") == [
        ("Legevaktleger", "legevaktlege"),
        ("Akuttpersonell (1 personnel group)", "akutt"),  # distance 1, A before L
        ("Leger (1 personnel group)", "lege"),
        ("Helsepersonell (1 personnel group)", "helsepersonell"),  # reached along three paths, listed once
        ("Every personnel group (2)", None),  # Tannleger is under none of them
    ]
    assert scope_choices(catalogue, "documents", "d") == [("D", "d"), ("K (1 document type)", "k")]  # K holds every type


@run_async
async def test_tabbing_into_a_list_highlights_its_first_row_so_space_toggles(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        dialog = await open_dialog(pilot, "epikrise", "sykepleier", "c")
        conditions = dialog.query_one("#conditions", CheckList)
        while dialog.focused is not conditions:
            await press(pilot, "tab")
        assert conditions.highlighted == 0
        await press(pilot, "space")
        assert conditions.selected == ["akutt"]
        bases = dialog.query_one("#bases", CheckList)  # rebuilt as the scope changed: no highlight left
        while dialog.focused is not bases:
            await press(pilot, "tab")
        await press(pilot, "space")
        assert bases.selected == ["hpl-45"]


@run_async
async def test_at_80x24_the_refusal_sits_beside_the_button_and_the_impact_is_summarised_on_top(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, "epikrise", "sykepleier", "a")
        assert dialog.query_one("#ok", Button).disabled
        lines = screen_text(app).splitlines()
        button_line = next(i for i, line in enumerate(lines) if "Confirm  ctrl+s" in line)
        assert "choose a legal basis" in lines[button_line]  # the reason, beside the refused button
        top = "\n".join(lines[:6])
        assert "1 cell changes: 1 becomes allowed · 1 cell gains access" in top
        dialog.query_one("#bases", CheckList).select("hpl-45")
        await press(pilot)
        assert not dialog.query_one("#ok", Button).disabled
        assert "choose a legal basis" not in screen_text(app)


@run_async
async def test_in_the_approved_view_the_preview_says_a_draft_rule_does_not_count(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        app.session.view = "approved"
        dialog = await open_dialog(pilot, "epikrise", "sykepleier", "a")
        said = "The rule does not count in the view approved: a draft rule counts only in the view draft"
        assert static_text(app, "#impact").startswith(said)
        assert "No cell changes" not in static_text(app, "#impact")
        assert summary(app).startswith("The rule does not count in the view approved")
        dialog.query_one("#status", Select).value = "proposed"
        await press(pilot)
        assert "a proposed rule counts only in the views draft and proposed" in static_text(app, "#impact")
        dialog.query_one("#status", Select).value = "approved"
        await press(pilot)
        assert summary(app).startswith("1 cell changes: 1 becomes allowed")
        assert "does not count" not in static_text(app, "#impact")


@run_async
async def test_in_bokmal_the_preview_says_regelen_teller_ikke(catalogue_dir):
    set_language("nb")
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.session.view = "approved"
        await open_dialog(pilot, "epikrise", "sykepleier", "a")
        assert summary(app).startswith("Regelen teller ikke i visningen godkjent")
        assert static_text(app, "#impact").startswith(
            "Regelen teller ikke i visningen godkjent: en regel med status utkast teller bare i visningen utkast")


@run_async
async def test_an_id_the_user_typed_survives_a_wider_scope(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        dialog = await open_dialog(pilot, "kriseplan", "fastlege", "a")
        await press(pilot, "down", "space")  # a suggestion follows the scope …
        assert dialog.query_one("#rule-id").value == "tillat-hf-kriseplan-fastlege"
        dialog.query_one("#rule-id").value = "leger-leser-kriseplan"
        await press(pilot, "down", "space")  # … a typed id does not
        assert dialog.query_one("#rule-id").value == "leger-leser-kriseplan"
        assert dialog.query_one("#scope-sources", RadioSet).pressed_index == 2  # every source
        dialog.query_one("#bases", CheckList).select("hpl-45")
        await press(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
    rule = app.session.current.rules_by_id["leger-leser-kriseplan"]
    assert rule.sources is None and rule.documents == ("kriseplan",)  # every source: the axis left out


@run_async
async def test_on_a_category_row_the_category_is_the_narrowest_choice(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=(120, 44)) as pilot:
        await press(pilot)
        dialog = CellEditDialog(app.session, None, "hf-vest", None, "epikriser", "sykepleier", "deny")
        await app.push_screen(dialog, app.apply_edits)  # as the matrix does on a category row
        await press(pilot)
        labels = [str(button.label) for button in dialog.query_one("#scope-documents", RadioSet).query("RadioButton")]
        assert labels == ["Epikriser (2 document types)"]  # it holds every document type: no "every" choice
        assert summary(app).startswith("2 cells change: 2 become denied")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
    assert app.session.current.rules_by_id["nekt-hf-vest-epikriser-sykepleier"].documents == ("epikriser",)
