"""The Finding type: what a check (or the loader) reports, its severity and its order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
MAX_EXAMPLE_CELLS = 10

Cell = tuple[str, ...]
"""A cell as findings list it: (leaf source, document type, leaf personnel group[, action])."""


@dataclass(frozen=True, order=True)
class Location:
    """Where something is written: file relative to the catalogue folder ('/'), 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: Severity
    text: object
    """The message: a str, or an i18n.Message rendered in the current language when read."""
    rules: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    cells: tuple[Cell, ...] = ()
    cell_count: int = 0
    location: Location | None = None

    @property
    def message(self) -> str:
        """One line a guidance author understands, in the interface's language."""
        return str(self.text)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "rules": list(self.rules),
            "entities": list(self.entities),
            "cells": [list(cell) for cell in self.cells],
            "cell_count": self.cell_count,
            "location": self.location.to_json() if self.location else None,
        }


def sort_key(finding: Finding):
    """Stable order (SPEC §3): severity, kind, location; findings without a location last."""
    loc = finding.location
    where = (0, loc.file, loc.line, loc.column) if loc else (1, "", 0, 0)
    return (SEVERITIES.index(finding.severity), finding.kind, where, finding.rules, finding.entities, str(finding.text))


def ordered(findings) -> list[Finding]:
    return sorted(findings, key=sort_key)


def summary(findings) -> dict[str, int]:
    counts = {severity: 0 for severity in SEVERITIES}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def printable(value, limit: int | None = 80) -> str:
    """A value as a message may quote it: control characters written as \\u001b, and cut at
    `limit` characters (a 5 MB value must not make a 5 MB message)."""
    text = str(value)
    if limit is not None and len(text) > limit:
        from .i18n import ngettext_f

        text = text[:limit] + "… " + ngettext_f("({n} character)", "({n} characters)", len(text))
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
