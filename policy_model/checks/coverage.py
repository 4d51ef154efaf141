"""Coverage checks: sensitive documents shared without conditions, documents nobody can read,
and catalogue entries nothing uses."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from .context import Context
from .registry import check

SENSITIVE = ("R", "V")


@check("sensitive_unconditional", "warning")
def sensitive_unconditional(ctx: Context) -> Iterator[Finding]:
    """An unconditional allow covers a document type with confidentiality R or V (restricted,
    very restricted). The cells are the rule's applicable cells of those types; a deny over
    them does not silence it (name the types the rule should share instead).

    FAILS:   document_types: [{id: voldsrisikovurdering, ..., confidentiality: V}]
             rules: [{id: r, effect: allow, documents: [voldsrisikovurdering], ...}]
    PASSES:  rules: [{id: r, effect: allow, documents: [voldsrisikovurdering], conditions: [akutt], ...}]
    """
    ev, cat = ctx.evaluation, ctx.catalogue
    sensitive = [d for d, doc in enumerate(ev.documents) if cat.document_types[doc].confidentiality in SENSITIVE]
    if not sensitive:
        return
    sensitive_mask = ev.spread(sensitive) * ev.all_personnel
    for cover in ev.covers:
        if not cover.is_unconditional_allow or not (cover.mask & sensitive_mask):
            continue
        covered = [(s, mask & sensitive_mask) for s, mask in ev.cells_of(cover)]
        examples = ctx.example_cells(covered)
        if not examples["cell_count"]:
            continue
        rows = 0
        for _s, mask in covered:
            rows |= mask
        documents = [doc for d, doc in enumerate(ev.documents) if ev.row(rows, d)]
        yield Finding(
            "sensitive_unconditional",
            "warning",
            f"allow rule '{cover.rule.id}' shares {', '.join(documents)} (confidentiality R/V) without "
            "conditions: add conditions, or a deny carve-out",
            rules=(cover.rule.id,),
            entities=tuple(documents),
            location=ctx.rule_location(cover.rule.id),
            **examples,
        )


@check("unreadable_document", "warning")
def unreadable_document(ctx: Context) -> Iterator[Finding]:
    """A document type that a source in `production` produces, and that no personnel group can
    read from that source. One finding per source and document type.

    FAILS:   sources: [{id: hf-vest, ..., status: production}], document_types: [{id: epikrise, ...}]
             and no rule lets anyone read epikrise from hf-vest
    PASSES:  rules: [{id: r, effect: allow, documents: [epikrise], personnel: [lege], ...}]
    """
    ev, cat = ctx.evaluation, ctx.catalogue
    for s, source in enumerate(ev.sources):
        if cat.sources[source].status != "production":
            continue
        readable = ev.readable_mask(s)
        applicable = ev.applicable[s]
        for d, document in enumerate(ev.documents):
            if not ev.row(applicable, d) or ev.row(readable, d):
                continue
            row = ev.spread((d,)) * ev.all_personnel
            yield Finding(
                "unreadable_document",
                "warning",
                f"{cat.name_of('documents', document)} from {cat.name_of('sources', source)} (in production) "
                "can be read by no personnel group: add an allow rule, or drop the source from produced_by",
                entities=(document, source),
                location=cat.locate("document_types", document),
                **ctx.example_cells([(s, row)]),
            )


@check("unused", "info")
def unused(ctx: Context) -> Iterator[Finding]:
    """A legal basis or condition that no rule cites, or a leaf personnel group or document type
    that no rule covers (one finding per entity). Asked of every rule that is not retired,
    whatever the view.

    FAILS:   conditions: [{id: btg, name: Break the glass}]   (and no rule lists btg)
    PASSES:  rules: [{id: r, effect: allow, conditions: [btg], ...}]
    """
    cat = ctx.catalogue
    live = [rule for rule in cat.rules if rule.status != "retired"]
    cited_bases = {basis for rule in live for basis in rule.legal_basis}
    cited_conditions = {c for rule in live for c in (rule.conditions or ())}
    covered_groups = set().union(*(cat.personnel_axis.leaves_under_any(r.personnel) for r in live))
    covered_documents = set().union(*(cat.document_axis.leaves_under_any(r.documents) for r in live))
    unused_entities = [
        ("legal_bases", "legal basis", [b for b in cat.legal_bases if b not in cited_bases], "no rule cites it"),
        ("conditions", "condition", [c for c in cat.conditions if c not in cited_conditions], "no rule cites it"),
        (
            "personnel_groups",
            "personnel group",
            [g for g in cat.personnel_axis.leaves if g not in covered_groups],
            "no rule covers it (it reads nothing, by default)",
        ),
        (
            "document_types",
            "document type",
            [d for d in cat.document_axis.leaves if d not in covered_documents],
            "no rule covers it (nobody reads it, by default)",
        ),
    ]
    for section, word, ids, why in unused_entities:
        for entity_id in ids:
            yield Finding(
                "unused",
                "info",
                f"{word} '{entity_id}' is unused: {why}",
                entities=(entity_id,),
                location=cat.locate(section, entity_id),
            )
