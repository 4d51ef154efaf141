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
from policy_model.checks import REGISTRY, documentation, run_checks
from policy_model.findings import summary
from policy_model.load import LoadResult, load_folder

from . import text

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
VIEWS = ("draft", "proposed", "approved")


class UsageError(Exception):
    """Wrong arguments: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors: keep its exit status 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"pjd: {message}\n")


# -- the catalogue argument ------------------------------------------------------------
def resolve_catalogue(arg: str | None) -> tuple[Path, bool]:
    """The catalogue folder to use and whether it is the bundled (read-only) one."""
    if arg:
        path = Path(arg)
        if not path.exists():
            raise UsageError(f"no such catalogue folder: {arg}")
        if not path.is_dir():
            raise UsageError(f"{arg} is not a folder: give the catalogue folder that holds the YAML files")
        return path, False
    local = Path("catalogue")
    if local.is_dir():
        return local, False
    return bundled.path(), True


def add_catalogue_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "catalogue", nargs="?", metavar="CAT", help="catalogue folder (default: ./catalogue, else the bundled one)"
    )


def add_format_arg(parser: argparse.ArgumentParser, choices=("text", "json")) -> None:
    parser.add_argument("--format", choices=choices, default="text", help="output format (default: text)")


def add_view_arg(parser: argparse.ArgumentParser, default: str = "draft") -> None:
    parser.add_argument(
        "--view", choices=VIEWS, default=default, help=f"which rules count, by status (default: {default})"
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


# -- commands ----------------------------------------------------------------------------
def cmd_check(args) -> int:
    if args.explain:
        doc = documentation(args.explain)
        if doc is None:
            raise UsageError(f"unknown finding kind '{args.explain}'; kinds: {', '.join(sorted(REGISTRY))}")
        print(doc)
        return EXIT_OK
    path, _ = resolve_catalogue(args.catalogue)
    result = load_folder(path)
    findings = run_checks(result, view=args.view)
    counts = summary(findings)
    if args.format == "json":
        emit_json(
            {
                "format_version": 1,
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


def cmd_init(args) -> int:
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not an empty folder; choose a new folder")
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
    print(f"Copied the bundled catalogue ({count} files) to {target}. Edit it, then: pjd check {target}")
    return EXIT_OK


# -- the parser ----------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="pjd",
        description="Model, check and export which patient record documents each source may share "
        "with which health personnel group (Pasientens journaldokumenter).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    check = sub.add_parser("check", help="load the catalogue and report findings")
    add_catalogue_arg(check)
    add_view_arg(check)
    add_format_arg(check)
    check.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    check.add_argument("--explain", metavar="KIND", help="print what a finding kind means, with examples")
    check.set_defaults(run=cmd_check)

    init = sub.add_parser("init", help="copy the bundled catalogue into DIR to edit it")
    init.add_argument("dir", metavar="DIR")
    init.set_defaults(run=cmd_init)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except UsageError as err:
        print(f"pjd: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pjd: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `pjd matrix | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
