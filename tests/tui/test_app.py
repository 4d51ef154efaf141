"""The real app driven with Pilot, as a guidance author uses it."""

from __future__ import annotations

import pytest
from conftest import SIZE, go_to, open_app, open_dialog, press, run_async, screen_text, settle, static_text
from textual.widgets import Input
from tui.widgets.choices import CheckList

from policy_model.load import load_folder
from tui.app import PjdApp
from tui.screens.clear_cell import ClearCellDialog
from tui.screens.dialogs import Choice, FolderDialog
from tui.widgets.id_picker import IdPicker
from tui.screens.edit_cell import CellEditDialog
from tui.screens.main import MainScreen
from tui.widgets.matrix import MatrixTable

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)


@run_async
async def test_opens_on_the_first_production_source_and_explains_a_cell(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot)
        assert screen.source == "hf-vest"
        text = screen_text(app)
        assert "Testkatalog" in text and "view: draft" in text
        assert "Kriseplan [utkast]" in text  # catalogue text is never read as markup
        assert "Fastleger" in text and "Epikrise" in text
        await go_to(pilot, "epikrise", "fastlege")
        inspector = static_text(app, "#inspector-text")
        assert "Helse Vest · Epikrise · Fastleger" in inspector
        assert "ALLOW" in inspector and "a-lege" in inspector and "Leger trenger epikriser." in inspector
        assert "rules.yaml:4" in inspector and "Helsepersonelloven § 45" in inspector
        await go_to(pilot, "kriseplan", "fastlege")
        assert "readable when: Med samtykke" in static_text(app, "#inspector-text")


