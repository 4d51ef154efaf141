"""Hostile-input fuzzing: mutated copies of the bundled catalogue and of a review workbook, every
command run on them, and what must hold whatever the input is.

A case is (kind, seed): `kind` names a mutation, `seed` makes it reproducible
(`python benchmarks/fuzz.py --case KIND SEED` runs one again). Each case runs in a worker
process of its own (`Runner`), so that a hang is seen (no answer within the timeout) and a
blow-up cannot take the test run with it; inside the worker the commands run in-process
through `tui.cli.main`, with their output captured.

What must hold, for every command on every case (`check_outcome`, `Case.check`):
- the exit status is 0, 1 or 2: never 70 (pjd's "a bug in pjd"), never a traceback on
  stdout or stderr, never Python's "Exception ignored" noise;
- an answer within the timeout;
- a read-only command (check, matrix, explain, diff, export, review export) changes no file
  of the catalogue; `review import` adds at most a new file under proposals/, and nothing at
  all when it refused (exit 1 or 2); a proposal it writes leaves the catalogue loading;
- a catalogue that passes `check` exports (guidance matrix, registry file, review workbook),
  and that fresh review workbook reads back changing nothing.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMEOUT = 60.0  # seconds per case: a hang detector, not a performance limit
MEMORY_LIMIT = 3 * 2**30  # per worker: a blow-up becomes a MemoryError (exit 70), not a swapping machine


# -- running the commands ------------------------------------------------------------------------------
@dataclass
class Outcome:
    argv: list[str]
    status: int
    out: str
    err: str
    seconds: float


def run_command(*argv) -> Outcome:
    """One `pjd` command in this process, its output captured."""
    from tui.cli import main

    argv = [os.fspath(a) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse's usage errors
            status = exit_.code if isinstance(exit_.code, int) else 2
    return Outcome(argv, status, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def check_outcome(outcome: Outcome) -> list[str]:
    """What is wrong with one command's answer, whatever the input was."""
    problems = []
    said = outcome.out + outcome.err
    if outcome.status not in (0, 1, 2):
        problems.append(f"exit {outcome.status}: {outcome.err.strip()[-400:]}")
    if "Traceback (most recent call last)" in said:
        problems.append("a traceback in the output")
    if "Exception ignored" in said:
        problems.append("'Exception ignored' in the output")
    return [f"pjd {' '.join(_short(a) for a in outcome.argv)}: {p}" for p in problems]


