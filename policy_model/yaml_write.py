"""Writing catalogue entries as YAML text in the bundled catalogue's style: block mappings,
id lists as flow lists `[a, b]`, codes as flow mappings, long text folded.

Only the keys the author set (or an edit set) are written, in the model's field order, so a
changed entry reads like the one it replaces. Every scalar that a YAML 1.1 or 1.2 reader
could take for something other than text is quoted.
"""

from __future__ import annotations

import datetime
import json
import re

import yaml
from pydantic import BaseModel

SCHEMA_LINE = "# yaml-language-server: $schema=./catalogue.schema.json"
WIDTH = 88
# YAML 1.2 core schema numbers, booleans and nulls, which PyYAML (1.1) would leave unquoted.
_YAML12_SPECIAL = re.compile(
    r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$"
)


_UNICODE_BREAKS = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
# Characters a YAML file may not hold raw (the reader refuses them): written as escapes.
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def scalar(text: str) -> str:
    """One plain or quoted scalar that reads back as exactly `text` (as a string)."""
    if not isinstance(text, str):
        text = str(text)
    if _RAW_FORBIDDEN.search(text):
        return _double_quoted(text)
    dumped = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=10**9)
    dumped = dumped.rstrip("\n")
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")]
    if "\n" in dumped or (dumped == text and _YAML12_SPECIAL.match(text)):
        return _double_quoted(text)
    return dumped


_FLOW_UNSAFE = re.compile(r"[,\[\]{}#]|: |:$")


def flow_scalar(text: str) -> str:
    """A scalar inside `[...]` or `{...}`, where commas and brackets end a plain scalar."""
    plain = scalar(text)
    if plain == text and _FLOW_UNSAFE.search(text):
        return _double_quoted(text)
    return plain


def _double_quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar …
    for char, escape in _UNICODE_BREAKS.items():  # … except that YAML reads these as line breaks
        quoted = quoted.replace(char, escape)
    # … and JSON leaves DEL and the C1 controls raw, which a YAML file may not hold.
    return _RAW_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _foldable(text: str) -> bool:
    return (
        len(text) > WIDTH - 20
        and "\n" not in text
        and "\t" not in text
        and "  " not in text
        and text == text.strip()
        and text.isprintable()
    )


def _text_value(text: str, indent: int) -> str:
    """A text value after `key:`: inline when short, folded (`>-`) when long, literal for lines."""
    pad = " " * (indent + 2)
    if _foldable(text):
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(pad) + len(line) + 1 + len(word) > WIDTH:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return ">-\n" + "\n".join(pad + part for part in lines)
    if "\n" in text and not text.endswith("\n") and not text.startswith((" ", "\n")) and all(
        part == part.rstrip() and part.isprintable() for part in text.split("\n")
    ):
        return "|-\n" + "\n".join(pad + part if part else "" for part in text.split("\n"))
    return scalar(text)


def _flow_item(item) -> str:
    if isinstance(item, bool):  # a condition's yes/no values (SPEC §10.2): the plain scalars
        return "true" if item else "false"
    if isinstance(item, BaseModel):
        return _flow_mapping(item)
    return flow_scalar(item)


def _flow_list(items) -> str:
    return "[" + ", ".join(_flow_item(item) for item in items) + "]"


def _flow_mapping(model: BaseModel) -> str:
    values = model.model_dump(exclude_none=True)
    return "{" + ", ".join(f"{key}: {_flow_item(value)}" for key, value in values.items()) + "}"


def _block_list(models, indent: int) -> str:
    """Coded values, one per line ('- {system: …, code: …}'), as the catalogue writes them."""
    return "".join(f"\n{' ' * (indent + 2)}- {_flow_mapping(model)}" for model in models)


def _value(value, indent: int) -> str:
    if isinstance(value, str):
        return _text_value(value, indent)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(item, BaseModel) for item in value):
            return _block_list(value, indent)
        return _flow_list(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, BaseModel):
        if _is_flat(value):
            return _flow_mapping(value)
        return "\n" + render_mapping(value, indent + 2, first_indent=indent + 2)
    return scalar(str(value))


def _is_flat(model: BaseModel) -> bool:
    return all(not isinstance(getattr(model, name), (tuple, list, BaseModel)) for name in type(model).model_fields)


def _fields(model: BaseModel) -> list[tuple[str, object]]:
    """The keys to write: those set, in field order (descriptions last, as the catalogue
    writes them), leaving out empty optional values."""
    out = []
    for name in type(model).model_fields:
        if name not in model.model_fields_set:
            continue
        value = getattr(model, name)
        if value is None or value == ():
            continue
        out.append((name, value))
    return sorted(out, key=lambda item: item[0] == "description")


def render_mapping(model: BaseModel, indent: int, first_indent: int = 0) -> str:
    """A block mapping; the first line is indented by `first_indent`, the rest by `indent`."""
    lines = []
    for position, (key, value) in enumerate(_fields(model)):
        pad = " " * (first_indent if position == 0 else indent)
        rendered = _value(value, indent)
        lines.append(f"{pad}{key}:{rendered}" if rendered.startswith("\n") else f"{pad}{key}: {rendered}")
    return "\n".join(lines)


def render_entry(model: BaseModel, indent: int) -> str:
    """One list entry without its leading '- ': first line bare, the others indented by `indent`."""
    return render_mapping(model, indent)


def render_items(models, dash_indent: int = 2) -> str:
    """List items ('- id: …') for a section, each line ending in a newline."""
    pad = " " * dash_indent
    return "".join(f"{pad}- {render_entry(model, dash_indent + 2)}\n" for model in models)


def render_file(sections: dict[str, list[BaseModel]], comment: str | None = None, depth: int = 0) -> str:
    """A whole new catalogue file: the schema line, an optional comment, then the sections.

    `depth` is how many folders below the catalogue's top the file lies (the schema is there)."""
    out = [SCHEMA_LINE.replace("./", "../" * depth if depth else "./", 1) + "\n"]
    if comment:
        out.append("".join(f"# {line}".rstrip() + "\n" for line in comment.splitlines()))
    for section, models in sections.items():
        if models:
            out.append(f"\n{section}:\n")
            out.append(render_items(models))
    return "".join(out)
