"""The findings list: live, grouped by severity; choosing one asks the screen to jump to it."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from policy_model.findings import SEVERITIES, Finding
from policy_model.i18n import N_, _, gettext
from policy_model.vocabulary import kind_word

from .glyphs import SEVERITY_GLYPH, SEVERITY_STYLE

HEADINGS = {"error": N_("Errors"), "warning": N_("Warnings"), "info": N_("Info")}
LISTED = 300  # per severity: a longer list is not read, and costs the UI time to lay out


class FindingsPanel(OptionList):
    DEFAULT_CSS = """
    FindingsPanel.-stale { opacity: 60%; }
    """

    class Chosen(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding], stale: bool = False) -> None:
        """List the findings; while they are recomputed after an edit the list dims instead."""
        self.set_class(stale, "-stale")
        if stale and self.findings is findings:
            return
        highlighted = self.highlighted
        self.findings = findings
        options = []
        for severity in SEVERITIES:
            group = [(i, f) for i, f in enumerate(findings) if f.severity == severity]
            if group:
                title = Text(f"{gettext(HEADINGS[severity])} ({len(group)})", style=SEVERITY_STYLE[severity] + " underline")
                options.append(Option(title, disabled=True))
                options.extend(Option(self._line(finding), id=str(i)) for i, finding in group[:LISTED])
                if len(group) > LISTED:
                    more = Text("  " + _("… and {count} more: pjd check lists them all", count=len(group) - LISTED), style="dim")
                    options.append(Option(more, disabled=True))
        if not options:
            options.append(Option(Text(_("No findings."), style="dim"), disabled=True))
        self.clear_options()
        self.add_options(options)  # one call: adding options one by one re-measures the list each time
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted
        elif self.has_focus:
            self._highlight_first()

    @staticmethod
    def _line(finding: Finding) -> Text:
        text = Text(f"{SEVERITY_GLYPH[finding.severity]} ", style=SEVERITY_STYLE[finding.severity])
        text.append(f"{kind_word(finding.kind):<24}", style="bold")
        where = f"{finding.location.file}:{finding.location.line}" if finding.location else ""
        text.append(f"{where:<22}", style="dim")
        text.append(finding.message)
        return text

    def on_focus(self) -> None:
        # Arriving in the list (tab, or the key that focuses it) highlights the first finding,
        # so the first enter opens it instead of doing nothing.
        self._highlight_first()

    def _highlight_first(self) -> None:
        if self.highlighted is None:
            self.action_first()

    def action_select(self) -> None:
        self._highlight_first()
        super().action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self.findings[int(event.option.id)]))
