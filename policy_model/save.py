"""The only writer of catalogue files: edited entries are rewritten in place, all other text kept byte for byte."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from pydantic import BaseModel, ValidationError

import catalogue as bundled

from .atomic import atomic_write_bytes
from .catalogue import Catalogue, Origin, SourceFile
from .edits import default_file, entries
from .files import read_regular_file
from .load import YAML_SUFFIXES, with_booleans
from .i18n import _
from .integrity import WHAT
from .schema import LIST_SECTIONS, SECTIONS
from .yaml_tree import MAX_FILE_BYTES, Tree, YamlProblem, decode, parse
from .yaml_write import render_entry, render_file, render_items

try:  # CSafeLoader, never CLoader: the latter is the unsafe loader.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader

BOM = b"\xef\xbb\xbf"
NEW_FILE_COMMENT = "Written by pjd."


class SaveError(Exception):
    """Saving was refused; nothing was written."""


class ChangedOnDisk(SaveError):
    """Files changed on disk since the catalogue was loaded; nothing was written."""

    def __init__(self, files):
        self.files: list[str] = sorted(files)
        super().__init__(
            _("changed on disk since the catalogue was loaded: {files}; nothing was written "
              "(reload to see the other changes, or save your edits as a copy)", files=", ".join(self.files))
        )


class ReadOnlyCatalogue(SaveError):
    """The bundled catalogue is read-only: make a copy (`pjd init DIR`) to edit."""


class UnsafeSave(SaveError):
    """The new text would not read back as the edited catalogue (or cannot be placed safely)."""


@dataclass(frozen=True)
class SavePlan:
    contents: dict[str, bytes] = field(default_factory=dict)
    """Relative path → the complete new bytes, for the files that change (new files included)."""

    def files(self) -> list[str]:
        return sorted(self.contents)


# -- which entries go where ------------------------------------------------------------------
@dataclass
class _Item:
    """A base entry of a section in one file, and what became of it (None: removed)."""

    index: int
    before: BaseModel
    after: BaseModel | None = None


@dataclass
class _Section:
    """One section of one file: its base entries in file order, and the entries added to it."""

    items: list[_Item] = field(default_factory=list)
    new: list[BaseModel] = field(default_factory=list)
    placed: dict[int, list[BaseModel]] = field(default_factory=dict)
    """New entries written in front of a kept entry (base index → entries): see Origin.before."""

    @property
    def changed(self) -> bool:
        return bool(self.new) or bool(self.placed) or any(item.after != item.before for item in self.items)

    def models(self) -> list[BaseModel]:
        """What the section holds after the save, in file order."""
        kept = [model for item in self.items for model in (*self.placed.get(item.index, ()), item.after) if model is not None]
        return kept + self.new


def _layout(base: Catalogue, current: Catalogue) -> dict[str, dict[str, _Section]]:
    """file → section → _Section: every base entry matched to its current model, and the new ones."""
    files: dict[str, dict[str, _Section]] = {}
    at: dict[tuple[str, tuple], _Item] = {}
    in_front: list[tuple[str, str, BaseModel]] = []  # (file, section, model) to write before Origin.before
    for name in LIST_SECTIONS:
        for model in entries(base, name):
            origin = base.origins[(name, model.id)]
            item = _Item(origin.path[1], model)
            files.setdefault(origin.file, {}).setdefault(name, _Section()).items.append(item)
            at[(origin.file, tuple(origin.path))] = item
    for sections in files.values():
        for section in sections.values():
            section.items.sort(key=lambda item: item.index)
    for name in LIST_SECTIONS:
        for model in entries(current, name):
            origin = current.origins.get((name, model.id)) or Origin(default_file(current, name))
            if origin.path is None:
                if origin.file not in base.files:
                    _check_new_file_name(origin.file)
                section = files.setdefault(origin.file, {}).setdefault(name, _Section())
                if origin.before is not None:
                    in_front.append((origin.file, name, model))
                else:
                    section.new.append(model)
                continue
            item = at.get((origin.file, tuple(origin.path)))
            if item is None or origin.path[0] != name:
                raise UnsafeSave(
                    _("{what} '{id}' claims {file} {path}, which the loaded catalogue does not hold; nothing was written",
                      what=WHAT[name], id=model.id, file=origin.file, path=origin.path)
                )
            if item.after is not None:
                raise UnsafeSave(
                    _("'{first}' and '{second}' claim one entry of {file}; nothing was written",
                      first=item.after.id, second=model.id, file=origin.file)
                )
            item.after = model
    for rel, name, model in in_front:
        section = files[rel][name]
        following = current.origins[(name, model.id)].before
        kept = next((item for item in section.items if item.after is not None and item.after.id == following), None)
        if kept is None:  # the entry it stood in front of is gone (or moved): at the end, as any new one
            section.new.append(model)
        else:
            section.placed.setdefault(kept.index, []).append(model)
    return files


def _check_new_file_name(rel: str) -> None:
    """A new file must lie inside the catalogue folder where the loader will read it."""
    path = PurePosixPath(rel)
    if (
        not rel
        or "\\" in rel
        or path.is_absolute()
        or path.as_posix() != rel
        or any(part in (".", "..", "__pycache__") or part.startswith(".") for part in path.parts)
        or not rel.endswith(YAML_SUFFIXES)
    ):
        raise UnsafeSave(
            _("cannot write entries to '{file}': give a path inside the catalogue folder ending in .yaml, "
              "with no hidden or '..' parts", file=rel)
        )


# -- the plan --------------------------------------------------------------------------------
def plan_save(base: Catalogue, current: Catalogue) -> SavePlan:
    """The new bytes of every file the edits from `base` to `current` change, each verified by reading it back."""
    contents: dict[str, bytes] = {}
    for rel, sections in sorted(_layout(base, current).items()):
        if not any(section.changed for section in sections.values()):
            continue
        source = base.files.get(rel)
        raw = _edited(source, sections) if source is not None else _new_file(rel, sections)
        if source is not None and raw == source.raw:
            continue
        _verify(rel, raw, sections, source)
        contents[rel] = raw
    return SavePlan(contents)


def _new_file(rel: str, sections: dict[str, _Section]) -> bytes:
    models = {name: sections[name].new for name in LIST_SECTIONS if name in sections}
    return render_file(models, comment=NEW_FILE_COMMENT, depth=rel.count("/")).encode("utf-8")


@dataclass(frozen=True)
class _Edit:
    """Replace text[start:end] by `text` (written with '\\n'; converted to the file's line ends)."""

    start: int
    end: int
    text: str


def _edited(source: SourceFile, sections: dict[str, _Section]) -> bytes:
    text, tree = source.text, source.tree
    data = tree.data if isinstance(tree.data, dict) else {}
    edits: list[_Edit] = []
    absent = []
    for name, section in sections.items():
        if not section.changed:
            continue
        if name not in data:
            absent.append(name)
        elif _is_block_list(text, tree, name):
            edits += _block_edits(text, tree, name, section)
        else:
            edits += _rewrite_section(text, tree, name, section)
    if absent:
        block = "".join(f"\n{name}:\n" + render_items(sections[name].new) for name in LIST_SECTIONS if name in absent)
        edits.append(_Edit(len(text), len(text), block if text else block[1:]))
    new_text = _apply(text, edits)
    return (BOM if source.raw.startswith(BOM) else b"") + new_text.encode("utf-8")


def _is_block_list(text: str, tree: Tree, name: str) -> bool:
    value = tree.data[name]
    return isinstance(value, list) and bool(value) and text[tree.value_marks[(name,)].index] != "["


def _apply(text: str, edits: list[_Edit]) -> str:
    """Apply non-overlapping edits; at one position they land in the order given."""
    newline = _newline(text)
    end = len(text)
    if text and not text.endswith("\n") and any(e.start == end and e.text for e in edits):
        text += newline  # what is appended after a last line without a line end goes on a line of its own
        edits = [_Edit(len(text), len(text), e.text) if e.start == end else e for e in edits]
    out, position = [], 0
    for _seq, edit in sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0])):
        if edit.start < position:
            raise UnsafeSave(_("internal error: two edits of one file overlap; nothing was written"))
        out += [text[position : edit.start], edit.text.replace("\n", newline)]
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def _newline(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


# -- a section written as a block list ('- id: ...' lines) ------------------------------------
def _block_edits(text: str, tree: Tree, name: str, section: _Section) -> list[_Edit]:
    edits = []
    first = section.items[0].index
    survivors = [item for item in section.items if item.after is not None]
    following = {a.index: b for a, b in zip(section.items, section.items[1:])}
    for item in section.items:
        if item.after is None:
            next_kept = item.index in following and following[item.index].after is not None
            edits.append(_cut(text, tree, (name, item.index), item.index == first, next_kept))
        elif item.after != item.before:
            edits += _patch(text, tree, (name, item.index), item.before, item.after)
    for index, models in section.placed.items():
        edits.append(_in_front(text, tree, (name, index), models, index == first, _blank_separated(text, tree, name, section)))
    if section.new:
        edits.append(_append(text, tree, name, section, survivors))
    elif not survivors:  # the section's last entry went: keep the key, with an empty list
        colon = text.index(":", tree.key_ends[(name,)])
        edits.append(_Edit(colon + 1, colon + 1, " []"))
    return edits


def _patch(text: str, tree: Tree, path: tuple, before: BaseModel, after: BaseModel) -> list[_Edit]:
    """A changed entry: only the keys whose values changed are rewritten, so the comments and layout
    of the rest of the entry stay; the whole entry is rewritten when that cannot be done line by line."""
    start = tree.value_marks[path].index
    column = start - (text.rfind("\n", 0, start) + 1)
    snippet = " " * column + render_entry(after, indent=column)
    if text[start] == "{":  # a flow mapping entry
        return [_replace(text, start, tree.content_ends[path], snippet[column:], column)]
    new = parse(snippet)
    old_keys, new_keys = list(tree.data[path[0]][path[1]]), list(new.data)
    edits = []
    for key in old_keys:
        if getattr(before, key) == getattr(after, key):
            continue
        old_start, old_end = tree.key_marks[(*path, key)].index, tree.content_ends[(*path, key)]
        if key in new.data:
            segment = snippet[new.key_marks[(key,)].index : new.content_ends[(key,)]]
            edits.append(_replace(text, old_start, old_end, segment, column))
        elif key == old_keys[0]:  # its line holds the '- ' too
            return [_replace(text, start, tree.content_ends[path], snippet[column:], column)]
        else:
            edits.append(_Edit(text.rfind("\n", 0, old_start) + 1, _line_after(text, old_end), ""))
    for position, key in enumerate(new_keys):
        if key in old_keys or getattr(before, key) == getattr(after, key):
            continue
        previous = next((k for k in reversed(new_keys[:position]) if k in old_keys), None)
        if previous is None:  # nothing to put it after (the id always is, so this is only a guard)
            return [_replace(text, start, tree.content_ends[path], snippet[column:], column)]
        at = _line_after(text, tree.content_ends[(*path, previous)])
        line = snippet[new.key_marks[(key,)].index - column : new.content_ends[(key,)]]  # with its indent
        edits.append(_Edit(at, at, line + "\n"))
    return edits


def _replace(text: str, start: int, end: int, new: str, column: int) -> _Edit:
    """text[start:end] becomes `new`, whose continuation lines are indented for `column`."""
    rest = text[end : _line_after(text, end)]
    if rest.strip() and _ends_in_block_scalar(new, column):
        # A comment after the old value would become text of the new block scalar: give it its own line.
        comment = end + len(rest) - len(rest.lstrip(" \t"))
        return _Edit(start, comment, new + "\n" + " " * column)
    return _Edit(start, end, new)


def _ends_in_block_scalar(rendered: str, column: int) -> bool:
    scalars = [e for e in yaml.parse(" " * column + rendered, Loader=_Loader) if isinstance(e, yaml.ScalarEvent)]
    return scalars[-1].style in ("|", ">")


def _cut(text: str, tree: Tree, path: tuple, is_first: bool, next_kept: bool) -> _Edit:
    """Whole lines, from the entry's '- ' through its last value, and one side's blank separator lines:
    those before it (those after it for the first entry, when the next entry stays)."""
    start = _item_line_start(text, tree.value_marks[path].index)
    end = _line_after(text, tree.content_ends[path])
    if not is_first:
        start = _blank_lines_before(text, start)
    elif next_kept:
        end = _blank_lines_after(text, end)
    return _Edit(start, end, "")


def _append(text: str, tree: Tree, name: str, section: _Section, survivors: list[_Item]) -> _Edit:
    """New entries after the section's last remaining entry (in place of the first, when none remains)."""
    dash_column = tree.value_marks[(name,)].column  # a block list starts at its first '-'
    separated = _blank_separated(text, tree, name, section)
    rendered = ("\n" if separated else "").join(render_items([model], dash_column) for model in section.new)
    if survivors:
        at = _line_after(text, tree.content_ends[(name, survivors[-1].index)])
        return _Edit(at, at, ("\n" if separated else "") + rendered)
    at = _item_line_start(text, tree.value_marks[(name, section.items[0].index)].index)
    return _Edit(at, at, rendered)


def _in_front(text: str, tree: Tree, path: tuple, models: list[BaseModel], first: bool, separated: bool) -> _Edit:
    """Entries written back in front of the entry at `path` (a removed one restored by undo).

    Removing an entry leaves its comment lines behind, above the blank line that separated it
    from the next entry; so the entries go in just after those comment lines when there are
    any, and otherwise in front of the next entry's own comment lines."""
    dash = _item_line_start(text, tree.value_marks[path].index)
    block = dash  # the next entry's own comment lines, directly above its '-'
    while block > 0 and _line_of(text, block - 1).lstrip().startswith("#"):
        block = text.rfind("\n", 0, block - 1) + 1
    column = tree.value_marks[(path[0],)].column
    rendered = "".join(render_items([model], column) for model in models)
    gap = _blank_lines_before(text, block)
    if first:  # right under the section's key
        return _Edit(block, block, rendered + ("\n" if separated else ""))
    if gap == block:  # entries not separated by blank lines
        return _Edit(block, block, rendered)
    if _line_of(text, gap - 1).lstrip().startswith("#"):  # the comment the removed entry left behind
        return _Edit(gap, gap, rendered)
    return _Edit(gap, gap, "\n" + rendered)


def _line_of(text: str, position: int) -> str:
    end = text.find("\n", position)
    return text[text.rfind("\n", 0, position) + 1 : end if end >= 0 else len(text)]


def _blank_separated(text: str, tree: Tree, name: str, section: _Section) -> bool:
    """Whether the file leaves a blank line between the section's last two entries."""
    if len(section.items) < 2:
        return False
    before, last = section.items[-2].index, section.items[-1].index
    gap_start = _line_after(text, tree.content_ends[(name, before)])
    gap = text[gap_start : _item_line_start(text, tree.value_marks[(name, last)].index)]
    return any(not line.strip() for line in gap.splitlines())


_DASH_LINE = re.compile(r"[ \t]*-(?:[ \t]+(?:#.*)?)?\r?")
_SKIPPABLE_LINE = re.compile(r"[ \t]*(?:#.*)?\r?")


def _item_line_start(text: str, entry_start: int) -> int:
    """The start of the line holding the '-' of the list item whose mapping starts at `entry_start`."""
    line_start = text.rfind("\n", 0, entry_start) + 1
    head = text[line_start:entry_start]
    while not _DASH_LINE.fullmatch(head):
        if line_start == 0 or not _SKIPPABLE_LINE.fullmatch(head):
            raise UnsafeSave(_("cannot find the '-' of the list item at character {position}; nothing was written", position=entry_start))
        end = line_start - 1
        line_start = text.rfind("\n", 0, end) + 1
        head = text[line_start:end]
    return line_start


def _line_after(text: str, position: int) -> int:
    """Just past the line end of the line holding `position` (the end of the text on a last line)."""
    end = text.find("\n", position)
    return len(text) if end < 0 else end + 1


def _blank_lines_before(text: str, line_start: int) -> int:
    while line_start > 0:
        previous = text.rfind("\n", 0, line_start - 1) + 1
        if text[previous:line_start].strip():
            break
        line_start = previous
    return line_start


def _blank_lines_after(text: str, line_start: int) -> int:
    while line_start < len(text):
        following = _line_after(text, line_start)
        if text[line_start:following].strip():
            break
        line_start = following
    return line_start


# -- a section written empty (`rules:`, `rules: []`) or as a flow list --------------------------
def _rewrite_section(text: str, tree: Tree, name: str, section: _Section) -> list[_Edit]:
    """The whole value becomes a block list (or `[]` when nothing is left)."""
    start, end = tree.value_marks[(name,)].index, tree.content_ends[(name,)]
    models = section.models()
    if not models:
        return [_Edit(start, end, "[]")]
    colon = text.index(":", tree.key_ends[(name,)])
    at = _line_after(text, end)
    items = render_items(models, tree.key_marks[(name,)].column + 2)
    return [_Edit(colon + 1, end, ""), _Edit(at, at, items)]


# -- the safety net ----------------------------------------------------------------------------
def _verify(rel: str, raw: bytes, sections: dict[str, _Section], source: SourceFile | None) -> None:
    """Read the new bytes back as the loader would; every entry must be exactly what was meant."""
    data = _read_back(rel, raw)
    for name in LIST_SECTIONS:
        expected = sections[name].models() if name in sections else []
        found = data.get(name) or []
        if found != expected:
            wrong = next((f"'{e.id}'" for e, f in zip(expected, found) if e != f), f"{len(found)} of {len(expected)}")
            raise UnsafeSave(
                _("{file}: the new text would not read back as the edited {section} ({wrong}); "
                  "nothing was written. Please report this with the file", file=rel, section=name, wrong=wrong)
            )
    before = source.tree.data if source is not None and isinstance(source.tree.data, dict) else {}
    if data.get("catalogue") != before.get("catalogue"):
        raise UnsafeSave(_("{file}: the new text would change the catalogue section; nothing was written", file=rel))


def _read_back(rel: str, raw: bytes) -> dict[str, object]:
    """The file's sections as the loader reads them: list sections validated into models."""
    try:
        tree = parse(decode(raw))
    except YamlProblem as problem:
        message = problem.message
        raise UnsafeSave(_("{file}: the new text would not be valid YAML ({problem}); nothing was written", file=rel, problem=message)) from None
    if tree.problems or not isinstance(tree.data, (dict, type(None))):
        raise UnsafeSave(_("{file}: the new text would not read as a mapping of sections; nothing was written", file=rel))
    out: dict[str, object] = {}
    for name, value in (tree.data or {}).items():
        if name not in SECTIONS or (name != "catalogue" and value is not None and not isinstance(value, list)):
            raise UnsafeSave(_("{file}: the new text would hold a broken section '{section}'; nothing was written", file=rel, section=name))
        if name == "catalogue":
            out[name] = value
            continue
        try:
            out[name] = [LIST_SECTIONS[name].model_validate(with_booleans(name, item, (name, index), tree.booleans))
                         for index, item in enumerate(value or ())]
        except ValidationError as err:
            message = err.errors()[0]["msg"]
            raise UnsafeSave(_("{file}: an entry of '{section}' would not read back: {problem}; nothing was written",
                               file=rel, section=name, problem=message)) from None
    return out


# -- writing -------------------------------------------------------------------------------------
def save(base: Catalogue, current: Catalogue) -> list[str]:
    """Write the files the edits change, each atomically; return their relative paths.

    Refuses (writing nothing) for the bundled catalogue and when any of those files changed on
    disk since `base` was loaded."""
    root = _writable_root(base)
    plan = plan_save(base, current)
    targets = {rel: _target(root, rel) for rel in plan.files()}
    changed = [rel for rel, target in targets.items() if _on_disk(target) != _as_loaded(base, rel)]
    if changed:
        raise ChangedOnDisk(changed)
    for rel, target in targets.items():
        atomic_write_bytes(target, plan.contents[rel])
    return plan.files()


def _writable_root(base: Catalogue) -> Path:
    if base.root is None:
        raise SaveError(_("this catalogue was not read from a folder, so there is nowhere to save it"))
    root = Path(base.root).resolve()
    shipped = bundled.path().resolve()
    if root == shipped or shipped in root.parents:
        raise ReadOnlyCatalogue(_("{folder} is the bundled catalogue, which is read-only: edit a copy (pjd init DIR)", folder=base.root))
    return root


def _target(root: Path, rel: str) -> Path:
    target = root / rel
    if not target.resolve().is_relative_to(root):
        raise UnsafeSave(_("'{file}' leads outside the catalogue folder (a link?); nothing was written", file=rel))
    return target


_MISSING = object()


def _on_disk(target: Path):
    try:
        return read_regular_file(target, MAX_FILE_BYTES)
    except FileNotFoundError:
        return _MISSING
    except OSError:
        return None  # unreadable, a folder, a FIFO put in its place: treat as changed


def _as_loaded(base: Catalogue, rel: str):
    source = base.files.get(rel)
    return source.raw if source is not None else _MISSING
