"""Saving edits: only the edited entries' text changes, everything else stays byte for byte,
what is written reads back as the edited catalogue, and nothing is written when that is unsafe."""

from __future__ import annotations

import difflib
import hashlib
import shutil
from pathlib import Path

import pytest
from builders import CATEGORIES, CONDITIONS, DOCUMENTS, LEGAL, PERSONNEL, SOURCES, catalogue_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import catalogue as bundled
from policy_model import edits
from policy_model.catalogue import Origin
from policy_model.edits import entries
from policy_model.load import load_files, load_folder
from policy_model.save import ChangedOnDisk, ReadOnlyCatalogue, SaveError, UnsafeSave, plan_save, save
from policy_model.schema import CONTROL_IN_TEXT, LIST_SECTIONS, CodeRef, Condition, Rule
from policy_model.yaml_tree import parse

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

ENTITIES = catalogue_yaml(
    sources=SOURCES,
    personnel_groups=PERSONNEL,
    document_categories=CATEGORIES,
    document_types=DOCUMENTS,
    legal_bases=LEGAL,
    conditions=CONDITIONS,
)

RULES = """\
# yaml-language-server: $schema=./catalogue.schema.json
# Delingsregler: a header comment.

rules:
  # --- first group ---
  - id: a
    effect: allow
    sources: [hf]   # why hf
    documents: [epikrise]
    legal_basis: [hpl-45]
    status: approved
    rationale: >-
      Fordi dette er en lang begrunnelse som går over flere linjer i fila, slik
      forfatterne skriver dem.

  # between a and b
  - id: b
    effect: deny
    personnel:
      # the animals
      - veterinaer
    rationale: |
      Linje en
      Linje to

  - id: c
    effect: allow
    legal_basis: [hpl-45]
    owner: hdir  # trailing comment
# after everything
"""


# -- helpers ---------------------------------------------------------------------------------
def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def folder(tmp_path: Path, **files: str | bytes) -> Path:
    """A catalogue folder: the small world's entities in catalogue.yaml, plus `files` (rules.yaml by default)."""
    files = {"catalogue.yaml": ENTITIES, "rules.yaml": RULES, **{k.replace("__", "/"): v for k, v in files.items()}}
    return write(tmp_path / "cat", files)


def load(root: Path):
    result = load_folder(root)
    assert result.findings == [], [(f.kind, f.message, f.location) for f in result.findings]
    return result.catalogue


def edited(catalogue, *makers):
    """Apply edits made by `makers` (each: catalogue -> Edit) one after another; return the result and the edits."""
    done = []
    for make in makers:
        edit = make(catalogue)
        catalogue = edits.apply(catalogue, edit)
        done.append(edit)
    assert edits.integrity_problems(catalogue) == []
    return catalogue, done


def change(section, entry_id, **fields):
    def make(cat):
        model = next(m for m in entries(cat, section) if m.id == entry_id)
        return edits.change(cat, section, entry_id, model.model_copy(update=fields))

    return make


def remove(section, entry_id):
    return lambda cat: edits.remove(cat, section, entry_id)


def add(section, model, file=None):
    return lambda cat: edits.add(cat, section, model, file)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_reads_as(root: Path, current) -> None:
    """The folder loads as `current`: every section holds the same entries."""
    again = load(root)
    for section in LIST_SECTIONS:
        assert {m.id: m for m in entries(again, section)} == {m.id: m for m in entries(current, section)}, section


def text(root: Path, name: str = "rules.yaml") -> str:
    return (root / name).read_bytes().decode("utf-8")


def line_of(source: str, needle: str) -> int:
    return source[: source.index(needle)].count("\n")


def touched_lines(old: str, new: str) -> set[int]:
    """The old line numbers a diff replaces or deletes, and the ones it inserts before."""
    lines: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(i1, max(i2, i1 + 1)))
    return lines


# -- 1. a change rewrites only the changed keys of one entry -------------------------------------
def test_change_of_one_key_rewrites_one_line(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "a", status="draft"))
    assert save(base, current) == ["rules.yaml"]
    assert text(root) == RULES.replace("    status: approved\n", "    status: draft\n")
    assert_reads_as(root, current)


