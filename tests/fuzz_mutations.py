"""The mutations of the hostile-input fuzzing (see fuzzing.py): each takes a seeded random
generator and a case (a fresh copy of the bundled catalogue and of its review workbook),
damages one of them, and says in a few words what it did."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import zipfile
from pathlib import Path


# -- catalogue files --------------------------------------------------------------------------------------
def _yaml_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def _pick(rng, root: Path) -> Path:
    return rng.choice(_yaml_files(root))


TEXT_KEYS = r"(name|description|rationale|title|owner|display|url)"


def _edit_lines(rng, root: Path, change, keys: str = r"[a-z_]+") -> str:
    """Apply `change(rng, lines, index) -> words` at a random `key:` line (of `keys`) of a random file."""
    path = _pick(rng, root)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    candidates = [i for i, line in enumerate(lines) if re.match(rf"\s*(- )?{keys}:", line)]
    candidates = candidates or [i for i, line in enumerate(lines) if re.match(r"\s*(- )?[a-z_]+:", line)] or [0]
    index = rng.choice(candidates)
    words = change(rng, lines, index)
    path.write_text("".join(lines), encoding="utf-8")
    return f"{path.name}:{index + 1}: {words}"


def _indent(line: str) -> str:
    return re.match(r"\s*(- )?", line).group(0).replace("-", " ")


def _replace_value(rng, case, value: str, keys: str = r"[a-z_]+") -> str:
    """Give a random `key:` line (of `keys`) of a random file the value `value`."""

    def change(rng, lines, index):
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {value}\n"
        return f"{key.strip()}: {value[:40]}"

    return _edit_lines(rng, case.catalogue, change, keys)


def byte_flip(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    data = bytearray(path.read_bytes())
    spots = [rng.randrange(len(data)) for _ in range(rng.randint(1, 8))]
    for spot in spots:
        data[spot] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(1, 256)
    path.write_bytes(bytes(data))
    return f"{path.name}: bytes flipped at {spots}"


def truncate(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    data = path.read_bytes()
    cut = rng.randrange(len(data))
    path.write_bytes(data[:cut])
    return f"{path.name} cut at byte {cut}"


def invalid_utf8(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    data = path.read_bytes()
    spot = rng.randrange(len(data))
    bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\xe2\x82"])
    path.write_bytes(data[:spot] + bad + data[spot:])
    return f"{path.name}: {bad!r} at byte {spot}"


def byte_order_mark(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    text = path.read_text(encoding="utf-8")
    variant = rng.choice(["utf-8 bom", "bom inside", "utf-16", "utf-32", "two boms"])
    if variant == "utf-8 bom":
        data = b"\xef\xbb\xbf" + text.encode()
    elif variant == "bom inside":
        spot = rng.randrange(len(text))
        data = (text[:spot] + "\ufeff" + text[spot:]).encode()
    elif variant == "two boms":
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode()
    else:
        data = text.encode(variant)
    path.write_bytes(data)
    return f"{path.name}: {variant}"


def nul_bytes(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    data = path.read_bytes()
    spot = rng.randrange(len(data))
    path.write_bytes(data[:spot] + b"\0" * rng.randint(1, 3) + data[spot:])
    return f"{path.name}: NUL at byte {spot}"


def huge_string(rng, case) -> str:
    size = rng.choice([5 * 2**20, 40_000, 20_001, 20_000])
    filler = rng.choice(["x", "æ", "🙂", "a b "])
    text = (filler * size)[:size]

    def change(rng, lines, index):
        key = lines[index].split(":", 1)[0]
        style = rng.choice(["plain", "quoted", "block"])
        value = {"plain": text, "quoted": f'"{text}"', "block": "|\n" + _indent(lines[index]) + "  " + text}[style]
        lines[index] = f"{key}: {value}\n"
        return f"a {size}-character {style} value"

    return _edit_lines(rng, case.catalogue, change)


def deep_nesting(rng, case) -> str:
    depth = rng.choice([10_000, 33, 100])
    shape = rng.choice(["list", "mapping"])
    value = "[" * depth + "]" * depth if shape == "list" else "{a: " * depth + "b" + "}" * depth
    return f"{depth} levels of {shape}: " + _replace_value(rng, case, value)


def alias_bomb(rng, case) -> str:
    variant = rng.choice(["billion laughs", "merge key", "one alias"])
    if variant == "billion laughs":
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"a{i}: &a{i} [{', '.join(['*a%d' % (i - 1)] * 9)}]" for i in range(1, 10)]
        (case.catalogue / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return variant
    if variant == "merge key":
        text = "sources:\n  - &s {id: x1, name: X}\n  - <<: *s\n    id: x2\n"
    else:
        text = "conditions:\n  - &c\n    id: c1\n    name: C\n  - *c\n"
    (case.catalogue / "alias.yaml").write_text(text, encoding="utf-8")
    return variant


def python_tag(rng, case) -> str:
    marker = case.folder / "PWNED"
    tag = rng.choice([
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/apply:subprocess.call [['touch', '{marker}']]",
        "!!python/name:os.system",
        "!<tag:yaml.org,2002:python/object/new:os.system> ['true']",
        "!!binary aGVsbG8=",
        "!custom value",
        "!!int 12",
        "!!map {a: 1}",
    ])
    return _replace_value(rng, case, tag)


def duplicate_key(rng, case) -> str:
    def change(rng, lines, index):
        line = lines[index]
        copy = _indent(line) + line.strip().removeprefix("- ") + "\n"
        lines.insert(index + 1, copy)
        return f"duplicated {line.strip()[:40]!r}"

    return _edit_lines(rng, case.catalogue, change)


WRONG_VALUES = ["[a, b]", "{a: 1}", "123", "true", "~", '""', "2026-13-45", "-", "[]", "{}", "[[x]]", "'12:30'", "NO", "-1", ".inf"]


def wrong_type(rng, case) -> str:
    return _replace_value(rng, case, rng.choice(WRONG_VALUES))


LOOKALIKES = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "l": "ⅼ", "-": "‐", "s": "ѕ"}


def lookalike_id(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    text = path.read_text(encoding="utf-8")
    ids = [m for m in re.finditer(r"(?m)^\s*- id: ([a-z0-9][a-z0-9_.-]*)$", text)] or list(re.finditer(r"id: (\S+)", text))
    if not ids:
        return f"{path.name}: no id"
    match = rng.choice(ids)
    old = match.group(1)
    letters = [i for i, ch in enumerate(old) if ch in LOOKALIKES]
    spot = rng.choice(letters) if letters else 0
    variant = rng.choice(["look-alike", "zero-width", "fullwidth", "upper"])
    if variant == "look-alike" and letters:
        new = old[:spot] + LOOKALIKES[old[spot]] + old[spot + 1 :]
    elif variant == "zero-width":
        new = old[:spot] + "\u200b" + old[spot:]
    elif variant == "fullwidth":
        new = "".join(chr(ord(ch) + 0xFEE0) if "a" <= ch <= "z" else ch for ch in old)
    else:
        new = old.upper()
    everywhere = rng.random() < 0.5  # the definition only, or every use too
    text = text.replace(old, new) if everywhere else text[: match.start(1)] + new + text[match.end(1) :]
    path.write_text(text, encoding="utf-8")
    return f"{path.name}: {old} → {new!a} ({'everywhere' if everywhere else 'once'})"


def links(rng, case) -> str:
    root = case.catalogue
    variant = rng.choice(["folder loop", "self loop", "to /dev/zero", "dangling", "to a folder", "to the parent", "chain"])
    if variant == "folder loop":
        os.symlink(root, root / "loop")
        (root / "sub").mkdir()
        os.symlink("..", root / "sub" / "up")
    elif variant == "self loop":
        os.symlink("self.yaml", root / "self.yaml")
    elif variant == "to /dev/zero":
        os.symlink("/dev/zero", root / "zero.yaml")
    elif variant == "dangling":
        os.symlink("missing.yaml", root / "dangling.yaml")
    elif variant == "to a folder":
        (root / "dir").mkdir()
        os.symlink("dir", root / "dir.yaml")
    elif variant == "to the parent":
        os.symlink(root.parent, root / "parent")
    else:
        os.symlink("b.yaml", root / "a.yaml")
        os.symlink("a.yaml", root / "b.yaml")
    return variant


def many_files(rng, case) -> str:
    count = rng.choice([3_000, 2_001, 1_990])
    folder = case.catalogue / "many"
    folder.mkdir()
    for n in range(count):
        (folder / f"f{n:05d}.yaml").write_text("# empty\n" if n % 2 else "", encoding="utf-8")
    return f"{count} more files"


CONTROL_ESCAPES = ["\\b", "\\e", "\\v", "\\f", "\\0", "\\x7f", "\\x85", "\\u2028", "\\u2029", "\\uFFFE", "\\x9b", "\\a", "\\x1c", "\\r", "\\t", "\\n"]


def control_escape(rng, case) -> str:
    # Mostly in texts, where the file would otherwise load: the exports then meet the character.
    keys = TEXT_KEYS if rng.random() < 0.8 else r"[a-z_]+"
    return _replace_value(rng, case, f'"a{rng.choice(CONTROL_ESCAPES)}b"', keys)


YAML_JUNK = ["? [a, b]\n: c\n", "---\n", "...\n", "%YAML 1.1\n---\n", "&anchor\n", "*alias\n", "\tkey: value\n",
             "key: value: other\n", "- - -\n", "'unclosed\n", "{\n", "[\n", "|\n", ">\n", "!\n", "%TAG ! tag:x,2000:\n",
             "@x\n", "`x`\n", "key: [a, b\n", "  - id: x\n      name: y\n", "\ufeffkey: v\n", "<<: {a: 1}\n", "? |\n  x\n: y\n"]


def yaml_junk(rng, case) -> str:
    path = _pick(rng, case.catalogue)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    junk = rng.choice(YAML_JUNK)
    index = rng.randrange(len(lines) + 1)
    lines.insert(index, junk)
    path.write_text("".join(lines), encoding="utf-8")
    return f"{path.name}:{index + 1}: {junk!r}"


SEMANTIC = {
    "cycle": "sources:\n  - id: loop-a\n    name: A\n    parents: [loop-b]\n  - id: loop-b\n    name: B\n    parents: [loop-a]\n",
    "unknown reference": "rules:\n  - id: r-unknown\n    effect: allow\n    sources: [no-such-source]\n",
    "deny with conditions": "rules:\n  - id: r-deny\n    effect: deny\n    conditions: [akutt]\n",
    "overrides on allow": "rules:\n  - id: r-allow\n    effect: allow\n    overrides: [x]\n",
    "empty lists": "rules:\n  - id: r-empty\n    effect: allow\n    sources: []\n    personnel: []\n",
    "second catalogue": "catalogue:\n  id: other\n  title: Other\n  version: '2'\n",
    "unknown section": "regler:\n  - id: x\n",
    "not a mapping": "- just\n- a list\n",
    "plain text": "just text\n",
    "deny everything": "rules:\n  - id: deny-all\n    effect: deny\n    status: approved\n",
    "allow everything": "rules:\n  - id: allow-all\n    effect: allow\n    status: approved\n    legal_basis: [pasientjournalloven-19]\n",
    "empty document type": "document_types:\n  - id: tom\n    name: Tom\n    parents: []\n",
}


def semantic(rng, case) -> str:
    variant = rng.choice([*SEMANTIC, "duplicate across files", "catalogue removed", "approve all"])
    root = case.catalogue
    if variant == "duplicate across files":
        text = (root / "sources.yaml").read_text(encoding="utf-8")
        (root / "zz-copy.yaml").write_text(text, encoding="utf-8")
    elif variant == "catalogue removed":
        (root / "catalogue.yaml").unlink()
    elif variant == "approve all":
        path = root / "rules.yaml"
        path.write_text(re.sub(r"status: \w+", "status: approved", path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        (root / "zz-semantic.yaml").write_text(SEMANTIC[variant], encoding="utf-8")
    return variant


def odd_names(rng, case) -> str:
    root = os.fsencode(case.catalogue)
    name = rng.choice([b"\xff.yaml", b"a\x1b[31m.yaml", b"new\nline.yaml", b"x" * 250 + b".yaml", b".hidden.yaml",
                       b"UPPER.YAML", b"x.yml", b"tab\t.yaml", b"\xe2\x80\xae.yaml", b"-rf.yaml", b"a b.yaml"])
    variant = rng.choice(["file", "folder"])
    path = os.path.join(root, name)
    if variant == "folder":
        os.mkdir(path)
        with open(os.path.join(path, b"inner.yaml"), "wb") as handle:
            handle.write(b"rules: []\n")
    else:
        with open(path, "wb") as handle:
            handle.write(b"rules: []\n")
    return f"{variant} {name!r}"


def special_files(rng, case) -> str:
    root = case.catalogue
    variant = rng.choice(["fifo", "socket", "device link", "folder named .yaml", "empty file", "unreadable folder"])
    if variant == "fifo":
        os.mkfifo(root / "pipe.yaml")
    elif variant == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(root / "sock.yaml"))
        server.close()
    elif variant == "device link":
        os.symlink("/dev/urandom", root / "random.yaml")
    elif variant == "folder named .yaml":
        (root / "folder.yaml").mkdir()
    elif variant == "empty file":
        (root / "rules.yaml").write_bytes(b"")
    else:
        (root / "locked").mkdir()
        (root / "locked" / "x.yaml").write_text("rules: []\n", encoding="utf-8")
        (root / "locked").chmod(0)
    return variant


def huge_file(rng, case) -> str:
    size = rng.choice([16 * 2**20 + 1, 17 * 2**20])
    with open(case.catalogue / "huge.yaml", "wb") as handle:
        handle.write(b"# padding\n" * (size // 10 + 1))
    return f"{size} bytes"


ODD_TEXTS = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "[/]", "[bold]x[/bold]", "&amp; <b>",
             "'quoted'", "\"dq\"", "🙂 emoji", "\u202eRTL override", "zero\u200bwidth", "ÆØÅ æøå", "x" * 20_000,
             "line\nbreak", "tab\there", "trailing space ", " leading", "%s %d {0}", "\\", "null", "#", "*", "Nei", "Ja",
             "Betinget: x", "a\u2028b", "a\x85b", "\u00a0nbsp"]


def odd_texts(rng, case) -> str:
    """Texts that are valid but hostile to spreadsheets and terminals: they must load, check and export."""
    done = []
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(ODD_TEXTS)
        path = _pick(rng, case.catalogue)
        source = path.read_text(encoding="utf-8")
        fields = list(re.finditer(rf"(?m)^(\s+(?:- )?)({TEXT_KEYS}): [^|>\n].*$", source))
        if not fields:
            continue
        match = rng.choice(fields)
        quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        quoted = quoted.replace("\u2028", "\\L").replace("\x85", "\\N")
        line = f'{match.group(1)}{match.group(2)}: "{quoted}"'
        path.write_text(source[: match.start()] + line + source[match.end() :], encoding="utf-8")
        done.append(f"{path.name} {match.group(2)} {text[:20]!a}")
    return "; ".join(done)


def odd_structure(rng, case) -> str:
    """Valid catalogues that are hard on the workbooks: names that collide once cut to a sheet
    title, names of reserved sheets, pick-list labels as condition names, deep and wide trees."""
    variant = rng.choice(["same names", "reserved titles", "label-like conditions", "deep personnel", "wide documents",
                          "many conditions", "source producing nothing"])
    long = "Et veldig langt kildenavn som er likt i de første tretti tegnene"
    if variant == "same names":
        entries = [f"  - id: dup-{n}\n    name: {'Fastleger' if n < 2 else long + str(n)}\n    parents: [fastlege]\n    status: production\n"
                   for n in range(4)]
        text = "sources:\n" + "".join(entries)
    elif variant == "reserved titles":
        names = ["History", "pjd", "Lister", "Vurderinger", "Slik gjør du", "'Sitert'", "Ark[1]", "a/b\\\\c?*:"]
        text = "sources:\n" + "".join(f"  - id: res-{n}\n    name: \"{name}\"\n    parents: [fastlege]\n" for n, name in enumerate(names))
    elif variant == "label-like conditions":
        names = ["Ja", "Nei", "Betinget: Akutt", "Kun ved akutt behov", "A, B", "x | y", '\\"Sitat\\"']
        text = "conditions:\n" + "".join(f"  - id: lab-{n}\n    name: \"{name}\"\n" for n, name in enumerate(names))
    elif variant == "deep personnel":
        text = "personnel_groups:\n" + "".join(
            f"  - id: deep-{n}\n    name: Dyp {n}\n" + (f"    parents: [deep-{n - 1}]\n" if n else "    parents: [lege]\n") for n in range(30)
        )
    elif variant == "wide documents":
        text = "document_types:\n" + "".join(
            f"  - id: wide-{n}\n    name: Bred {n}\n    parents: [epikriser-og-sammenfatninger]\n    confidentiality: {'NRV'[n % 3]}\n"
            for n in range(rng.choice([50, 300]))
        )
    elif variant == "many conditions":
        text = "conditions:\n" + "".join(f"  - id: many-{n}\n    name: Vilkår {n}\n" for n in range(60))
    else:
        text = "document_types:\n  - id: only-hf\n    name: Bare HF\n    parents: [lopende-journal]\n    produced_by: [helseforetak]\n"
    (case.catalogue / "zz-odd.yaml").write_text(text, encoding="utf-8")
    return variant


CATALOGUE_KINDS = {
    "byte_flip": byte_flip,
    "truncate": truncate,
    "invalid_utf8": invalid_utf8,
    "bom": byte_order_mark,
    "nul": nul_bytes,
    "huge_string": huge_string,
    "deep_nesting": deep_nesting,
    "alias_bomb": alias_bomb,
    "python_tag": python_tag,
    "duplicate_key": duplicate_key,
    "wrong_type": wrong_type,
    "lookalike_id": lookalike_id,
    "links": links,
    "many_files": many_files,
    "control_escape": control_escape,
    "yaml_junk": yaml_junk,
    "semantic": semantic,
    "odd_names": odd_names,
    "special_files": special_files,
    "huge_file": huge_file,
    "odd_texts": odd_texts,
    "odd_structure": odd_structure,
}


# -- git revisions ---------------------------------------------------------------------------------------
def git_odd(rng, case) -> str:
    """A catalogue mutated, committed, and compared with git:REV: git's own odd entries too."""
    other = rng.choice([k for k in CATALOGUE_KINDS if k not in ("special_files", "links", "many_files", "huge_file")])
    words = CATALOGUE_KINDS[other](rng, case)
    extra = rng.choice(["none", "symlink", "non-utf8 name", "submodule"])
    root = case.catalogue
    if extra == "symlink":
        os.symlink("/etc/passwd", root / "link.yaml")
    elif extra == "non-utf8 name":
        with open(os.path.join(os.fsencode(root), b"\xfe.yaml"), "wb") as handle:
            handle.write(b"rules: []\n")
    elif extra == "submodule":
        git = ["git", "-C", str(root)]
        subprocess.run([*git, "init", "-q"], check=True, capture_output=True)
        subprocess.run([*git, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},sub.yaml"], check=False, capture_output=True)
    return f"{other} ({words}), then {extra}"


GIT_KINDS = {"git_revision": git_odd}


# -- review workbooks ------------------------------------------------------------------------------------
def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_parts(path: Path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _sheet_part(rng, parts: dict[str, bytes]) -> str:
    return rng.choice(sorted(name for name in parts if name.startswith("xl/worksheets/sheet")))


def _edit_cells(rng, case, change, count: int = 1) -> str:
    """Rewrite `count` random cells of a random sheet: change(rng, cell_xml, ref) → new xml."""
    parts = _parts(case.workbook)
    part = _sheet_part(rng, parts)
    text = parts[part].decode("utf-8")
    cells = list(re.finditer(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', text))
    chosen = sorted(rng.sample(cells, min(count, len(cells))), key=lambda m: m.start(), reverse=True)
    for match in chosen:
        text = text[: match.start()] + change(rng, match.group(0), match.group(1)) + text[match.end() :]
    parts[part] = text.encode("utf-8")
    _write_parts(case.workbook, parts)
    return f"{part}: {', '.join(m.group(1) for m in chosen)}"


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def wb_byte_flip(rng, case) -> str:
    data = bytearray(case.workbook.read_bytes())
    spots = [rng.randrange(len(data)) for _ in range(rng.randint(1, 6))]
    for spot in spots:
        data[spot] ^= rng.randrange(1, 256)
    case.workbook.write_bytes(bytes(data))
    return f"bytes flipped at {spots}"


def wb_truncate(rng, case) -> str:
    data = case.workbook.read_bytes()
    cut = rng.randrange(len(data))
    case.workbook.write_bytes(data[:cut])
    return f"cut at byte {cut} of {len(data)}"


def wb_zip_header(rng, case) -> str:
    data = bytearray(case.workbook.read_bytes())
    with zipfile.ZipFile(case.workbook) as archive:
        info = rng.choice(archive.infolist())
    end = data.rfind(b"PK\x05\x06")
    central = int.from_bytes(data[end + 16 : end + 20], "little")
    field_, spot, value = rng.choice([
        ("entry count", end + 10, rng.choice([0, 1, 65535])),
        ("central directory offset", end + 16, rng.choice([0, len(data), central + 1])),
        ("compression method", info.header_offset + 8, rng.choice([99, 14, 12, 93, 1])),
        ("encrypted flag", info.header_offset + 6, 1),
        ("declared size", info.header_offset + 22, rng.choice([0, 2**32 - 1])),
        ("crc", info.header_offset + 14, rng.randrange(2**32)),
        ("name length", info.header_offset + 26, rng.choice([0, 65535])),
    ])
    width = 4 if field_ in ("central directory offset", "declared size", "crc") else 2
    data[spot : spot + width] = int(value).to_bytes(width, "little")
    case.workbook.write_bytes(bytes(data))
    return f"{field_} of {info.filename} → {value}"


def wb_deflate(rng, case) -> str:
    data = bytearray(case.workbook.read_bytes())
    with zipfile.ZipFile(case.workbook) as archive:
        info = rng.choice([i for i in archive.infolist() if i.compress_type == zipfile.ZIP_DEFLATED and i.compress_size > 2])
    offset = info.header_offset
    start = offset + 30 + int.from_bytes(data[offset + 26 : offset + 28], "little") + int.from_bytes(data[offset + 28 : offset + 30], "little")
    spot = start + rng.randrange(min(info.compress_size, 64))
    data[spot] = data[spot] | 0b110 if spot == start and rng.random() < 0.5 else data[spot] ^ rng.randrange(1, 256)
    case.workbook.write_bytes(bytes(data))
    return f"deflate data of {info.filename} at +{spot - start}"


ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10) for i in range(1, 10))
    + b"]>\n"
)
EXTERNAL = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'


def wb_entity_bomb(rng, case) -> str:
    parts = _parts(case.workbook)
    part = rng.choice(sorted(n for n in parts if n.endswith((".xml", ".rels", ".vml"))))
    body = parts[part]
    if body.startswith(b"<?xml"):
        body = body.split(b"?>", 1)[1]
    variant = rng.choice(["billion laughs", "external entity", "utf-16", "xinclude"])
    if variant == "billion laughs":
        parts[part] = ENTITY_BOMB + body.replace(b"<t>", b"<t>&lol9;", 1)
    elif variant == "external entity":
        parts[part] = EXTERNAL + body.replace(b"<t>", b"<t>&e;", 1)
    elif variant == "utf-16":
        parts[part] = parts[part].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    else:
        parts[part] = body.replace(b"<t>", b'<t><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>', 1)
    _write_parts(case.workbook, parts)
    return f"{variant} in {part}"


def wb_xml_flip(rng, case) -> str:
    parts = _parts(case.workbook)
    part = rng.choice(sorted(parts))
    data = bytearray(parts[part])
    if not data:
        return f"{part} is empty"
    if rng.random() < 0.3:
        cut = rng.randrange(len(data))
        parts[part] = bytes(data[:cut])
        _write_parts(case.workbook, parts)
        return f"{part} cut at {cut}"
    spots = [rng.randrange(len(data)) for _ in range(rng.randint(1, 5))]
    for spot in spots:
        data[spot] = rng.choice(b"<>&\"'=/ 0123456789abcdefrct\x00\xff")
    parts[part] = bytes(data)
    _write_parts(case.workbook, parts)
    return f"{part}: bytes at {spots}"


FORMULAS = ['<f>1+1</f><v>2</v>', '<f>HYPERLINK("http://example.org","Ja")</f><v>Ja</v>', '<f t="array" ref="A1:A2">A1</f>',
            '<f t="shared" si="0" ref="A1:B2">A1</f>', '<f t="shared" si="0"/>', "<f>SUM(</f>", '<f t="dataTable" ref="A1"/>']


def wb_formula(rng, case) -> str:
    def change(rng, xml, ref):
        kind = rng.choice(["", ' t="str"', ' t="e"'])
        return f'<c r="{ref}"{kind}>{rng.choice(FORMULAS)}</c>'

    return _edit_cells(rng, case, change, count=rng.randint(1, 4))


def wb_long_text(rng, case) -> str:
    size = rng.choice([40_000, 32_768, 2_001, 200_000])

    def change(rng, xml, ref):
        return _inline(ref, rng.choice(["x", "Ja", "æ"]) * size)

    return _edit_cells(rng, case, change, count=rng.randint(1, 3))


CELL_TEXTS = ["&#x8;", "\x08", "&#x1b;[31m", "&#xFFFE;", "\u2028", "\x85", "a\nb", "&#13;&#10;", "&amp;", "]]>", "\t",
              "Ja ", " Nei", "JA", "nei", "Betinget:", "Betinget: Ukjent", "=1+1", "-", "@x", "\ud7ff", "\U0001f642"]


def wb_cell_text(rng, case) -> str:
    def change(rng, xml, ref):
        return _inline(ref, rng.choice(CELL_TEXTS))

    return _edit_cells(rng, case, change, count=rng.randint(1, 5))


def wb_rows(rng, case) -> str:
    parts = _parts(case.workbook)
    part = _sheet_part(rng, parts)
    row = rng.choice(["1000000000000", "1048577", "1048576", "-5", "0", "abc", "1.5", "1e400", "nan", ""])
    column = rng.choice(["A", "XFD", "XFE", "ZZZ", "AAAA", ""])
    attribute = f' r="{row}"' if row else ""
    cell = f'<c r="{column}{row or 1}" t="inlineStr"><is><t>x</t></is></c>' if column else '<c t="inlineStr"><is><t>x</t></is></c>' * 3
    parts[part] = parts[part].replace(b"</sheetData>", f"<row{attribute}>{cell}</row></sheetData>".encode(), 1)
    _write_parts(case.workbook, parts)
    return f"{part}: row {row!r}, column {column!r}"


def _labels(parts: dict[str, bytes]) -> list[str]:
    texts = re.findall(rb"<t[^>]*>([^<]*)</t>", b"".join(v for k, v in parts.items() if k.startswith("xl/worksheets/")))
    labels = sorted({t.decode("utf-8") for t in texts if t.startswith((b"Ja", b"Nei", b"Betinget", b"H\xc3\xb8yt", b"Middels", b"Lavt", b"Ingen", b"N\xc3\xa5", b"Senere", b"Ukjent"))})
    return labels or ["Ja", "Nei"]


def wb_review(rng, case) -> str:
    """A reviewer's edits, valid or not: decisions, comments, assessments, the reviewer's name."""
    labels = _labels(_parts(case.workbook))
    texts = [*labels, "", "Kanskje", "Ja\n", "🙂", "x" * 2001, "Kommentar med\nlinjeskift", "=1", "'Ja"]

    def change(rng, xml, ref):
        if not re.match(r"[E-Z]|A[A-Z]", ref) and rng.random() < 0.8:
            return xml  # mostly the decision and comment columns
        return _inline(ref, rng.choice(texts if rng.random() < 0.3 else labels))

    return _edit_cells(rng, case, change, count=rng.randint(1, 30))


def wb_record(rng, case) -> str:
    parts = _parts(case.workbook)
    names = re.findall(rb'<sheet name="([^"]+)"', parts["xl/workbook.xml"])
    part = f"xl/worksheets/sheet{[n.decode() for n in names].index('pjd') + 1}.xml"
    text = parts[part].decode("utf-8")
    cells = list(re.finditer(r"(<t[^>]*>)([^<]*)(</t>)", text))
    match = rng.choice(cells)
    value = rng.choice(["", "x", "-1", "99999", "draft", "approved", "9" * 400, "a\nb", "\u2028", "end", "sheet", "document",
                        "1,2,3", "0,0,0,0,0,0,0,0", match.group(2) * 2, "&amp;", "Ola\nrules: []"])
    text = text[: match.start(2)] + value + text[match.end(2) :]
    parts[part] = text.encode("utf-8")
    _write_parts(case.workbook, parts)
    return f"record {match.group(2)[:30]!a} → {value[:30]!a}"


def wb_sheets(rng, case) -> str:
    parts = _parts(case.workbook)
    book = parts["xl/workbook.xml"].decode("utf-8")
    sheets = re.findall(r"<sheet [^>]*/>", book)
    variant = rng.choice(["rename", "swap", "remove", "duplicate", "bad rel", "rel outside"])
    if variant == "rename":
        book = book.replace(sheets[1], re.sub(r'name="[^"]*"', 'name="Ny"', sheets[1]), 1)
    elif variant == "swap":
        book = book.replace(sheets[1], "\0").replace(sheets[2], sheets[1]).replace("\0", sheets[2])
    elif variant == "remove":
        book = book.replace(rng.choice(sheets), "", 1)
    elif variant == "duplicate":
        book = book.replace(sheets[1], sheets[1] * 2, 1)
    elif variant == "bad rel":
        book = book.replace(sheets[1], re.sub(r'r:id="[^"]*"', 'r:id="rId999"', sheets[1]), 1)
    else:
        rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
        parts["xl/_rels/workbook.xml.rels"] = re.sub(r'Target="[^"]*sheet2.xml"', 'Target="../../../../etc/passwd"', rels).encode()
    parts["xl/workbook.xml"] = book.encode("utf-8")
    _write_parts(case.workbook, parts)
    return variant


def wb_not_a_file(rng, case) -> str:
    path = case.workbook
    path.unlink()
    variant = rng.choice(["fifo", "folder", "device", "dangling link", "link loop", "empty", "sparse 600 MiB"])
    if variant == "fifo":
        os.mkfifo(path)
    elif variant == "folder":
        path.mkdir()
    elif variant == "device":
        os.symlink("/dev/zero", path)
    elif variant == "dangling link":
        os.symlink("missing.xlsx", path)
    elif variant == "link loop":
        os.symlink(path.name, path)
    elif variant == "empty":
        path.write_bytes(b"")
    else:
        with open(path, "wb") as handle:
            handle.truncate(600 * 2**20)
    return variant


def wb_cell_types(rng, case) -> str:
    def change(rng, xml, ref):
        return rng.choice([f'<c r="{ref}" t="s"><v>{rng.choice(["99999", "-1", "x", ""])}</v></c>', f'<c r="{ref}" t="b"><v>2</v></c>',
                           f'<c r="{ref}" t="n"><v>abc</v></c>', f'<c r="{ref}" t="d"><v>2026-99-99</v></c>',
                           f'<c r="{ref}" t="e"><v>#REF!</v></c>', f'<c r="{ref}" s="9999"><v>1</v></c>', f'<c r="{ref}" t="n"><v>1e999</v></c>',
                           f'<c r="{ref}"><v>45000</v></c>', f'<c r="{ref}" t="inlineStr"><is><r><t>J</t></r><r><t>a</t></r></is></c>'])

    return _edit_cells(rng, case, change, count=rng.randint(1, 5))


def wb_many_cells(rng, case) -> str:
    parts = _parts(case.workbook)
    part = _sheet_part(rng, parts)
    variant = rng.choice(["wide row", "many rows", "dimension lie", "bad dimension"])
    if variant == "wide row":
        extra = b'<row r="900">' + b"<c/>" * rng.choice([16_385, 20_000, 16_000]) + b"</row>"
    elif variant == "many rows":
        extra = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n) for n in range(1000, 1000 + rng.choice([1_000, 50_000])))
    else:
        extra = b""
        ref = b"A1:XFD1048576" if variant == "dimension lie" else b"garbage"
        parts[part] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', parts[part], count=1)
    parts[part] = parts[part].replace(b"</sheetData>", extra + b"</sheetData>", 1)
    _write_parts(case.workbook, parts)
    return f"{variant} in {part}"


