"""The top line: catalogue title and version, the view, unsaved changes, finding counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .glyphs import SEVERITY_STYLE


class CatalogueHeader(Static):
    DEFAULT_CSS = """
    CatalogueHeader { height: 1; background: $panel; padding: 0 1; }
    """

    def show(self, title: str, version: str, view: str, dirty: bool, read_only: bool, counts: dict | None) -> None:
        # What changes goes first, so a narrow terminal cuts the title, not the state.
        text = Text()
        text.append(f"view: {view}  ", style="bold cyan")
        if dirty:
            text.append("● unsaved  ", style="bold yellow")
        if read_only:
            text.append("read-only (bundled)  ", style="bold magenta")
        if counts is None:
            text.append("checking…  ", style="dim")
        else:
            for severity, word in (("error", "errors"), ("warning", "warnings"), ("info", "info")):
                style = SEVERITY_STYLE[severity] if counts[severity] else "dim"
                text.append(f"{counts[severity]} {word}  ", style=style)
        text.append("│ ", style="dim")
        text.append(f"{title} ", style="bold")
        text.append(f"{version}", style="dim")
        self.update(text)