def test_changed_entry_keeps_everything_outside_it(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    long_text = "Ny begrunnelse: " + "ord " * 40 + "slutt."
    new_b = Rule(id="b", effect="deny", personnel=["veterinaer", "sykepleier"], rationale=long_text, owner="kari")
    current, _ = edited(base, lambda cat: edits.change(cat, "rules", "b", new_b))
    save(base, current)
    new = text(root)
    first, last = line_of(RULES, "- id: b"), line_of(RULES, "      Linje to")
    old_lines = RULES.splitlines(keepends=True)
    assert new.startswith("".join(old_lines[:first]))
    assert new.endswith("".join(old_lines[last + 1 :]))  # the blank line and `- id: c` onward
    assert touched_lines(RULES, new) <= set(range(first, last + 1))
    assert load(root).rules_by_id["b"] == new_b
    assert_reads_as(root, current)


def test_change_of_last_key_keeps_its_trailing_comment(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "c", owner="Helsedirektoratet: avdeling #2"))
    save(base, current)
    assert "    owner: 'Helsedirektoratet: avdeling #2'  # trailing comment\n# after everything\n" in text(root)
    assert_reads_as(root, current)


def test_trailing_comment_does_not_join_a_new_block_scalar(tmp_path):
    """`owner: x  # c` becoming a folded text: the comment moves to a line of its own."""
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "c", owner=("Avdeling for e-helse og digitalisering " * 4).strip()))
    save(base, current)
    new = text(root)
    assert "owner: >-\n" in new and "\n    # trailing comment\n# after everything\n" in new
    assert_reads_as(root, current)


