"""Selecting a range in the matrix (shift+arrows, a mouse drag) and turning it into the fewest
rules with a/c/d, or clearing it with x: the real app on a real catalogue in tmp_path, every
cell's decision compared before and after."""

from __future__ import annotations

import pytest
from builders import write_data, world
from conftest import open_app, press, run_async, screen_text, settle, static_text
from textual.coordinate import Coordinate

from policy_model.decide import Evaluation
from policy_model.load import load_folder
from tui.app import PjdApp
from tui.screens.clear_cell import ClearCellDialog
from tui.screens.edit_range import RangeEditDialog
from tui.screens.main import MainScreen
from tui.widgets.choices import CheckList
from tui.widgets.matrix import MatrixTable
from tui.widgets.selection import Rect, matrix_range

SIZE = (160, 48)


def decisions(catalogue, view="draft") -> dict:
    return dict(Evaluation(catalogue, view).matrix())


def assert_only_range_changed(before: dict, after: dict, source, documents, groups, kind) -> None:
    """Every selected cell has `kind`; no cell outside the selection changed."""
    assert before.keys() == after.keys()
    for cell, decision in after.items():
        if cell[0] == source and cell[1] in documents and cell[2] in groups:
            assert decision.kind == kind, cell
        else:
            assert decision == before[cell], cell


def background(table, coordinate):
    """The background colour the table draws a cell in (what the eye sees as highlighted)."""
    region = table._get_cell_region(coordinate)
    [segment, *_] = list(table.render_line(region.y).crop(region.x + 1, region.x + 2))
    return segment.style.bgcolor


async def select_from(pilot, document, group, *keys):
    """Put the cursor on a cell, then press shift+arrows; the table."""
    table = pilot.app.screen.query_one(MatrixTable)
    table.move_to(document, group)
    await pilot.pause()
    await press(pilot, *keys)
    return table


