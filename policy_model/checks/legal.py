"""Legal basis checks: every allow cites a basis, and stays within what its bases can justify."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import M, MP
from .context import Context
from .registry import Problem, check


@check("missing_legal_basis", "error")
def missing_legal_basis(ctx: Context) -> Iterator[Problem]:
    """An allow rule cites no legal basis.

    FAILS:
      rules:
        - {id: r, effect: allow, documents: [epikrise]}
    PASSES:
      rules:
        - {id: r, effect: allow, documents: [epikrise], legal_basis: [hpl-45]}
    """
    for rule in ctx.evaluation.rules:
        if rule.effect == "allow" and not rule.legal_basis:
            yield Problem(
                M("allow rule '{rule}' cites no legal basis: add legal_basis: [<id>] (sharing needs a hjemmel)", rule=rule.id),
                rules=(rule.id,),
                location=ctx.rule_location(rule.id, "legal_basis"),  # `legal_basis: []`, else the rule
            )


@check("outside_legal_basis", "error")
def outside_legal_basis(ctx: Context) -> Iterator[Problem]:
    """An allow rule cites legal bases, and covers applicable cells outside the scope of every one of them.

    A cell is within a basis's scope when, on every axis the `scope` names (sources,
    documents, personnel, actions), the cell's leaf lies under one of the nodes given there;
    a basis without `scope` covers every cell. Only applicable cells count: a rule naming
    all sources for a document only hospitals produce stays within a hospitals-only basis.

    FAILS:
      legal_bases:
        - {id: kjf-4, name: Kjernejournalforskriften § 4, scope: {documents: [epikriser]}}
      rules:
        - {id: r, effect: allow, documents: [henvisning], legal_basis: [kjf-4]}
    PASSES:
      legal_bases:
        - {id: kjf-4, name: Kjernejournalforskriften § 4, scope: {documents: [epikriser]}}
      rules:
        - {id: r, effect: allow, documents: [epikrise], legal_basis: [kjf-4]}
    """
    ev = ctx.evaluation
    for rule in ev.rules:
        if rule.effect != "allow" or not rule.legal_basis:
            continue
        examples = ctx.examples(ev.outside_bases(rule))
        if examples["cell_count"]:
            yield Problem(
                MP("allow rule '{rule}' covers {n} cell outside the scope of its legal bases ({bases}): "
                   "cite a basis that covers it, or narrow the rule",
                   "allow rule '{rule}' covers {n} cells outside the scope of its legal bases ({bases}): "
                   "cite a basis that covers them, or narrow the rule",
                   examples["cell_count"], rule=rule.id, bases=", ".join(rule.legal_basis)),
                rules=(rule.id,),
                entities=tuple(rule.legal_basis),
                location=ctx.rule_location(rule.id, "legal_basis"),
                **examples,
            )
