"""`pjd review export` and `pjd review import` (SPEC §8): the working groups' Excel round-trip.

Exit status: 0 fine (a workbook written; the workbook read and what can be proposed written, or
nothing to propose), 1 refused and nothing written (problems in the workbook, a stale workbook
without --force, an existing file), 2 usage. Changed cells that adding rules cannot reach do not
make the import fail: the proposal holds the reachable part, and those cells are listed (text:
on stdout with the rules in the way, and one line on stderr; JSON: "unreachable").

`pjd review import --format json` (format_version 2; additive changes only):
- refused: `{"format_version", "ok": false, "stale", "problems": ["Sheet!A12: …"], "proposal": null}`
- read: `{"format_version", "ok": true, "stale", "view", "reviewer", "proposal": path | null,
  "rules": [ids], "assessments": [ids], "changed_cells", "landed", "already",
  "unreachable": [{"source", "document", "personnel", "action", "current": {"decision", "alternatives", "grants"},
  "wanted": {"decision", "alternatives", "grants"}, "reason", "rules": [{"id", "file", "line"}]}],
  "remarks": [{"sheet", "cell", "message"}], "changes": [as in pjd diff --format json]}`
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

from policy_model.decide import Evaluation
from policy_model.diff import diff
from policy_model.i18n import _, ngettext_f, using
from policy_model.schema import ID_PATTERN
from policy_model.vocabulary import decision_word, view_word

from . import text
from .cli import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    FORMAT_VERSION,
    UsageError,
    add_catalogue_arg,
    add_format_arg,
    add_view_arg,
    emit_json,
    load_or_report,
    resolve_catalogue,
)


def add_review_parser(subparsers) -> None:
    review = subparsers.add_parser("review", help=_("the working groups' Excel round-trip: export a review workbook, import it"))
    verbs = review.add_subparsers(dest="review_command", metavar=_("VERB"), parser_class=type(review))
    review.set_defaults(run=lambda args: _usage(review))

    export = verbs.add_parser("export", help=_("write a review workbook (xlsx) with pick-lists, locked structure and hidden ids"))
    add_catalogue_arg(export)
    export.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("the workbook to write"))
    export.add_argument("--sources", nargs="+", metavar="ID",
                        help=_("sources to review (leaves, or groupings for all their leaves); default: all"))
    export.add_argument("--reviewer", default="", metavar="NAME", help=_("who reviews (shown in the workbook; they can fill it in too)"))
    add_view_arg(export)
    export.add_argument("--force", action="store_true", help=_("replace FILE.xlsx if it exists"))
    export.set_defaults(run=cmd_review_export)

    imp = verbs.add_parser("import", help=_("read a reviewed workbook back as a proposal (proposals/<name>.yaml)"))
    imp.add_argument("workbook", metavar="FILE.xlsx", help=_("the reviewed workbook"))
    add_catalogue_arg(imp)
    imp.add_argument("--as", dest="name", metavar="NAME", help=_("the proposal's name (file proposals/NAME.yaml, rules NAME-1, …)"))
    imp.add_argument("--force", action="store_true", help=_("apply a stale workbook's changes to the catalogue as it is now"))
    add_format_arg(imp)
    imp.set_defaults(run=cmd_review_import)


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


# -- export ----------------------------------------------------------------------------------
def source_arguments(catalogue, ids: list[str] | None) -> list[str]:
    from exports.review_layout import selected_sources

    axis = catalogue.source_axis
    for node in ids or ():
        if node not in axis:
            import difflib

            close = difflib.get_close_matches(node, list(axis.order), n=3, cutoff=0.5)
            hint = _("; did you mean {ids}?", ids=", ".join(close)) if close else ""
            raise UsageError(_("--sources '{id}' names no source in this catalogue{hint}", id=node, hint=hint))
        if not axis.leaves_under(node):
            raise UsageError(_("--sources '{id}' is an empty grouping (it has no leaf sources)", id=node))
    return selected_sources(catalogue, ids)


def cmd_review_export(args) -> int:
    from exports import out_folder_problem, review_xlsx

    path, _bundled = resolve_catalogue(args.catalogue)
    catalogue = load_or_report(path, "text")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(_("--out {out}: the review workbook must be an .xlsx file", out=out))
    if out.is_dir():
        raise UsageError(_("--out {out} is a folder; give a file name ending in .xlsx", out=out))
    problem = out_folder_problem(out.parent)
    if problem:
        raise UsageError(_("--out {out}: {problem}; give a file name in a folder you can write to", out=out, problem=problem))
    if out.exists() and not args.force:
        print(_("pjd: {out} exists (perhaps a reviewed workbook); choose another name, or --force to replace it", out=out), file=sys.stderr)
        return EXIT_ERRORS
    sources = source_arguments(catalogue, args.sources)
    evaluation = Evaluation(catalogue, args.view)
    written = review_xlsx.write(evaluation, out, sources, reviewer=args.reviewer)
    print(ngettext_f("Wrote {file}: {n} source sheet, {view} view, catalogue {catalogue}.",
                     "Wrote {file}: {n} source sheets, {view} view, catalogue {catalogue}.",
                     len(sources), file=written, view=view_word(args.view), catalogue=f"{catalogue.meta.id} {catalogue.meta.version}"))
    print(_("Send it to the working group; read it back with: {command}", command=f"pjd review import {written} {path}"))
    return EXIT_OK


# -- import ----------------------------------------------------------------------------------
def cmd_review_import(args) -> int:
    from exports.review_import import prepare, proposal_path
    from exports.review_archive import NotAWorkbook
    from policy_model.proposal_file import ProposalExists, create, prove, render
    from policy_model.proposals import ProposalError

    path, bundled = resolve_catalogue(args.catalogue)
    if bundled:
        raise UsageError(_("the bundled catalogue is read-only; give your catalogue folder (make one with: pjd init DIR)"))
    if args.name is not None and not re.fullmatch(ID_PATTERN, args.name):
        raise UsageError(_("--as '{name}': use lower-case letters, digits, '-', '_' and '.' (it names the file and the rules)",
                           name=args.name))
    workbook = Path(args.workbook)
    if not workbook.exists():
        raise UsageError(_("no such file: {file}", file=workbook))
    catalogue = load_or_report(path, args.format)
    if args.name is not None and proposal_path(catalogue, args.name).exists():
        return _refuse(args, [_("{file} exists; pjd never edits existing files: choose another --as NAME",
                                file=proposal_path(catalogue, args.name))])
    try:
        result = prepare(workbook, catalogue, force=args.force, name=args.name, today=datetime.date.today())
    except NotAWorkbook as err:
        return _refuse(args, [str(err)])
    if not result.ok:
        return _refuse(args, [str(p) for p in result.problems], stale=result.stale)
    proposal = result.proposal
    layout = result.review.layout
    written = None
    if not proposal.empty:
        target = proposal_path(catalogue, proposal.name)
        relative = target.relative_to(Path(catalogue.root)).as_posix()
        content = render(proposal, relative, _header(result, workbook, catalogue))
        try:
            after = prove(catalogue, relative, content, layout.view, result.wanted, proposal)
        except ProposalError as err:  # the proposal would not load or decide as computed: write nothing
            return _refuse(args, [_("the proposal did not check out ({problem})", problem=err)])
        try:
            create(target, content)
        except ProposalExists:
            return _refuse(args, [_("{file} exists; pjd never edits existing files: choose another --as NAME", file=target)])
        written = (target, after)
    return _report(args, result, catalogue, workbook, written)


def _refuse(args, problems: list[str], stale: bool = False) -> int:
    if args.format == "json":
        emit_json({"format_version": FORMAT_VERSION, "ok": False, "stale": stale, "problems": problems, "proposal": None})
    else:
        print(_("pjd: refused to import {file}; nothing was written.", file=args.workbook), file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
    return EXIT_ERRORS


def _header(result, workbook: Path, catalogue) -> str:
    from exports.review_read import printable_only

    layout, proposal = result.review.layout, result.proposal
    reviewer = result.review.reviewer or layout.reviewer or "(ikke oppgitt)"
    with using("nb"):  # a comment in the catalogue's own files, which are Norwegian
        view = view_word(layout.view)
    lines = [
        f"Forslag fra gjennomgang i Excel: {workbook.name}",
        f"Gjennomgått av: {reviewer}. Lest inn {datetime.date.today().isoformat()} i visningen «{view}».",
        f"Arbeidsboka ble laget fra {layout.catalogue_id} {layout.version} (sha256 {layout.content_hash[:16]}…)"
        + (", og katalogen er endret siden (innlest med --force)." if result.stale else "."),
        "Reglene har status «proposed» (foreslått): de teller i visningene utkast og foreslått, ikke i godkjent.",
        "Hjemmel på tillatelsesreglene er valgt automatisk (hjemlene som dekker alle cellene); vurder den.",
    ]
    if proposal.unreachable:
        count = len(proposal.unreachable)
        cells = "endret celle" if count == 1 else "endrede celler"
        lines.append(f"{count} {cells} kunne ikke oppnås ved å legge til regler (se pjd review import).")
    if result.remarks:
        lines.append("Merknader fra arbeidsboka:")
        lines += [f"  {remark}" for remark in result.remarks]
    # YAML comment lines: nothing from the workbook (its file name, a forced record) may break out of them.
    return "\n".join(printable_only(line) for line in lines)


def _unreachable_json(catalogue, item) -> dict:
    source, document, personnel, action = item.cell
    return {
        "source": source,
        "document": document,
        "personnel": personnel,
        "action": action,
        "current": {
            "decision": item.current.kind,
            "alternatives": [list(a) for a in item.current.alternatives],
            "grants": [g.to_json() for g in item.current.grants],
        },
        "wanted": {
            "decision": item.wanted.kind,
            "alternatives": [list(a) for a in item.wanted.alternatives],
            "grants": [g.to_json() for g in item.wanted.grants],
        },
        "reason": item.reason,
        "rules": [
            {"id": b.rule, "file": b.location.file if b.location else None, "line": b.location.line if b.location else None}
            for b in item.blockers
        ],
    }


def _report(args, result, catalogue, workbook: Path, written) -> int:
    proposal, layout = result.proposal, result.review.layout
    changes = []
    if written:
        from policy_model.proposals import counted_view

        target, after = written
        counted = counted_view(after, {r.id for r in proposal.rules}, layout.view)
        changes = diff(Evaluation(catalogue, layout.view), Evaluation(counted, layout.view))
    if args.format == "json":
        emit_json(
            {
                "format_version": FORMAT_VERSION,
                "ok": True,
                "stale": result.stale,
                "view": layout.view,
                "reviewer": result.review.reviewer or layout.reviewer,
                "proposal": str(written[0]) if written else None,
                "rules": [r.id for r in proposal.rules],
                "assessments": [a.id for a in proposal.assessments],
                "changed_cells": len(result.wanted),
                "landed": len(proposal.landed),
                "already": len(proposal.already),
                "unreachable": [_unreachable_json(catalogue, u) for u in proposal.unreachable],
                "remarks": [r.to_json() for r in result.remarks],
                "changes": [text.change_json(c) for c in changes],
            }
        )
        return EXIT_OK
    color = text.use_color(sys.stdout)
    who = result.review.reviewer or layout.reviewer or _("no reviewer named")
    print(text.paint(ngettext_f("Read {file} ({who}; {n} source sheet, {view} view)", "Read {file} ({who}; {n} source sheets, {view} view)",
                                len(layout.sheets), file=workbook, who=who, view=view_word(layout.view)), "bold", color))
    if result.stale:
        print(text.paint(_("The catalogue changed since the workbook was made; applied the reviewer's changes to it as it is now (--force)."),
                         "warning", color))
    print(ngettext_f("{n} cell changed by the reviewer: {landed} by the proposal, {already} already so, {unreachable} not reachable by adding rules.",
                     "{n} cells changed by the reviewer: {landed} by the proposal, {already} already so, {unreachable} not reachable by adding rules.",
                     len(result.wanted), landed=len(proposal.landed), already=len(proposal.already), unreachable=len(proposal.unreachable)))
    if written:
        rules = ngettext_f("{n} rule (status proposed)", "{n} rules (status proposed)", len(proposal.rules))
        assessments = ngettext_f("{n} assessment", "{n} assessments", len(proposal.assessments))
        print(text.paint(_("Wrote {file}", file=written[0]), "ok", color) + f": {rules}, {assessments}.")
        print(_("Check it with: {command}", command=f"pjd check {catalogue.root} --view {layout.view}"))
    elif proposal.unreachable:
        print(text.paint(_("No proposal written: adding rules can reach none of the changes (below)."), "warning", color))
    else:
        print(text.paint(_("The workbook changes nothing that needs a rule or an assessment: no proposal written."), "ok", color))
    if proposal.unreachable:
        _print_unreachable(catalogue, proposal.unreachable, color)
    if result.remarks:
        print()
        print(text.paint(_("Remarks ({count})", count=len(result.remarks)), "info", color))
        for remark in result.remarks:
            print(f"  {remark}")
    if written:
        print()
        target, after = written
        text.print_diff(catalogue, after, str(catalogue.root), f"+ {target.name}", layout.view, changes, color=color)
    if proposal.unreachable:
        print(_unreachable_summary(len(proposal.unreachable), written[0] if written else None), file=sys.stderr)
    return EXIT_OK


def _print_unreachable(catalogue, unreachable, color: bool) -> None:
    print()
    print(text.paint(_("Not reachable by adding rules ({count}): change these rules by hand", count=len(unreachable)), "warning", color))
    for item in unreachable:
        print(f"  {text.cell_words(catalogue, item.cell)}")
        print(f"    {_words(catalogue, item.current)} → {_wanted_words(catalogue, item.wanted)}: {item.advice}")
        for blocker in item.blockers:
            where = f"{blocker.location.file}:{blocker.location.line}" if blocker.location else ""
            print(text.paint(f"      {blocker.rule}  {where}", "dim", color))


def _unreachable_summary(count: int, target: Path | None) -> str:
    if target is not None:
        return ngettext_f(
            "pjd: wrote {file}, but {n} changed cell was not reachable by adding rules (listed above): change the rules in the way by hand.",
            "pjd: wrote {file}, but {n} changed cells were not reachable by adding rules (listed above): change the rules in the way by hand.",
            count, file=target)
    return ngettext_f(
        "pjd: {n} changed cell was not reachable by adding rules (listed above), and nothing else needed a rule: no proposal written.",
        "pjd: {n} changed cells were not reachable by adding rules (listed above), and nothing else needed a rule: no proposal written.",
        count)


def _words(catalogue, decision) -> str:
    if decision.kind == "conditional":
        return f"{decision_word('conditional')} ({text.alternatives_words(catalogue, decision.alternatives)})"
    return decision_word(decision.kind)


def _wanted_words(catalogue, wanted) -> str:
    if wanted.kind == "conditional":
        return f"{decision_word('conditional')} ({text.alternatives_words(catalogue, wanted.alternatives)})"
    return decision_word("allow") if wanted.kind == "allow" else _("not readable")

