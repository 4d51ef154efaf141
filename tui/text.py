"""Text output for people: findings grouped by severity with file:line, cells in words, colour on a terminal."""

from __future__ import annotations

import os

from policy_model.findings import SEVERITIES, summary

_COLORS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1", "ok": "32"}
_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}


def use_color(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def paint(text: str, style: str, color: bool) -> str:
    return f"\033[{_COLORS[style]}m{text}\033[0m" if color else text


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def cell_words(catalogue, cell) -> str:
    """'Helse Vest · Epikrise · Fastleger' for (hf-helse-vest, epikrise, fastlege)."""
    if catalogue is None:
        return " · ".join(cell)
    source, document, personnel = cell
    return " · ".join(
        (
            catalogue.name_of("sources", source),
            catalogue.name_of("documents", document),
            catalogue.name_of("personnel", personnel),
        )
    )


def print_check(result, path, view, findings, color: bool, out=None) -> None:
    import sys

    out = out or sys.stdout
    catalogue = result.catalogue
    meta = result.meta
    title = f"{meta.title} {meta.version}" if meta else "(no catalogue section)"
    counts = summary(findings)
    print(paint(title, "bold", color) + paint(f"  ·  view {view}  ·  {path}", "dim", color), file=out)
    words = {"error": plural(counts["error"], "error"), "warning": plural(counts["warning"], "warning")}
    words["info"] = f"{counts['info']} info"
    print("  ".join(paint(words[s], s if counts[s] else "dim", color) for s in SEVERITIES), file=out)
    if catalogue is None and findings:
        print(paint("The catalogue cannot be evaluated until these load errors are fixed.", "error", color), file=out)
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        print(file=out)
        print(paint(f"{_HEADINGS[severity]} ({len(group)})", severity, color), file=out)
        for finding in group:
            where = str(finding.location) if finding.location else "(catalogue)"
            print(f"  {paint(where, 'dim', color)}  {paint(finding.kind, severity, color)}", file=out)
            print(f"    {finding.message}", file=out)
            for cell in finding.cells[:3]:
                print(paint(f"      {cell_words(catalogue, cell)}", "dim", color), file=out)
            if finding.cell_count > 3:
                print(paint(f"      … {finding.cell_count} cells in all", "dim", color), file=out)
    if not findings:
        print(paint("No findings.", "ok", color), file=out)