def _short(arg: str) -> str:
    return arg if len(arg) < 60 else "…" + arg[-40:]


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under `root` (links not followed, FIFOs and devices never opened): what it is,
    and a regular file's bytes."""
    found: dict[str, object] = {}
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in sorted(dirs + names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    found[rel] = ("file", handle.read())
            else:
                found[rel] = ("other", stat.S_IFMT(info.st_mode))
    return found


def changes(before: dict, after: dict) -> list[str]:
    return sorted({k for k in before.keys() | after.keys() if before.get(k) != after.get(k)})


# -- the base: a copy of the bundled catalogue and its review workbook ---------------------------------
@dataclass
class Base:
    folder: Path
    catalogue: Path
    workbook: Path
    cell: tuple[str, str, str]  # a leaf source, document type and personnel group that exist

    @classmethod
    def make(cls, folder: Path) -> Base:
        from policy_model.load import load_folder

        folder.mkdir(parents=True, exist_ok=True)
        catalogue, workbook = folder / "catalogue", folder / "review.xlsx"
        for outcome in (run_command("init", catalogue), run_command("review", "export", catalogue, "--out", workbook)):
            assert outcome.status == 0, outcome.err
        cat = load_folder(catalogue).catalogue
        cell = (cat.source_axis.leaves[0], next(iter(cat.document_types)), cat.personnel_axis.leaves[0])
        return cls(folder, catalogue, workbook, cell)


@dataclass
class Case:
    kind: str
    seed: int
    base: Base
    folder: Path
    catalogue: Path
    workbook: Path
    detail: str = ""
    failures: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    def run(self, *argv) -> Outcome:
        outcome = run_command(*argv)
        self.outcomes.append(outcome)
        self.failures += check_outcome(outcome)
        return outcome

    def read_only(self, *argv) -> Outcome:
        """Run a command that must leave the catalogue as it was."""
        before = snapshot(self.catalogue)
        outcome = self.run(*argv)
        changed = changes(before, snapshot(self.catalogue))
        if changed:
            self.failures.append(f"pjd {argv[0]} changed the catalogue: {', '.join(changed[:5])}")
        return outcome

    def review_import(self, *extra) -> Outcome:
        """`review import`: a new file under proposals/ at most, nothing when it refused."""
        from policy_model.load import load_folder

        before = snapshot(self.catalogue)
        outcome = self.run("review", "import", self.workbook, self.catalogue, *extra)
        changed = changes(before, snapshot(self.catalogue))
        if outcome.status != 0 and changed:
            self.failures.append(f"review import refused (exit {outcome.status}) but wrote {', '.join(changed[:5])}")
        if any(rel in before or not rel.startswith("proposals") for rel in changed):
            self.failures.append(f"review import changed existing files: {', '.join(changed[:5])}")
        if outcome.status == 0 and changed and load_folder(self.catalogue).catalogue is None:
            self.failures.append("the proposal review import wrote leaves the catalogue not loading")
        if "--format" in extra and outcome.status in (0, 1) and outcome.out:
            try:
                json.loads(outcome.out)
            except ValueError:
                self.failures.append("review import --format json printed something that is not JSON")
        return outcome


# -- the commands a case runs ----------------------------------------------------------------------------
def run_catalogue_commands(case: Case) -> None:
    cat, out = case.catalogue, case.folder / "out"
    source, document, personnel = case.base.cell
    checked = case.read_only("check", cat)
    case.read_only("check", cat, "--format", "json", "--view", "approved", "--strict")
    case.read_only("matrix", cat, "--format", "json")
    case.read_only("matrix", cat, "--format", "csv")
    case.read_only("explain", cat, "--source", source, "--document", document, "--personnel", personnel)
    case.read_only("diff", case.base.catalogue, cat)
    case.read_only("diff", cat, case.base.catalogue, "--no-new-access", "--format", "json")
    exported = case.read_only("export", cat, "--out", out, "--view", "draft")
    reviewed = case.read_only("review", "export", cat, "--out", case.folder / "fresh.xlsx")
    case.review_import("--format", "json")  # the base's workbook: another catalogue now, or a stale one
    case.review_import("--force", "--as", "fuzz-forced")
    if checked.status == 0:
        _exports_and_reads_back(case, exported, reviewed)
    init = case.run("init", cat)
    if init.status != 2:
        case.failures.append(f"pjd init on a non-empty folder answered {init.status}, not 2")


def _exports_and_reads_back(case: Case, exported: Outcome, reviewed: Outcome) -> None:
    """A catalogue that passes check must export, and its fresh review workbook read back clean."""
    if exported.status != 0:
        case.failures.append(f"check passed but export failed (exit {exported.status}): {exported.err.strip()[-300:]}")
    if reviewed.status != 0:
        case.failures.append(f"check passed but review export failed (exit {reviewed.status}): {reviewed.err.strip()[-300:]}")
        return
    before = snapshot(case.catalogue)
    back = case.run("review", "import", case.folder / "fresh.xlsx", case.catalogue)
    if back.status != 0 or changes(before, snapshot(case.catalogue)):
        case.failures.append(f"a fresh review workbook did not read back unchanged (exit {back.status}): {back.err.strip()[-300:]}")


def run_workbook_commands(case: Case) -> None:
    case.review_import()
    case.review_import("--format", "json")
    case.review_import("--force", "--as", "fuzz-forced", "--format", "json")


def run_git_commands(case: Case) -> None:
    git = ["git", "-C", str(case.catalogue), "-c", "user.name=fuzz", "-c", "user.email=fuzz@example.org", "-c", "core.fsync=none"]
    subprocess.run([*git, "init", "-q"], check=True, capture_output=True)
    subprocess.run([*git, "add", "-A"], check=False, capture_output=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "fuzz"], check=False, capture_output=True)
    case.read_only("diff", "git:HEAD", case.catalogue)
    case.read_only("diff", "git:HEAD", case.catalogue, "--format", "json")
    case.read_only("diff", "git:HEAD~5", case.catalogue)


# -- one case, from kind and seed -------------------------------------------------------------------------
def run_case(kind: str, seed: int, base: Base, work: Path) -> dict:
    from fuzz_mutations import CATALOGUE_KINDS, GIT_KINDS, WORKBOOK_KINDS

    rng = random.Random(f"{kind}:{seed}")
    folder = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=work))
    start = time.perf_counter()
    try:
        catalogue = folder / "catalogue"
        shutil.copytree(base.catalogue, catalogue)
        workbook = folder / "review.xlsx"
        shutil.copy(base.workbook, workbook)
        case = Case(kind, seed, base, folder, catalogue, workbook)
        if kind in WORKBOOK_KINDS:
            case.detail = WORKBOOK_KINDS[kind](rng, case)
            run_workbook_commands(case)
        elif kind in GIT_KINDS:
            case.detail = GIT_KINDS[kind](rng, case)
            run_git_commands(case)
        else:
            case.detail = CATALOGUE_KINDS[kind](rng, case)
            run_catalogue_commands(case)
        marker = folder / "PWNED"
        if marker.exists():
            case.failures.append("a YAML tag ran code (the marker file exists)")
        exits = [o.status for o in case.outcomes]
        return {"kind": kind, "seed": seed, "detail": case.detail, "failures": case.failures, "exits": exits,
                "seconds": time.perf_counter() - start}
    finally:
        _remove(folder)