@run_async
async def test_shift_arrows_select_a_rectangle_and_a_makes_it_one_rule_in_one_undo_step(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        source = screen.source
        table = await select_from(pilot, "epikrise", "fastlege", "shift+down", "shift+right", "shift+right")
        assert table.selection == Rect(Coordinate(1, 1), Coordinate(2, 3))
        assert matrix_range(table) == (["epikrise", "kriseplan"], ["fastlege", "sykehuslege", "sykepleier"])
        assert "2 × 3 celler valgt" in static_text(app, "#selection-size")
        assert "2 × 3 celler valgt" in screen_text(app)
        selected = table.get_component_rich_style("selectable--selected").bgcolor
        assert background(table, Coordinate(1, 2)) == selected and background(table, Coordinate(1, 3)) == selected
        assert background(table, Coordinate(0, 2)) != selected  # the category heading is outside
        before = decisions(app.session.current)

        await press(pilot, "a")
        dialog = app.screen
        assert isinstance(dialog, RangeEditDialog)
        # The whole category Epikriser × Leger and Sykepleiere, none of it denied: epikrise for
        # leger is already allowed and may lie inside the box, so a naive count is one rule.
        [rule] = dialog.proposal.rules
        assert (rule.effect, rule.documents, rule.personnel) == ("allow", ("epikriser",), ("lege", "sykepleier"))
        assert rule.sources == (source,)
        assert "1 regel:" in static_text(app, "#rules") and "dokumenttyper: Epikriser" in static_text(app, "#rules")
        assert dialog.query_one("#bases", CheckList).selected == ["hpl-45"]  # its scope covers the rule
        assert "celle" in static_text(app, "#impact")

        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        assert len(app.session.undo_stack) == 1 and len(app.session.undo_stack[0]) == 1
        assert_only_range_changed(before, decisions(app.session.current), source, {"epikrise", "kriseplan"},
                                  {"fastlege", "sykehuslege", "sykepleier"}, "allow")
        assert table.selection is None  # the matrix was redrawn: the selection went with it

        await press(pilot, "ctrl+z")
        assert decisions(app.session.current) == before


@run_async
async def test_cells_that_adding_rules_cannot_reach_are_listed_and_the_rest_gets_its_rule(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        # Conditional on akutt over Epikriser × everyone: for leger an allow (epikrise) and the
        # samtykke alternative (kriseplan) stand in the way; sykepleiere get one rule.
        await select_from(pilot, "epikrise", "fastlege", "shift+down", "shift+right", "shift+right")
        await press(pilot, "c")
        dialog = app.screen
        assert isinstance(dialog, RangeEditDialog)
        assert dialog.query_one("#ok").disabled  # no condition chosen yet
        dialog.query_one("#conditions", CheckList).select("akutt")
        await settle(pilot)
        [rule] = dialog.proposal.rules
        assert (rule.documents, rule.personnel, rule.conditions) == (("epikriser",), ("sykepleier",), ("akutt",))
        assert len(dialog.proposal.unreachable) == 4
        listed = static_text(app, "#rules")
        assert "4 celler kan ikke" in listed and "a-lege" in listed and "c-kriseplan" in listed
        before = decisions(app.session.current)
        await press(pilot, "ctrl+s")
        after = decisions(app.session.current)
        changed = {cell for cell in after if after[cell] != before[cell]}
        assert changed == {(screen.source, d, "sykepleier", "read") for d in ("epikrise", "kriseplan")}
        assert after[(screen.source, "kriseplan", "sykepleier", "read")].alternatives == (("akutt",),)


@run_async
async def test_d_on_mixed_cells_denies_exactly_the_range_with_one_rule_that_names_what_it_overrides(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        # allow (epikrise × leger), conditional (kriseplan × leger) and none (sykepleiere)
        await select_from(pilot, "kriseplan", "sykepleier", "shift+up", "shift+left", "shift+left")
        before = decisions(app.session.current)
        await press(pilot, "d")
        dialog = app.screen
        assert isinstance(dialog, RangeEditDialog)
        [rule] = dialog.proposal.rules
        assert rule.effect == "deny" and set(rule.overrides) == {"a-lege", "c-kriseplan"}
        await press(pilot, "ctrl+s")
        assert len(app.session.undo_stack) == 1
        assert_only_range_changed(before, decisions(app.session.current), screen.source, {"epikrise", "kriseplan"},
                                  {"fastlege", "sykehuslege", "sykepleier"}, "deny")
        await press(pilot, "ctrl+s")  # saved, and it reads back the same
        assert decisions(load_folder(catalogue_dir).catalogue) == decisions(app.session.current)


@run_async
async def test_x_on_a_range_removes_the_rules_that_decide_it_as_one_step(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await select_from(pilot, "epikrise", "fastlege", "shift+down")
        await press(pilot, "x")
        dialog = app.screen
        assert isinstance(dialog, ClearCellDialog) and "2 celler" in static_text(app, "#box-title")
        assert sorted(dialog.query_one("#rules", CheckList).selected) == ["a-lege", "c-kriseplan"]
        await press(pilot, "ctrl+s")
        assert [r.id for r in app.session.current.rules] == []
        assert len(app.session.undo_stack) == 1 and len(app.session.undo_stack[0]) == 2


@run_async
async def test_a_mouse_drag_selects_a_range(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        table = app.screen.query_one(MatrixTable)

        def at(row, column):
            region = table._get_cell_region(Coordinate(row, column))
            return (region.x + 1, region.y)

        await pilot.mouse_down(table, offset=at(1, 2))
        await pilot.hover(table, offset=at(2, 3))
        await pilot.mouse_up(table, offset=at(2, 3))
        await settle(pilot)
        assert table.selection == Rect(Coordinate(1, 2), Coordinate(2, 3))
        assert table.cursor_coordinate == Coordinate(2, 3)
        assert matrix_range(table) == (["epikrise", "kriseplan"], ["sykehuslege", "sykepleier"])
        assert "2 × 2 celler valgt" in static_text(app, "#selection-size")
        # a click (down and up on one cell) selects nothing: it moves the cursor
        await pilot.click(table, offset=at(1, 1))
        await settle(pilot)
        assert table.selection is None and table.cursor_coordinate == Coordinate(1, 1)
        # shift+click selects from the cursor to the cell clicked
        await pilot.click(table, offset=at(2, 2), shift=True)
        await settle(pilot)
        assert table.selection == Rect(Coordinate(1, 1), Coordinate(2, 2))


@run_async
async def test_esc_or_a_plain_arrow_clears_the_selection(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        table = await select_from(pilot, "epikrise", "fastlege", "shift+right")
        assert table.selection is not None
        await press(pilot, "escape")
        assert table.selection is None and isinstance(app.screen, MainScreen)
        assert "valgt" not in screen_text(app)
        await press(pilot, "shift+down", "down")
        assert table.selection is None
        # with no selection a/c/d act on the cell as before
        await press(pilot, "a")
        assert type(app.screen).__name__ == "CellEditDialog"


@pytest.mark.usefixtures("english")
@run_async
async def test_with_actions_the_range_is_every_action_unless_fewer_are_checked(tmp_path):
    actions = [
        {"id": "list", "name": "Se i dokumentlisten", "short_name": "Liste"},
        {"id": "open", "name": "Åpne dokumentet", "short_name": "Åpne", "requires": ["list"]},
    ]
    root = write_data(tmp_path / "cat", **world([], actions=actions))
    app = PjdApp(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        await select_from(pilot, "epikrise", "fastlege", "shift+right")
        assert "1 × 2 cells selected" in screen_text(app)
        await press(pilot, "a")
        dialog = app.screen
        [rule] = dialog.proposal.rules
        assert rule.personnel == ("lege",) and rule.actions == ("list", "open")
        dialog.query_one("#actions", CheckList).deselect("list")
        await settle(pilot)
        [rule] = dialog.proposal.rules
        assert rule.actions == ("open",)
        before = decisions(app.session.current)
        await press(pilot, "ctrl+s")
        after = decisions(app.session.current)
        assert {c for c in after if after[c] != before[c]} == {(screen.source, "epikrise", g, "open") for g in ("fastlege", "sykehuslege")}


def test_the_help_lists_the_selection_keys_in_norwegian():
    from tui.screens.help import help_text

    text = help_text().plain
    assert "shift+piler" in text and "Velg et område av celler" in text
    assert "Fjern markeringen" in text and "færrest mulig regler" in text


@run_async
async def test_on_the_bundled_catalogue_a_category_by_a_personnel_parent_is_one_rule(tmp_path):
    import shutil

    import catalogue

    root = tmp_path / "nasjonal"
    shutil.copytree(catalogue.path(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    app = PjdApp(root)
    async with app.run_test(size=(120, 40)) as pilot:  # the compact columns
        screen = await open_app(pilot)
        cat = app.session.current
        evaluation = app.session.evaluation()
        documents = dict(cat.documents_by_category())["lopende-journal"]
        groups = [g for g in evaluation.personnel if g in cat.personnel_axis.leaves_under("akuttkjeden")]
        keys = ["shift+down"] * (len(documents) - 1) + ["shift+right"] * (len(groups) - 1)
        table = await select_from(pilot, documents[0], groups[0], *keys)
        assert matrix_range(table) == (list(documents), groups)
        before = decisions(cat)
        await press(pilot, "d")
        # naive: every cell of the rectangle is applicable and a deny reaches any cell, so the
        # whole category × the whole parent is one rule
        [rule] = app.screen.proposal.rules
        assert set(Evaluation(cat).box([screen.source], rule.documents, rule.personnel)) == {
            (screen.source, d, g, a) for d in documents for g in groups for a in evaluation.actions
        }
        await press(pilot, "ctrl+s")
        assert_only_range_changed(before, decisions(app.session.current), screen.source, set(documents), set(groups), "deny")