def test_change_of_folded_and_literal_text_keeps_the_blank_line_after(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(
        base, change("rules", "a", rationale="Kort."), change("rules", "b", rationale="Første linje\nAndre linje")
    )
    save(base, current)
    new = text(root)
    assert "    rationale: Kort.\n\n  # between a and b\n" in new
    assert "    rationale: |-\n      Første linje\n      Andre linje\n\n  - id: c\n" in new
    assert_reads_as(root, current)


def test_added_and_dropped_keys(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    a = base.rules_by_id["a"]
    new_a = Rule(  # sources dropped, name added
        id="a", name="Regel A", effect="allow", documents=a.documents, legal_basis=a.legal_basis,
        status="approved", rationale=a.rationale,
    )
    current, _ = edited(base, lambda cat: edits.change(cat, "rules", "a", new_a))
    save(base, current)
    new = text(root)
    assert "  - id: a\n    name: Regel A\n    effect: allow\n    documents: [epikrise]\n" in new
    assert "why hf" not in new
    assert touched_lines(RULES, new) <= set(range(line_of(RULES, "- id: a"), line_of(RULES, "forfatterne") + 1))
    assert_reads_as(root, current)


def test_dropping_the_key_on_the_dash_line_rewrites_the_entry(tmp_path):
    rules = "rules:\n  - name: Gammel  # old\n    id: a\n    effect: deny\n  - id: b\n    effect: deny\n"
    root = folder(tmp_path, **{"rules.yaml": rules})
    base = load(root)
    current, _ = edited(base, lambda cat: edits.change(cat, "rules", "a", Rule(id="a", effect="deny")))
    save(base, current)
    assert text(root) == "rules:\n  - id: a\n    effect: deny\n  - id: b\n    effect: deny\n"
    assert_reads_as(root, current)


def test_a_flow_mapping_entry_is_rewritten_whole(tmp_path):
    rules = "rules:\n  - {id: a, effect: allow, legal_basis: [hpl-45]}  # kept\n  - id: b\n    effect: deny\n"
    root = folder(tmp_path, **{"rules.yaml": rules})
    base = load(root)
    current, _ = edited(base, change("rules", "a", status="approved"))
    save(base, current)
    assert text(root) == (
        "rules:\n  - id: a\n    effect: allow\n    legal_basis: [hpl-45]\n    status: approved  # kept\n"
        "  - id: b\n    effect: deny\n"
    )
    assert_reads_as(root, current)


# -- 2. additions ---------------------------------------------------------------------------------
NEW_RULE = Rule(id="ny", effect="allow", personnel=["sykepleier"], legal_basis=["hpl-45"], status="proposed")


def test_new_rule_goes_after_the_last_rule_of_rules_yaml(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, add("rules", NEW_RULE))
    assert current.origins[("rules", "ny")].file == "rules.yaml"
    assert save(base, current) == ["rules.yaml"]
    head, _ = RULES.split("# after everything\n")
    assert text(root) == (
        head + "\n  - id: ny\n    effect: allow\n    personnel: [sykepleier]\n    legal_basis: [hpl-45]\n"
        "    status: proposed\n# after everything\n"
    )
    assert_reads_as(root, current)


def test_new_rules_without_blank_lines_where_the_file_has_none(tmp_path):
    rules = "rules:\n- id: a\n  effect: deny\n- id: b\n  effect: deny"  # no indent, no final newline
    root = folder(tmp_path, **{"rules.yaml": rules})
    base = load(root)
    second = NEW_RULE.model_copy(update={"id": "ny2"})
    current, _ = edited(base, add("rules", NEW_RULE), add("rules", second))
    save(base, current)
    assert text(root) == rules + (
        "\n- id: ny\n  effect: allow\n  personnel: [sykepleier]\n  legal_basis: [hpl-45]\n  status: proposed\n"
        "- id: ny2\n  effect: allow\n  personnel: [sykepleier]\n  legal_basis: [hpl-45]\n  status: proposed\n"
    )
    assert_reads_as(root, current)


def test_new_rule_into_a_file_without_a_rules_section(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, add("rules", NEW_RULE, file="catalogue.yaml"))
    assert save(base, current) == ["catalogue.yaml"]
    new = text(root, "catalogue.yaml")
    assert new.startswith(ENTITIES) and new[len(ENTITIES) :].startswith("\nrules:\n  - id: ny\n")
    assert_reads_as(root, current)


@pytest.mark.parametrize(
    ("empty", "key_line"),
    [
        ("rules:", "rules:"),
        ("rules: []", "rules:"),
        ("rules: ~  # none yet", "rules:  # none yet"),
        ("rules: [ ]", "rules:"),
    ],
)
def test_new_rule_into_an_empty_section(tmp_path, empty, key_line):
    root = folder(tmp_path, **{"more.yaml": f"# more rules\n{empty}\n# the end\n"})
    base = load(root)
    current, _ = edited(base, add("rules", NEW_RULE, file="more.yaml"))
    save(base, current)
    assert text(root, "more.yaml") == f"# more rules\n{key_line}\n  - id: ny\n" + (
        "    effect: allow\n    personnel: [sykepleier]\n    legal_basis: [hpl-45]\n    status: proposed\n# the end\n"
    )
    assert_reads_as(root, current)


def test_a_flow_list_section_becomes_a_block_list(tmp_path):
    root = folder(tmp_path, **{"more.yaml": "rules: [{id: x, effect: deny}]  # flow\n"})
    base = load(root)
    current, _ = edited(base, add("rules", NEW_RULE, file="more.yaml"))
    save(base, current)
    assert text(root, "more.yaml") == (
        "rules:  # flow\n  - id: x\n    effect: deny\n  - id: ny\n    effect: allow\n    personnel: [sykepleier]\n"
        "    legal_basis: [hpl-45]\n    status: proposed\n"
    )
    assert_reads_as(root, current)


def test_new_rule_into_a_new_file_in_a_new_folder(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, add("rules", NEW_RULE, file="proposals/p.yaml"))
    assert save(base, current) == ["proposals/p.yaml"]
    new = text(root, "proposals/p.yaml")
    assert new.startswith("# yaml-language-server: $schema=../catalogue.schema.json\n# Written by pjd.\n")
    assert "\nrules:\n  - id: ny\n" in new
    assert_reads_as(root, current)


@pytest.mark.parametrize("name", ["../outside.yaml", "/tmp/abs.yaml", ".hidden/x.yaml", "notes.txt", "a/../b.yaml", ""])
def test_new_file_must_be_a_yaml_file_inside_the_folder(tmp_path, name):
    root = folder(tmp_path)
    base = load(root)
    current = edits.apply(base, edits.Edit("rules", None, NEW_RULE, Origin(name)))
    before = snapshot(tmp_path)
    with pytest.raises(UnsafeSave):
        save(base, current)
    assert snapshot(tmp_path) == before


# -- 3. removals ----------------------------------------------------------------------------------
def test_remove_in_the_middle_cuts_its_lines_and_keeps_the_comment_above(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, remove("rules", "b"))
    save(base, current)
    cut = RULES[RULES.index("  - id: b") : RULES.index("\n  - id: c")]
    assert text(root) == RULES.replace(cut, "")
    assert "  # between a and b\n\n  - id: c\n" in text(root)
    assert_reads_as(root, current)


def test_remove_takes_the_blank_line_that_separated_it(tmp_path):
    rules = "rules:\n  - id: x\n    effect: deny\n\n  - id: y\n    effect: deny\n\n  - id: z\n    effect: deny\n"
    root = folder(tmp_path, **{"rules.yaml": rules})
    base = load(root)
    current, _ = edited(base, remove("rules", "y"))
    save(base, current)
    assert text(root) == "rules:\n  - id: x\n    effect: deny\n\n  - id: z\n    effect: deny\n"
    base = load(root)
    current, _ = edited(base, remove("rules", "x"))
    save(base, current)
    assert text(root) == "rules:\n  - id: z\n    effect: deny\n"


def test_remove_first_and_last(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, remove("rules", "a"), remove("rules", "c"))
    save(base, current)
    assert text(root) == (
        "# yaml-language-server: $schema=./catalogue.schema.json\n# Delingsregler: a header comment.\n\n"
        "rules:\n  # --- first group ---\n  # between a and b\n  - id: b\n    effect: deny\n    personnel:\n"
        "      # the animals\n      - veterinaer\n    rationale: |\n      Linje en\n      Linje to\n"
        "# after everything\n"
    )
    assert_reads_as(root, current)


def test_removing_the_only_entry_leaves_an_empty_list(tmp_path):
    root = folder(tmp_path, **{"more.yaml": "rules:  # extra\n  - id: x\n    effect: deny\n\n# end\n"})
    base = load(root)
    current, _ = edited(base, remove("rules", "x"))
    save(base, current)
    assert text(root, "more.yaml") == "rules: []  # extra\n\n# end\n"
    assert_reads_as(root, current)


def test_removing_everything_and_adding_puts_the_new_entry_in_place(tmp_path):
    more = "rules:\n  - id: x\n    effect: deny\n\n  - id: y\n    effect: deny\n\nexpectations: []\n"
    root = folder(tmp_path, **{"more.yaml": more})
    base = load(root)
    current, _ = edited(base, remove("rules", "x"), remove("rules", "y"), add("rules", NEW_RULE, file="more.yaml"))
    save(base, current)
    assert text(root, "more.yaml").startswith("rules:\n  - id: ny\n")
    assert text(root, "more.yaml").endswith("    status: proposed\n\nexpectations: []\n")
    assert_reads_as(root, current)


# -- 4. renames and undo ------------------------------------------------------------------------------
def test_rename_keeps_the_position(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "b", id="b-ny"))
    save(base, current)
    assert text(root) == RULES.replace("  - id: b\n", "  - id: b-ny\n")
    assert [r.id for r in load(root).rules] == ["a", "b-ny", "c"]


def test_undo_of_every_edit_writes_nothing(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, done = edited(
        base,
        change("rules", "b", id="b-ny", status="approved"),
        remove("rules", "a"),
        add("rules", NEW_RULE, file="proposals/p.yaml"),
        change("sources", "hf", name="Nytt navn"),
    )
    assert plan_save(base, current).files() == ["catalogue.yaml", "proposals/p.yaml", "rules.yaml"]
    for edit in reversed(done):
        current = edits.apply(current, edit.inverse())
    before = snapshot(root)
    assert plan_save(base, current).contents == {}
    assert save(base, current) == []
    assert snapshot(root) == before


def test_change_and_change_back_writes_nothing(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "a", status="draft"), change("rules", "a", status="approved"))
    assert plan_save(base, current).files() == []


# -- 5. entities and expectations -----------------------------------------------------------------
def test_change_entities_and_an_expectation(tmp_path):
    expectations = "expectations:\n  - id: e1\n    personnel: [lege]\n    decision: readable  # hope\n"
    root = folder(tmp_path, **{"expectations.yaml": expectations})
    base = load(root)
    old = text(root, "catalogue.yaml")
    current, _ = edited(
        base,
        change("sources", "hf-nord", name="Helse Nord RHF", status="production"),
        change("document_types", "kriseplan", produced_by=("hf-vest",)),
        change("personnel_groups", "sykehuslege", parents=("lege", "sykepleier")),
        change("expectations", "e1", decision="not_readable", quantifier="any"),
    )
    assert save(base, current) == ["catalogue.yaml", "expectations.yaml"]
    assert text(root, "expectations.yaml") == (
        "expectations:\n  - id: e1\n    personnel: [lege]\n    decision: not_readable  # hope\n    quantifier: any\n"
    )
    new = text(root, "catalogue.yaml")
    assert len(touched_lines(old, new)) <= 4
    assert "  name: Helse Nord RHF\n" in new and "  parents: [lege, sykepleier]\n" in new
    assert_reads_as(root, current)


def test_codes_and_nested_scopes(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    code = CodeRef(system="2.16.578.1.12.4.1.1.1305", code="86.101", display="Somatikk: sykehus")
    scope = base.legal_bases["hpl-45"].scope.model_copy(update={"documents": ("epikriser",)})
    current, _ = edited(
        base, change("sources", "hf-vest", facility_type=code), change("legal_bases", "hpl-45", scope=scope)
    )
    save(base, current)
    assert_reads_as(root, current)
    again = load(root)
    assert again.sources["hf-vest"].facility_type == code and again.legal_bases["hpl-45"].scope == scope


# -- 6. refusals ----------------------------------------------------------------------------------------
def test_changed_on_disk_refuses_and_writes_nothing(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "a", status="draft"), change("sources", "hf", name="HF"))
    (root / "catalogue.yaml").write_text(ENTITIES + "# someone else was here\n", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(ChangedOnDisk) as caught:
        save(base, current)
    assert caught.value.files == ["catalogue.yaml"]
    assert snapshot(root) == before


def test_a_new_file_that_appeared_on_disk_is_a_change(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, add("rules", NEW_RULE, file="proposals/p.yaml"))
    write(root, {"proposals/p.yaml": "# mine\n"})
    with pytest.raises(ChangedOnDisk) as caught:
        save(base, current)
    assert caught.value.files == ["proposals/p.yaml"]
    assert text(root, "proposals/p.yaml") == "# mine\n"


def test_a_deleted_file_is_a_change(tmp_path):
    root = folder(tmp_path)
    base = load(root)
    current, _ = edited(base, change("rules", "a", status="draft"))
    (root / "rules.yaml").unlink()
    with pytest.raises(ChangedOnDisk):
        save(base, current)
    assert not (root / "rules.yaml").exists()


def folder_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for name, raw in snapshot(root).items():
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def test_the_bundled_catalogue_is_read_only():
    base = load(bundled.path())
    rule = base.rules[0]
    current, _ = edited(base, change("rules", rule.id, status="retired"))
    before = folder_digest(bundled.path())
    with pytest.raises(ReadOnlyCatalogue):
        save(base, current)
    assert folder_digest(bundled.path()) == before
    assert issubclass(ReadOnlyCatalogue, SaveError) and issubclass(ChangedOnDisk, SaveError)


def test_the_safety_net_refuses_text_that_reads_back_wrong(tmp_path):
    """Cutting `b` would take the blank lines that `a`'s keep-chomped text (|+) ends with."""
    rules = "rules:\n  - id: a\n    effect: deny\n    rationale: |+\n      tekst\n\n\n  - id: b\n    effect: deny\n"
    root = folder(tmp_path, **{"rules.yaml": rules})
    base = load(root)
    current, _ = edited(base, remove("rules", "b"))
    with pytest.raises(UnsafeSave, match="read back"):
        save(base, current)
    assert text(root) == rules


# -- 7. hostile values -----------------------------------------------------------------------------------
HOSTILE = [
    "Navn: med kolon",
    "Med # hash",
    "'enkle' og \"doble\" anførsler",
    "[utkast] i klammer",
    "- starter med bindestrek",
    '=HYPERLINK("http://x","klikk")',
    "Blåbærsyltetøy på Ærø og Øygarden",
    "Flere\nlinjer\n\nmed tom linje",
    "  ledende og etterfølgende mellomrom  ",
    "Svært lang tekst " * 300,
    "NO",
    "1.10",
    "0o17",
    "1e3",
    "null",
    "~",
    "yes",
    "12:30",
    "@mention",
    "%tag",
    "&anchor *alias !tag",
    "tab\there",
    "ends with colon:",
    "{flow: mapping}",
    "> folded?",
    "| literal?",
    "emoji 🙂 and \u00a0nbsp",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_round_trip(tmp_path, value):
    root = folder(tmp_path)
    base = load(root)
    code = CodeRef(system="2.16.578.1.12.4.1.1.1305", code=value, display=value)
    current, _ = edited(
        base,
        change("sources", "hf", name=value, description=value),
        change("sources", "hf-vest", facility_type=code),
        change("personnel_groups", "fastlege", authorizations=(value, "LE")),
        change("rules", "c", owner=value, rationale=value),
        add("rules", Rule(id="ny", effect="deny", name=value, rationale=value, owner=value)),
        add("conditions", Condition(id="ny-betingelse", name=value, code=code), file="proposals/x.yaml"),
    )
    save(base, current)
    assert_reads_as(root, current)
    again = load(root)
    assert again.sources["hf"].name == value and again.conditions["ny-betingelse"].code.code == value


@pytest.mark.parametrize("value", ["a\x85b", "a\u2028b", "\u2029"])
def test_unicode_line_break_characters_round_trip(tmp_path, value):
    """NEL, LS and PS are escaped in double quotes: YAML would read them raw as line breaks."""
    root = folder(tmp_path)
    base = load(root)
    named = NEW_RULE.model_copy(update={"name": value})
    current, _ = edited(base, change("rules", "a", owner=value), add("rules", named))
    save(base, current)
    assert_reads_as(root, current)
    assert load(root).rules_by_id[named.id].name == value


# -- 8. line ends and byte order marks --------------------------------------------------------------------
def test_crlf_file_stays_crlf(tmp_path):
    root = folder(tmp_path, **{"rules.yaml": RULES.replace("\n", "\r\n").encode("utf-8")})
    base = load(root)
    current, _ = edited(
        base,
        change("rules", "a", status="draft", rationale="Ny\nflerlinjet tekst"),
        remove("rules", "b"),
        add("rules", NEW_RULE),
    )
    save(base, current)
    raw = (root / "rules.yaml").read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n") and b"\r\r" not in raw
    assert raw.startswith(b"# yaml-language-server")
    assert_reads_as(root, current)


def test_bom_is_kept(tmp_path):
    root = folder(tmp_path, **{"rules.yaml": b"\xef\xbb\xbf" + RULES.encode("utf-8")})
    base = load(root)
    current, _ = edited(base, change("rules", "a", status="draft"), add("rules", NEW_RULE))
    save(base, current)
    raw = (root / "rules.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf# yaml-language-server") and raw.count(b"\xef\xbb\xbf") == 1
    assert_reads_as(root, current)


# -- yaml_tree: where a value's own text ends -------------------------------------------------------------
def test_content_ends_stop_before_what_follows():
    source = "r:\n  - a: x  # c\n    b: >-\n      t\n\n  # next\n  - c: [1, 2]  # d\n    e:\n\n# end\n"
    tree = parse(source)

    def upto(path):
        return source[tree.value_marks[path].index : tree.content_ends[path]]

    assert upto(("r", 0, "a")) == "x"
    assert upto(("r", 0, "b")) == ">-\n      t"
    assert upto(("r", 0)) == "a: x  # c\n    b: >-\n      t"
    assert upto(("r", 1)) == "c: [1, 2]  # d\n    e:"
    assert source[tree.key_ends[("r", 1, "c")]] == ":"


def test_empty_tilde_and_null_mean_nothing_with_libyaml_too():
    """libyaml reports a plain scalar's style as '' (the Python parser: None); both are plain."""
    assert parse("a:\nb: ~\nc: null\nd: ''\ne: '~'\n").data == {"a": None, "b": None, "c": None, "d": "", "e": "~"}


# -- 9. random edits (hypothesis) ---------------------------------------------------------------------
COMMENTED = {
    "catalogue.yaml": ENTITIES.replace("sources:\n", "# the sources\nsources:\n", 1),
    "rules.yaml": RULES,
    "extra.yaml": "# extra\nrules:\n  - id: solo  # only one\n    effect: deny\n    sources: [hf-nord]\n\n"
    "expectations:\n  - id: e1\n    decision: readable\n",
}
BASE = load_files(sorted((k, v.encode("utf-8")) for k, v in COMMENTED.items())).catalogue
FILES = ["rules.yaml", "extra.yaml", "catalogue.yaml", "proposals/new.yaml"]
# Any text the schema takes (control characters other than tab and line breaks are refused at load).
TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120).filter(lambda t: not CONTROL_IN_TEXT.search(t))
IDS_OF = {"sources": [s["id"] for s in SOURCES], "documents": [d["id"] for d in DOCUMENTS + CATEGORIES],
          "personnel": [p["id"] for p in PERSONNEL]}


@st.composite
def rule_fields(draw):
    """A rule's fields other than its id, as plain data (hypothesis prints them when a case fails)."""
    effect = draw(st.sampled_from(["allow", "deny"]))
    fields = {"effect": effect, "status": draw(st.sampled_from(["draft", "proposed", "approved"]))}
    for axis, ids in IDS_OF.items():
        if draw(st.booleans()):
            fields[axis] = tuple(draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)))
    for key in ("name", "rationale", "owner"):
        if draw(st.booleans()):
            fields[key] = draw(TEXTS)
    if effect == "allow" and draw(st.booleans()):
        fields["legal_basis"] = ("hpl-45",)
    return fields


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(FILES), rule_fields()),
        st.tuples(st.just("change"), st.integers(0, 99), rule_fields()),
        st.tuples(st.just("rename"), st.integers(0, 99), rule_fields()),
        st.tuples(st.just("remove"), st.integers(0, 99)),
        st.tuples(st.just("entity"), st.integers(0, 99), TEXTS),
    ),
    min_size=1,
    max_size=6,
)


