"""The `pjd` command line (SPEC §4): argument parsing, exit codes, text and JSON output.

Exit status: 0 fine, 1 error findings (or a refused export), 2 usage error. Bad input is
reported as findings or a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import catalogue as bundled
from policy_model.catalogue import Catalogue
from policy_model.checks import REGISTRY, documentation, run_checks
from policy_model.decide import VIEWS, Evaluation
from policy_model.diff import diff
from policy_model.findings import summary
from policy_model.files import os_error_words
from policy_model.i18n import LANGUAGES, N_, NP_, _, gettext, language, language_from_environment, ngettext, ngettext_f, set_language
from policy_model.vocabulary import view_word
from policy_model.load import LoadResult, load_folder
from policy_model.revisions import RevisionError, load_revision
from policy_model.windows import format_window

from . import text

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
FORMAT_VERSION = 2
"""Every JSON output says which version of its shape it is (SPEC §9.5)."""


class UsageError(Exception):
    """Wrong arguments: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors: keep its exit status 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"pjd: {message}\n")


# argparse's own words (usage, headings, its errors) are in pjd's catalogue; argparse asks its
# module-level gettext for them, which pjd points at its own (main, below).
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
)
ARGPARSE_PLURALS = (NP_("expected %s argument", "expected %s arguments"),)


