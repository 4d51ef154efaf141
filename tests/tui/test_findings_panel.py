"""The findings panel driven from the keyboard: the first enter opens a finding."""

from __future__ import annotations

import pytest
from conftest import SIZE, open_app, press, run_async

from tui.app import PjdApp
from tui.widgets.findings_panel import FindingsPanel

pytestmark = pytest.mark.usefixtures("english")


@run_async
async def test_the_first_enter_in_the_findings_panel_opens_the_highlighted_finding(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "f")  # to the findings list
        panel = app.screen.query_one(FindingsPanel)
        assert panel.has_focus and panel.highlighted is not None  # a finding is highlighted at once
        finding = panel.findings[int(panel.get_option_at_index(panel.highlighted).id)]
        assert (finding.kind, finding.entities) == ("unused", ("sykepleier",))  # the first one listed
        await press(pilot, "enter")
        from tui.screens.lists import ListScreen

        assert isinstance(app.screen, ListScreen) and app.screen.current_id() == "sykepleier"  # at the group it is about
