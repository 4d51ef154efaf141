"""Hostile and tricky input: refused with a clear, located message, never a traceback or a hang."""

import os
import sys

import pytest

from policy_model.findings import Location
from policy_model.load import load_folder
from policy_model.yaml_tree import MAX_FILE_BYTES

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

SOURCES = "sources:\n  - id: hf\n    name: HF\n"


def kinds(result):
    return [(f.kind, f.location, f.message) for f in result.findings]


def test_anchors_and_aliases_are_refused(make_catalogue):
    text = "sources:\n  - &base\n    id: hf\n    name: HF\n  - *base\n"
    result = load_folder(make_catalogue({"s.yaml": text}))
    [(kind, location, message)] = kinds(result)
    assert kind == "schema" and location == Location("s.yaml", 2, 5)
    assert "anchors" in message and "ids already give reuse" in message


def test_billion_laughs_is_refused_at_once(make_catalogue):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a%d' % (i - 1)] * 9)}]" for i in range(1, 10)]
    result = load_folder(make_catalogue({"bomb.yaml": "\n".join(lines) + "\n"}))
    assert [k for k, _l, _m in kinds(result)] == ["schema"]
    assert result.catalogue is None


def test_python_tags_are_never_constructed(make_catalogue, tmp_path):
    marker = tmp_path / "pwned"
    text = f"sources:\n  - !!python/object/apply:os.system ['touch {marker}']\n"
    result = load_folder(make_catalogue({"s.yaml": text}))
    [(kind, location, message)] = kinds(result)
    assert kind == "schema" and location == Location("s.yaml", 2, 5) and "tags" in message
    assert not marker.exists()


def test_yaml_11_traps_keep_what_the_author_wrote(make_catalogue):
    text = """\
    catalogue:
      id: t
      title: on
      version: 1.10
      description: 12:30
    sources:
      - id: hf
        name: yes
        facility_type: {system: "2.16", code: NO, display: off}
    personnel_groups:
      - id: g
        name: 0o17
        authorizations: [NO, Y, 1e3]
    """
    result = load_folder(make_catalogue({"c.yaml": text}))
    assert result.findings == []
    cat = result.catalogue
    assert (cat.meta.title, cat.meta.version, cat.meta.description) == ("on", "1.10", "12:30")
    assert cat.sources["hf"].name == "yes"
    assert cat.sources["hf"].facility_type.code == "NO" and cat.sources["hf"].facility_type.display == "off"
    assert cat.personnel_groups["g"].name == "0o17"
    assert cat.personnel_groups["g"].authorizations == ("NO", "Y", "1e3")


