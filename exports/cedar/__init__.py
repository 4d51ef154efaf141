"""The Cedar bundle (SPEC §11): the view as a Cedar schema, policies and entities, proven
equal to pjd's own answers before it is written; `verify_bundle` proves an exported one again."""

from __future__ import annotations

import datetime
import hashlib
import json
from importlib import metadata
from pathlib import Path

from policy_model.decide import Evaluation
from policy_model.files import os_error_words, read_regular_file
from policy_model.i18n import _

from .proof import ProofResult, prove
from .readme import readme_text
from .translate import TranslationError, entities_text, policies_text, schema_text

FOLDER = "cedar"
SCHEMA, POLICIES, ENTITIES, PROOF, README = "pjd.cedarschema", "policies.cedar", "entities.json", "proof.json", "README.md"
MAX_FILE = 256 << 20

__all__ = ["FOLDER", "BundleError", "ProofResult", "TranslationError", "bundle", "verify_bundle", "write"]


class BundleError(ValueError):
    """A bundle that cannot be verified: a file missing, unreadable or not pjd's."""


def versions() -> dict[str, str]:
    """cedarpy's version and the Cedar engine's it embeds (from the wheel's SBOM)."""
    engine = "unknown"
    try:
        dist = metadata.distribution("cedarpy")
        for file in dist.files or []:
            if str(file).endswith(".cyclonedx.json"):
                for component in json.loads(file.read_text()).get("components", []):
                    if component.get("name") == "cedar-policy":
                        engine = component.get("version", engine)
        return {"cedarpy": dist.version, "cedar": engine}
    except (metadata.PackageNotFoundError, OSError, ValueError):
        return {"cedarpy": "unknown", "cedar": engine}


def bundle(evaluation: Evaluation) -> tuple[dict[str, str], ProofResult]:
    """The bundle's files as text, and the proof run on exactly that text (TranslationError
    when the view cannot be written as Cedar)."""
    import cedarpy

    files = {SCHEMA: schema_text(evaluation), POLICIES: policies_text(evaluation), ENTITIES: entities_text(evaluation)}
    validation = cedarpy.validate_policies(files[POLICIES], files[SCHEMA])
    if not validation.validation_passed:
        raise TranslationError(_("the policies do not validate against the schema: {errors}",
                                 errors="; ".join(str(e.error) for e in validation.errors[:3])))
    result = prove(evaluation, files[SCHEMA], files[POLICIES], files[ENTITIES])
    files[README] = readme_text(evaluation)
    return files, result


def proof_json(evaluation: Evaluation, files: dict[str, str], result: ProofResult, now: datetime.datetime | None = None) -> str:
    cat = evaluation.catalogue
    record = {
        "format": "pjd-cedar-proof",
        "format_version": 2,
        "catalogue": {"id": cat.meta.id, "version": cat.meta.version, "sha256": cat.content_hash},
        "view": evaluation.view,
        "requests": result.requests,
        "mismatches": len(result.mismatches),
        "structural_problems": [str(problem) for problem in result.structural],
        **versions(),
        "seconds": round(result.seconds, 2),
        "time": (now or datetime.datetime.now().astimezone()).isoformat(timespec="seconds"),
        "files": {name: hashlib.sha256(files[name].encode("utf-8")).hexdigest() for name in (SCHEMA, POLICIES, ENTITIES)},
    }
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(evaluation: Evaluation, folder: Path, files: dict[str, str], result: ProofResult, now=None) -> Path:
    """Write a proven bundle into `folder`/cedar (the caller stages the export)."""
    target = Path(folder) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    (target / PROOF).write_text(proof_json(evaluation, files, result, now), encoding="utf-8")
    return target


def read_bundle(folder: Path) -> tuple[dict[str, str], dict]:
    folder = Path(folder)
    files = {}
    for name in (SCHEMA, POLICIES, ENTITIES, PROOF):
        try:
            files[name] = read_regular_file(folder / name, MAX_FILE).decode("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            problem = os_error_words(err) if isinstance(err, OSError) else _("the file is not valid UTF-8 (byte 0x{byte}); save it as UTF-8",
                                                                                 byte=f"{err.object[err.start]:02x}")
            raise BundleError(_("{file}: {problem}", file=folder / name, problem=problem)) from None
    try:
        proof = json.loads(files.pop(PROOF))
        if proof.get("format") != "pjd-cedar-proof":
            raise ValueError
    except ValueError:
        raise BundleError(_("{file} is not a pjd proof", file=folder / PROOF)) from None
    return files, proof


def verify_bundle(folder: Path, evaluation_for) -> tuple[dict, ProofResult]:
    """Prove an exported bundle again against a catalogue: `evaluation_for(view)` gives the
    catalogue's Evaluation in the bundle's view. BundleError when it cannot be read."""
    files, proof = read_bundle(folder)
    view = proof.get("view")
    if view not in ("draft", "proposed", "approved"):
        raise BundleError(_("{file} names no view", file=Path(folder) / PROOF))
    return proof, prove(evaluation_for(view), files[SCHEMA], files[POLICIES], files[ENTITIES])
