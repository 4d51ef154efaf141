"""The rule dialog marks a legal basis as fitting exactly when outside_legal_basis would be
silent (SPEC §1.4 on applicable cells): a hospitals-only basis fits a rule for a document
only hospitals produce, even when the rule reaches every source."""

from __future__ import annotations

from builders import write_data
from conftest import run_async

from tui.app import PjdApp
from tui.screens.edit_cell import CellEditDialog
from tui.widgets.choices import CheckList
from tui.widgets.matrix import MatrixTable

SECTIONS = {
    "sources": [
        {"id": "alle", "name": "Alle kilder"},
        {"id": "hf", "name": "Helseforetak"},
        {"id": "hf-vest", "name": "Helse Vest", "parents": ["alle", "hf"], "status": "production"},
        {"id": "fastlegekontor", "name": "Fastlegekontor", "parents": ["alle"]},
    ],
    "personnel_groups": [{"id": "lege", "name": "Leger"}],
    "document_categories": [{"id": "epikriser", "name": "Epikriser"}],
    "document_types": [{"id": "epikrise", "name": "Epikrise", "parents": ["epikriser"], "produced_by": ["hf"]}],
    "legal_bases": [
        {"id": "hf-hjemmel", "name": "Hjemmel for helseforetak", "scope": {"sources": ["hf"]}},
        {"id": "fastlege-hjemmel", "name": "Hjemmel for fastleger", "scope": {"sources": ["fastlegekontor"]}},
    ],
}


@run_async
async def test_the_dialog_marks_the_basis_that_covers_the_applicable_cells(tmp_path):
    app = PjdApp(write_data(tmp_path / "cat", **SECTIONS))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.query_one(MatrixTable).move_to("epikrise", "lege")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CellEditDialog)
        everywhere = [b for b in dialog.query_one("#scope-sources").query("RadioButton") if "Alle kilder" in str(b.label)]
        everywhere[0].value = True  # the rule reaches every source, the GP office too
        await pilot.pause()
        await app.workers.wait_for_complete()
        labels = [str(option.prompt) for option in dialog.query_one("#bases", CheckList).options]
        assert labels[0].startswith("✓ Hjemmel for helseforetak"), labels
        assert labels[1].startswith("  Hjemmel for fastleger"), labels