@run_async
async def test_findings_show_in_the_header_and_panel(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        assert app.findings is not None and not app.findings_stale
        text = screen_text(app)
        counts = app.finding_counts()
        assert f"{counts['warning']} warnings" in text and f"{counts['info']} info" in text
        # Sykepleiere read nothing: an unused group, listed in the panel under Info
        assert any(f.kind == "unused" and f.entities == ("sykepleier",) for f in app.findings)
        assert "Info (" in text and "unused" in text


@run_async
async def test_make_a_cell_conditional_see_the_impact_save_and_find_the_rule_on_disk(catalogue_dir):
    original = {p.name: p.read_bytes() for p in catalogue_dir.iterdir()}
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        assert "NONE" in static_text(app, "#inspector-text").upper()
        await press(pilot, "c")
        dialog = app.screen
        assert isinstance(dialog, CellEditDialog)
        dialog.query_one("#conditions", CheckList).select("akutt")
        dialog.query_one("#bases", CheckList).select("hpl-45")
        dialog.query_one("#rationale", Input).value = "Sykepleiere ved akutt behov"
        await settle(pilot)
        impact = static_text(app, "#impact")
        assert "1 cell change" in impact and "none → " in impact and "conditional ×1" in impact
        assert "Findings:" in impact and "checking" not in impact
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        rule_id = "betinget-hf-vest-epikrise-sykepleier"
        assert app.session.dirty and rule_id in {r.id for r in app.session.current.rules}
        assert app.session.evaluation().decision(("hf-vest", "epikrise", "sykepleier", "read")).alternatives == (("akutt",),)
        assert "● unsaved" in screen_text(app)

        await press(pilot, "ctrl+s")
        assert not app.session.dirty and "● unsaved" not in screen_text(app)

    reloaded = load_folder(catalogue_dir).catalogue
    rule = reloaded.rules_by_id[rule_id]
    assert rule.conditions == ("akutt",) and rule.legal_basis == ("hpl-45",) and rule.status == "draft"
    assert rule.rationale == "Sykepleiere ved akutt behov"
    new_rules = (catalogue_dir / "rules.yaml").read_bytes()
    # exactly that rule appended: every byte before it (comments included) as it was
    assert new_rules.startswith(original["rules.yaml"])
    added = new_rules[len(original["rules.yaml"]):].decode()
    assert added.lstrip("\n").startswith(f"  - id: {rule_id}\n") and added.count("- id:") == 1
    for name in ("catalogue.yaml", "entities.yaml"):
        assert (catalogue_dir / name).read_bytes() == original[name]


@run_async
async def test_undo_and_redo(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        await press(pilot, "d")
        await pilot.press("ctrl+s")  # confirm the deny dialog
        await settle(pilot)
        assert app.session.evaluation().decision(("hf-vest", "epikrise", "sykepleier", "read")).kind == "deny"
        table = app.screen.query_one(MatrixTable)
        assert table.get_cell("doc:epikrise", "sykepleier").plain == "✖"
        await press(pilot, "ctrl+z")
        assert app.session.evaluation().decision(("hf-vest", "epikrise", "sykepleier", "read")).kind == "none"
        assert not app.session.dirty and table.get_cell("doc:epikrise", "sykepleier").plain == "·"
        await press(pilot, "ctrl+y")
        assert app.session.evaluation().decision(("hf-vest", "epikrise", "sykepleier", "read")).kind == "deny"


@run_async
async def test_clear_a_cell_removes_the_rules_that_decide_it(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(await open_dialog(pilot, "epikrise", "fastlege", "x"), ClearCellDialog)
        impact = static_text(app, "#impact")
        assert "cells change" in impact  # a-lege decides several cells, not only this one
        await press(pilot, "ctrl+s")
        assert "a-lege" not in app.session.current.rules_by_id


@run_async
async def test_quit_guard(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        await press(pilot, "d", "ctrl+s")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, Choice) and "unsaved edit" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen) and app.is_running
        await press(pilot, "ctrl+q")
        await pilot.click("#discard")
        await settle(pilot)
        assert not app.is_running
    assert "nekt-hf-vest-epikrise-sykepleier" not in (catalogue_dir / "rules.yaml").read_text()


@run_async
async def test_save_refuses_a_file_changed_on_disk(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        await press(pilot, "d", "ctrl+s")
        someone_else = (catalogue_dir / "rules.yaml").read_text() + "# a colleague's note\n"
        (catalogue_dir / "rules.yaml").write_text(someone_else)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, Choice) and "changed on disk" in screen_text(app)
        assert (catalogue_dir / "rules.yaml").read_text() == someone_else  # not overwritten
        await pilot.click("#reload")
        await settle(pilot)
        assert not app.session.dirty and isinstance(app.screen, MainScreen)
    assert (catalogue_dir / "rules.yaml").read_text() == someone_else


@run_async
async def test_export_from_the_palette(catalogue_dir, tmp_path):
    app = PjdApp(catalogue_dir)
    out = tmp_path / "export"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "ctrl+p")
        await press(pilot, *"Export")
        await press(pilot, "enter")
        assert isinstance(app.screen, FolderDialog)
        app.screen.query_one("#folder", Input).value = str(out)
        await press(pilot, "enter")
    assert (out / "veiledningsmatrise.xlsx").exists()


@run_async
async def test_view_switch_and_filter(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "v")
        assert app.session.view == "proposed" and "view: proposed" in screen_text(app)
        assert app.session.evaluation().decision(("hf-vest", "epikrise", "fastlege", "read")).kind == "none"  # draft rules left out
        await press(pilot, "slash", *"A03")
        table = app.screen.query_one(MatrixTable)
        assert [row.document for row in table.rows_shown] == [None, "epikrise"]


@run_async
async def test_bundled_catalogue_is_read_only():
    import catalogue as bundled

    app = PjdApp(bundled.path())
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        assert app.session.read_only and "read-only" in screen_text(app)
        await press(pilot, "a")
        assert isinstance(app.screen, CellEditDialog)


@run_async
async def test_rules_screen_filter_edit_status_and_delete(catalogue_dir):
    from tui.screens.form_editor import FormEditor
    from tui.screens.lists import ListScreen

    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "r")
        screen = app.screen
        assert isinstance(screen, ListScreen) and [m.id for m in screen.shown] == ["a-lege", "c-kriseplan"]
        assert "rules.yaml:4" in static_text(app, "#detail-text")
        await press(pilot, "slash", *"samtykke", "enter")
        assert [m.id for m in screen.shown] == ["c-kriseplan"]
        await pilot.press("S")  # draft → proposed
        await settle(pilot)
        assert app.session.current.rules_by_id["c-kriseplan"].status == "proposed"
        await press(pilot, "enter")
        editor = app.screen
        assert isinstance(editor, FormEditor)
        editor.query_one("#f-rationale").text = "Bare med samtykke, etter vurdering."
        editor.query_one("#f-personnel", IdPicker).value = ["lege", "sykepleier"]
        await settle(pilot)
        assert "cells change" in static_text(app, "#impact")
        await press(pilot, "ctrl+s")
        rule = app.session.current.rules_by_id["c-kriseplan"]
        assert rule.personnel == ("lege", "sykepleier") and rule.rationale.startswith("Bare med samtykke")
        await press(pilot, "delete")
        await pilot.click("#yes")
        await settle(pilot)
        assert "c-kriseplan" not in app.session.current.rules_by_id
        await press(pilot, "ctrl+z")
        assert "c-kriseplan" in app.session.current.rules_by_id
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_form_editor_refuses_an_unknown_id(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "r")
        await press(pilot, "enter")
        app.screen.query_one("#f-personnel", IdPicker).value = ["legee"]  # e.g. a group since deleted
        await settle(pilot)
        assert "'legee' names no personnel group" in static_text(app, "#problems")
        await pilot.press("ctrl+s")  # refused: the dialog stays, still saying why
        await settle(pilot)
        assert not isinstance(app.screen, MainScreen)
        assert "'legee' names no personnel group" in static_text(app, "#problems")
        await press(pilot, "escape")
        assert app.session.current.rules_by_id["a-lege"].personnel == ("lege",)


@run_async
async def test_entities_screen_edits_a_document_type(catalogue_dir):
    from tui.screens.lists import ListScreen

    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "E")
        assert isinstance(app.screen, ListScreen) and app.screen.section == "document_types"
        await press(pilot, "enter")
        app.screen.query_one("#f-produced_by", IdPicker).value = []  # produced by every source
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert app.session.current.document_types["epikrise"].produced_by is None
        assert app.session.evaluation().decision(("fastlegekontor", "epikrise", "fastlege", "read")).kind == "allow"


