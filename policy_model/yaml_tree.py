"""Safe YAML reading: one file's text → plain data plus the position of every key and value.

Built directly on the parser's events (libyaml when available) rather than a loader, so that
nothing is ever constructed from a tag, aliases can be refused before they expand, duplicated
keys are seen, and every node keeps its line and column. Plain scalars stay the text the
author wrote (YAML 1.1 would turn `NO` into False, `12:30` into 750 and `1.10` into 1.1);
only an empty value, `~` and `null` mean "nothing". Quoted scalars are always text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import re

import yaml

from .i18n import M, N_, Message

try:  # CSafeLoader, never CLoader: the latter is the unsafe loader.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
NULLS = {"", "~", "null", "Null", "NULL"}
# What YAML forbids in a stream (C0/C1 controls except tab, LF and CR; non-characters), and the
# Unicode line breaks NEL, LS and PS, which the parser counts as line ends while editors do not:
# they would shift every line number after them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

Path = tuple  # a path from the file's root: keys and list indexes


@dataclass(frozen=True)
class Mark:
    """A position in a file's text: 0-based line and column (characters) and the character offset."""

    line: int
    column: int
    index: int


@dataclass
class Tree:
    """A parsed file: its data, where each path's key and value start, and each container's span."""

    data: object
    key_marks: dict[Path, Mark] = field(default_factory=dict)
    value_marks: dict[Path, Mark] = field(default_factory=dict)
    spans: dict[Path, tuple[int, int]] = field(default_factory=dict)
    content_ends: dict[Path, int] = field(default_factory=dict)
    """Where each value's own text ends. The span of a block container or block scalar runs on over
    the blank lines and comments after it; this stops at the value's last character (for a block
    scalar, the end of its last non-blank line), so that what follows can be kept when it is replaced."""
    key_ends: dict[Path, int] = field(default_factory=dict)
    """Where each key's text ends (the ':' follows, after optional spaces)."""
    problems: list[YamlProblem] = field(default_factory=list)
    """Problems that did not stop the reading (duplicated keys: the first value is kept)."""
    booleans: set[Path] = field(default_factory=set)
    """Where a plain (unquoted) `true` or `false` stands: the few fields that take booleans
    (a condition's `values`) read these as booleans, every other field as text."""


class YamlProblem(Exception):
    """The file cannot be read as a plain YAML mapping. `kind` is `syntax` or `schema`;
    `message` is a Message (rendered in the interface's language when shown)."""

    def __init__(self, kind: str, message: Message, line: int = 0, column: int = 0):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line  # 0-based
        self.column = column


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, without a BOM; invalid bytes are a `syntax` problem at their position."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            "schema",
            M("the file is {size} MiB; the limit is {limit} MiB per file: split it into several files",
              size=f"{len(raw) / 1048576:.1f}", limit=MAX_FILE_BYTES // 1048576),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n")
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace"))
        raise YamlProblem(
            "syntax", M("the file is not valid UTF-8 (byte 0x{byte}); save it as UTF-8", byte=f"{raw[err.start]:02x}"), line, column
        ) from None
    text = text[1:] if text.startswith("\ufeff") else text
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start())
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1)
        code = ord(bad.group())
        if code in (0x85, 0x2028, 0x2029):
            message = M("a Unicode line separator (U+{code}) in the text, often pasted from a word processor; remove it",
                        code=f"{code:04X}")
        else:
            message = M("an invisible control character (U+{code}) in the text, often pasted from a word processor; remove it",
                        code=f"{code:04X}")
        raise YamlProblem("syntax", message, line, column)
    return text


def _mark(event_mark) -> Mark:
    return Mark(event_mark.line, event_mark.column, event_mark.index)


