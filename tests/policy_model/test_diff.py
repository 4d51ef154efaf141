"""Decision changes between two catalogues: folders, and a git revision read without a checkout."""

import subprocess

import pytest
from builders import decided, allow, deny, load_data, world, write_data

from policy_model.decide import Decision, Evaluation
from policy_model.diff import CellChange, diff
from policy_model.load import load_folder
from policy_model.revisions import RevisionError, load_revision


def evaluations(old_rules, new_rules, **overrides):
    return Evaluation(load_data(**world(old_rules, **overrides))), Evaluation(load_data(**world(new_rules, **overrides)))


def test_only_changed_cells_with_the_rules_behind_each_side():
    old, new = evaluations(
        [allow("a", personnel=["lege"], documents=["epikriser"])],
        [allow("a", personnel=["lege"], documents=["epikriser"]), deny("d", sources=["hf-vest"], personnel=["fastlege"])],
    )
    changes = diff(old, new)
    assert [c.cell for c in changes] == [
        ("hf-vest", "epikrise", "fastlege", "read"),
        ("hf-vest", "henvisning", "fastlege", "read"),
        ("hf-vest", "kriseplan", "fastlege", "read"),
    ]
    first = changes[0]
    assert (first.old, first.new) == (decided("allow"), decided("deny"))
    assert (first.old_rules, first.new_rules) == (("a",), ("d",))
    assert changes[1].old == decided("none") and changes[1].old_rules == ()
    assert not any(c.widens_access for c in changes)


def test_alternatives_count_as_a_change():
    old, new = evaluations(
        [allow("c", personnel=["sykepleier"], conditions=["akutt"])],
        [allow("c", personnel=["sykepleier"], conditions=["akutt"]), allow("s", personnel=["sykepleier"], conditions=["samtykke"])],
    )
    changes = diff(old, new)
    assert len(changes) == 8 and all(c.new.alternatives == (("akutt",), ("samtykke",)) for c in changes)
    assert all(c.widens_access for c in changes)


@pytest.mark.parametrize(
    ("old", "new", "widens"),
    [
        (decided("none"), decided("conditional", (("akutt",),)), True),
        (decided("deny"), decided("allow"), True),
        (decided("conditional", (("akutt",),)), decided("allow"), True),
        (decided("conditional", (("akutt",),)), decided("conditional", (("akutt", "samtykke"),)), False),
        (decided("allow"), decided("conditional", (("akutt",),)), False),
        (decided("allow"), decided("none"), False),
        (decided("na"), decided("allow"), True),
    ],
)
def test_what_counts_as_new_access(old, new, widens):
    assert CellChange(("s", "d", "g", "read"), old, new, (), ()).widens_access is widens


def test_cells_present_on_one_side_only():
    personnel = [*world()["personnel_groups"], {"id": "jordmor", "name": "Jordmor"}]
    old = Evaluation(load_data(**world([allow("a")])))
    new = Evaluation(load_data(**world([allow("a")], personnel_groups=personnel)))
    changes = diff(old, new)
    assert {c.cell[2] for c in changes} == {"jordmor"}
    assert all(c.old.kind == "na" and c.new.kind == "allow" for c in changes)
    assert diff(new, new) == []


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_diff_against_a_git_revision_reads_without_touching_the_checkout(tmp_path):
    repo = tmp_path / "repo"
    folder = write_data(repo / "policy" / "catalogue", **world([allow("a", personnel=["lege"])]))
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "first")
    # the same content hash as the folder it was committed from
    assert load_revision(folder, "HEAD").content_hash == load_folder(folder).content_hash
    write_data(folder, **world([allow("a", personnel=["lege"]), deny("d", personnel=["sykehuslege"])]))
    before = (folder / "catalogue.yaml").read_bytes()

    committed = load_revision(folder, "HEAD")
    assert committed.findings == []
    changes = diff(Evaluation(committed.catalogue), Evaluation(load_folder(folder).catalogue))
    assert changes and {c.cell[2] for c in changes} == {"sykehuslege"}
    assert all(c.new.kind == "deny" for c in changes)
    assert (folder / "catalogue.yaml").read_bytes() == before  # the working copy is untouched
    with pytest.raises(RevisionError):
        load_revision(folder, "no-such-revision")
    with pytest.raises(RevisionError):
        load_revision(tmp_path, "HEAD")  # not a repository


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from random_catalogues import catalogues, load  # noqa: E402

from policy_model.diff import _decision  # noqa: E402


def brute_force(old, new):
    """Every cell of either side (and their mixtures), decided on both sides."""
    sources = set(old.sources) | set(new.sources)
    documents = set(old.documents) | set(new.documents)
    groups = set(old.personnel) | set(new.personnel)
    actions = set(old.actions) | set(new.actions)
    cells = {(s, d, g, a) for s in sources for d in documents for g in groups for a in actions}
    return sorted(c for c in cells if _decision(old, c) != _decision(new, c))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), catalogues(), st.booleans())
def test_diff_finds_exactly_the_changed_cells_even_when_leaves_differ(first, second, add_document):
    if add_document:  # same groups, one more document type: the row-by-row path
        extra = {"id": "dnew", "name": "Ny", "parents": [first["document_categories"][0]["id"]]}
        second = dict(first, document_types=[*first["document_types"], extra])
    old, new = Evaluation(load(first)), Evaluation(load(second))
    assert [c.cell for c in diff(old, new)] == brute_force(old, new)
