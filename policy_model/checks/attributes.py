"""Request attributes (SPEC §10.5): leaves a registry cannot tell apart, leaves no request can
reach, and conditions no request can meet together."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator

from ..i18n import M, and_list
from ..resolve import Code, Request, Resolver
from .context import Context
from .registry import Problem, check

SINGLE_VALUED = ("purpose_of_use", "access_basis", "scope", "fastlege")
"""Context attributes a real request carries once (the others may be lists)."""

_FRESH = "\0another code"  # a code no entry names: what a system-only entry matches
_ANY_DAY = datetime.date(2000, 1, 1)  # resolution does not depend on the date


def _resolver(ctx: Context) -> Resolver:
    return Resolver(ctx.evaluation)


def _classes(entries_lists) -> list[Code | None]:
    """Every value that can tell entries apart: each code named, another code of each system,
    and no value at all."""
    found: dict[tuple[str, str | None], None] = {}
    for entries in entries_lists:
        for entry in entries or ():
            found[(entry.system, entry.code)] = None
            found[(entry.system, _FRESH)] = None
    return [Code(system, code) for system, code in found if code is not None] + [None]


def _personnel_pairs(ctx: Context) -> dict[tuple[str, str], Request]:
    """Pairs of leaf groups some request resolves to at the same highest score, each with one
    such request. Exact: every authorisation named and every class of healthcare service."""
    resolver, at = _resolver(ctx), _ANY_DAY
    groups = resolver.groups
    services = _classes(g.healthcare_services for g in groups)
    found: dict[tuple[str, str], Request] = {}
    for authorization in dict.fromkeys(a for g in groups for a in g.authorizations):
        for service in services:
            request = Request(at=at, authorization=authorization, healthcare_service=service)
            for pair in itertools.combinations(resolver.personnel(request), 2):
                found.setdefault(pair, request)
    return found


def _source_pairs(ctx: Context) -> dict[tuple[str, str], Request]:
    """Pairs of leaf sources some document resolves to at the same highest score. For a pair,
    every attribute either lists is tried with each value class that matches both; the others
    are left out, which can only drop rivals (an absent value never adds to a score)."""
    resolver, at = _resolver(ctx), _ANY_DAY
    sources = resolver.sources
    classes = {
        "facility_type": _classes(s.facility_matches for s in sources),
        "practice_setting": _classes(s.practice_settings for s in sources),
        "author_organization": _classes(s.organizations for s in sources),
        "home_community": list(dict.fromkeys(h for s in sources for h in s.home_communities or ())),
    }
    fields = {"facility_type": "facility_matches", "practice_setting": "practice_settings",
              "author_organization": "organizations", "home_community": "home_communities"}
    found: dict[tuple[str, str], Request] = {}
    for a, b in itertools.combinations(sources, 2):
        options = []
        for name, field_name in fields.items():
            lists = [getattr(s, field_name) for s in (a, b)]
            if all(entries is None for entries in lists):
                options.append([None])
                continue
            options.append([v for v in classes[name] if all(_matches(entries, v) for entries in lists if entries is not None)])
        for values in itertools.product(*options):
            request = Request(at=at, **dict(zip(fields, values)))
            if {a.id, b.id} <= set(resolver.source(request)):
                found[(a.id, b.id)] = request
                break
    return found


def _matches(entries, value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):  # a home community OID
        return value in entries
    return any(e.system == value.system and (e.code is None or e.code == value.code) for e in entries)


def _shown(code: Code | None):
    if code is None:
        return "–"
    if code.code == _FRESH:
        return M("{system} (another code)", system=code.system)
    return f"{code.system} {code.code}"


@check("ambiguous_match", "warning")
def ambiguous_match(ctx: Context) -> Iterator[Problem]:
    """Two leaves of one axis that the same request can resolve to with the same highest
    score (SPEC §10.3): a registry could not tell them apart. One finding per pair, at the
    later entry. The registry configuration and the Cedar bundle are refused while one exists.

    FAILS:
      personnel_groups:
        - {id: fastlege, name: Fastleger, parents: [lege], authorizations: [LE]}
        - {id: sykehuslege, name: Sykehusleger, parents: [lege], authorizations: [LE]}
    PASSES:
      personnel_groups:
        - {id: fastlege, name: Fastleger, parents: [lege], authorizations: [LE],
           healthcare_services: [{system: 2.16.578.1.12.4.1.1.8666, code: KX17}]}
        - {id: sykehuslege, name: Sykehusleger, parents: [lege], authorizations: [LE]}
    """
    cat = ctx.catalogue
    for (first, second), request in _personnel_pairs(ctx).items():
        yield Problem(
            M("personnel groups '{first}' and '{second}' are both the best match for the same request "
              "(authorisation {authorization}, healthcare service {service}): give one of them a healthcare "
              "service that tells them apart", first=first, second=second,
              authorization=request.authorization, service=_shown(request.healthcare_service)),
            entities=(first, second),
            location=cat.locate("personnel_groups", second),
        )
    for (first, second), request in _source_pairs(ctx).items():
        yield Problem(
            M("sources '{first}' and '{second}' are both the best match for the same document (facility type "
              "{facility}, practice setting {practice}): give one of them an organisation or home community "
              "that tells them apart", first=first, second=second,
              facility=_shown(request.facility_type), practice=_shown(request.practice_setting)),
            entities=(first, second),
            location=cat.locate("sources", second),
        )
    by_code: dict[tuple[str, str], list[str]] = {}
    for document in ctx.evaluation.documents:
        code = cat.document_types[document].type_code
        if code is not None:
            by_code.setdefault((code.system, code.code), []).append(document)
    for (system, code), documents in by_code.items():
        for first, second in itertools.combinations(documents, 2):
            yield Problem(
                M("document types '{first}' and '{second}' have the same type code ({system} {code}): a document "
                  "with it could be either", first=first, second=second, system=system, code=code),
                entities=(first, second),
                location=cat.locate("document_types", second, "type_code"),
            )


@check("unmatchable", "info")
def unmatchable(ctx: Context) -> Iterator[Problem]:
    """A leaf no request can resolve to — a personnel group without authorisations, a source
    without facility types (or other attributes to match), a document type without a type
    code — or a condition without `attribute`, which never holds in a request. One finding
    per entity.

    FAILS:
      conditions:
        - {id: btg, name: Break the glass}
    PASSES:
      conditions:
        - {id: btg, name: Break the glass, attribute: purpose_of_use, values: [BTG]}
    """
    cat, ev = ctx.catalogue, ctx.evaluation
    for group in ev.personnel:
        if not cat.personnel_groups[group].authorizations:
            yield Problem(M("personnel group '{id}' lists no authorisation: no request can resolve to it", id=group),
                          entities=(group,), location=cat.locate("personnel_groups", group))
    for source in ev.sources:
        if not cat.sources[source].has_attributes:
            yield Problem(M("source '{id}' lists no facility type (nor practice setting, organisation or home "
                            "community): no document can resolve to it", id=source),
                          entities=(source,), location=cat.locate("sources", source))
    for document in ev.documents:
        if cat.document_types[document].type_code is None:
            yield Problem(M("document type '{id}' has no type code: no document can resolve to it", id=document),
                          entities=(document,), location=cat.locate("document_types", document))
    for condition in cat.conditions.values():
        if condition.attribute is None:
            yield Problem(M("condition '{id}' tests no request attribute: it never holds in a request", id=condition.id),
                          entities=(condition.id,), location=cat.locate("conditions", condition.id))


@check("unsatisfiable_conditions", "warning")
def unsatisfiable_conditions(ctx: Context) -> Iterator[Problem]:
    """An allow whose conditions need two different values of an attribute a real request
    carries once (purpose_of_use, access_basis, scope, fastlege), and no single value meets
    both: the rule can never apply.

    FAILS:
      conditions:
        - {id: akutt, name: Akutt, attribute: purpose_of_use, values: [ETREAT]}
        - {id: vanlig, name: Vanlig behandling, attribute: purpose_of_use, values: [TREAT]}
      rules:
        - {id: r, effect: allow, conditions: [akutt, vanlig], legal_basis: [hpl-45]}
    PASSES:
      conditions:
        - {id: akutt, name: Akutt, attribute: purpose_of_use, values: [ETREAT]}
        - {id: behandling, name: Behandling, attribute: purpose_of_use, values: [TREAT, ETREAT]}
      rules:
        - {id: r, effect: allow, conditions: [akutt, behandling], legal_basis: [hpl-45]}
    """
    cat = ctx.catalogue
    for rule in ctx.evaluation.rules:
        if rule.effect != "allow" or not rule.conditions:
            continue
        by_attribute: dict[str, list] = {}
        for condition_id in rule.conditions:
            condition = cat.conditions[condition_id]
            if condition.attribute in SINGLE_VALUED:
                by_attribute.setdefault(condition.attribute, []).append(condition)
        for attribute, conditions in by_attribute.items():
            common = set.intersection(*({(type(v), v) for v in c.values} for c in conditions))
            if len(conditions) > 1 and not common:
                yield Problem(
                    M("allow rule '{rule}' needs {conditions} at once, but a request has one '{attribute}' and "
                      "no value meets them all: the rule can never apply", rule=rule.id,
                      conditions=and_list(c.id for c in conditions), attribute=attribute),
                    rules=(rule.id,),
                    entities=tuple(c.id for c in conditions),
                    location=ctx.rule_location(rule.id, "conditions"),
                )