_HINTS = (
    ("mapping values are not allowed", N_("a ':' inside an unquoted value? put the value in quotes")),
    ("found undefined alias", N_("aliases (*name) are not supported: write the value out")),
    ("did not find expected key", N_("check the indentation of this line against the line before")),
    ("did not find expected '-' indicator", N_("check the indentation of the list items")),
    ("found unexpected end of stream", N_("a quote or bracket is not closed")),
    ("control characters are not allowed", N_("remove the invisible control character")),
)
PARSER_WORDS = {
    "mapping values are not allowed here": N_("a ':' is not allowed here"),
    "mapping values are not allowed in this context": N_("a ':' is not allowed here"),
    "found undefined alias": N_("an undefined alias"),
    "did not find expected key": N_("a key was expected here"),
    "did not find expected '-' indicator": N_("a list item ('-') was expected here"),
    "found unexpected end of stream": N_("the file ends too early"),
    "could not find expected ':'": N_("a ':' was expected"),
    "found character '\\t' that cannot start any token": N_("a tab, which cannot start a value"),
    "while parsing a block mapping": N_("in a mapping"),
    "while parsing a block collection": N_("in a list"),
    "while parsing a flow sequence": N_("in a [ ] list"),
    "while parsing a flow mapping": N_("in a { } mapping"),
    "while scanning a simple key": N_("in a key"),
    "while scanning a quoted scalar": N_("in a quoted text"),
    "while scanning a plain scalar": N_("in a value"),
    "while parsing a block node": N_("in a value"),
}
"""PyYAML's usual words in the interface's language; others are quoted as the parser said them."""


def _parser_words(text: str):
    found = PARSER_WORDS.get(text)
    return M(found) if found is not None else text


def _syntax_problem(err: yaml.YAMLError, text: str) -> YamlProblem:
    problem = getattr(err, "problem", None) or str(err)
    context = getattr(err, "context", None)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    message = M("YAML syntax: {problem}", problem=_parser_words(problem))
    if context:
        message = M("{message} ({context})", message=message, context=_parser_words(context))
    for needle, hint in _HINTS:
        if needle in problem:
            message = M("{message}; {hint}", message=message, hint=M(hint))
            break
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        message = M("{message}; indent with spaces, not tabs", message=message)
    return YamlProblem("syntax", message, line, column)


class _Frame:
    __slots__ = (
        "value", "path", "is_map", "key", "key_mark", "key_end", "duplicate", "start", "first_seen", "flow", "last_end"
    )

    def __init__(self, value, path, is_map, start, flow=False):
        self.value = value
        self.path = path
        self.is_map = is_map
        self.key = None  # a mapping's key waiting for its value
        self.key_mark = None
        self.key_end = 0
        self.duplicate = False  # the waiting key was seen before: its value is read and dropped
        self.start = start
        self.first_seen: dict[str, Mark] = {}
        self.flow = flow  # a [..] or {..} collection, which ends at its closing bracket
        self.last_end = start.index  # where the content of the latest child ends


def parse(text: str) -> Tree:
    """Parse one YAML document into plain data (dict/list/str/None) with marks; raise YamlProblem."""
    tree = Tree(data=None)
    stack: list[_Frame] = []
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _problem("schema", M("only one YAML document per file (remove the second '---')"), event)
            elif isinstance(event, yaml.AliasEvent):
                raise _problem(
                    "schema",
                    M("aliases (*{anchor}) are not supported: ids already give reuse; write the value out", anchor=event.anchor),
                    event,
                )
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent)):
                _check_node_event(event, len(stack))
                _node(event, stack, tree, text)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                tree.spans[frame.path] = (frame.start.index, event.end_mark.index)
                _content_end(tree, stack, frame.path, event.end_mark.index if frame.flow else frame.last_end)
                if not stack:
                    tree.data = frame.value
    except yaml.YAMLError as err:
        raise _syntax_problem(err, text) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise YamlProblem("schema", M("nesting deeper than {limit} levels", limit=MAX_DEPTH)) from None
    return tree


