"""Rule anomalies (after Al-Shaer & Hamed's classes): dead, shadowed, conflicting and redundant rules."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import M, MP, and_list
from ..schema import Rule
from .context import Context
from .registry import Problem, check


@check("dead_rule", "warning")
def dead_rule(ctx: Context) -> Iterator[Problem]:
    """The rule covers no applicable cell: none of its sources produces its documents
    (`produced_by`), or it names only empty groupings.

    FAILS:
      rules:
        - {id: r, effect: allow, sources: [fastlegekontor], documents: [epikrise], legal_basis: [hpl-45]}
    PASSES:
      rules:
        - {id: r, effect: allow, sources: [hf-vest], documents: [epikrise], legal_basis: [hpl-45]}
    """
    for rule in ctx.evaluation.rules:
        if rule.id in ctx.dead:
            yield Problem(
                M("rule '{rule}' covers no applicable cell: {why}; delete it or correct what it names",
                  rule=rule.id, why=_why_dead(ctx, rule)),
                rules=(rule.id,),
                location=ctx.rule_location(rule.id),
            )


def _why_dead(ctx: Context, rule: Rule):
    cat = ctx.catalogue
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
        return M("what it names under {axes} holds nothing (empty groupings)", axes=and_list(empty))
    return M("none of its sources produces its documents (see produced_by)")


@check("shadowed", "warning")
def shadowed(ctx: Context) -> Iterator[Problem]:
    """An allow rule has applicable cells, and every one of them is denied by deny rules:
    the allow never takes effect.

    FAILS:
      rules:
        - {id: a, effect: allow, personnel: [lege], legal_basis: [hpl-45]}
        - {id: d, effect: deny, personnel: [lege]}
    PASSES:
      rules:
        - {id: a, effect: allow, personnel: [lege], legal_basis: [hpl-45]}
        - {id: d, effect: deny, personnel: [lege], documents: [henvisning]}
    """
    ev = ctx.evaluation
    for rule in ev.rules:
        denies = ctx.shadowed.get(rule.id)
        if denies is None:
            continue
        examples = ctx.examples(ev.covered(rule))
        yield Problem(
            MP("allow rule '{rule}' never takes effect: the {n} cell it covers is denied by {denies}",
               "allow rule '{rule}' never takes effect: all {n} cells it covers are denied by {denies}",
               examples["cell_count"], rule=rule.id, denies=", ".join(denies)),
            rules=(rule.id, *denies),
            location=ctx.rule_location(rule.id),
            **examples,
        )


@check("conflict", "warning")
def conflict(ctx: Context) -> Iterator[Problem]:
    """An allow A and a deny D share applicable cells, A is not shadowed, D is not a carve-out
    of A (a carve-out: every applicable cell that D covers, A covers too), and D does not
    list A in `overrides`. One finding per pair, pointing at the deny.

    FAILS:
      rules:
        - {id: a, effect: allow, sources: [helseforetak], personnel: [sykepleier], legal_basis: [hpl-45]}
        - {id: d, effect: deny, documents: [henvisning], personnel: [sykepleier]}
    PASSES:
      rules:
        - {id: a, effect: allow, sources: [helseforetak], personnel: [sykepleier], legal_basis: [hpl-45]}
        - {id: d, effect: deny, documents: [henvisning], personnel: [sykepleier], overrides: [a]}
    """
    ev = ctx.evaluation
    for deny in ev.rules:
        if deny.effect != "deny" or deny.id in ctx.dead:
            continue
        for allow, shared in ev.conflicting_allows(deny):
            if allow.id in ctx.dead or allow.id in ctx.shadowed or allow.id in deny.overrides:
                continue
            examples = ctx.examples(shared)
            yield Problem(
                MP("deny rule '{deny}' overrides allow rule '{allow}' on {n} cell but is not a carve-out of it; "
                   "if that is intended, add overrides: [{allow}] to '{deny}'",
                   "deny rule '{deny}' overrides allow rule '{allow}' on {n} cells but is not a carve-out of it; "
                   "if that is intended, add overrides: [{allow}] to '{deny}'",
                   examples["cell_count"], deny=deny.id, allow=allow.id),
                rules=(allow.id, deny.id),
                location=ctx.rule_location(deny.id),
                **examples,
            )


def redundant_rules(ctx: Context) -> list[str]:
    """SPEC §3's redundancy, in its order: dead and shadowed rules set aside, then the rest
    visited from last to first, each redundant if removing it (with the redundant ones found
    so far) changes nothing. So the whole reported set can be deleted together."""
    ev = ctx.evaluation
    set_aside = set(ctx.dead) | set(ctx.shadowed)
    found = []
    for rule in reversed(ev.rules):
        if rule.id in set_aside:
            continue
        if not ev.changes_without(rule, set_aside):
            found.append(rule.id)
            set_aside.add(rule.id)
    return found


@check("redundant", "warning")
def redundant(ctx: Context) -> Iterator[Problem]:
    """Removing the rule changes no cell's decision, alternatives, window or grants (`deny`
    and `none` count as different). Dead and shadowed rules are set aside first and not
    reported again; the others are visited from the last to the first in catalogue order,
    each judged with the redundant ones found so far removed — so of two identical rules the
    later is reported, and all reported rules can be deleted together without changing
    anything. A rule that only gives a longer window is not redundant.

    FAILS:
      rules:
        - {id: a, effect: allow, personnel: [lege], legal_basis: [hpl-45]}
        - {id: b, effect: allow, personnel: [fastlege], legal_basis: [hpl-45]}
    PASSES:
      rules:
        - {id: a, effect: allow, personnel: [lege], legal_basis: [hpl-45], window: P1Y}
        - {id: b, effect: allow, personnel: [fastlege], legal_basis: [hpl-45]}
    """
    for rule_id in redundant_rules(ctx):
        yield Problem(
            M("rule '{rule}' changes no decision: the other rules already decide every cell it covers "
              "the same way; it can be deleted", rule=rule_id),
            rules=(rule_id,),
            location=ctx.rule_location(rule_id),
        )
