"""The compact matrix (issue 16, point 1): a whole row on screen, each column under its short
name, the full name of the column under the cursor shown beside."""

from __future__ import annotations

import pytest
from conftest import SIZE, open_app, press, run_async, screen_text, settle, static_text

import catalogue as bundled
from tui.app import PjdApp
from tui.widgets.inspector import Inspector
from tui.widgets.matrix import TAIL, MatrixTable, compact_headers, short_label, short_labels


def short_names(app) -> list[str]:
    cat = app.session.current
    return [short_label(cat.personnel_groups[g]) for g in cat.personnel_axis.leaves]


def test_compact_headers_stagger_the_short_names_over_three_lines():
    headers = [h.plain.split("\n") for h in compact_headers(["Fastlege", "Lv-lege", "Lv-spl", "Jordmor"], 3)]
    lines = ["".join(h[line] for h in headers) for line in range(3)]
    assert lines == ["Fastlege Jordmor ", "   Lv-lege       ", "      Lv-spl     "]
    assert [len(h[0]) for h in headers] == [3, 3, 3, 3, 5]  # the tail holds the last name's end


def test_a_group_without_a_short_name_shows_its_name_cut_to_eight_characters():
    from policy_model.schema import PersonnelGroup

    assert short_label(PersonnelGroup(id="sykehuslege", name="Sykehusleger")) == "Sykehus…"
    assert short_label(PersonnelGroup(id="lege", name="Leger")) == "Leger"
    assert short_label(PersonnelGroup(id="lege", name="Leger", short_name="Lege")) == "Lege"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@run_async
async def test_every_leaf_group_of_the_bundled_catalogue_is_on_screen(size, snapshot):
    app = PjdApp(bundled.path())
    async with app.run_test(size=size) as pilot:
        screen = await open_app(pilot)
        app.clear_notifications()
        await settle(pilot)
        table = screen.query_one(MatrixTable)
        assert table.compact  # the full columns would not fit: compact is the default
        text = screen_text(app)
        missing = [name for name in short_names(app) if name not in text]
        assert missing == []
        inspector = screen.query_one(Inspector)
        assert inspector.display and inspector.region.width > 30  # beside (120) or under (80) the matrix
        assert static_text(app, "#column-name") == "Kolonne: Fastleger (fastlege)"
        if size == (120, 40):  # two actions and a window do not fit three columns: underlined instead of '*'
            assert "understreket: tidsvindu" in static_text(app, "#legend")
        snapshot(f"main_bundled_nb_{size[0]}x{size[1]}", text)


@run_async
async def test_the_column_under_the_cursor_is_named_in_full():
    app = PjdApp(bundled.path())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_app(pilot)
        table = screen.query_one(MatrixTable)
        table.move_to("epikrise", "legevaktlege")
        await settle(pilot)
        assert static_text(app, "#column-name") == "Kolonne: Legevaktleger (legevaktlege)"
        await press(pilot, "right")
        assert static_text(app, "#column-name") == "Kolonne: Sykepleiere på legevakt (legevakt-sykepleier)"
        # the tail column only carries the last short names: the cursor stops at the last group
        table.move_cursor(column=len(table.columns) - 1)
        await settle(pilot)
        assert table.current_ids()[1] == table.groups[-1] and TAIL not in table.groups
        assert static_text(app, "#column-name").endswith(f"({table.groups[-1]})")


@run_async
async def test_w_switches_to_full_columns_and_back_and_i_folds_the_inspector():
    app = PjdApp(bundled.path())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_app(pilot)
        table = screen.query_one(MatrixTable)
        await press(pilot, "w")
        assert not table.compact and not screen.query_one("#column-name").display
        assert "Legevaktl" in screen_text(app)  # full names in the headers, broken over lines
        await press(pilot, "w")
        assert table.compact and screen.query_one("#column-name").display
        await press(pilot, "i")
        assert not screen.query_one(Inspector).display
        assert all(name in screen_text(app) for name in short_names(app))
        await press(pilot, "i")
        assert screen.query_one(Inspector).display


@run_async
async def test_a_small_catalogue_keeps_its_full_columns(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        assert not screen.query_one(MatrixTable).compact
        assert not screen.query_one("#column-name").display
        assert "Fastleger" in screen_text(app)


@run_async
async def test_compact_columns_follow_a_resize(catalogue_dir):
    app = PjdApp(bundled.path())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_app(pilot)
        table = screen.query_one(MatrixTable)
        await pilot.resize_terminal(340, 40)
        await settle(pilot)
        assert not table.compact  # 340 columns hold the full ones
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert table.compact


def test_names_cut_alike_keep_their_ends_so_the_headers_differ():
    from policy_model.schema import PersonnelGroup

    groups = [PersonnelGroup(id=f"g{n}", name=f"Gruppe {n}") for n in (0, 10, 11, 100)]
    groups.append(PersonnelGroup(id="lege", name="Sykehusleger"))  # cut alone: stays as it was
    groups.append(PersonnelGroup(id="x", name="Gruppe 12", short_name="Gr 12"))  # its own short name wins
    assert short_labels(groups) == ("Gruppe 0", "Grup… 10", "Grup… 11", "Grup…100", "Sykehus…", "Gr 12")