def test_an_empty_value_is_reported_not_taken_as_the_text_none(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": "sources:\n  - id: hf\n    name:\n"}))
    [(kind, location, message)] = kinds(result)
    assert kind == "schema" and location == Location("s.yaml", 3, 10) and "empty" in message


def test_huge_file_is_refused_without_parsing(make_catalogue):
    big = b"sources:\n" + b"# padding\n" * (MAX_FILE_BYTES // 10 + 10)
    result = load_folder(make_catalogue({"big.yaml": big}))
    [(kind, location, message)] = kinds(result)
    assert kind == "schema" and location.file == "big.yaml" and "MiB" in message


def test_deep_nesting_is_refused(make_catalogue):
    flow = "sources: " + "[" * 5000 + "]" * 5000 + "\n"
    block = "sources:\n" + "".join("  " * i + "- \n" for i in range(200))
    for text in (flow, block):
        result = load_folder(make_catalogue({"deep.yaml": text}))
        [(kind, location, message)] = kinds(result)
        assert kind in ("syntax", "schema") and location.file == "deep.yaml" and "nesting" in message


def test_several_documents_in_one_file_are_refused(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": SOURCES + "---\nrules: []\n"}))
    [(kind, location, message)] = kinds(result)
    assert kind == "schema" and location == Location("s.yaml", 4, 1) and "one YAML document" in message


def test_complex_keys_are_refused(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": "? [a, b]\n: value\n"}))
    [(kind, _location, message)] = kinds(result)
    assert kind == "schema" and "key must be plain text" in message


def test_binary_garbage_is_a_syntax_error(make_catalogue):
    result = load_folder(make_catalogue({"junk.yaml": bytes(range(256)) * 4}))
    assert [k for k, _l, _m in kinds(result)] == ["syntax"]


def test_control_characters_are_a_syntax_error(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": "sources:\n  - id: hf\n    name: a\x07b\n"}))
    [(kind, location, _message)] = kinds(result)
    assert kind == "syntax" and location.line == 3


def test_a_bom_is_accepted(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": b"\xef\xbb\xbf" + SOURCES.encode()}))
    assert result.findings == [] and "hf" in result.catalogue.sources


def test_entries_that_are_not_mappings(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": "sources:\n  - hf\n  - [a]\nrules: plain\n"}))
    messages = [(f.location.line, f.message) for f in result.findings]
    assert [line for line, _ in messages] == [2, 3, 4]
    assert all("must be" in m for _, m in messages)


def test_empty_and_comment_only_files_are_fine(make_catalogue):
    result = load_folder(make_catalogue({"a.yaml": "", "b.yaml": "# only a comment\n", "s.yaml": SOURCES}))
    assert result.findings == []


def test_hidden_folders_are_skipped_and_nested_files_read(make_catalogue):
    root = make_catalogue({"s.yaml": SOURCES, ".git/x.yaml": "not: [valid", "sub/p.yaml": "personnel_groups:\n  - id: g\n    name: G\n"})
    result = load_folder(root)
    assert result.findings == [] and "g" in result.catalogue.personnel_groups


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loops_do_not_hang(make_catalogue):
    root = make_catalogue({"s.yaml": SOURCES})
    os.symlink(root, root / "loop")
    result = load_folder(root)
    assert result.findings == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_reported(make_catalogue):
    root = make_catalogue({"s.yaml": SOURCES, "secret.yaml": SOURCES})
    (root / "secret.yaml").chmod(0)
    result = load_folder(root)
    assert result.catalogue is None and result.findings[0].location.file == "secret.yaml"


def test_unicode_line_separators_are_refused_at_their_line(make_catalogue):
    result = load_folder(make_catalogue({"s.yaml": "sources:\n  - id: hf\n    name: HF # note\u2028more\n"}))
    [(kind, location, message)] = kinds(result)
    assert kind == "syntax" and location.line == 3 and "U+2028" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_device_named_yaml_is_reported_not_read(make_catalogue):
    root = make_catalogue({"s.yaml": SOURCES})
    os.mkfifo(root / "pipe.yaml")
    os.symlink("/dev/zero", root / "zero.yaml")
    result = load_folder(root)
    assert result.catalogue is None
    assert sorted(f.location.file for f in result.findings) == ["pipe.yaml", "zero.yaml"]
    assert all("not a regular file" in f.message for f in result.findings)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_reported_not_skipped(make_catalogue):
    root = make_catalogue({"s.yaml": SOURCES, "sub/deny.yaml": "rules:\n  - id: d\n    effect: deny\n"})
    (root / "sub").chmod(0)
    try:
        result = load_folder(root)
    finally:
        (root / "sub").chmod(0o755)
    assert result.catalogue is None and "cannot read the folder sub" in result.findings[0].message


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes in names")
def test_file_names_that_are_not_utf8_or_hold_control_characters_are_located_errors(make_catalogue):
    root = make_catalogue({"s.yaml": SOURCES})
    for name in (b"\xff.yaml", b"a\x1b[31m.yaml"):
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(b"rules: []\n")
    result = load_folder(root)
    assert result.catalogue is None
    assert kinds(result) == [
        ("schema", Location("\\xff.yaml", 1, 1), "the file name is not valid UTF-8 (byte 0xff): rename the file"),
        ("schema", Location("a\\u001b[31m.yaml", 1, 1), "the file name holds an invisible control character (U+001B): rename the file"),
    ]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes in names")
def test_a_git_revision_with_odd_entries_reports_them_and_reads_nothing_else(make_catalogue):
    import subprocess

    from policy_model.revisions import load_revision

    root = make_catalogue({"s.yaml": SOURCES})
    with open(os.path.join(os.fsencode(root), b"\xff.yaml"), "wb") as handle:
        handle.write(b"rules: []\n")
    os.symlink("/etc/passwd", root / "link.yaml")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@e"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "odd"], check=True)
    result = load_revision(root, "HEAD")
    assert result.catalogue is None
    assert kinds(result) == [
        ("schema", Location("\\xff.yaml", 1, 1), "the file name is not valid UTF-8 (byte 0xff): rename the file"),
        ("schema", Location("link.yaml", 1, 1), "cannot read the file: not a regular file but a symbolic link at HEAD"),
    ]


def test_values_in_messages_are_cut_and_their_control_characters_shown(make_catalogue):
    text = 'sources:\n  - id: hf\n    name: HF\n    status: "' + "x" * 5000 + '\\e"\n'
    [finding] = load_folder(make_catalogue({"s.yaml": text})).findings
    assert finding.message == (
        "source 'hf': status '" + "x" * 80 + "… (5001 characters)' is not allowed; use 'production', 'pilot' or 'planned'"
    )
    text = 'sources:\n  - id: hf\n    name: HF\n    status: "pilot\\e[31m"\n'
    [finding] = load_folder(make_catalogue({"s.yaml": text})).findings
    assert "status 'pilot\\u001b[31m' is not allowed" in finding.message
