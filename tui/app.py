"""The pjd app: wires the session, the screens and the command registry together. Findings are
recomputed in a worker thread after every change; the UI never waits for them."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen

from policy_model.checks import Context, policy_findings
from policy_model.decide import VIEWS
from policy_model.findings import Finding, summary
from policy_model.i18n import _, ngettext_f
from policy_model.save import ChangedOnDisk, ReadOnlyCatalogue, SaveError
from policy_model.vocabulary import view_word

from . import commands
from .screens.dialogs import FolderDialog, changed_on_disk, confirm_quit, confirm_reload, replay_conflicts
from .screens.help import HelpScreen
from .screens.load_errors import LoadErrorsScreen
from .screens.main import MainScreen
from .session import EditRejected, Session, copy_target

NAVIGATION = {"show_rules", "show_entities", "show_assessments", "show_main", "cycle_view", "help", "export"}


class Palette(CommandPalette):
    """Textual's command palette, in the interface's language."""

    def __init__(self) -> None:
        super().__init__(placeholder=_("Search for commands…"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual says "No matches found" in English; the same, in the interface's language.
        from rich.align import Align
        from rich.text import Text
        from textual.command import CommandList
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(_("No commands match"), style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


class PjdApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "pjd"
    # Our own palette key: Textual's would be described as "palette" in English.
    BINDINGS = [*commands.bindings("app"), Binding("ctrl+p", "command_palette", "palette", show=False, priority=True)]
    COMMANDS = {commands.PaletteCommands}

    def __init__(self, root: Path | str, read_only: bool | None = None):
        super().__init__()
        commands.localize_bindings(self)
        self.session = Session.open(root, read_only)
        self.findings: list[Finding] | None = None
        self.findings_stale = True
        self._findings_key: tuple | None = None

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = False) -> None:
        # Messages carry catalogue ids, file names and error texts: never read them as markup.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- start -------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._show_first_screen()
        if self.session.read_only:
            self.notify(
                _("This is the bundled catalogue: read-only. Use '{command}' (ctrl+p) to edit and save.",
                  command=commands.BY_ID["make_copy"].label),
                title=_("Read-only"),
                timeout=8,
            )

    def _show_first_screen(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.session.loaded:
            self.push_screen(MainScreen())
            self.recompute_findings()
        else:
            self.push_screen(LoadErrorsScreen())

    # -- findings ---------------------------------------------------------------------------
    def fresh_findings(self) -> list[Finding] | None:
        """The findings of the catalogue as it is now (None while they are being recomputed)."""
        return None if self.findings_stale else self.findings

    def finding_counts(self) -> dict[str, int]:
        return summary(self.findings or [])

    def recompute_findings(self) -> None:
        self.findings_stale = True
        key = (id(self.session.current), self.session.view)
        self._findings_key = key
        self._compute_findings(self.session.current, self.session.view, self.session.evaluation(), key)

    @work(thread=True, exclusive=True, group="findings", description="findings", exit_on_error=False)  # no repr
    def _compute_findings(self, catalogue, view, evaluation, key) -> None:
        try:
            found = policy_findings(Context(catalogue, view, evaluation))
        except Exception as err:  # a bug in a check must not leave the panel "updating…" for ever
            self.call_from_thread(self.notify, _("The checks failed: {error}", error=repr(err)), severity="error", timeout=15)
            return
        self.call_from_thread(self._findings_ready, key, found)

    def _findings_ready(self, key, found: list[Finding]) -> None:
        if key != self._findings_key:
            return  # an older catalogue's findings: a newer computation is on its way
        self.findings, self.findings_stale = found, False
        for screen in self.screen_stack:
            if hasattr(screen, "findings_updated"):
                screen.findings_updated()

    # -- changes -------------------------------------------------------------------------------
    def apply_edits(self, steps: list | None) -> None:
        """Dialog callback: make the edits as one undoable step."""
        if not steps:
            return
        try:
            self.session.apply(*steps)
        except EditRejected as err:
            self.notify(str(err), title=_("Not changed"), severity="error")
            return
        self.catalogue_changed(", ".join(edit.describe() for edit in steps))

    def catalogue_changed(self, what: str | None = None) -> None:
        self.recompute_findings()  # first: the screens then show the old findings as stale
        for screen in self.screen_stack:
            if hasattr(screen, "refresh_from_session"):
                screen.refresh_from_session()
        if what:
            self.notify(what, timeout=3)

    # -- commands ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        # Screen switches and exports from inside a dialog would stack screens oddly.
        if isinstance(self.screen, ModalScreen) and action in NAVIGATION:
            return False
        if not self.session.loaded and action not in ("reload", "quit", "help", "command_palette"):
            return False  # nothing to show or edit until the files load
        return True

    def get_system_commands(self, screen):
        """The registry's commands for the palette, in the interface's language; Textual's own
        (theme, screenshot, …) are left out: they would be the only English in the palette."""
        for title, help_text, callback, _words in self.palette_commands(screen):
            yield SystemCommand(title, help_text, callback)

    def palette_commands(self, screen):
        """(title, help, callback, search words) for every command that applies on `screen`,
        each title once: where the screen's own command and an app-wide one share a title
        (esc and m both go "back to the matrix"), the screen's is listed."""
        scope = getattr(screen, "SCOPE", "app")
        listed = set()
        for command in sorted(commands.in_scope(scope), key=lambda c: c.scope == "app"):
            if command.label in listed:
                continue
            listed.add(command.label)
            target = self if command.scope == "app" else screen
            key = f"  ({self.get_key_display(command.binding())})" if command.key else ""
            words = [*command.search_words, command.id]
            yield command.label, command.explanation + key, partial(target.run_action, command.id), words

    def action_help_quit(self) -> None:
        # Textual's answer to ctrl+c, in the interface's language.
        # The key as the footer shows it (^q), in plain text: notify() never reads markup.
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("Press {key} to quit the app.", key=self.get_key_display(active.binding)), title=_("Quit?"))
                return

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette())

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        steps = self.session.undo()
        if steps:
            self.catalogue_changed(_("Undone: {edits}", edits=", ".join(edit.describe() for edit in steps)))
        else:
            self.notify(_("Nothing to undo."))

    def action_redo(self) -> None:
        steps = self.session.redo()
        if steps:
            self.catalogue_changed(_("Redone: {edits}", edits=", ".join(edit.describe() for edit in steps)))
        else:
            self.notify(_("Nothing to redo."))

    def action_cycle_view(self) -> None:
        self.session.view = VIEWS[(VIEWS.index(self.session.view) + 1) % len(VIEWS)]
        self.catalogue_changed(_("View: {view}", view=view_word(self.session.view)))

    def action_show_main(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def open_rules(self, select: str | None = None) -> None:
        from .screens.lists import ListScreen

        self.action_show_main()
        self.push_screen(ListScreen(["rules"], select=select))

    def open_entities(self, select: str | None = None) -> None:
        from .screens.lists import ListScreen

        self.action_show_main()
        self.push_screen(ListScreen(["document_types", "sources", "personnel_groups", "conditions"], select=select))

    def action_show_rules(self) -> None:
        self.open_rules()

    def action_show_entities(self) -> None:
        self.open_entities()

    def action_show_assessments(self) -> None:
        from .screens.lists import ListScreen

        self.action_show_main()
        self.push_screen(ListScreen(["assessments"]))

    # -- files -----------------------------------------------------------------------------------
    def action_save(self) -> None:
        if not self.session.dirty:
            self.notify(_("Nothing to save."))
            return
        if self.session.read_only:
            self.notify(_("The bundled catalogue is read-only: make an editable copy first."), severity="warning")
            self.action_make_copy()
            return
        self.save(then=None)

    def save(self, then) -> None:
        self._write(self.session.save, then)

    def _write(self, saving, then=None, saved=None) -> None:
        """Run `saving` (a session method that writes the files) and say how it went: with
        `saved(files)`, the message of a save of its own kind."""
        try:
            written = saving()
        except ChangedOnDisk as err:
            self.push_screen(changed_on_disk(err.files, self.session.edit_count), self._after_conflict)
            return
        except ReadOnlyCatalogue:
            self.notify(_("This catalogue is read-only."), severity="error")
            return
        except SaveError as err:  # e.g. a text that would not read back as edited: nothing was written
            self.notify(_("Not saved: {problem}", problem=err), severity="error", timeout=15)
            return
        except OSError as err:
            self.notify(_("Not saved: {problem}", problem=_os_problem(err)), severity="error", timeout=10)
            return
        if saved:
            self.notify(saved(", ".join(written) or "-"), timeout=8)
        else:
            self.notify(_("Saved {files}", files=", ".join(written)) if written else _("Saved (no file needed changing)."))
        if self.session.loaded:
            self.catalogue_changed()
        else:  # another file broke meanwhile: show what is wrong with it
            self._show_first_screen()
        if then:
            then()

    def _after_conflict(self, answer: str | None) -> None:
        if answer == "reload":  # chosen on a dialog that said what it drops
            self._reload_now()
        elif answer == "replay":
            self._replay()

    def _replay(self) -> None:
        """Apply the unsaved edits on top of the files as they are now: save if they all still
        apply, else show the conflicts and write nothing until the author chooses."""
        try:
            fresh, outcome = self.session.replay_on_disk()
        except OSError as err:
            self.notify(_("Not saved: {problem}", problem=_os_problem(err)), severity="error", timeout=10)
            return
        if outcome is None:
            self.notify(_("Not saved: the files on disk do not load as they are now (pjd check says why). "
                          "Your edits are kept."), severity="error", timeout=15)
            return
        if outcome.clean:
            self._save_replayed(fresh, outcome)
            return

        def done(answer: str | None) -> None:
            if answer == "drop":  # chosen on a dialog that said what it drops
                self._save_replayed(fresh, outcome)
            elif answer == "reload":
                self._reload_now()

        self.push_screen(replay_conflicts(outcome, self.session.edit_count), done)

    def _save_replayed(self, fresh, outcome) -> None:
        def saved(files: str) -> str:
            if outcome.clean:
                return _("Saved {files}: your edits on top of the changes on disk", files=files)
            # The session starts the history afresh (see Session.save_replayed).
            return ngettext_f("Saved {files}: your edits on top of the changes on disk. {n} conflicting edit was "
                              "dropped, so undo starts from here.",
                              "Saved {files}: your edits on top of the changes on disk. {n} conflicting edits were "
                              "dropped, so undo starts from here.", outcome.dropped_edits, files=files)

        self._write(lambda: self.session.save_replayed(fresh, outcome), saved=saved)

    def action_reload(self) -> None:
        if not self.session.dirty:
            self._reload_now()
            return

        def done(answer: str | None) -> None:
            if answer == "reload":
                self._reload_now()

        self.push_screen(confirm_reload(self.session.edit_count), done)

    def _reload_now(self) -> None:
        self.session.reload()
        self._show_first_screen()
        self.notify(_("Read {folder} again.", folder=self.session.root))

    def action_make_copy(self) -> None:
        default = str(copy_target(self.session.root))  # outside the open catalogue: see copy_target

        def done(result: dict | None) -> None:
            if not result:
                return
            try:
                self.session.copy_to(Path(result["folder"]))
            except (OSError, EditRejected) as err:
                problem = _os_problem(err) if isinstance(err, OSError) and err.errno is not None else err
                self.notify(_("No copy made: {problem}", problem=problem), severity="error", timeout=10)
                return
            self.catalogue_changed(_("Now editing {folder} (your edits came along; ctrl+s saves).", folder=result["folder"]))

        self.push_screen(FolderDialog(_("Make an editable copy of the bundled catalogue"), default), done)

    def action_export(self) -> None:
        if self.session.dirty:
            # An export names the catalogue by the hash of its files: unsaved edits would
            # travel under the hash of what is on disk.
            self.notify(_("Save first (ctrl+s): an export describes the catalogue as saved."), severity="warning")
            return
        root = self.session.root
        default = str((root.parent if not self.session.read_only else Path.cwd()) / "export")
        dialog = FolderDialog(_("Export the guidance matrix and the registry configuration"), default, export=True,
                              replaces=self._export_replaces, view=self.session.view)
        self.push_screen(dialog, self._export)

    @staticmethod
    def _export_replaces(folder: Path) -> list[str]:
        from exports import guidance_html, guidance_xlsx, registry

        names = (guidance_xlsx.FILENAME, guidance_html.FILENAME, registry.FILENAME)
        return [name for name in names if (folder / name).exists()]

    def _export(self, result: dict | None) -> None:
        if result:
            self.notify(_("Exporting to {folder} …", folder=result["folder"]), timeout=3)
            self._run_export(self.session.current, result["folder"], result["view"], result["lang"])

    @work(thread=True, exclusive=True, group="export", description="export", exit_on_error=False)
    def _run_export(self, catalogue, folder: str, view: str, lang: str) -> None:
        from exports import export_all, out_folder_problem

        problem = out_folder_problem(Path(folder))
        if problem:
            self.call_from_thread(self.notify, _("Not exported: {problem}.", problem=problem), title=_("Export"), severity="error", timeout=15)
            return
        try:
            report = export_all(catalogue, Path(folder), view, lang)
        except OSError as err:  # no permission, a full disk: nothing was moved into place
            self.call_from_thread(self.notify, _("Not exported: {problem}", problem=_os_problem(err)), title=_("Export"),
                                  severity="error", timeout=15)
            return
        # In the app's language, whatever the language of the files.
        message = _("Wrote {files}", files=", ".join(str(p) for p in report.written))
        for refusal in report.refused:
            reason = str(refusal.reason)
            message += f". {reason[:1].upper()}{reason[1:]}."
            if refusal.stale:
                message += " " + _("The older {file} there was left as it was: it does not match.", file=refusal.stale.name)
        severity = "information" if report.ok else "warning"
        self.call_from_thread(self.notify, message, title=_("Export"), severity=severity, timeout=10)

    def action_quit(self) -> None:
        if not self.session.dirty:
            self.exit()
            return

        def done(answer: str | None) -> None:
            if answer == "discard":
                self.exit()
            elif answer == "save":
                if self.session.read_only:
                    self.notify(_("The bundled catalogue is read-only: make an editable copy to keep your edits."), severity="warning")
                    return
                self.save(then=self.exit)

        self.push_screen(confirm_quit(self.session.edit_count), done)



def _os_problem(err: OSError) -> str:
    """An OSError in words: what failed and on which file, in the interface's language."""
    from policy_model.files import os_error_words

    return f"{os_error_words(err)}: {err.filename}" if err.filename else str(os_error_words(err))
