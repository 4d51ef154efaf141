"""`pjd decide` (SPEC §10.4): real requests against the catalogue, one answer per request.

Requests come as JSON Lines (or one pretty-printed JSON object) from a file or standard
input; they are read one line at a time, so a file of a million requests is never held in
memory. A line that is not a valid request gets an error and the others are still answered.

JSON (one line per request): {"format_version": 2, "id", "permit", "reason", "cell":
{"source", "document", "personnel", "action"} | null, "decision", "grant": {"conditions",
"window"} | null, "rules", "legal_bases", "candidates", "message"}; for a bad line
{"format_version": 2, "line": n, "error": "…"}.
"""

from __future__ import annotations

import datetime
import io
import json
import sys
from collections.abc import Iterator

from policy_model.decide import Evaluation
from policy_model.files import open_regular, os_error_words
from policy_model.i18n import M, N_, _, gettext
from policy_model.resolve import AXES, Answer, RequestError, Resolver, parse_request

from . import text
from .cli import EXIT_ERRORS, EXIT_OK, FORMAT_VERSION, UsageError, load_or_report, resolve_catalogue

MAX_LINE = 1 << 20  # one request line; longer is refused, the reading goes on
MAX_OBJECT = 16 << 20  # one pretty-printed request
MAX_FILE = 16 << 30  # a request file is read a line at a time: only a FIFO or device is refused


def add_decide_parser(sub, add_catalogue_arg, add_view_arg, add_format_arg) -> None:
    decide = sub.add_parser("decide", help=_("answer real requests (JSON Lines) as a registry would"))
    add_catalogue_arg(decide)
    add_view_arg(decide, default="approved")
    decide.add_argument("--request", metavar="FILE", default="-", help=_("the requests: a file, or - for standard input (default)"))
    add_format_arg(decide)
    decide.set_defaults(run=cmd_decide)


def cmd_decide(args) -> int:
    path, _bundled = resolve_catalogue(args.catalogue)
    catalogue = load_or_report(path, args.format)
    resolver = Resolver(Evaluation(catalogue, args.view))
    today = datetime.datetime.now(datetime.timezone.utc).date()
    color = text.use_color(sys.stdout)
    status = EXIT_OK
    with _input(args.request) as stream:
        for number, data, error in read_requests(stream):
            if error is None:
                try:
                    request = parse_request(data, resolver.evaluation.actions, today)
                except RequestError as err:
                    error = err.text
            if error is not None:
                status = EXIT_ERRORS
                _emit(args.format, {"format_version": FORMAT_VERSION, "line": number, "error": str(error)},
                      _("line {number}: {error}", number=number, error=error), color, "error")
                continue
            answer = resolver.decide(request)
            _emit(args.format, answer_json(resolver, answer), answer_line(resolver, answer, color), color, None)
    return status


class _input:
    """The requests' stream: standard input, or a regular file (no FIFO or device hangs)."""

    def __init__(self, name: str):
        self.name, self.handle = name, None

    def __enter__(self):
        if self.name == "-":
            return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        try:
            self.handle = open_regular(self.name, MAX_FILE)
        except OSError as err:
            raise UsageError(_("cannot read {file}: {problem}", file=self.name, problem=os_error_words(err))) from None
        return io.TextIOWrapper(self.handle, encoding="utf-8", errors="replace")

    def __exit__(self, *exc):
        if self.handle is not None:
            self.handle.close()


def read_requests(stream) -> Iterator[tuple[int, object, object]]:
    """(line number, JSON value, error) per request. JSON Lines; but input whose first
    non-blank character is '{' and whose first line is not JSON is read as one JSON object."""
    number, started = 0, False
    for line in _lines(stream):
        number += 1
        if line is None:
            started = True
            yield number, None, M("the line is longer than {n} MiB", n=MAX_LINE >> 20)
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as err:
            if not started and line.lstrip().startswith("{"):
                yield from _one_object(line, stream, number)
                return
            value, error = None, M("not JSON: {problem}", problem=str(err).split(":")[0])
        else:
            error = None
        started = True
        yield number, value, error


