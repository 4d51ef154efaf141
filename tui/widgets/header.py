"""The top line: catalogue title and version, the view, unsaved changes, finding counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from policy_model.i18n import _, ngettext_f
from policy_model.vocabulary import view_word

from .glyphs import SEVERITY_STYLE


class CatalogueHeader(Static):
    DEFAULT_CSS = """
    CatalogueHeader { height: 1; background: $panel; padding: 0 1; }
    """

    def show(self, title: str, version: str, view: str, dirty: bool, read_only: bool, counts: dict | None) -> None:
        # What changes goes first, so a narrow terminal cuts the title, not the state.
        text = Text()
        text.append(_("view: {view}", view=view_word(view)) + "  ", style="bold cyan")
        if dirty:
            text.append("● " + _("unsaved") + "  ", style="bold yellow")
        if read_only:
            text.append(_("read-only (bundled)") + "  ", style="bold magenta")
        if counts is None:
            text.append(_("checking…") + "  ", style="dim")
        else:
            words = {
                "error": ngettext_f("{n} error", "{n} errors", counts["error"]),
                "warning": ngettext_f("{n} warning", "{n} warnings", counts["warning"]),
                "info": ngettext_f("{n} info", "{n} info", counts["info"]),
            }
            for severity in ("error", "warning", "info"):
                style = SEVERITY_STYLE[severity] if counts[severity] else "dim"
                text.append(f"{words[severity]}  ", style=style)
        text.append("│ ", style="dim")
        text.append(f"{title} ", style="bold")
        text.append(f"{version}", style="dim")
        self.update(text)