@run_async
async def test_help_lists_every_command_key(catalogue_dir):
    from tui.commands import COMMANDS
    from tui.screens.help import HelpScreen

    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = static_text(app, "#help-text")
        for command in COMMANDS:
            assert command.title in text
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_load_errors_are_shown_with_file_and_line(catalogue_dir):
    from tui.screens.load_errors import LoadErrorsScreen

    (catalogue_dir / "rules.yaml").write_text("rules:\n  - id: x\n    efect: allow\n")
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorsScreen)
        assert "rules.yaml:3:5" in screen_text(app) and "did you mean 'effect'" in screen_text(app)
        (catalogue_dir / "rules.yaml").write_text("rules: []\n")
        await press(pilot, "r")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_choosing_a_finding_jumps_to_its_cell(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        from policy_model import edits
        from policy_model.schema import Rule

        deny_all = Rule(id="d-kriseplan", effect="deny", documents=("kriseplan",))
        app.apply_edits([edits.add(app.session.current, "rules", deny_all)])
        await settle(pilot)
        [finding] = [f for f in app.findings if f.kind == "shadowed"]  # c-kriseplan: all its cells denied
        app.screen.query_one("#findings").focus()
        await settle(pilot)
        app.screen.jump_to(finding)
        await settle(pilot)
        source, document, group = finding.cells[0]
        row, column = app.screen.query_one(MatrixTable).current_ids()
        assert (app.screen.source, row.document, column) == (source, document, group)


ASSESSMENTS = """\
assessments:
  - id: fastlege-epikrise
    sources: [hf]
    documents: [epikrise]
    personnel: [fastlege]
    need: high
    feasibility: now
    assessed_by: [legeforeningen]
    assessed_on: 2026-05-12
    status: draft
    rationale: Fastlegen følger opp etter utskrivning.
"""


@run_async
async def test_assessments_show_in_the_inspector_and_can_be_edited(catalogue_dir):
    from tui.screens.lists import ListScreen

    (catalogue_dir / "assessments.yaml").write_text(ASSESSMENTS, encoding="utf-8")
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "fastlege")
        inspector = static_text(app, "#inspector-text")
        assert "fastlege-epikrise" in inspector and "need high, feasibility now" in inspector
        await press(pilot, "A")
        assert isinstance(app.screen, ListScreen) and app.screen.section == "assessments"
        await pilot.press("S")  # draft → agreed
        await settle(pilot)
        assert app.session.current.assessments[0].status == "agreed"
        await press(pilot, "ctrl+s")
    assert "status: agreed" in (catalogue_dir / "assessments.yaml").read_text()


def test_make_an_editable_copy_carries_the_edits(tmp_path):
    import catalogue as bundled
    from policy_model import edits
    from policy_model.schema import Rule
    from tui.session import Session

    session = Session.open(bundled.path())
    assert session.read_only
    rule = Rule(id="ny-regel", effect="deny", personnel=("uten-lesetilgang",))
    session.apply(edits.add(session.current, "rules", rule))
    target = tmp_path / "mine"
    session.copy_to(target)
    assert session.root == target and not session.read_only and session.dirty
    session.save()
    assert "ny-regel" in (target / "rules.yaml").read_text()
    assert "ny-regel" not in (bundled.path() / "rules.yaml").read_text()


@run_async
async def test_a_failed_export_is_reported_and_the_app_keeps_running(catalogue_dir, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await press(pilot, "ctrl+e")
        assert isinstance(app.screen, FolderDialog)
        app.screen.query_one("#folder", Input).value = str(tmp_path / "a-file" / "out")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert not (tmp_path / "a-file").is_dir()


@run_async
async def test_export_waits_for_a_save(catalogue_dir):
    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        await press(pilot, "d", "ctrl+s")
        await press(pilot, "ctrl+e")
        assert isinstance(app.screen, MainScreen)  # no export dialog while edits are unsaved


@run_async
async def test_saving_when_another_file_broke_shows_the_load_errors(catalogue_dir):
    from tui.screens.load_errors import LoadErrorsScreen

    app = PjdApp(catalogue_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot)
        await go_to(pilot, "epikrise", "sykepleier")
        await press(pilot, "d", "ctrl+s")
        with open(catalogue_dir / "entities.yaml", "a", encoding="utf-8") as handle:
            handle.write("bogus: [\n")
        await press(pilot, "ctrl+s")
        assert app.is_running and isinstance(app.screen, LoadErrorsScreen)
        for key in ("r", "E", "A", "v"):  # nothing to show or edit until the files load
            if key == "r":
                continue
            await press(pilot, key)
            assert isinstance(app.screen, LoadErrorsScreen)
    assert "nekt-hf-vest-epikrise-sykepleier" in (catalogue_dir / "rules.yaml").read_text()