def _lines(stream) -> Iterator[str | None]:
    """Lines without holding the input in memory; None for a line longer than MAX_LINE."""
    while True:
        line = stream.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and not line.endswith("\n"):
            while True:  # skip the rest of the overlong line
                rest = stream.readline(MAX_LINE)
                if not rest or rest.endswith("\n"):
                    break
            yield None
            continue
        yield line


def _one_object(first: str, stream, number: int) -> Iterator[tuple[int, object, object]]:
    rest = stream.read(MAX_OBJECT)
    if stream.read(1):
        yield number, None, M("the request is larger than {n} MiB", n=MAX_OBJECT >> 20)
        return
    try:
        yield number, json.loads(first + rest), None
    except ValueError as err:
        yield number, None, M("not JSON: {problem}", problem=str(err))


def read_one_request(name: str):
    """The first request of a file (or standard input), for `explain --request`."""
    with _input(name) as stream:
        for number, data, error in read_requests(stream):
            if error is not None:
                raise UsageError(_("--request {file}, line {line}: {problem}", file=name, line=number, problem=error))
            return data
    raise UsageError(_("--request {file} holds no request", file=name))


def _emit(fmt: str, record: dict, line: str, color: bool, style) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(line + "\n")


# -- the answer in JSON and in words ---------------------------------------------------------------------
def answer_json(resolver: Resolver, answer: Answer) -> dict:
    cell = answer.resolution.cell
    decision = answer.decision
    return {
        "format_version": FORMAT_VERSION,
        "id": answer.request.id,
        "permit": answer.permit,
        "reason": answer.reason,
        "cell": dict(zip(AXES, cell)) if cell else None,
        "decision": decision.kind if decision else None,
        "grant": answer.grant.to_json() if answer.grant else None,
        "rules": list(answer.rules),
        "legal_bases": list(answer.legal_bases),
        "candidates": answer.resolution.candidates,
        "message": str(message(resolver, answer)),
    }


def message(resolver: Resolver, answer: Answer):
    """One line a person understands."""
    cat = resolver.catalogue
    reason, cell = answer.reason, answer.resolution.cell
    if reason in ("unresolved", "ambiguous"):
        axes = ", ".join(f"{gettext(AXIS_WORDS[axis])} {' / '.join(ids) or '–'}" for axis, ids in answer.resolution.candidates.items())
        if reason == "unresolved":
            return M("the request matches nothing in the catalogue on: {axes}", axes=axes)
        return M("the request matches more than one entry on: {axes}", axes=axes)
    who = " · ".join(cat.cell_names(cell))
    if reason == "permit":
        return M("permitted: {who}, by {grant} (rules {rules})", who=who,
                 grant=text.grant_words(cat, answer.grant), rules=", ".join(answer.rules))
    if reason == "not_applicable":
        return M("not applicable: {source} does not produce {document}",
                 source=cat.name_of("sources", cell[0]), document=cat.name_of("documents", cell[1]))
    if reason == "deny":
        return M("denied: {who}, by {rules}", who=who, rules=", ".join(answer.rules))
    if reason == "none":
        return M("not shared: no rule lets {who} in", who=who)
    ways = text.grants_words(cat, answer.decision.grants)
    if reason == "outside_window":
        return M("not shared: the document is older than the window ({who}; {ways})", who=who, ways=ways)
    return M("not shared: the conditions are not met ({who}; readable when {ways})", who=who, ways=ways)


AXIS_WORDS = {"source": N_("source"), "document": N_("document type"), "personnel": N_("personnel group"), "action": N_("action")}
REASON_WORDS = {
    "permit": N_("PERMIT"),
    "unresolved": N_("UNRESOLVED"),
    "ambiguous": N_("AMBIGUOUS"),
    "not_applicable": N_("NOT APPLICABLE"),
    "deny": N_("DENY"),
    "none": N_("NONE"),
    "conditions_not_met": N_("CONDITIONS NOT MET"),
    "outside_window": N_("OUTSIDE THE WINDOW"),
}
"""A request's answer in one or a few words, for the text output (JSON keeps the reason)."""


def answer_line(resolver: Resolver, answer: Answer, color: bool) -> str:
    word = gettext(REASON_WORDS.get(answer.reason, answer.reason))
    mark = text.paint(word, "ok" if answer.permit else "error", color)
    label = f"{answer.request.id}: " if answer.request.id is not None else ""
    return f"{label}{mark}  {message(resolver, answer)}"
