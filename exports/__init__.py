"""Writers over policy_model's results, and `export_all`: the one place that decides what an
export writes and why (the command line prints its report, the app shows it)."""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from policy_model.catalogue import Catalogue
from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation
from policy_model.findings import Finding, summary
from policy_model.i18n import M, MP, Message, _, language, using
from policy_model.vocabulary import view_message

TARGETS = ("guidance", "guidance-html", "registry", "cedar")
"""What `pjd export` can write, in the order it writes them (`--only` picks one; the command
line's choices are this tuple)."""

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Refusal:
    target: str
    reason: Message
    stale: Path | None = None
    """An older file of this target left in the folder: it does not describe this catalogue."""
    details: tuple[str, ...] = ()
    """The first few things in the way (for the Cedar bundle: mismatches of the proof)."""


@dataclass
class ExportReport:
    view: str
    written: list[Path] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    proof: object = None
    """The Cedar proof, when the bundle was written (requests asked, seconds)."""

    @property
    def ok(self) -> bool:
        """Everything asked for was written (a refusal is exit status 1)."""
        return not self.refused


def export_all(
    catalogue: Catalogue,
    out: Path,
    view: str = "approved",
    lang: str | None = None,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
    now: datetime.datetime | None = None,
) -> ExportReport:
    """Write the exports of one view into `out` (created if missing), all or nothing: staged in
    a hidden folder inside `out` and moved into place once every file is written, so a failed
    export (OSError) leaves the folder as it was.

    The guidance matrix and the guidance page are always written (marked DRAFT when the view
    is not `approved` or has errors); the registry configuration and the Cedar bundle only when
    the view has no error findings and no `ambiguous_match` (and the bundle only when proven) —
    a refused one leaves any older file in place, named in the report. The page names the
    registry file's sha256, or why it was refused.

    Everything people read in the files is in `lang` (default: the interface's language);
    the export renders in it (in this thread only), so findings and labels follow.
    """
    from policy_model.atomic import staged_folder

    lang = lang or language()
    with using(lang), staged_folder(Path(out)) as stage:
        report = _write(catalogue, stage, view, lang, only, progress, now)
    report.written = [Path(out) / path.name for path in report.written]
    return report


def out_folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot be written into (made if missing), in words; None when it can."""
    if folder.exists() and not folder.is_dir():
        return _("{path} is a file, not a folder", path=folder)
    existing = next((f for f in (folder, *folder.parents) if f.exists()), None)
    if existing is None:
        return None
    if not existing.is_dir():
        return _("{path} is a file, so no folder can be made under it", path=existing)
    if not os.access(existing, os.W_OK | os.X_OK):
        return _("{path} is a folder you cannot write to", path=existing)
    return None


def _write(catalogue, out: Path, view, lang, only, progress, now) -> ExportReport:
    from . import guidance_html, guidance_xlsx, registry

    wanted = [t for t in TARGETS if only is None or t in set(only)]
    evaluation = Evaluation(catalogue, view)
    findings = policy_findings(Context(catalogue, view, evaluation))
    report = ExportReport(view, findings=findings)
    errors = summary(findings)["error"]
    ambiguous = [f for f in findings if f.kind == "ambiguous_match"]
    why = _why_not_enforceable(errors, ambiguous, registry.FILENAME, view)
    # Rendered once, before anything is written: the page names the sha256 of these bytes.
    needed = why is None and ("registry" in wanted or "guidance-html" in wanted)
    config = registry.render(registry.registry_config(evaluation)) if needed else None
    if "guidance" in wanted:
        report.written.append(guidance_xlsx.write(evaluation, findings, out, lang=lang, progress=progress, now=now))
    if "guidance-html" in wanted:
        status = guidance_html.RegistryStatus(
            registry.FILENAME,
            written=config is not None and "registry" in wanted,
            sha256=hashlib.sha256(config).hexdigest() if config is not None else None,
            refusal=why,
        )
        companion = guidance_xlsx.FILENAME if "guidance" in wanted else None
        report.written.append(guidance_html.write(evaluation, findings, out, registry=status, companion=companion, now=now))
    if "registry" in wanted:
        if why is not None:
            stale = out.parent / registry.FILENAME  # `out` is the staging folder inside the target
            report.refused.append(Refusal("registry", why, stale if stale.exists() else None))
        else:
            report.written.append(registry.write(evaluation, out, config))
    if "cedar" in wanted:
        _write_cedar(report, evaluation, out, _why_not_enforceable(errors, ambiguous, "cedar/", view), now)
    return report


def _write_cedar(report: ExportReport, evaluation: Evaluation, out: Path, why: Message | None, now) -> None:
    """The Cedar bundle, written only when Cedar is proven to answer what pjd answers (SPEC §11)."""
    from . import cedar

    stale = out.parent / cedar.FOLDER
    stale = stale if stale.exists() else None
    if why is None:
        try:
            files, result = cedar.bundle(evaluation)
        except cedar.TranslationError as err:
            why = M("refused to write cedar/: {reason}", reason=str(err))
        else:
            if result.ok:
                report.written.append(cedar.write(evaluation, out, files, result, now))
                report.proof = result
                return
            details = tuple(result.structural) + tuple(m.describe() for m in result.mismatches[:5])
            report.refused.append(Refusal("cedar", MP(
                "refused to write cedar/: Cedar does not answer as pjd does on {n} request of {total}",
                "refused to write cedar/: Cedar does not answer as pjd does on {n} requests of {total}",
                len(result.mismatches) + len(result.structural), total=result.requests), stale, details))
            return
    report.refused.append(Refusal("cedar", why, stale))


def _why_not_enforceable(errors: int, ambiguous: list[Finding], filename: str, view: str) -> Message | None:
    """Why a file an engine would enforce (the registry configuration, the Cedar bundle) is not
    written: error findings, or leaves a request cannot tell apart (SPEC §10.5, §11)."""
    if errors:
        return MP("refused to write {file}: the catalogue has {n} error finding in the '{view_word}' view "
                  "(see: pjd check --view {view})",
                  "refused to write {file}: the catalogue has {n} error findings in the '{view_word}' view "
                  "(see: pjd check --view {view})", errors, file=filename, view=view, view_word=view_message(view))
    if ambiguous:
        return MP("refused to write {file}: {n} pair of entries cannot be told apart by a request "
                  "(ambiguous_match; see: pjd check --view {view})",
                  "refused to write {file}: {n} pairs of entries cannot be told apart by a request "
                  "(ambiguous_match; see: pjd check --view {view})", len(ambiguous), file=filename, view=view)
    return None
