"""Pick ids from a list instead of typing them: a filter line (type part of a name or an id)
over a check list of the candidates; Space toggles. What is chosen stays listed first whatever
the filter, so nothing chosen is ever out of sight."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from policy_model.i18n import _
from policy_model.vocabulary import effect_word

from .choices import CheckList

LISTED = 100
"""At most this many unchosen candidates are listed (a national catalogue has hundreds of
document types); the filter narrows the rest."""


def pick_options(catalogue, what: str, editing: str | None = None) -> list[tuple[str, str]]:
    """The candidates for a field, as (id, label) in catalogue order: the nodes of an axis,
    the actions, conditions or legal bases, or — for `overrides` — the allow rules (with their
    effect and name); the entry being edited left out."""
    if what == "rules":
        return [(rule.id, _rule_label(rule)) for rule in catalogue.rules if rule.effect == "allow" and rule.id != editing]
    table = catalogue.entities_of(what)
    categories = catalogue.document_categories if what == "documents" else {}
    # An entry is never offered as its own parent (the entity forms pick parents here too).
    return [(entry.id, _("{name} ({id}, category)", name=entry.name, id=entry.id) if entry.id in categories
             else f"{entry.name} ({entry.id})") for entry in table.values() if entry.id != editing]


def _rule_label(rule) -> str:
    rationale = (rule.rationale or "").strip().splitlines()
    about = rule.name or (rationale[0] if rationale else "")
    return f"{rule.id} — {effect_word(rule.effect)}" + (f": {about}" if about else "")


class IdPicker(Vertical):
    """`value` is the chosen ids, in the order they were chosen (a rule's lists keep their order)."""

    DEFAULT_CSS = """
    IdPicker { height: auto; }
    IdPicker > .picker-filter { width: 1fr; }
    IdPicker > .picker-more { color: $text-muted; height: auto; }
    """

    class Changed(Message):
        def __init__(self, picker: IdPicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> IdPicker:
            return self.picker

    def __init__(self, options: Iterable[tuple[str, str]], chosen: Iterable[str] = (), *, id: str | None = None):
        super().__init__(id=id)
        self.options = list(options)
        self.labels = dict(self.options)
        self._chosen = list(dict.fromkeys(chosen))

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("type to filter by name or id; space chooses"), compact=True, classes="picker-filter")
        yield CheckList(classes="picker-list")
        yield Static(classes="picker-more")

    def on_mount(self) -> None:
        self._fill()

    @property
    def value(self) -> list[str]:
        return list(self._chosen)

    @value.setter
    def value(self, ids: Iterable[str]) -> None:
        self._chosen = list(dict.fromkeys(ids))
        self._fill()
        self.post_message(self.Changed(self))

    def label_of(self, node: str) -> str:
        return self.labels.get(node) or _("{id} (unknown)", id=node)

    def _fill(self) -> None:
        """List the chosen ids, then the candidates the filter matches (up to LISTED)."""
        words = self.query_one(".picker-filter", Input).value.casefold().split()
        matches = [node for node, label in self.options
                   if node not in self._chosen and all(word in label.casefold() for word in words)]
        listing = self.query_one(CheckList)
        had_focus = listing.has_focus
        listing.clear_options()
        listing.add_options([Selection(Text(self.label_of(node)), node, True) for node in self._chosen])
        listing.add_options([Selection(Text(self.labels[node]), node, False) for node in matches[:LISTED]])
        if had_focus and listing.option_count:
            listing.highlighted = 0
        more = len(matches) - LISTED
        hint = _("… {n} more: type to narrow", n=more) if more > 0 else ""
        if not self.options:
            hint = _("(nothing to choose from)")
        elif not matches and words:
            hint = _("nothing matches '{text}'", text=" ".join(words))
        more_line = self.query_one(".picker-more", Static)
        more_line.update(Text(hint))
        more_line.display = bool(hint)

    @on(Input.Changed, ".picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()  # the form reads the picker's value, not its filter text
        self._fill()

    @on(Input.Submitted, ".picker-filter")
    def _to_the_list(self, event: Input.Submitted) -> None:
        event.stop()  # enter in the filter goes to the matches, never confirms the form
        self.query_one(CheckList).focus()

    @on(SelectionList.SelectedChanged)
    def _toggled(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        shown = set(event.selection_list.selected)
        before = list(self._chosen)
        for index in range(event.selection_list.option_count):
            node = event.selection_list.get_option_at_index(index).value
            if node in shown and node not in self._chosen:
                self._chosen.append(node)
            elif node not in shown and node in self._chosen:
                self._chosen.remove(node)
        if self._chosen != before:
            self.post_message(self.Changed(self))
