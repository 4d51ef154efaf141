"""Folder of YAML → validated Catalogue, with every load error as a located Finding (SPEC §3).

Reading goes on past the first problem: every file is parsed, every entry validated on its
own, and ids, references and loops are checked on whatever was valid, so one run reports
all the errors it can find. Errors are values: nothing here raises on bad input.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .catalogue import Catalogue, Origin, SourceFile
from .files import FileTooLarge, os_error_words, read_regular_file
from .findings import Finding, Location, ordered, printable
from . import integrity
from .i18n import M, Message
from .integrity import WHAT
from .schema import LIST_SECTIONS, SECTIONS, CatalogueMeta, control_words
from .yaml_tree import CONTROL, MAX_FILE_BYTES, YamlProblem, decode, parse

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 2000


@dataclass
class LoadResult:
    """The catalogue (None when it cannot be evaluated) and the load findings."""

    catalogue: Catalogue | None
    findings: list[Finding] = field(default_factory=list)
    content_hash: str | None = None
    meta: CatalogueMeta | None = None
    """The catalogue section when it was valid, even if other parts were not."""

    @property
    def ok(self) -> bool:
        return self.catalogue is not None


def read_folder(root: Path) -> tuple[list[tuple[str, bytes]], list[Finding]]:
    """The YAML files under `root` (recursively, sorted by relative path) and any read problems.

    Hidden folders and `__pycache__` are skipped; symlinked folders are not followed (no loops).
    """
    found: list[tuple[str, Path]] = []
    findings: list[Finding] = []

    def unreadable(err: OSError) -> None:
        # A folder that cannot be read must not silently take its rules with it.
        rel = Path(err.filename).relative_to(root).as_posix() if err.filename else "."
        findings.append(_schema(M("cannot read the folder {folder}: {problem}; its YAML files would be missing",
                                  folder=rel, problem=os_error_words(err)), None))

    for folder, dirs, names in os.walk(root, followlinks=False, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in names:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = Path(folder, name)
                found.append((path.relative_to(root).as_posix(), path))
    found.sort()
    if len(found) > MAX_FILES:
        findings.append(_schema(M("the folder holds {count} YAML files; the limit is {limit}", count=len(found), limit=MAX_FILES), None))
        found = found[:MAX_FILES]
    files = []
    for rel, path in found:
        problem = file_name_problem(rel)
        if problem is not None:
            findings.append(problem)
            continue
        try:
            raw = read_regular_file(path, MAX_FILE_BYTES)  # a FIFO or device named *.yaml would hang or never end
        except FileTooLarge as err:
            findings.append(_schema(M("{problem} per file: split it into several files", problem=err.strerror), Location(rel, 1, 1)))
            continue
        except OSError as err:
            findings.append(_schema(M("cannot read the file: {problem}", problem=os_error_words(err)), Location(rel, 1, 1)))
            continue
        files.append((rel, raw))
    return files, findings


def file_name_problem(rel: str) -> Finding | None:
    """A file name pjd cannot name in a location, a hash or a terminal: bytes that are not
    UTF-8 (they arrive as surrogate escapes) or an invisible control character."""
    shown = shown_name(rel)
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError as err:
        byte = ord(rel[err.start]) - 0xDC00
        return _schema(M("the file name is not valid UTF-8 (byte 0x{byte}): rename the file", byte=f"{byte:02x}"), Location(shown, 1, 1))
    bad = CONTROL.search(rel)
    if bad is not None:
        return _schema(M("the file name holds {what}: rename the file", what=control_words(bad.group())), Location(shown, 1, 1))
    return None


def shown_name(rel: str) -> str:
    """A file name as it can be printed: undecodable bytes as \\xff, control characters as \\u001b."""
    return printable(rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), limit=None)


def load_folder(root: Path | str) -> LoadResult:
    root = Path(root)
    files, findings = read_folder(root)
    return load_files(files, root=root, read_problems=findings)


def load_files(files: list[tuple[str, bytes]], root: Path | None = None, read_problems: Sequence[Finding] = ()) -> LoadResult:
    """Load a catalogue from (relative path, bytes) pairs, e.g. a folder or a git revision.
    `read_problems` are the files that could not be read: with any, it cannot be evaluated."""
    result = _Loader(files, root).run()
    if read_problems:
        result.findings = ordered([*read_problems, *result.findings])
        result.catalogue = None
    return result


def _schema(message: Message, location: Location | None, **ids) -> Finding:
    return Finding("schema", "error", message, location=location, **ids)


def _did_you_mean(word: str, choices):
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return M("; did you mean '{id}'?", id=close[0]) if close else ""


@dataclass
class _Entry:
    section: str
    file: SourceFile
    path: tuple  # (section, index)
    data: object
    model: object | None = None

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if isinstance(self.data, dict) else None
        return value if isinstance(value, str) else None

    def mark(self, *sub, key: bool = False) -> Location:
        """The location of a key (key=True) or value inside the entry, or the nearest enclosing value."""
        tree = self.file.tree
        full = (*self.path, *sub)
        if key and full in tree.key_marks:
            m = tree.key_marks[full]
            return Location(self.file.path, m.line + 1, m.column + 1)
        while full not in tree.value_marks and len(full) > len(self.path):
            full = full[:-1]
        m = tree.value_marks.get(full) or tree.value_marks[self.path]
        return Location(self.file.path, m.line + 1, m.column + 1)


class _Loader:
    def __init__(self, files: list[tuple[str, bytes]], root: Path | None):
        self.raw_files = sorted(files)
        self.root = root
        self.findings: list[Finding] = []
        self.sources: list[SourceFile] = []
        self.meta: tuple[CatalogueMeta | None, Location] | None = None
        self.entries: dict[str, list[_Entry]] = {section: [] for section in LIST_SECTIONS}

    def run(self) -> LoadResult:
        from .catalogue import content_hash

        digest = content_hash(self.raw_files)
        if not self.raw_files:
            self.findings.append(_schema(M("no YAML files found (*.yaml, *.yml): is this a catalogue folder?"), None))
            return LoadResult(None, ordered(self.findings), digest)
        for rel, raw in self.raw_files:
            self._read_file(rel, raw)
        if self.meta is None:
            self.findings.append(
                _schema(M("no 'catalogue' section (id, title, version) in any file: add one, e.g. to catalogue.yaml"), None)
            )
        for entries in self.entries.values():
            for entry in entries:
                self._validate(entry)
        self._check_integrity()
        if self.findings:
            return LoadResult(None, ordered(self.findings), digest, self.meta and self.meta[0])
        return LoadResult(self._build(), [], digest, self.meta[0])

    # -- files and sections ------------------------------------------------------------
    def _read_file(self, rel: str, raw: bytes) -> None:
        try:
            text = decode(raw)
            tree = parse(text)
        except YamlProblem as problem:
            self.findings.append(
                Finding(problem.kind, "error", problem.message, location=Location(rel, problem.line + 1, problem.column + 1))
            )
            self.sources.append(SourceFile(rel, raw, "", None))
            return
        source = SourceFile(rel, raw, text, tree)
        self.sources.append(source)
        for problem in tree.problems:
            self.findings.append(
                Finding(problem.kind, "error", problem.message, location=Location(rel, problem.line + 1, problem.column + 1))
            )
        if tree.data is None:
            return  # an empty file (or only comments) holds nothing, which is fine
        if not isinstance(tree.data, dict):
            if isinstance(tree.data, list):
                message = M("the file holds a list, not a mapping of sections (catalogue:, sources:, rules: ...)")
            else:
                message = M("the file holds plain text, not a mapping of sections (catalogue:, sources:, rules: ...)")
            self.findings.append(Finding("syntax", "error", message, location=Location(rel, 1, 1)))
            return
        for key, value in tree.data.items():
            self._read_section(source, key, value)

    def _read_section(self, source: SourceFile, key: str, value) -> None:
        tree = source.tree
        key_mark = tree.key_marks[(key,)]
        key_loc = Location(source.path, key_mark.line + 1, key_mark.column + 1)
        value_mark = tree.value_marks[(key,)]
        value_loc = Location(source.path, value_mark.line + 1, value_mark.column + 1)
        if key not in SECTIONS:
            self.findings.append(
                _schema(
                    M("unknown section '{key}'{hint} (sections: {sections})", key=printable(key), hint=_did_you_mean(key, SECTIONS),
                      sections=", ".join(SECTIONS)),
                    key_loc,
                )
            )
        elif key == "catalogue":
            self._read_meta(source, value, key_loc, value_loc)
        elif key == "actions" and not value:
            # No actions section means the implicit `read`; an empty one would mean none at all.
            self.findings.append(
                _schema(M("'actions' is empty: list at least one action, or remove the section to mean the one action 'read'"), value_loc)
            )
        elif value is None:
            return  # `rules:` with nothing under it yet
        elif not isinstance(value, list):
            self.findings.append(_schema(M("'{section}' must be a list of entries ('- id: ...')", section=key), value_loc))
        else:
            for index, item in enumerate(value):
                self.entries[key].append(_Entry(key, source, (key, index), item))

    def _read_meta(self, source: SourceFile, value, key_loc: Location, value_loc: Location) -> None:
        if self.meta is not None:
            first = self.meta[1]
            self.findings.append(
                _schema(M("a second 'catalogue' section (the first is at {where}); keep one", where=f"{first.file}:{first.line}"), key_loc)
            )
            return
        if not isinstance(value, dict):
            self.meta = (None, key_loc)
            self.findings.append(_schema(M("'catalogue' must be a mapping with id, title and version"), value_loc))
            return
        entry = _Entry("catalogue", source, ("catalogue",), value)
        try:
            self.meta = (CatalogueMeta.model_validate(value), key_loc)
        except ValidationError as err:
            self.meta = (None, key_loc)
            self._report(entry, err, CatalogueMeta)

    # -- entries ----------------------------------------------------------------------
    def _validate(self, entry: _Entry) -> None:
        model = LIST_SECTIONS[entry.section]
        if not isinstance(entry.data, dict):
            if isinstance(entry.data, list):
                message = M("each entry of '{section}' must be a mapping ('- id: ...'), not a list", section=entry.section)
            else:
                message = M("each entry of '{section}' must be a mapping ('- id: ...'), not {value}",
                            section=entry.section, value=repr(entry.data))
            self.findings.append(_schema(message, entry.mark()))
            return
        try:
            entry.model = model.model_validate(_with_booleans(entry))
        except ValidationError as err:
            self._report(entry, err, model)

    def _report(self, entry: _Entry, err: ValidationError, model) -> None:
        what = WHAT.get(entry.section, M("catalogue section"))
        label = M("{what} '{id}'", what=what, id=printable(entry.id)) if entry.id else M("the {what} entry", what=what)
        ids = {"rules": (entry.id,)} if entry.section == "rules" and entry.id else {}
        if entry.section not in ("rules", "catalogue") and entry.id:
            ids = {"entities": (entry.id,)}
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            message, at_key = _explain(error, loc, label, model)
            location = entry.mark(*loc, key=at_key) if loc else entry.mark()
            self.findings.append(_schema(message, location, **ids))

    # -- ids, references, loops -------------------------------------------------------
    def _check_integrity(self) -> None:
        """Ids, references and loops on whatever was read (valid entries or not), reported
        at the offending key or value (policy_model.integrity)."""
        entries = sorted(
            (entry for entries in self.entries.values() for entry in entries),
            key=lambda entry: (entry.file.path, entry.mark().line, entry.mark().column),
        )
        refs = [
            integrity.Entry(
                e.section, e.id, e.model, e,
                e.data.get("effect") if e.section == "rules" and isinstance(e.data, dict) else None,
            )
            for e in entries
        ]

        def where(ref: integrity.Entry, path: tuple) -> str:
            at = ref.handle.mark(*path)
            return f"{at.file}:{at.line}"

        for problem in integrity.problems(refs, where, implicit_action=not self.entries["actions"]):
            self.findings.append(
                Finding(
                    problem.kind,
                    "error",
                    problem.message,
                    rules=problem.rules,
                    entities=problem.entities,
                    location=problem.entry.handle.mark(*problem.path, key=problem.extra.get("key", False)),
                )
            )

    # -- the result ---------------------------------------------------------------------
    def _build(self) -> Catalogue:
        by_section: dict[str, list] = {section: [] for section in LIST_SECTIONS}
        origins = {}
        for section, entries in self.entries.items():
            for entry in entries:
                by_section[section].append(entry.model)
                origins[(section, entry.id)] = Origin(entry.file.path, entry.path, entry.mark())
        return Catalogue(
            meta=self.meta[0],
            sources={m.id: m for m in by_section["sources"]},
            personnel_groups={m.id: m for m in by_section["personnel_groups"]},
            document_categories={m.id: m for m in by_section["document_categories"]},
            document_types={m.id: m for m in by_section["document_types"]},
            legal_bases={m.id: m for m in by_section["legal_bases"]},
            conditions={m.id: m for m in by_section["conditions"]},
            rules=tuple(by_section["rules"]),
            expectations=tuple(by_section["expectations"]),
            assessments=tuple(by_section["assessments"]),
            actions={m.id: m for m in by_section["actions"]},
            origins=origins,
            files={s.path: s for s in self.sources},
            root=self.root,
        )


# -- pydantic errors in words ----------------------------------------------------------------
def _field_words(loc: tuple) -> str:
    words = ""
    for part in loc:
        words += f"[{part}]" if isinstance(part, int) else (f".{part}" if words else str(part))
    return words


def _with_booleans(entry: _Entry):
    return with_booleans(entry.section, entry.data, entry.path, entry.file.tree.booleans)


def with_booleans(section: str, data, path: tuple, booleans: set) -> object:
    """An entry's data (at `path` in a file whose plain `true`/`false` stand at `booleans`) with
    a condition's plain `true`/`false` values as booleans (SPEC §10.2); everywhere else plain
    scalars stay the text the author wrote. The save's read-back uses it too, so a saved file
    is checked exactly as it will be loaded."""
    if section != "conditions" or not isinstance(data, dict) or not isinstance(data.get("values"), list):
        return data
    values = [v == "true" if (*path, "values", i) in booleans else v for i, v in enumerate(data["values"])]
    return {**data, "values": values}


def _explain(error: dict, loc: tuple, label, model) -> tuple[Message, bool]:
    """A guidance author's message for one pydantic error, and whether it points at the key.
    (The app's forms word their problems with it too, `label` then being the field.)"""
    kind = error["type"]
    name = _field_words(loc)
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), allowed)
        return M("{label}: unknown field '{field}'{hint} (allowed: {allowed})",
                 label=label, field=printable(loc[-1]), hint=hint, allowed=", ".join(allowed)), True
    if kind == "missing":
        return M("{label}: '{field}' is missing (required)", label=label, field=name), False
    if kind == "literal_error":
        return M("{label}: {field} '{value}' is not allowed; use {expected}",
                 label=label, field=name, value=printable(value), expected=_expected(error["ctx"]["expected"])), False
    if kind == "string_pattern_mismatch":
        return M("{label}: '{value}' is not a valid id; ids are lowercase letters, digits, '.', '_' and '-', "
                 "starting with a letter or digit", label=label, value=printable(value)), False
    if kind in ("string_type", "string_too_short"):
        if value is None or value == "":
            return M("{label}: '{field}' is empty; give a value or remove the key", label=label, field=name), False
        return M("{label}: '{field}' must be text, not {value}", label=label, field=name, value=_kind_of(value)), False
    if kind in ("tuple_type", "list_type"):
        return M("{label}: '{field}' must be a list such as [a, b], not {value}", label=label, field=name, value=_kind_of(value)), False
    if kind == "too_short":
        return M("{label}: '{field}' is an empty list; name at least one id, or remove the key to mean all",
                 label=label, field=name), False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return M("{label}: '{field}' must be a mapping (key: value), not {value}", label=label, field=name, value=_kind_of(value)), False
    if kind.startswith("date"):
        return M("{label}: '{field}' must be a date such as 2026-05-12, not '{value}'", label=label, field=name, value=printable(value)), False
    if kind == "text_control":
        return M("{label}: '{field}' holds {what}, often pasted from a word processor; remove it (tab and newline are fine)",
                 label=label, field=name, what=control_words(chr(error["ctx"]["code"]))), False
    if kind == "value_error":
        reason = error.get("ctx", {}).get("error")
        said = reason.args[0] if reason is not None and reason.args and isinstance(reason.args[0], Message) else None
        return M("{label}: {problem}", label=label, problem=said or error["msg"].removeprefix("Value error, ")), False
    if kind == "string_too_long":
        return M("{label}: '{field}' is too long ({limit} characters at most)", label=label, field=name,
                 limit=error["ctx"]["max_length"]), False
    return M("{label}: '{field}': {problem}", label=label, field=name, problem=error["msg"]), False


def _expected(expected: str):
    """pydantic's list of allowed values ("'a', 'b' or 'c'") with its "or" in words."""
    parts = expected.rsplit(" or ", 1)
    return parts[0] if len(parts) == 1 else M("{values} or {last}", values=parts[0], last=parts[1])


def _kind_of(value):
    if value is None:
        return M("nothing")
    if isinstance(value, dict):
        return M("a mapping")
    if isinstance(value, list):
        return M("a list")
    return f"'{printable(value)}'"


def _allowed_keys(model, loc: tuple) -> list[str]:
    """The keys allowed at a nested position (e.g. inside `facility_type` or `scope`)."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            break
        inner = [a for a in getattr(info.annotation, "__args__", (info.annotation,)) if hasattr(a, "model_fields")]
        if not inner:
            break
        model = inner[0]
    return list(model.model_fields)
