"""Radio buttons and check lists that read without colour (Textual draws on and off with the
same glyph in two colours; these draw ● / ○ and ✔ / blank), and that a keyboard user can drive:
a list tabbed into highlights its first row, so Space toggles at once."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList


class Radio(RadioButton):
    @property
    def _button(self):
        self.BUTTON_INNER = "●" if self.value else "○"
        return super()._button


class CheckList(SelectionList):
    def on_focus(self) -> None:
        # Textual leaves a list without a highlight until ↓ (and after its options are
        # rebuilt): Space would do nothing, with no hint why.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except Exception:  # a line past the options: nothing to mark
            return strip
        if len(segments) > 1:
            mark = "✔" if selection.value in self._selected else " "
            segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, strip.cell_length)