def play(operations):
    """The edits the operations stand for, applied to BASE (indexes wrap around the entries there are)."""
    current, done = BASE, []
    for number, (kind, *args) in enumerate(operations):
        rule_ids = [r.id for r in current.rules]
        if kind == "add":
            edit = edits.add(current, "rules", Rule(id=f"ny-{number}", **args[1]), args[0])
        elif kind == "entity":
            source = list(current.sources.values())[args[0] % len(current.sources)]
            edit = edits.change(current, "sources", source.id, source.model_copy(update={"name": args[1]}))
        elif not rule_ids:
            continue
        elif kind == "remove":
            edit = edits.remove(current, "rules", rule_ids[args[0] % len(rule_ids)])
        else:
            target = rule_ids[args[0] % len(rule_ids)]
            new_id = f"omdopt-{number}" if kind == "rename" else target
            edit = edits.change(current, "rules", target, Rule(id=new_id, **args[1]))
        current = edits.apply(current, edit)
        done.append(edit)
    return current, done


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS)
def test_random_edits_save_and_read_back(operations):
    current, done = play(operations)
    plan = plan_save(BASE, current)
    touched = {edit.origin.file for edit in done}
    assert set(plan.files()) <= touched
    files = {name: source.raw for name, source in BASE.files.items()} | plan.contents
    again = load_files(sorted(files.items()))
    assert again.findings == [], [(f.kind, f.message) for f in again.findings]
    for section in LIST_SECTIONS:
        assert {m.id: m for m in entries(again.catalogue, section)} == {m.id: m for m in entries(current, section)}
    for edit in reversed(done):
        current = edits.apply(current, edit.inverse())
    assert plan_save(BASE, current).contents == {}


