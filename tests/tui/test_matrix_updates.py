"""The matrix changes its cells in place and draws shared cells from a cache (issue 16,
point 7): what it shows must be exactly what a table built afresh shows."""

from __future__ import annotations

from conftest import SIZE, open_app, press, run_async, screen_text, settle
from textual.coordinate import Coordinate

import catalogue as bundled
from tui.app import PjdApp
from tui.widgets.glyphs import cell_text
from tui.widgets.matrix import MatrixTable


def expected_glyphs(app, table: MatrixTable, document: str) -> list[str]:
    evaluation = app.session.evaluation()
    rows = [evaluation.row(table.source, document, action) for action in evaluation.actions]
    room = table.layout_drawn[2] - 1 if table.compact else None
    return [cell_text([row[g] for row in rows], room).plain for g in range(len(table.groups))]


def shown_glyphs(table: MatrixTable, document: str) -> list[str]:
    return [table.get_cell(f"doc:{document}", group).plain for group in table.groups]


async def rebuilt_screen(pilot) -> str:
    """The screen after the table is built afresh (w twice rebuilds its columns and rows)."""
    await press(pilot, "w", "w")
    return screen_text(pilot.app)


@run_async
async def test_stepping_through_every_source_shows_its_own_decisions():
    app = PjdApp(bundled.path())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_app(pilot)
        table = screen.query_one(MatrixTable)
        leaves = list(app.session.current.source_axis.leaves)
        seen = set()
        for _ in leaves:
            await press(pilot, "n")
            seen.add(table.source)
            for document in app.session.current.document_axis.leaves:
                assert shown_glyphs(table, document) == expected_glyphs(app, table, document), (table.source, document)
        assert seen == set(leaves)
        app.clear_notifications()
        await settle(pilot)
        in_place = screen_text(app)
        assert await rebuilt_screen(pilot) == in_place


@run_async
async def test_an_edit_changes_the_cell_as_a_fresh_table_would(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        table = screen.query_one(MatrixTable)
        table.move_to("epikrise", "fastlege")
        await press(pilot, "d")
        await press(pilot, "ctrl+s")
        assert shown_glyphs(table, "epikrise")[0] == "✖"
        assert shown_glyphs(table, "epikrise") == expected_glyphs(app, table, "epikrise")
        app.clear_notifications()
        await settle(pilot)
        in_place = screen_text(app)
        assert "✖" in in_place
        assert await rebuilt_screen(pilot) == in_place
        await press(pilot, "ctrl+z")
        assert shown_glyphs(table, "epikrise")[0] == "✔"


@run_async
async def test_a_click_on_a_compact_cell_moves_the_cursor_there():
    app = PjdApp(bundled.path())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_app(pilot)
        table = screen.query_one(MatrixTable)
        await press(pilot, "n")  # cells drawn from the cache after an in-place change
        for row, column in ((3, 5), (4, 17), (6, 1)):
            region = table._get_cell_region(Coordinate(row, column))
            await pilot.click(table, offset=(region.x + 1 - int(table.scroll_x), region.y - int(table.scroll_y)))
            await settle(pilot)
            assert table.cursor_coordinate == Coordinate(row, column)