def _remove(folder: Path) -> None:
    def loosen(function, path, _info):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), 0o755)
            os.chmod(path, 0o755)
            function(path)

    shutil.rmtree(folder, onerror=loosen)


# -- the worker process and its runner ----------------------------------------------------------------------
def serve(work: str) -> None:
    """A worker: reads '[kind, seed]' lines on stdin, answers one JSON line each on its own pipe;
    works in the folder `work`, which its Worker removes."""
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    answer = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)  # stray writes to the real stdout must not corrupt the answers
    base = Base.make(Path(work) / "base")
    answer.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        kind, seed = json.loads(line)
        try:
            result = run_case(kind, seed, base, Path(work))
        except Exception as err:  # the harness's own trouble: report it, do not die
            result = {"kind": kind, "seed": seed, "detail": "", "failures": [f"the fuzz harness failed: {err!r}"],
                      "exits": [], "seconds": 0.0}
        answer.write(json.dumps(result) + "\n")


class Worker:
    def __init__(self):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
        env.pop("PJD_DEBUG", None)
        self.work = tempfile.mkdtemp(prefix="pjd-fuzz-")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys, fuzzing; fuzzing.serve(sys.argv[1])", self.work],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1,
        )
        self.job: tuple[str, int] | None = None
        self.started = 0.0
        ready = self._read(TIMEOUT * 2)
        if not ready or not json.loads(ready).get("ready"):
            self.stop()
            raise RuntimeError("the fuzz worker did not start")

    def _read(self, timeout: float) -> str | None:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        return self.proc.stdout.readline() if ready else None

    def send(self, kind: str, seed: int) -> None:
        self.job, self.started = (kind, seed), time.monotonic()
        self.proc.stdin.write(json.dumps([kind, seed]) + "\n")
        self.proc.stdin.flush()

    def receive(self, timeout: float) -> dict | None:
        """The answer to the job sent; None while there is none yet (within `timeout`)."""
        line = self._read(timeout)
        if line is None:
            return None
        kind, seed = self.job
        self.job = None
        if not line:  # the worker died: killed for memory, or a crash in C code
            return {"kind": kind, "seed": seed, "detail": "", "failures": ["the worker process died"], "exits": [],
                    "seconds": time.monotonic() - self.started, "dead": True}
        return json.loads(line)

    def stop(self) -> None:
        """End the worker (at once when it is busy: it may hang) and remove its folder."""
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            if self.job is None:
                self.proc.stdin.close()  # its loop ends
                self.proc.wait(timeout=TIMEOUT)
        with contextlib.suppress(OSError):
            self.proc.kill()
        self.proc.wait()
        _remove(Path(self.work))


class Runner:
    """Runs cases in `workers` worker processes; a case without an answer within `timeout` is
    a hang: its worker is killed and a new one started."""

    def __init__(self, workers: int = 1, timeout: float = TIMEOUT):
        self.timeout = timeout
        self.workers = [Worker() for _ in range(workers)]

    def run(self, kind: str, seed: int) -> dict:
        return next(self.map([(kind, seed)]))

    def map(self, cases):
        pending = list(cases)[::-1]
        while pending or any(w.job for w in self.workers):
            for worker in self.workers:
                if worker.job is None and pending:
                    worker.send(*pending.pop())
            busy = [w for w in self.workers if w.job]
            ready, _, _ = select.select([w.proc.stdout for w in busy], [], [], 0.5)
            for index, worker in enumerate(self.workers):
                if worker.job is None:
                    continue
                if worker.proc.stdout in ready:
                    result = worker.receive(0)
                    if result is not None:
                        if result.pop("dead", False):
                            self._replace(index)
                        yield result
                elif time.monotonic() - worker.started > self.timeout:
                    kind, seed = worker.job
                    self._replace(index)
                    yield {"kind": kind, "seed": seed, "detail": "", "exits": [], "seconds": self.timeout,
                           "failures": [f"no answer within {self.timeout:.0f} s: a hang"]}

    def _replace(self, index: int) -> None:
        self.workers[index].stop()
        self.workers[index] = Worker()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()


def describe(result: dict) -> str:
    lines = [f"{result['kind']} seed {result['seed']} ({result['detail']}):"]
    lines += [f"  {failure}" for failure in result["failures"]]
    lines.append(f"  rerun: python benchmarks/fuzz.py --case {result['kind']} {result['seed']}")
    return "\n".join(lines)
