"""The one registry of commands: key bindings, the footer, the command palette and the help
screen are all generated from it, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    id: str  # the action name: App/Screen method action_<id>
    key: str | None  # textual key spec; None: palette only
    title: str
    help: str
    scope: str = "app"  # app | main | rules | entities | assessments
    footer: bool = True  # shown in the footer when it applies

    def binding(self) -> Binding:
        return Binding(self.key, self.id, self.title, show=self.footer, key_display=None)


COMMANDS: tuple[Command, ...] = (
    # everywhere
    Command("save", "ctrl+s", "Save", "Write the edited entries to their YAML files (atomically)"),
    Command("undo", "ctrl+z", "Undo", "Undo the last edit"),
    Command("redo", "ctrl+y", "Redo", "Redo the last undone edit"),
    Command("cycle_view", "v", "View", "Switch the view: draft → proposed → approved (which rule statuses count)"),
    Command("export", "ctrl+e", "Export", "Write the guidance matrix (xlsx) and registry configuration (JSON)"),
    Command("show_rules", "r", "Rules", "List, filter and edit the rules"),
    Command("show_entities", "E", "Entities", "Document types, sources and personnel groups"),
    Command("show_assessments", "A", "Assessments", "Clinical-need assessments: list, filter, edit", footer=False),
    Command("show_main", "m", "Matrix", "Back to the matrix", footer=False),
    Command("reload", None, "Reload from disk", "Read the catalogue files again (unsaved edits are dropped)"),
    Command("make_copy", None, "Make an editable copy", "Copy the read-only bundled catalogue to a folder and edit it there"),
    Command("help", "question_mark", "Help", "All keys and commands"),
    Command("quit", "ctrl+q", "Quit", "Quit (asks first when there are unsaved edits)"),
    # the matrix screen
    Command("allow", "a", "Allow", "Allow the cell (or a wider scope): opens the rule dialog", scope="main"),
    Command("conditional", "c", "Conditional", "Allow on conditions (akutt, samtykke …)", scope="main"),
    Command("deny", "d", "Deny", "Deny the cell (or a wider scope)", scope="main"),
    Command("clear", "x", "Clear", "Remove rules that decide the cell", scope="main"),
    Command("filter", "slash", "Filter", "Filter document types by name or 9602 code", scope="main"),
    Command("next_source", "n", "Next source", "Show the next leaf source", scope="main", footer=False),
    Command("previous_source", "p", "Prev source", "Show the previous leaf source", scope="main", footer=False),
    Command("focus_findings", "f", "Findings", "Go to the findings list (enter jumps to a finding)", scope="main"),
    Command("focus_sources", "s", "Sources", "Go to the source picker", scope="main", footer=False),
    Command("focus_matrix", "escape", "Matrix", "Back to the matrix", scope="main", footer=False),
    # list screens
    Command("focus_filter", "slash", "Filter", "Filter the list by any text in the entries", scope="lists"),
    Command("back", "escape", "Matrix", "Back to the matrix", scope="lists"),
    Command("new_entry", "N", "New", "Add an entry", scope="lists"),
    Command("edit_entry", "enter", "Edit", "Edit the selected entry", scope="lists"),
    Command("cycle_status", "S", "Status", "Change the selected rule's or assessment's status", scope="lists"),
    Command("delete_entry", "delete", "Delete", "Delete the selected entry (asks first)", scope="lists"),
)

BY_ID = {command.id: command for command in COMMANDS}


def bindings(scope: str) -> list[Binding]:
    return [c.binding() for c in COMMANDS if c.scope == scope and c.key]


def in_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope in ("app", scope)]