def wb_zip_entries(rng, case) -> str:
    parts = _parts(case.workbook)
    variant = rng.choice(["6000 entries", "macros", "path outside", "duplicate name", "stored", "bzip2", "lzma", "folder entry", "no workbook"])
    method = zipfile.ZIP_DEFLATED
    if variant == "6000 entries":
        parts.update({f"xl/media/x{n}.bin": b"" for n in range(6000)})
    elif variant == "macros":
        parts["xl/vbaProject.bin"] = b"\0" * 16
    elif variant == "path outside":
        parts["../../evil.xml"] = b"<x/>"
    elif variant == "duplicate name":
        with zipfile.ZipFile(case.workbook, "a") as archive:
            archive.writestr("xl/workbook.xml", b"<workbook/>")
        return variant
    elif variant == "folder entry":
        parts["xl/folder/"] = b""
    elif variant == "no workbook":
        del parts["xl/workbook.xml"]
    else:
        method = {"stored": zipfile.ZIP_STORED, "bzip2": zipfile.ZIP_BZIP2, "lzma": zipfile.ZIP_LZMA}[variant]
    _write_parts(case.workbook, parts, method)
    return variant


WORKBOOK_KINDS = {
    "wb_byte_flip": wb_byte_flip,
    "wb_truncate": wb_truncate,
    "wb_zip_header": wb_zip_header,
    "wb_deflate": wb_deflate,
    "wb_entity_bomb": wb_entity_bomb,
    "wb_xml_flip": wb_xml_flip,
    "wb_formula": wb_formula,
    "wb_long_text": wb_long_text,
    "wb_cell_text": wb_cell_text,
    "wb_rows": wb_rows,
    "wb_review": wb_review,
    "wb_record": wb_record,
    "wb_sheets": wb_sheets,
    "wb_not_a_file": wb_not_a_file,
    "wb_cell_types": wb_cell_types,
    "wb_many_cells": wb_many_cells,
    "wb_zip_entries": wb_zip_entries,
}

KINDS = sorted([*CATALOGUE_KINDS, *GIT_KINDS, *WORKBOOK_KINDS])