def test_edits_in_several_files_through_save(tmp_path):
    root = write(tmp_path / "cat", COMMENTED)
    base = load(root)
    current, _ = edited(
        base, remove("rules", "solo"), add("rules", NEW_RULE, file="extra.yaml"), change("rules", "c", id="c2")
    )
    assert save(base, current) == ["extra.yaml", "rules.yaml"]
    assert text(root, "extra.yaml") == (
        "# extra\nrules:\n  - id: ny\n    effect: allow\n    personnel: [sykepleier]\n    legal_basis: [hpl-45]\n"
        "    status: proposed\n\nexpectations:\n  - id: e1\n    decision: readable\n"
    )
    assert_reads_as(root, current)


# -- 10. the bundled catalogue, copied ------------------------------------------------------------------
def test_bundled_copy_change_of_status_touches_only_that_rule(tmp_path):
    root = tmp_path / "nasjonal"
    shutil.copytree(bundled.path(), root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    base = load(root)
    rule = base.rules[len(base.rules) // 2]
    status = "retired" if rule.status != "retired" else "draft"
    current, _ = edited(base, change("rules", rule.id, status=status))
    old = text(root)
    assert save(base, current) == ["rules.yaml"]
    new = text(root)
    tree = base.files["rules.yaml"].tree
    path = base.origins[("rules", rule.id)].path
    first = tree.value_marks[path].line
    last = old[: tree.content_ends[path]].count("\n")
    assert touched_lines(old, new) <= set(range(first, last + 1))
    assert len(touched_lines(old, new)) <= 1
    assert_reads_as(root, current)
