"""The one registry of commands: key bindings, the footer, the command palette and the help
screen are all generated from it, so they cannot drift apart.

Titles, help texts and search words are English message ids, translated where they are shown
(`Command.label` and friends): the registry is built when the module is imported, before the
interface's language is known."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from policy_model.i18n import N_, gettext


@dataclass(frozen=True)
class Command:
    id: str  # the action name: App/Screen method action_<id>
    key: str | None  # textual key spec; None: palette only
    title: str
    help: str
    scope: str = "app"  # app | main | rules | entities | assessments
    footer: bool = True  # shown in the footer when it applies
    words: str = ""
    """More words the palette finds the command by (a message id: the translation lists the
    words in that language), beside those of its title."""

    def binding(self) -> Binding:
        return Binding(self.key, self.id, self.title, show=self.footer, key_display=None)

    @property
    def label(self) -> str:
        """The title in the interface's language."""
        return gettext(self.title)

    @property
    def explanation(self) -> str:
        """The help text in the interface's language."""
        return gettext(self.help)

    @property
    def search_words(self) -> list[str]:
        return gettext(self.words).split() if self.words else []


COMMANDS: tuple[Command, ...] = (
    # everywhere
    Command("save", "ctrl+s", N_("Save"), N_("Write the edited entries to their YAML files (atomically)"), words=N_("write store")),
    Command("undo", "ctrl+z", N_("Undo"), N_("Undo the last edit"), words=N_("back revert")),
    Command("redo", "ctrl+y", N_("Redo"), N_("Redo the last undone edit"), words=N_("again")),
    Command("cycle_view", "v", N_("View"), N_("Switch the view: draft → proposed → approved (which rule statuses count)"),
            words=N_("draft proposed approved status")),
    Command("export", "ctrl+e", N_("Export"), N_("Write the guidance matrix (xlsx) and registry configuration (JSON)"),
            words=N_("guidance matrix excel xlsx registry")),
    Command("show_rules", "r", N_("Rules"), N_("List, filter and edit the rules"), words=N_("rule list")),
    Command("show_entities", "E", N_("Entities"), N_("Document types, sources, personnel groups and conditions"),
            words=N_("document type source personnel group")),
    Command("show_assessments", "A", N_("Assessments"), N_("Clinical-need assessments: list, filter, edit"), footer=False,
            words=N_("clinical need assessment")),
    Command("show_main", "m", N_("Matrix"), N_("Back to the matrix"), footer=False, words=N_("table main")),
    Command("reload", None, N_("Reload from disk"), N_("Read the catalogue files again (unsaved edits are dropped)"),
            words=N_("read again files")),
    Command("make_copy", None, N_("Make an editable copy"), N_("Copy the read-only bundled catalogue to a folder and edit it there"),
            words=N_("copy catalogue folder bundled")),
    Command("help", "question_mark", N_("Help"), N_("All keys and commands"), words=N_("keys")),
    Command("quit", "ctrl+q", N_("Quit"), N_("Quit (asks first when there are unsaved edits)"), words=N_("exit close")),
    # the matrix screen
    Command("allow", "a", N_("Allow"), N_("Allow the cell (or a wider scope): opens the rule dialog"), scope="main",
            words=N_("rule share")),
    Command("conditional", "c", N_("Conditional"), N_("Allow on conditions (akutt, samtykke …)"), scope="main",
            words=N_("condition rule")),
    Command("deny", "d", N_("Deny"), N_("Deny the cell (or a wider scope)"), scope="main", words=N_("rule block")),
    Command("clear", "x", N_("Clear"), N_("Remove rules that decide the cell"), scope="main", words=N_("remove delete rule")),
    Command("filter", "slash", N_("Filter"), N_("Filter document types by name or 9602 code"), scope="main",
            words=N_("search find document type")),
    Command("next_source", "n", N_("Next source"), N_("Show the next leaf source"), scope="main", footer=False),
    Command("previous_source", "p", N_("Prev source"), N_("Show the previous leaf source"), scope="main", footer=False),
    Command("focus_findings", "f", N_("Findings"), N_("Go to the findings list (enter jumps to a finding)"), scope="main",
            words=N_("finding error warning")),
    Command("focus_sources", "s", N_("Sources"), N_("Go to the source picker"), scope="main", footer=False,
            words=N_("source picker")),
    Command("toggle_compact", "w", N_("Compact columns"), N_("Switch the matrix between compact columns (short names) and full ones"),
            scope="main", footer=False, words=N_("short names width columns full")),
    Command("toggle_inspector", "i", N_("Inspector"), N_("Show or hide the inspector (why the cell is what it is)"),
            scope="main", footer=False, words=N_("fold hide show explanation")),
    Command("focus_matrix", "escape", N_("Matrix"), N_("Back to the matrix"), scope="main", footer=False),
    # list screens
    Command("focus_filter", "slash", N_("Filter"), N_("Filter the list by any text in the entries"), scope="lists",
            words=N_("search find")),
    Command("back", "escape", N_("Matrix"), N_("Back to the matrix"), scope="lists"),
    Command("new_entry", "N", N_("New"), N_("Add an entry"), scope="lists", words=N_("add")),
    Command("edit_entry", "enter", N_("Edit"), N_("Edit the selected entry"), scope="lists", words=N_("change")),
    Command("cycle_status", "S", N_("Status"), N_("Change the selected rule's or assessment's status"), scope="lists",
            words=N_("approve draft proposed")),
    Command("delete_entry", "delete", N_("Delete"), N_("Delete the selected entry (asks first)"), scope="lists",
            words=N_("remove")),
)

BY_ID = {command.id: command for command in COMMANDS}

OTHER_BINDINGS = (N_("Cancel"), N_("Confirm"), N_("Close"), N_("Read again"), N_("palette"))
"""Binding descriptions outside the registry (dialogs, the load-errors screen, the palette key)."""


def bindings(scope: str) -> list[Binding]:
    return [c.binding() for c in COMMANDS if c.scope == scope and c.key]


def in_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope in ("app", scope)]


def localize_bindings(node) -> None:
    """Give a screen's (or the app's) key bindings their words in the interface's language:
    the footer shows them. Class-level BINDINGS are made at import, in English."""
    table = node._bindings.key_to_bindings
    for key, found in table.items():
        table[key] = [dataclasses.replace(b, description=gettext(b.description)) if b.description else b for b in found]


class PaletteCommands(Provider):
    """The command palette: the registry's commands that apply on the screen, found by their
    title or their search words, in the interface's language. Textual's own system commands
    (theme, screenshot …) are left out: they speak English only."""

    def _commands(self):
        return self.app.palette_commands(self.screen)

    async def discover(self) -> Hits:
        for title, help_text, callback, _words in sorted(self._commands(), key=lambda entry: entry[0]):
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, words in self._commands():
            score = matcher.match(title)
            if score <= 0 and words:
                # found by a search word only: ranked below the titles that match
                score = max(matcher.match(word) for word in words) * 0.8
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
