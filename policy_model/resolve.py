"""Real requests (SPEC §10): what a request carries, which cell it resolves to, and the answer.

A source's access point sees attributes, not personnel groups: an HPR authorisation and a
healthcare service, the document's XDS metadata, the purpose of use and the other context
values. `Resolver` matches them against the attributes the catalogue's leaves give, most
specific match winning (§10.3), and asks the Evaluation for the cell's answer (§10.4).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .decide import Cell, CellAnswer, Decision, Evaluation, Grant
from .i18n import M, Message

AXES = ("source", "document", "personnel", "action")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Code:
    system: str
    code: str | None


@dataclass(frozen=True)
class Request:
    """One request as SPEC §10.1 describes it; a field the request leaves out is None."""

    at: datetime.date
    action: str | None = None
    authorization: str | None = None
    healthcare_service: Code | None = None
    type_code: Code | None = None
    facility_type: Code | None = None
    practice_setting: Code | None = None
    author_organization: Code | None = None
    home_community: str | None = None
    service_start: datetime.date | None = None
    context: dict = field(default_factory=dict)
    id: object = None


class RequestError(ValueError):
    """Not a valid request (SPEC §10.1); the message says which field and why."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.text = message


# -- reading a request ------------------------------------------------------------------------------
def parse_request(data, actions: tuple[str, ...], today: datetime.date) -> Request:
    """A request from its JSON value; RequestError when it is not a valid one."""
    if not isinstance(data, dict):
        raise RequestError(M("a request must be a JSON object"))
    practitioner = _object(data, "practitioner")
    document = _object(data, "document")
    context = _object(data, "context")
    action = _text(data, "action")
    if action is None and len(actions) > 1:
        raise RequestError(M("'action' is missing: this catalogue has several actions ({actions})", actions=", ".join(actions)))
    for name, value in context.items():
        if not (isinstance(value, (str, bool)) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
            raise RequestError(M("context '{name}' must be text, true/false or a list of texts", name=name))
    return Request(
        at=_date(data, "at") or today,
        action=action if action is not None else actions[0],
        authorization=_text(practitioner, "authorization", "practitioner."),
        healthcare_service=_code(practitioner, "healthcare_service", "practitioner."),
        type_code=_code(document, "type_code", "document."),
        facility_type=_code(document, "facility_type", "document."),
        practice_setting=_code(document, "practice_setting", "document."),
        author_organization=_code(document, "author_organization", "document."),
        home_community=_text(document, "home_community", "document."),
        service_start=_date(document, "service_start", "document."),
        context={k: tuple(v) if isinstance(v, list) else v for k, v in context.items()},
        id=data.get("id"),
    )


def _object(data: dict, name: str) -> dict:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestError(M("'{name}' must be a JSON object", name=name))
    return value


def _text(data: dict, name: str, prefix: str = "") -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise RequestError(M("'{name}' must be text", name=prefix + name))
    return value


def _code(data: dict, name: str, prefix: str = "") -> Code | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("system"), str):
        raise RequestError(M("'{name}' must be an object with a text 'system' (and a 'code')", name=prefix + name))
    code = value.get("code")
    if code is not None and not isinstance(code, str):
        raise RequestError(M("'{name}.code' must be text", name=prefix + name))
    return Code(value["system"], code)


