"""Legal basis checks: every allow cites a basis, and stays within what its bases can justify."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .context import Context
from .registry import check


@check("missing_legal_basis", "error")
def missing_legal_basis(ctx: Context) -> Iterator[Finding]:
    """An allow rule cites no legal basis.

    FAILS:   - {id: r, effect: allow, documents: [epikrise]}
    PASSES:  - {id: r, effect: allow, documents: [epikrise], legal_basis: [hpl-45]}
    """
    for cover in ctx.evaluation.covers:
        rule = cover.rule
        if rule.effect == "allow" and not rule.legal_basis:
            yield Finding(
                "missing_legal_basis",
                "error",
                f"allow rule '{rule.id}' cites no legal basis: add legal_basis: [<id>] (sharing needs a hjemmel)",
                rules=(rule.id,),
                location=ctx.rule_location(rule.id, "legal_basis"),  # `legal_basis: []`, else the rule
            )


def scope_masks(ctx: Context, basis_id: str) -> dict[int, int]:
    """The cells within a legal basis's scope, by leaf source index."""
    ev, cat = ctx.evaluation, ctx.catalogue
    scope = cat.legal_bases[basis_id].scope
    if scope is None:
        return {s: ev.all_cells for s in range(len(ev.sources))}
    sources = cat.source_axis.leaves_under_any(scope.sources)
    mask = ev.box(cat.document_axis.leaves_under_any(scope.documents), cat.personnel_axis.leaves_under_any(scope.personnel))
    return {ev.source_index[s]: mask for s in sources}


@check("outside_legal_basis", "error")
def outside_legal_basis(ctx: Context) -> Iterator[Finding]:
    """An allow rule cites legal bases, and covers applicable cells outside the scope of every one of them.

    A cell is within a basis's scope when, on every axis the `scope` names, the cell's leaf
    lies under one of the nodes given there; a basis without `scope` covers every cell.

    FAILS:   legal_bases: [{id: kjf-4, name: ..., scope: {documents: [epikriser]}}]
             rules: [{id: r, effect: allow, documents: [prøvesvar], legal_basis: [kjf-4]}]
    PASSES:  rules: [{id: r, effect: allow, documents: [epikrise], legal_basis: [kjf-4]}]
    """
    ev = ctx.evaluation
    scopes: dict[str, dict[int, int]] = {}
    for cover in ev.covers:
        rule = cover.rule
        if rule.effect != "allow" or not rule.legal_basis:
            continue
        outside = []
        for s in cover.sources:
            within = 0
            for basis in rule.legal_basis:
                if basis not in scopes:
                    scopes[basis] = scope_masks(ctx, basis)
                within |= scopes[basis].get(s, 0)
            outside.append((s, cover.mask & ev.applicable[s] & ~within))
        examples = ctx.example_cells(outside)
        if examples["cell_count"]:
            yield Finding(
                "outside_legal_basis",
                "error",
                f"allow rule '{rule.id}' covers {examples['cell_count']} cells outside the scope of its legal "
                f"bases ({', '.join(rule.legal_basis)}): cite a basis that covers them, or narrow the rule",
                rules=(rule.id,),
                entities=tuple(rule.legal_basis),
                location=ctx.rule_location(rule.id, "legal_basis"),
                **examples,
            )
