"""The session without the UI: a save keeps the history, dirty means "differs from the files",
and the steps replayed onto files someone else changed are the way from the files to ours."""

from __future__ import annotations

import shutil

import pytest

import catalogue as bundled
from policy_model import edits
from policy_model.load import load_folder
from policy_model.schema import Rule
from tui.forms import build
from tui.session import Session

pytestmark = pytest.mark.usefixtures("english")

DENY = Rule(id="d-sykepleier", effect="deny", personnel=("sykepleier",))
THEIRS = "\n  - id: d-kriseplan\n    effect: deny\n    documents: [kriseplan]\n"


def add(session, rule=DENY):
    session.apply(edits.add(session.current, "rules", rule))


def test_a_save_keeps_the_history_and_dirty_follows_the_files(catalogue_dir):
    session = Session.open(catalogue_dir)
    add(session)
    assert session.dirty and session.edit_count == 1
    session.save()
    assert not session.dirty and session.edit_count == 0 and session.undo_stack
    session.undo()
    assert session.dirty and session.edit_count == 1 and DENY.id not in session.current.rules_by_id
    session.redo()
    assert not session.dirty  # the same entry, in the same place in the file, as saved
    change = session.current.rules_by_id["a-lege"].model_copy(update={"rationale": "Ny."})
    session.apply(edits.change(session.current, "rules", "a-lege", change))
    session.apply(edits.change(session.current, "rules", "a-lege", session.base.rules_by_id["a-lege"]))
    assert not session.dirty and len(session.pending) == 2  # changed back by hand: nothing to save