def _date(data: dict, name: str, prefix: str = "") -> datetime.date | None:
    """The first ten characters as YYYY-MM-DD, a real calendar date (a time part is ignored)."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, str) and _DATE.fullmatch(value[:10]):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise RequestError(M("'{name}' must be a date written YYYY-MM-DD, not {value}", name=prefix + name, value=_shown(value)))


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


# -- matching attributes ------------------------------------------------------------------------------
def _match_score(entries, value: Code | None) -> int:
    """2 when an entry with this exact code matches, 1 when one matches by system only, 0 not at all."""
    if value is None:
        return 0
    best = 0
    for entry in entries:
        if entry.system == value.system:
            if entry.code is None:
                best = max(best, 1)
            elif entry.code == value.code:
                return 2
    return best


@dataclass(frozen=True)
class Resolution:
    cell: Cell | None
    reason: str | None  # None: resolved; unresolved | ambiguous
    candidates: dict[str, list[str]] | None


class Resolver:
    """Requests → cells (SPEC §10.3) for one catalogue, and their answers in one view."""

    MEMO = 100_000  # remembered resolutions per axis (real traffic repeats attribute combinations)

    def __init__(self, evaluation: Evaluation):
        self.evaluation = evaluation
        cat: Catalogue = evaluation.catalogue
        self.catalogue = cat
        self.groups = [cat.personnel_groups[g] for g in evaluation.personnel]
        self._groups_by_authorization: dict[str, list] = {}
        for group in self.groups:
            for authorization in dict.fromkeys(group.authorizations):
                self._groups_by_authorization.setdefault(authorization, []).append(group)
        self.sources = [cat.sources[s] for s in evaluation.sources if cat.sources[s].has_attributes]
        self._source_lists = [
            (s.id, (s.facility_matches, s.practice_settings, s.organizations), frozenset(s.home_communities or ()) or None)
            for s in self.sources
        ]
        self.documents: dict[tuple[str, str], list[str]] = {}
        for d in evaluation.documents:
            code = cat.document_types[d].type_code
            if code is not None:
                self.documents.setdefault((code.system, code.code), []).append(d)
        self._memo: dict[tuple, list[str]] = {}

    def _remembered(self, key: tuple, compute) -> list[str]:
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= self.MEMO:
                self._memo.clear()
            found = self._memo[key] = compute()
        return found

    # -- the four axes ---------------------------------------------------------------------
    def personnel(self, request: Request) -> list[str]:
        key = ("personnel", request.authorization, request.healthcare_service)
        return self._remembered(key, lambda: _best(self.scored_personnel(request)))

    def scored_personnel(self, request: Request) -> list[tuple[int, str]]:
        """Every candidate leaf group with its score (SPEC §10.3), best or not."""
        authorization, service = request.authorization, request.healthcare_service
        scored = []
        for group in self._groups_by_authorization.get(authorization, ()):
            score = 2
            if group.healthcare_services is not None:
                matched = _match_score(group.healthcare_services, service)
                if not matched:
                    continue
                score += matched
            scored.append((score, group.id))
        return scored

    def source(self, request: Request) -> list[str]:
        key = ("source", request.facility_type, request.practice_setting, request.author_organization, request.home_community)
        return self._remembered(key, lambda: _best(self.scored_sources(request)))

    def scored_sources(self, request: Request) -> list[tuple[int, str]]:
        """Every candidate leaf source with its score (SPEC §10.3), best or not."""
        values = (request.facility_type, request.practice_setting, request.author_organization)
        home_community = request.home_community
        scored = []
        for source_id, lists, communities in self._source_lists:
            score = 0
            for entries, value in zip(lists, values):
                if entries is None:
                    continue
                matched = _match_score(entries, value)
                if not matched:
                    break
                score += matched
            else:
                if communities is not None:
                    if home_community not in communities:
                        continue
                    score += 2
                scored.append((score, source_id))
        return scored

    def document(self, request: Request) -> list[str]:
        if request.type_code is None or request.type_code.code is None:
            return []
        return list(self.documents.get((request.type_code.system, request.type_code.code), []))

    def resolve(self, request: Request) -> Resolution:
        found = {
            "source": self.source(request),
            "document": self.document(request),
            "personnel": self.personnel(request),
            "action": [request.action] if request.action in self.evaluation.actions else [],
        }
        if any(not ids for ids in found.values()):
            return Resolution(None, "unresolved", {axis: ids for axis, ids in found.items() if len(ids) != 1})
        if any(len(ids) > 1 for ids in found.values()):
            return Resolution(None, "ambiguous", {axis: ids for axis, ids in found.items() if len(ids) > 1})
        return Resolution(tuple(found[axis][0] for axis in AXES), None, None)

    # -- conditions -------------------------------------------------------------------------
    def holds(self, condition_id: str, context: dict) -> bool:
        """SPEC §10.2: the context value (or one of a list) equals one of `values`, of the same type."""
        condition = self.catalogue.conditions[condition_id]
        if condition.attribute is None or condition.attribute not in context:
            return False
        value = context[condition.attribute]
        given = value if isinstance(value, tuple) else (value,)
        return any(type(v) is type(w) and v == w for v in given for w in condition.values)

    # -- the answer ---------------------------------------------------------------------------
    def decide(self, request: Request) -> Answer:
        resolution = self.resolve(request)
        if resolution.cell is None:
            return Answer(request, resolution, None)
        cell_answer = self.evaluation.answer(
            resolution.cell, lambda c: self.holds(c, request.context), request.service_start, request.at
        )
        return Answer(request, resolution, cell_answer)


def _best(scored: Iterable[tuple[int, str]]) -> list[str]:
    """The candidates with the highest score (specific beats general)."""
    scored = list(scored)
    if not scored:
        return []
    top = max(score for score, _id in scored)
    return [node for score, node in scored if score == top]


@dataclass(frozen=True)
class Answer:
    request: Request
    resolution: Resolution
    cell_answer: CellAnswer | None

    @property
    def reason(self) -> str:
        return self.resolution.reason or self.cell_answer.reason

    @property
    def permit(self) -> bool:
        return self.cell_answer is not None and self.cell_answer.permit

    @property
    def decision(self) -> Decision | None:
        return self.cell_answer.decision if self.cell_answer else None

    @property
    def grant(self) -> Grant | None:
        return self.cell_answer.grant if self.cell_answer else None

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.cell_answer.rules) if self.cell_answer else ()

    @property
    def legal_bases(self) -> tuple[str, ...]:
        return self.cell_answer.legal_bases if self.cell_answer else ()