def language_argument(argv: list[str]) -> str | None:
    """The value of `--lang` wherever it stands (before or after the command), read before
    the parser is built, so that even `--help` and usage errors speak that language."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def add_lang_arg(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: given before the command and not after, the subcommand must not reset it.
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
        help=_("language of the output: nb (norsk bokmål, the default) or en; else PJD_LANG"),
    )


# -- the catalogue argument ------------------------------------------------------------
def resolve_catalogue(arg: str | None) -> tuple[Path, bool]:
    """The catalogue folder to use and whether it is the bundled (read-only) one."""
    if arg:
        path = Path(arg)
        if not path.exists():
            raise UsageError(_("no such catalogue folder: {folder}", folder=arg))
        if not path.is_dir():
            raise UsageError(_("{folder} is not a folder: give the catalogue folder that holds the YAML files", folder=arg))
        return path, False
    local = Path("catalogue")
    if local.is_dir():
        return local, False
    return bundled.path(), True


def add_catalogue_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalogue", nargs="?", metavar="CAT", help=_("catalogue folder (default: ./catalogue, else the bundled one)")
    )


def add_format_arg(parser: argparse.ArgumentParser, choices=("text", "json")) -> None:
    parser.add_argument("--format", choices=choices, default="text", help=_("output format (default: text)"))


def add_view_arg(parser: argparse.ArgumentParser, default: str = "draft") -> None:
    parser.add_argument(
        "--view", choices=VIEWS, default=default,
        help=_("which rules count, by status: draft, proposed or approved (default: {view})", view=default),
    )


def emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def catalogue_json(result: LoadResult, path: Path) -> dict:
    meta = result.meta
    return {
        "id": meta.id if meta else None,
        "title": meta.title if meta else None,
        "version": meta.version if meta else None,
        "path": str(path),
        "sha256": result.content_hash,
    }


class LoadFailed(Exception):
    """The catalogue has load errors: they were printed; exit status 1."""


def load_or_report(path: Path, fmt: str, label: str | None = None, result: LoadResult | None = None) -> Catalogue:
    """The loaded catalogue, or its load errors printed (JSON: the check document) and LoadFailed."""
    result = result or load_folder(path)
    if result.catalogue is not None:
        return result.catalogue
    if fmt == "json":
        emit_json(
            {
                "format_version": FORMAT_VERSION,
                "catalogue": catalogue_json(result, path),
                "view": None,
                "summary": summary(result.findings),
                "findings": [f.to_json() for f in result.findings],
            }
        )
    else:
        text.print_check(result, label or path, None, result.findings, color=text.use_color(sys.stdout))
    raise LoadFailed()


# -- commands ----------------------------------------------------------------------------
def cmd_check(args) -> int:
    if args.explain:
        doc = documentation(args.explain)
        if doc is None:
            raise UsageError(_("unknown finding kind '{kind}'; kinds: {kinds}", kind=args.explain, kinds=", ".join(sorted(REGISTRY))))
        print(doc)
        return EXIT_OK
    path, _bundled = resolve_catalogue(args.catalogue)
    result = load_folder(path)
    findings = run_checks(result, view=args.view)
    counts = summary(findings)
    if args.format == "json":
        emit_json(
            {
                "format_version": FORMAT_VERSION,
                "catalogue": catalogue_json(result, path),
                "view": args.view,
                "summary": counts,
                "findings": [f.to_json() for f in findings],
            }
        )
    else:
        text.print_check(result, path, args.view, findings, color=text.use_color(sys.stdout))
    failing = counts["error"] + (counts["warning"] if args.strict else 0)
    return EXIT_ERRORS if failing else EXIT_OK


def leaf_argument(catalogue: Catalogue, axis: str, value: str) -> str:
    """A leaf id for explain: unknown ids and inner nodes are usage errors that say what to give."""
    hierarchy = {
        "source": catalogue.source_axis,
        "document": catalogue.document_axis,
        "personnel": catalogue.personnel_axis,
    }[axis]
    if value not in hierarchy:
        import difflib

        close = difflib.get_close_matches(value, list(hierarchy.order), n=3, cutoff=0.5)
        hint = _("; did you mean {ids}?", ids=", ".join(close)) if close else ""
        raise UsageError(_("--{axis} '{value}' names nothing in this catalogue{hint}", axis=axis, value=value, hint=hint))
    if not hierarchy.is_leaf(value):
        leaves = hierarchy.sorted(hierarchy.leaves_under(value))
        listed = ", ".join(leaves) if leaves else _("(none: it is empty)")
        raise UsageError(_("--{axis} '{value}' is a grouping, not a leaf; its leaves: {leaves}", axis=axis, value=value, leaves=listed))
    return value


def cmd_explain(args) -> int:
    path, _bundled = resolve_catalogue(args.catalogue)
    catalogue = load_or_report(path, args.format)
    evaluation = Evaluation(catalogue, args.view)
    if args.request is not None:
        return explain_request(evaluation, args)
    missing = [f"--{axis}" for axis in ("source", "document", "personnel") if getattr(args, axis) is None]
    if missing:
        raise UsageError(_("give {options} (leaf ids), or --request FILE with a request (SPEC §10.1)", options=", ".join(missing)))
    cell = (
        leaf_argument(catalogue, "source", args.source),
        leaf_argument(catalogue, "document", args.document),
        leaf_argument(catalogue, "personnel", args.personnel),
        action_argument(evaluation, args.action),
    )
    explanation = evaluation.explain(cell)
    if args.format == "json":
        emit_json(explain_json(evaluation, cell, explanation))
    else:
        text.print_explain(catalogue, evaluation.short(cell), args.view, explanation, color=text.use_color(sys.stdout))
    return EXIT_OK


def explain_request(evaluation: Evaluation, args) -> int:
    """explain --request: how the request resolves (every candidate and its score), then the
    cell's explanation and the request's answer."""
    import datetime

    from policy_model.resolve import AXES, RequestError, Resolver, parse_request

    from .decide_cli import AXIS_WORDS, answer_json, read_one_request

    data = read_one_request(args.request)
    resolver = Resolver(evaluation)
    try:
        request = parse_request(data, evaluation.actions, datetime.datetime.now(datetime.timezone.utc).date())
    except RequestError as err:
        raise UsageError(_("--request {file}: {problem}", file=args.request, problem=err)) from None
    answer = resolver.decide(request)
    scored = {"personnel": sorted(resolver.scored_personnel(request), reverse=True),
              "source": sorted(resolver.scored_sources(request), reverse=True)}
    cell = answer.resolution.cell
    explanation = evaluation.explain(cell) if cell else None
    if args.format == "json":
        record = answer_json(resolver, answer)
        record["resolution"] = {axis: [{"id": i, "score": score} for score, i in found] for axis, found in scored.items()}
        if explanation is not None:
            record["explanation"] = explain_json(evaluation, cell, explanation)
        emit_json(record)
        return EXIT_OK
    color = text.use_color(sys.stdout)
    print(text.paint(_("Resolution (SPEC §10.3: every candidate and its score; the highest wins)"), "bold", color))
    for axis, found in scored.items():
        listed = ", ".join(f"{i} ({score})" for score, i in found) or _("no candidate")
        print(f"  {gettext(AXIS_WORDS[axis])}: {listed}")
    failed = answer.resolution.candidates or {}
    for axis in ("document", "action"):
        found = failed[axis] if axis in failed else [cell[AXES.index(axis)]] if cell else ["–"]
        print(f"  {gettext(AXIS_WORDS[axis])}: {', '.join(found) or _('no candidate')}")
    print()
    if explanation is not None:
        text.print_explain(evaluation.catalogue, evaluation.short(cell), args.view, explanation, color=color)
        print()
    from .decide_cli import answer_line

    print(answer_line(resolver, answer, color))
    return EXIT_OK


def action_argument(evaluation: Evaluation, value: str | None) -> str:
    """--action: required when the catalogue has several actions (SPEC §9.5)."""
    actions = evaluation.actions
    if value is None:
        if len(actions) == 1:
            return actions[0]
        raise UsageError(_("--action is needed: this catalogue has the actions {actions}", actions=", ".join(actions)))
    if value not in actions:
        raise UsageError(_("--action '{value}' is not an action of this catalogue; its actions: {actions}",
                           value=value, actions=", ".join(actions)))
    return value


def explain_json(evaluation: Evaluation, cell, explanation) -> dict:
    decision = explanation.decision
    decisive = {rule.id for rule in explanation.decisive}
    return {
        "format_version": FORMAT_VERSION,
        "source": cell[0],
        "document": cell[1],
        "personnel": cell[2],
        "action": cell[3],
        "view": evaluation.view,
        "decision": decision.kind,
        "alternatives": [list(a) for a in decision.alternatives],
        "window": format_window(decision.window),
        "grants": [grant.to_json() for grant in decision.grants],
        "rules": [
            {"id": r.id, "effect": r.effect, "status": r.status, "decisive": r.id in decisive}
            for r in explanation.applicable
        ],
        "legal_bases": list(explanation.legal_bases),
    }


def cmd_matrix(args) -> int:
    path, _bundled = resolve_catalogue(args.catalogue)
    catalogue = load_or_report(path, "json" if args.format == "json" else "text")
    evaluation = Evaluation(catalogue, args.view)
    if args.format == "json":
        write_matrix_json(evaluation, sys.stdout)
    elif args.format == "csv":
        write_matrix_csv(evaluation, sys.stdout)
    else:
        text.print_matrix(evaluation, color=text.use_color(sys.stdout))
    return EXIT_OK


def _streamed(out, lines, chunk: int = 4096) -> None:
    """Write lines in chunks: one write per line costs more than the JSON itself."""
    buffer = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= chunk:
            out.write("".join(buffer))
            buffer.clear()
    out.write("".join(buffer))


def decision_fields(decision) -> dict:
    """The decision part of a matrix cell (SPEC §4, §9.5)."""
    return {
        "decision": decision.kind,
        "alternatives": [list(a) for a in decision.alternatives],
        "window": format_window(decision.window),
        "grants": [grant.to_json() for grant in decision.grants],
    }


def write_matrix_json(evaluation: Evaluation, out) -> None:
    """SPEC §4/§9.5: one cell per line, written in chunks; each id and each distinct decision
    is turned into JSON once (cells sharing a decision share its text)."""
    dumps = json.dumps
    decided: dict[int, str] = {}
    quoted: dict[str, str] = {}

    def q(value: str) -> str:
        found = quoted.get(value)
        if found is None:
            found = quoted[value] = dumps(value, ensure_ascii=False)
        return found

    def lines():
        separator = "\n  "
        for (source, document, personnel, action), decision in evaluation.matrix():
            tail = decided.get(id(decision))
            if tail is None:
                tail = decided[id(decision)] = dumps(decision_fields(decision), ensure_ascii=False)[1:]
            yield (f'{separator}{{"source": {q(source)}, "document": {q(document)}, '
                   f'"personnel": {q(personnel)}, "action": {q(action)}, {tail}')
            separator = ",\n  "

    out.write('{"format_version": %d, "view": %s, "cells": [' % (FORMAT_VERSION, dumps(evaluation.view)))
    _streamed(out, lines())
    out.write("\n]}\n")


def grants_text(grants) -> str:
    """Grants for one CSV field: 'akutt+samtykke@P1Y | -' ('-' no conditions; '@' the window)."""
    return " | ".join(
        ("+".join(g.conditions) or "-") + (f"@{format_window(g.window)}" if g.window is not None else "") for g in grants
    )


def write_matrix_csv(evaluation: Evaluation, out) -> None:
    import csv
    import io

    decided: dict[int, list[str]] = {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["source", "document", "personnel", "action", "decision", "alternatives", "window", "grants"])
    for (source, document, personnel, action), decision in evaluation.matrix():
        tail = decided.get(id(decision))
        if tail is None:
            tail = decided[id(decision)] = [
                decision.kind,
                " | ".join("+".join(a) for a in decision.alternatives),
                format_window(decision.window) or "",
                grants_text(decision.grants),
            ]
        writer.writerow([source, document, personnel, action, *tail])
        if buffer.tell() > 1 << 16:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())


def load_side(spec: str, folder_for_git: Path) -> tuple[Catalogue | None, LoadResult, str]:
    """One side of a diff: a folder, or git:REV (the catalogue folder as committed at REV)."""
    if spec.startswith("git:"):
        revision = spec[4:]
        if not revision:
            raise UsageError(_("git: needs a revision, e.g. git:HEAD~1 or git:main"))
        try:
            result = load_revision(folder_for_git, revision)
        except RevisionError as err:
            raise UsageError(_("cannot read {folder} at {revision}: {problem}", folder=folder_for_git, revision=revision, problem=err)) from None
        return result.catalogue, result, spec
    path, _bundled = resolve_catalogue(spec)
    result = load_folder(path)
    return result.catalogue, result, str(path)


def cmd_diff(args) -> int:
    folders = [a for a in (args.old, args.new) if not a.startswith("git:")]
    git_folder, is_bundled = resolve_catalogue(folders[-1] if folders else None)
    if is_bundled and len(folders) < 2:
        # git:REV names a revision of *your* catalogue folder; the bundled one is not in your repository.
        raise UsageError(_("git:REV needs a catalogue folder in a git repository: give it as the other side, "
                           "or run from a folder with ./catalogue"))
    sides = []
    for spec in (args.old, args.new):
        catalogue, result, label = load_side(spec, git_folder)
        if catalogue is None:
            load_or_report(Path(label), args.format, label=label, result=result)
        sides.append((catalogue, result, label))
    (old, old_result, old_label), (new, new_result, new_label) = sides
    changes = diff(Evaluation(old, args.view), Evaluation(new, args.view))
    widened = [c for c in changes if c.widens_access]
    if args.format == "json":
        emit_json(
            {
                "format_version": FORMAT_VERSION,
                "view": args.view,
                "old": {**catalogue_json(old_result, Path(old_label)), "path": old_label},
                "new": {**catalogue_json(new_result, Path(new_label)), "path": new_label},
                "summary": {"changed": len(changes), "new_access": len(widened)},
                "changes": [text.change_json(c) for c in changes],
            }
        )
    else:
        text.print_diff(old, new, old_label, new_label, args.view, changes, color=text.use_color(sys.stdout))
    return EXIT_ERRORS if args.no_new_access and widened else EXIT_OK


class ProgressLine:
    """'Skriver … 12/56 Helse Vest' on stderr, once an export takes more than a moment (terminals only)."""

    def __init__(self, what: str, stream=None, delay: float = 0.4):
        import time

        self.stream = stream or sys.stderr
        self.what = what
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        import time

        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        self.shown = True
        self.stream.write(f"\r\033[K{self.what} {done}/{total} {label[:40]}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def cmd_export(args) -> int:
    from exports import export_all, out_folder_problem

    path, _bundled = resolve_catalogue(args.catalogue)
    catalogue = load_or_report(path, "text")
    out = Path(args.out)
    problem = out_folder_problem(out)
    if problem:
        raise UsageError(_("--out {out}: {problem}; give a folder to write into", out=out, problem=problem))
    progress = ProgressLine(_("Writing"))
    lang = getattr(args, "lang", None) or language()
    try:
        report = export_all(catalogue, out, args.view, lang, [args.only] if args.only else None, progress)
    except OSError as err:  # a full disk, a folder in the way: nothing was moved into place
        print(_("pjd: could not export to {out}: {problem}", out=out, problem=os_error_words(err)), file=sys.stderr)
        return EXIT_ERRORS
    finally:
        progress.close()
    for refusal in report.refused:
        print(f"pjd: {refusal.reason}.", file=sys.stderr)
        for detail in refusal.details:
            print(f"pjd:   {detail}", file=sys.stderr)
        if refusal.stale:
            print(_("pjd: the older {file} was left as it was; it does not reflect this catalogue.", file=refusal.stale), file=sys.stderr)
    for written in report.written:
        print(_("Wrote {file} ({view} view)", file=written, view=view_word(args.view)))
    if report.proof is not None:
        print(_("Cedar answers as pjd does on all {n} request classes ({seconds} s)",
                n=report.proof.requests, seconds=f"{report.proof.seconds:.1f}"))
    return EXIT_OK if report.ok else EXIT_ERRORS


def export_targets() -> tuple[str, ...]:
    from exports import TARGETS  # here: the exports load only for the commands that write them

    return TARGETS


def cmd_verify_cedar(args) -> int:
    """SPEC §11: prove an exported Cedar bundle again against a catalogue."""
    from exports import cedar

    path = resolve_catalogue(args.catalogue)[0]
    catalogue = load_or_report(path, "text")
    try:
        proof, result = cedar.verify_bundle(Path(args.dir), lambda view: Evaluation(catalogue, view))
    except cedar.BundleError as err:
        raise UsageError(str(err)) from None
    status = EXIT_OK
    made_from = str((proof.get("catalogue") or {}).get("sha256"))
    if made_from != catalogue.content_hash:
        print("pjd: " + _("the bundle was made from another catalogue (content hash {theirs}…, this one {ours}…)",
                          theirs=made_from[:12], ours=catalogue.content_hash[:12]), file=sys.stderr)
        status = EXIT_ERRORS
    for problem in result.structural:
        print(f"pjd: {problem}", file=sys.stderr)
    for mismatch in result.mismatches[:10]:
        print("pjd: " + _("mismatch: {case}", case=mismatch.describe()), file=sys.stderr)
    if not result.ok:
        status = EXIT_ERRORS
    print(ngettext_f("{n} mismatch in {requests} request classes, {structural} structural problems ({seconds} s, view: {view})",
                     "{n} mismatches in {requests} request classes, {structural} structural problems ({seconds} s, view: {view})",
                     len(result.mismatches), requests=result.requests, structural=len(result.structural),
                     seconds=f"{result.seconds:.1f}", view=view_word(proof["view"])))
    return status


def cmd_tui(args) -> int:
    path, read_only = resolve_catalogue(getattr(args, "catalogue", None))
    from .app import PjdApp  # Textual loads only for the app, not for the other commands

    PjdApp(path, read_only=read_only).run()
    return EXIT_OK


def cmd_init(args) -> int:
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(_("{folder} already exists and is not an empty folder; choose a new folder", folder=target))
    source = bundled.path()
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    # Copy into a temporary sibling, then rename: no half-copied catalogue after a crash.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    try:
        for item in sorted(source.iterdir()):
            if item.is_file() and item.suffix in (".yaml", ".yml", ".json"):
                shutil.copy2(item, staging / item.name)
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    count = len(list(target.glob("*.yaml")))
    print(ngettext_f("Copied the bundled catalogue ({n} file) to {folder}. Edit it, then: pjd check {folder}",
                     "Copied the bundled catalogue ({n} files) to {folder}. Edit it, then: pjd check {folder}",
                     count, folder=target))
    return EXIT_OK


# -- the parser ----------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="pjd",
        description=_("Model, check and export which patient record documents each source may share "
                      "with which health personnel group (Pasientens journaldokumenter)."),
    )
    add_lang_arg(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)

    tui = sub.add_parser("tui", help=_("the terminal app (also: pjd with no command)"))
    add_catalogue_arg(tui)
    tui.set_defaults(run=cmd_tui)

    check = sub.add_parser("check", help=_("load the catalogue and report findings"))
    add_catalogue_arg(check)
    add_view_arg(check)
    add_format_arg(check)
    check.add_argument("--strict", action="store_true", help=_("warnings fail too (exit 1)"))
    check.add_argument("--explain", metavar="KIND", help=_("print what a finding kind means, with examples"))
    check.set_defaults(run=cmd_check)

    explain = sub.add_parser("explain", help=_("the decision for one cell and the rules behind it"))
    add_catalogue_arg(explain)
    explain.add_argument("--source", metavar="S", help=_("leaf source id"))
    explain.add_argument("--document", metavar="D", help=_("document type id"))
    explain.add_argument("--personnel", metavar="G", help=_("leaf personnel group id"))
    explain.add_argument("--request", metavar="FILE", help=_("a request (SPEC §10.1, JSON; - for standard input) instead of the ids"))
    explain.add_argument("--action", metavar="A", help=_("action id (required when the catalogue has several)"))
    add_view_arg(explain)
    add_format_arg(explain)
    explain.set_defaults(run=cmd_explain)

    matrix = sub.add_parser("matrix", help=_("every applicable cell and its decision"))
    add_catalogue_arg(matrix)
    add_view_arg(matrix)
    add_format_arg(matrix, choices=("text", "json", "csv"))
    matrix.set_defaults(run=cmd_matrix)

    diff_cmd = sub.add_parser("diff", help=_("cells whose decision changed between two catalogues"))
    diff_cmd.add_argument("old", metavar="OLD", help=_("catalogue folder, or git:REV"))
    diff_cmd.add_argument("new", metavar="NEW", help=_("catalogue folder, or git:REV"))
    add_view_arg(diff_cmd)
    add_format_arg(diff_cmd)
    diff_cmd.add_argument(
        "--no-new-access", action="store_true", help=_("exit 1 if any cell became readable or gained an alternative")
    )
    diff_cmd.set_defaults(run=cmd_diff)

    export = sub.add_parser(
        "export", help=_("write the guidance matrix (xlsx), the guidance page (HTML), the registry configuration (JSON) and the Cedar bundle")
    )
    add_catalogue_arg(export)
    export.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into (created if missing)"))
    add_view_arg(export, default="approved")
    export.add_argument("--only", choices=export_targets(), help=_("write only one of the exports"))
    export.set_defaults(run=cmd_export)

    verify = sub.add_parser("verify-cedar", help=_("prove an exported Cedar bundle again against the catalogue"))
    verify.add_argument("dir", metavar="DIR", help=_("the bundle folder (…/cedar)"))
    add_catalogue_arg(verify)
    verify.set_defaults(run=cmd_verify_cedar)

    init = sub.add_parser("init", help=_("copy the bundled catalogue into DIR to edit it"))
    init.add_argument("dir", metavar="DIR")
    init.set_defaults(run=cmd_init)
    from .decide_cli import add_decide_parser  # here, not at the top: they import this module
    from .review_cli import add_review_parser

    add_decide_parser(sub, add_catalogue_arg, add_view_arg, add_format_arg)
    add_review_parser(sub)
    for command in _subparsers(parser):
        add_lang_arg(command)
    return parser


def _subparsers(parser: argparse.ArgumentParser):
    """Every (sub)command's parser below `parser`, at any depth (`review export`)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                yield command
                yield from _subparsers(command)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A path given in bytes that are not UTF-8 must print as \\xff, not end the command.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    set_language(language_argument(argv) or language_from_environment())
    argparse._ = gettext  # argparse's own words (usage:, options, its errors) from pjd's catalogue
    argparse.ngettext = ngettext
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        args.run = cmd_tui  # `pjd` alone opens the app on the default catalogue
    try:
        return args.run(args)
    except UsageError as err:
        print(f"pjd: {err}", file=sys.stderr)
        return EXIT_USAGE
    except LoadFailed:
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print(_("pjd: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # `pjd matrix | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as err:  # a full disk, a read-only folder: say so, in one line
        print(f"pjd: {os_error_words(err)}: {err.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_ERRORS
    except Exception as err:  # a bug in pjd, not bad input: one line unless asked for detail
        if os.environ.get("PJD_DEBUG"):
            raise
        print(_("pjd: unexpected error ({error}); this is a bug in pjd. Run again with PJD_DEBUG=1 to see where.",
                error=f"{type(err).__name__}: {err}"), file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
