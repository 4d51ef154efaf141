"""Rule anomalies (after Al-Shaer & Hamed's classes): dead, shadowed, conflicting and redundant rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..decide import Cover
from ..findings import Finding
from .context import Context
from .registry import check


@check("dead_rule", "warning")
def dead_rule(ctx: Context) -> Iterator[Finding]:
    """The rule covers no applicable cell: none of its sources produces its documents
    (`produced_by`), or it names only empty groupings.

    FAILS:   document_types: [{id: sykmelding, ..., produced_by: [fastlege]}]
             rules: [{id: r, effect: allow, sources: [helseforetak], documents: [sykmelding], ...}]
    PASSES:  rules: [{id: r, effect: allow, sources: [fastlege], documents: [sykmelding], ...}]
    """
    for cover in ctx.evaluation.covers:
        if cover.rule.id in ctx.dead:
            yield Finding(
                "dead_rule",
                "warning",
                f"rule '{cover.rule.id}' covers no applicable cell: {_why_dead(ctx, cover)}; "
                "delete it or correct what it names",
                rules=(cover.rule.id,),
                location=ctx.rule_location(cover.rule.id),
            )


def _why_dead(ctx: Context, cover: Cover) -> str:
    cat, rule = ctx.catalogue, cover.rule
    empty = [
        axis
        for axis, hierarchy, nodes in (
            ("sources", cat.source_axis, rule.sources),
            ("documents", cat.document_axis, rule.documents),
            ("personnel", cat.personnel_axis, rule.personnel),
        )
        if not hierarchy.leaves_under_any(nodes)
    ]
    if empty:
        return f"what it names under {' and '.join(empty)} holds nothing (empty groupings)"
    return "none of its sources produces its documents (see produced_by)"


@check("shadowed", "warning")
def shadowed(ctx: Context) -> Iterator[Finding]:
    """An allow rule has applicable cells, and every one of them is denied by deny rules:
    the allow never takes effect.

    FAILS:   rules: [{id: a, effect: allow, personnel: [lege], ...},
                     {id: d, effect: deny, personnel: [lege]}]
    PASSES:  rules: [{id: a, effect: allow, personnel: [lege], ...},
                     {id: d, effect: deny, personnel: [lege], documents: [voldsrisikovurdering]}]
    """
    ev = ctx.evaluation
    for cover in ev.covers:
        denies = ctx.shadowed.get(cover.rule.id)
        if denies is None:
            continue
        examples = ctx.example_cells(ev.cells_of(cover))
        yield Finding(
            "shadowed",
            "warning",
            f"allow rule '{cover.rule.id}' never takes effect: all {examples['cell_count']} cells it covers are "
            f"denied by {', '.join(denies)}",
            rules=(cover.rule.id, *denies),
            location=ctx.rule_location(cover.rule.id),
            **examples,
        )


@check("conflict", "warning")
def conflict(ctx: Context) -> Iterator[Finding]:
    """An allow A and a deny D share applicable cells, A is not shadowed, D is not a carve-out
    of A (a carve-out: every applicable cell that D covers, A covers too), and D does not
    list A in `overrides`. One finding per pair, pointing at the deny.

    FAILS:   rules: [{id: a, effect: allow, sources: [helseforetak], personnel: [sykepleier], ...},
                     {id: d, effect: deny, documents: [kriseplan], personnel: [sykepleier]}]
             (d also denies kriseplan from sources a does not cover: an overlap, not a carve-out)
    PASSES:  the same with `overrides: [a]` on d, or d limited to sources: [helseforetak]
    """
    ev = ctx.evaluation
    allows = [c for c in ev.covers if not c.is_deny and c.rule.id not in ctx.dead and c.rule.id not in ctx.shadowed]
    denies = [c for c in ev.covers if c.is_deny and c.rule.id not in ctx.dead]
    for deny in denies:
        deny_sources = set(deny.sources)
        for allow in allows:
            if not (allow.mask & deny.mask) or allow.rule.id in deny.rule.overrides:
                continue
            if deny_sources.isdisjoint(allow.sources):
                continue
            shared, carve_out = ev.overlap(allow, deny)
            if not shared or carve_out:
                continue
            examples = ctx.example_cells(shared)
            yield Finding(
                "conflict",
                "warning",
                f"deny rule '{deny.rule.id}' overrides allow rule '{allow.rule.id}' on {examples['cell_count']} "
                f"cells but is not a carve-out of it; if that is intended, add overrides: [{allow.rule.id}] "
                f"to '{deny.rule.id}'",
                rules=(allow.rule.id, deny.rule.id),
                location=ctx.rule_location(deny.rule.id),
                **examples,
            )


def _changes_a_decision(ctx: Context, cover: Cover, set_aside: set[str]) -> bool:
    """Whether removing `cover` (with the `set_aside` rules already gone) changes any cell's
    decision or alternatives. Only the rule's own cells can change, so each source it touches
    is compared with what the other remaining rules decide there."""
    ev = ctx.evaluation
    for s in cover.sources:
        mine = cover.mask & ev.applicable[s]
        if not mine:
            continue
        deny = allow = 0
        conditional: dict[frozenset[str], int] = {}
        for other in ev.grids[s].covers:
            if other is cover or other.rule.id in set_aside or not (other.mask & mine):
                continue
            if other.is_deny:
                deny |= other.mask
            elif other.conditions is None:
                allow |= other.mask
            else:
                conditional[other.conditions] = conditional.get(other.conditions, 0) | other.mask
        if cover.is_deny:
            changed = mine & ~deny
        elif cover.conditions is None:
            changed = mine & ~deny & ~allow
        else:
            # A condition set stays an alternative as long as another rule gives the same set,
            # and was never one where a smaller set also applies.
            kept = 0
            for conditions, mask in conditional.items():
                if conditions <= cover.conditions:
                    kept |= mask
            changed = mine & ~deny & ~allow & ~kept
        if changed:
            return True
    return False


def redundant_rules(ctx: Context) -> list[str]:
    """SPEC §3's redundancy, in its order: dead and shadowed rules set aside, then the rest
    visited from last to first, each redundant if removing it (with the redundant ones found
    so far) changes nothing. So the whole reported set can be deleted together."""
    ev = ctx.evaluation
    set_aside = set(ctx.dead) | set(ctx.shadowed)
    found = []
    for cover in reversed(ev.covers):
        if cover.rule.id in set_aside:
            continue
        if not _changes_a_decision(ctx, cover, set_aside):
            found.append(cover.rule.id)
            set_aside.add(cover.rule.id)
    return found


@check("redundant", "warning")
def redundant(ctx: Context) -> Iterator[Finding]:
    """Removing the rule changes no cell's decision or alternatives (`deny` and `none` count as
    different). Dead and shadowed rules are set aside first and not reported again; the others
    are visited from the last to the first in catalogue order, each judged with the redundant
    ones found so far removed — so of two identical rules the later is reported, and all
    reported rules can be deleted together without changing anything.

    FAILS:   rules: [{id: a, effect: allow, personnel: [lege], ...}, {id: b, effect: allow, personnel: [fastlege], ...}]
             (fastlege lies under lege: b adds nothing)
    PASSES:  rules: [{id: a, effect: allow, personnel: [lege], ...}, {id: b, effect: deny, personnel: [fastlege]}]
    """
    for rule_id in redundant_rules(ctx):
        yield Finding(
            "redundant",
            "warning",
            f"rule '{rule_id}' changes no decision: the other rules already decide every cell it covers "
            "the same way; it can be deleted",
            rules=(rule_id,),
            location=ctx.rule_location(rule_id),
        )
