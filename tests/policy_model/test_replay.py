"""Replaying our edits onto files another writer changed: what still applies, what conflicts
(policy_model.replay's docstring is the definition these tests hold it to)."""

from __future__ import annotations

import textwrap

import pytest

from policy_model import edits
from policy_model.load import load_folder
from policy_model.replay import ADDED, BREAKS, CHANGED, DEPENDS, REMOVED, replay
from policy_model.save import save
from policy_model.schema import Rule

pytestmark = pytest.mark.usefixtures("english")

ENTITIES = """\
catalogue: {id: test, title: Test, version: "1"}
sources:
  - {id: hf, name: Helseforetak, status: production}
  - {id: kommune, name: Kommune, status: production}
personnel_groups:
  - {id: lege, name: Leger}
document_categories:
  - {id: epikriser, name: Epikriser}
document_types:
  - {id: epikrise, name: Epikrise, parents: [epikriser]}
legal_bases:
  - {id: hpl-45, name: Hpl § 45}
"""

RULES = """\
rules:
  # a comment the other writer keeps
  - id: a
    effect: allow
    documents: [epikrise]
    legal_basis: [hpl-45]
  - id: b
    effect: deny
    sources: [kommune]
"""


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "cat"
    root.mkdir()
    (root / "entities.yaml").write_text(ENTITIES)
    (root / "rules.yaml").write_text(RULES)
    return root


def rule(cat, rule_id):
    return cat.rules_by_id[rule_id]


def changed(cat, rule_id, **fields):
    return edits.change(cat, "rules", rule_id, rule(cat, rule_id).model_copy(update=fields))


def their_write(folder, old: str, new: str) -> None:
    path = folder / "rules.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_an_edit_to_an_entry_they_left_alone_applies_whatever_else_they_changed(folder):
    base = load_folder(folder).catalogue
    ours = [changed(base, "a", rationale="Leger trenger den.")]
    (folder / "rules.yaml").write_text(RULES + "  - {id: c, effect: deny, sources: [hf]}\n")  # they add c
    their_write(folder, "sources: [kommune]", "sources: [kommune, hf]")  # and change b
    theirs = load_folder(folder).catalogue
    out = replay(base, theirs, [ours])
    assert out.clean and out.applied == [ours] and not out.dropped
    assert rule(out.catalogue, "a").rationale == "Leger trenger den."
    assert rule(out.catalogue, "b").sources == ("kommune", "hf") and "c" in out.catalogue.rules_by_id
    save(theirs, out.catalogue)  # saves onto their files: both writers' changes are kept
    text = (folder / "rules.yaml").read_text()
    assert "Leger trenger den." in text and "[kommune, hf]" in text and "id: c" in text and "# a comment" in text


def test_changing_an_entry_they_changed_or_removed_is_a_conflict(folder):
    base = load_folder(folder).catalogue
    ours = [changed(base, "b", rationale="Kommunen skal ikke.")]
    their_write(folder, "sources: [kommune]", "sources: [hf]")
    out = replay(base, load_folder(folder).catalogue, [ours])
    [conflict] = out.conflicts
    assert (conflict.section, conflict.entry_id, conflict.theirs) == ("rules", "b", CHANGED)
    assert conflict.describe() == "rule 'b': someone else changed it on disk. Your edit: change rule 'b'"
    assert out.dropped == [ours] and rule(out.catalogue, "b").sources == ("hf",)  # theirs, untouched

    (folder / "rules.yaml").write_text(RULES.split("  - id: b")[0])  # they remove b
    out = replay(base, load_folder(folder).catalogue, [ours])
    assert [c.theirs for c in out.conflicts] == [REMOVED]


def test_removing_an_entry_they_changed_is_a_conflict_and_one_they_left_alone_applies(folder):
    base = load_folder(folder).catalogue
    remove_b = [edits.remove(base, "rules", "b")]
    their_write(folder, "documents: [epikrise]", "documents: [epikriser]")  # they change a only
    out = replay(base, load_folder(folder).catalogue, [remove_b])
    assert out.clean and "b" not in out.catalogue.rules_by_id
    their_write(folder, "sources: [kommune]", "sources: [hf]")
    out = replay(base, load_folder(folder).catalogue, [remove_b])
    assert [c.theirs for c in out.conflicts] == [CHANGED]


def test_adding_an_id_they_added_too_is_a_conflict_even_when_identical(folder):
    base = load_folder(folder).catalogue
    new = Rule(id="c", effect="deny", sources=("hf",))
    ours = [edits.add(base, "rules", new)]
    (folder / "rules.yaml").write_text(RULES + "  - {id: c, effect: deny, sources: [hf]}\n")
    out = replay(base, load_folder(folder).catalogue, [ours])
    assert [(c.entry_id, c.theirs) for c in out.conflicts] == [("c", ADDED)]


def test_a_rename_touches_both_ids(folder):
    base = load_folder(folder).catalogue
    ours = [changed(base, "b", id="b2")]
    (folder / "rules.yaml").write_text(RULES + "  - {id: b2, effect: deny, sources: [hf]}\n")
    out = replay(base, load_folder(folder).catalogue, [ours])
    assert [(c.entry_id, c.theirs) for c in out.conflicts] == [("b2", ADDED)]


def test_a_step_goes_whole_and_a_later_step_on_a_dropped_entry_goes_too(folder):
    base = load_folder(folder).catalogue
    first = [edits.remove(base, "rules", "a"), edits.remove(base, "rules", "b")]  # e.g. clearing a cell
    after_first = edits.apply(edits.apply(base, first[0]), first[1])
    readd = Rule(id="b", effect="deny", sources=("hf",))
    second = [edits.add(after_first, "rules", readd)]
    third = [edits.add(after_first, "rules", Rule(id="d", effect="deny", documents=("epikrise",)))]
    their_write(folder, "sources: [kommune]", "sources: [hf, kommune]")  # they change b
    out = replay(base, load_folder(folder).catalogue, [first, second, third])
    assert out.dropped == [first, second] and out.applied == [third]
    assert [(c.step, c.entry_id, c.theirs) for c in out.conflicts] == [(0, "b", CHANGED), (1, "b", DEPENDS)]
    assert "a" in out.catalogue.rules_by_id  # the step that held "remove a" was dropped whole
    assert out.dropped_edits == 3


def test_a_step_that_would_not_load_on_their_files_is_a_conflict(folder):
    base = load_folder(folder).catalogue
    ours = [edits.add(base, "rules", Rule(id="c", effect="deny", sources=("kommune",)))]
    keep = [changed(base, "a", rationale="Ja.")]
    entities = folder / "entities.yaml"
    entities.write_text(entities.read_text().replace("  - {id: kommune, name: Kommune, status: production}\n", ""))
    (folder / "rules.yaml").write_text(RULES.split("  - id: b")[0])  # they drop kommune and the rule naming it
    out = replay(base, load_folder(folder).catalogue, [ours, keep])
    assert [(c.step, c.entry_id, c.theirs) for c in out.conflicts] == [(0, "c", BREAKS)]
    assert "kommune" in out.conflicts[0].problem and out.applied == [keep]
    assert not edits.integrity_problems(out.catalogue)


def test_replay_changes_nothing_it_is_given(folder):
    base = load_folder(folder).catalogue
    theirs = load_folder(folder).catalogue
    ours = [changed(base, "a", rationale="x")]
    replay(base, theirs, [ours])
    assert rule(theirs, "a").rationale is None and rule(base, "a").rationale is None