def test_an_undo_past_the_save_is_replayed_onto_files_someone_else_changed(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    session = Session.open(catalogue_dir)
    add(session)
    session.save()
    session.undo()  # takes the saved rule out again: unsaved
    rules.write_text(rules.read_text() + THEIRS)  # meanwhile, another writer
    fresh, outcome = session.replay_on_disk()
    assert outcome.clean and [[e.describe() for e in step] for step in outcome.applied] == [[f"remove rule '{DENY.id}'"]]
    session.save_replayed(fresh, outcome)
    assert not session.dirty
    text = rules.read_text()
    assert DENY.id not in text and "d-kriseplan" in text
    assert session.undo() == []  # the history is the author's: the add was undone, so it can be redone
    session.redo()
    assert DENY.id in session.current.rules_by_id and session.dirty


def test_files_that_no_longer_load_give_no_replay_and_change_nothing(catalogue_dir):
    session = Session.open(catalogue_dir)
    add(session)
    (catalogue_dir / "rules.yaml").write_text("rules: [")
    fresh, outcome = session.replay_on_disk()
    assert outcome is None and not fresh.ok
    assert session.dirty and DENY.id in session.current.rules_by_id


def bundled_copy(tmp_path):
    root = tmp_path / "katalog"
    shutil.copytree(bundled.path(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def test_a_file_with_a_yes_no_condition_can_be_saved(tmp_path):
    # legal.yaml holds the condition er-pasientens-fastlege with `values: [true]`
    session = Session.open(bundled_copy(tmp_path), read_only=False)
    basis = session.current.legal_bases["kjernejournalforskriften-4"]
    session.apply(edits.change(session.current, "legal_bases", basis.id, basis.model_copy(update={"name": "Nytt navn"})))
    assert session.save() == ["legal.yaml"]
    again = load_folder(session.root).catalogue
    assert again.legal_bases[basis.id].name == "Nytt navn"
    assert again.conditions["er-pasientens-fastlege"].values == (True,)


def test_a_yes_no_condition_made_in_the_form_saves_and_reads_back_as_a_boolean(tmp_path):
    session = Session.open(bundled_copy(tmp_path), read_only=False)
    condition, problems = build("conditions", None, {"id": "er-fastlege-2", "name": "Fastlege", "attribute": "fastlege", "values": "true"})
    assert not problems and condition.values == (True,)
    session.apply(edits.add(session.current, "conditions", condition))
    session.save()
    again = load_folder(session.root).catalogue
    assert again.conditions["er-fastlege-2"].values == (True,)


def change_and_remove_then_undo_both(session):
    """Change a-lege, remove c-kriseplan, save, then undo both (past the save)."""
    change = session.current.rules_by_id["a-lege"].model_copy(update={"rationale": "Ny."})
    session.apply(edits.change(session.current, "rules", "a-lege", change))
    session.apply(edits.remove(session.current, "rules", "c-kriseplan"))
    session.save()
    session.undo()
    session.undo()
    assert session.current.rules_by_id["a-lege"].rationale == "Leger trenger epikriser."
    assert "c-kriseplan" in session.current.rules_by_id


def test_after_a_clean_replay_undo_and_redo_keep_the_authors_history(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    session = Session.open(catalogue_dir)
    change_and_remove_then_undo_both(session)
    rules.write_text(rules.read_text() + THEIRS)  # another writer, elsewhere in the file
    fresh, outcome = session.replay_on_disk()
    assert outcome.clean
    session.save_replayed(fresh, outcome)
    assert not session.dirty and "d-kriseplan" in session.current.rules_by_id
    assert session.undo() == []  # both edits were undone: nothing to undo, nothing re-done
    assert session.current.rules_by_id["a-lege"].rationale == "Leger trenger epikriser."
    session.redo()  # redo brings back what was undone, in order, onto the files as they are now
    assert session.current.rules_by_id["a-lege"].rationale == "Ny." and "c-kriseplan" in session.current.rules_by_id
    session.redo()
    assert "c-kriseplan" not in session.current.rules_by_id and "d-kriseplan" in session.current.rules_by_id
    session.save()
    text = rules.read_text()
    assert "c-kriseplan" not in text and "rationale: Ny." in text and "d-kriseplan" in text


def test_after_a_replay_that_dropped_edits_the_history_starts_at_the_replay(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    session = Session.open(catalogue_dir)
    change_and_remove_then_undo_both(session)
    rules.write_text(rules.read_text().replace("rationale: Ny.", "rationale: Deres."))  # they changed a-lege too
    fresh, outcome = session.replay_on_disk()
    assert not outcome.clean and outcome.applied
    session.save_replayed(fresh, outcome)
    assert not session.dirty and session.current.rules_by_id["a-lege"].rationale == "Deres."
    assert "c-kriseplan" in session.current.rules_by_id
    assert session.undo() == [] and session.redo() == []  # nothing that could undo their change
    assert not session.dirty


def test_a_removed_rule_restored_by_undo_after_a_save_is_back_in_its_place_with_its_comment(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    rules.write_text(rules.read_text() + "\n  # Deny kriseplan for sykepleiere.\n  - id: d-kriseplan\n"
                     "    effect: deny\n    documents: [kriseplan]\n    personnel: [sykepleier]\n")
    session = Session.open(catalogue_dir)
    session.apply(edits.remove(session.current, "rules", "c-kriseplan"))
    session.save()
    assert "c-kriseplan" not in rules.read_text()
    session.undo()
    session.save()
    text = rules.read_text()
    assert [line.strip() for line in text.splitlines() if "- id:" in line] == ["- id: a-lege", "- id: c-kriseplan", "- id: d-kriseplan"]
    assert "\n\n  # Kriseplan bare med samtykke.\n  - id: c-kriseplan\n" in text
    assert "\n\n  # Deny kriseplan for sykepleiere.\n  - id: d-kriseplan\n" in text
    assert [rule.id for rule in load_folder(catalogue_dir).catalogue.rules] == ["a-lege", "c-kriseplan", "d-kriseplan"]


def test_after_a_clean_replay_undo_stops_before_an_edit_to_an_entry_the_other_writer_changed(catalogue_dir):
    rules = catalogue_dir / "rules.yaml"
    session = Session.open(catalogue_dir)
    change = session.current.rules_by_id["a-lege"].model_copy(update={"rationale": "Ny."})
    session.apply(edits.change(session.current, "rules", "a-lege", change))
    session.save()
    rules.write_text(rules.read_text().replace("rationale: Ny.", "rationale: Deres."))  # they change it again
    add(session)  # our edit elsewhere: the replay is clean
    fresh, outcome = session.replay_on_disk()
    assert outcome.clean
    session.save_replayed(fresh, outcome)
    assert session.undo() and DENY.id not in session.current.rules_by_id  # our last edit can be undone
    assert session.undo() == []  # undoing our older change of a-lege would overwrite theirs
    assert session.current.rules_by_id["a-lege"].rationale == "Deres."