def _problem(kind: str, message: Message, event) -> YamlProblem:
    return YamlProblem(kind, message, event.start_mark.line, event.start_mark.column)


def _check_node_event(event, depth: int) -> None:
    if event.anchor is not None:
        raise _problem(
            "schema", M("anchors (&{anchor}) are not supported: ids already give reuse; write the value out", anchor=event.anchor), event
        )
    if event.tag not in ALLOWED_TAGS:
        raise _problem("schema", M("YAML tags such as '{tag}' are not supported: write plain values", tag=event.tag), event)
    if depth >= MAX_DEPTH and not isinstance(event, yaml.ScalarEvent):
        raise _problem("schema", M("nesting deeper than {limit} levels is not supported", limit=MAX_DEPTH), event)


def _node(event, stack: list[_Frame], tree: Tree, text: str) -> None:
    """Place a scalar, or open a container, under the innermost open container."""
    start = _mark(event.start_mark)
    parent = stack[-1] if stack else None
    if parent is not None and parent.is_map and parent.key is None:
        _key(event, parent, start, tree)
        return
    if isinstance(event, yaml.ScalarEvent):
        value = None if (_plain(event) and event.implicit[0] and event.value in NULLS) else event.value
    else:
        value = {} if isinstance(event, yaml.MappingStartEvent) else []
    if parent is None:
        path: Path = ()
    elif parent.is_map and parent.duplicate:
        path = (*parent.path, parent.key, "<duplicate>")
        parent.key, parent.duplicate = None, False
    elif parent.is_map:
        path = (*parent.path, parent.key)
        parent.value[parent.key] = value
        tree.key_marks[path] = parent.key_mark
        tree.key_ends[path] = parent.key_end
        parent.key = None
    else:
        path = (*parent.path, len(parent.value))
        parent.value.append(value)
    tree.value_marks[path] = start
    if isinstance(event, yaml.ScalarEvent):
        if _plain(event) and event.value in ("true", "false"):
            tree.booleans.add(path)
        if parent is None:
            tree.data = value
        tree.spans[path] = (start.index, event.end_mark.index)
        end = event.end_mark.index
        if event.style in ("|", ">"):
            end = _block_scalar_end(text, start.index, end)
        _content_end(tree, stack, path, end)
    else:
        stack.append(_Frame(value, path, isinstance(event, yaml.MappingStartEvent), start, bool(event.flow_style)))


def _plain(event) -> bool:
    """A plain (unquoted) scalar: libyaml says style '', the pure-Python parser None."""
    return not event.style


def _content_end(tree: Tree, stack: list[_Frame], path: Path, end: int) -> None:
    tree.content_ends[path] = end
    if stack:
        stack[-1].last_end = end


def _block_scalar_end(text: str, start: int, end: int) -> int:
    """The end of a block scalar's last non-blank line (its token runs on over blank lines)."""
    last = end
    while last > start and text[last - 1] in " \t\r\n":
        last -= 1
    line_end = text.find("\n", last, end)
    line_end = end if line_end < 0 else line_end
    return line_end - 1 if line_end > last and text[line_end - 1] == "\r" else line_end


def _key(event, frame: _Frame, start: Mark, tree: Tree) -> None:
    if not isinstance(event, yaml.ScalarEvent):
        raise _problem("schema", M("a key must be plain text, not a list or mapping"), event)
    key = event.value
    if _plain(event) and key in NULLS:
        raise _problem("schema", M("a key is missing before ':'"), event)
    frame.key = key
    if key in frame.first_seen:
        first = frame.first_seen[key]
        frame.duplicate = True
        tree.problems.append(
            YamlProblem(
                "schema",
                M("duplicated key '{key}' (first at line {line}); a mapping holds each key once: remove one of them",
                  key=key, line=first.line + 1),
                start.line,
                start.column,
            )
        )
        return
    frame.first_seen[key] = start
    frame.key_mark = start
    frame.key_end = event.end_mark.index
