"""Coverage checks: sensitive documents shared without conditions, documents nobody can read,
and catalogue entries nothing uses."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import M
from .context import Context
from .registry import Problem, check

SENSITIVE = ("R", "V")


@check("sensitive_unconditional", "warning")
def sensitive_unconditional(ctx: Context) -> Iterator[Problem]:
    """An unconditional allow covers a document type with confidentiality R or V (restricted,
    very restricted). The cells are the rule's applicable cells of those types; a deny over
    them does not silence it (name the types the rule should share instead).

    FAILS:
      document_types:
        - {id: voldsrisikovurdering, name: Voldsrisikovurdering, parents: [epikriser], confidentiality: V}
      rules:
        - {id: r, effect: allow, documents: [voldsrisikovurdering], legal_basis: [hpl-45]}
    PASSES:
      document_types:
        - {id: voldsrisikovurdering, name: Voldsrisikovurdering, parents: [epikriser], confidentiality: V}
      rules:
        - {id: r, effect: allow, documents: [voldsrisikovurdering], conditions: [akutt], legal_basis: [hpl-45]}
    """
    ev, cat = ctx.evaluation, ctx.catalogue
    sensitive = [d for d in ev.documents if cat.document_types[d].confidentiality in SENSITIVE]
    if not sensitive:
        return
    sensitive_cells = ev.box(documents=sensitive)
    for rule in ev.rules:
        if rule.effect != "allow" or rule.conditions:
            continue
        cells = ev.covered(rule) & sensitive_cells
        if not cells:
            continue
        shared = cells.documents()
        documents = [d for d in ev.documents if d in shared]
        yield Problem(
            M("allow rule '{rule}' shares {documents} (confidentiality R/V) without conditions: "
              "add conditions, or a deny carve-out", rule=rule.id, documents=", ".join(documents)),
            rules=(rule.id,),
            entities=tuple(documents),
            location=ctx.rule_location(rule.id),
            **ctx.examples(cells),
        )


@check("unreadable_document", "warning")
def unreadable_document(ctx: Context) -> Iterator[Problem]:
    """A document type that a source in `production` produces, and that no personnel group can
    read from that source for any action. One finding per source and document type.

    FAILS:
      sources:
        - {id: hf-nord, name: Helse Nord, parents: [helseforetak], status: production}
      rules:
        - {id: r, effect: allow, sources: [hf-vest], legal_basis: [hpl-45]}
    PASSES:
      sources:
        - {id: hf-nord, name: Helse Nord, parents: [helseforetak], status: production}
      rules:
        - {id: r, effect: allow, sources: [helseforetak], legal_basis: [hpl-45]}
    """
    ev, cat = ctx.evaluation, ctx.catalogue
    readable = ev.readable.pairs()
    produced = ev.applicable.pairs()
    for source in ev.sources:
        if cat.sources[source].status != "production":
            continue
        for document in ev.documents:
            if (source, document) not in produced or (source, document) in readable:
                continue
            yield Problem(
                M("{document} from {source} (in production) can be read by no personnel group: add an allow "
                  "rule, or drop the source from produced_by",
                  document=cat.name_of("documents", document), source=cat.name_of("sources", source)),
                entities=(document, source),
                location=cat.locate("document_types", document),
                **ctx.examples(ev.box(sources=[source], documents=[document])),
            )


@check("unused", "info")
def unused(ctx: Context) -> Iterator[Problem]:
    """A legal basis or condition that no rule cites, or a leaf personnel group, document type
    or action that no rule covers (one finding per entity). Asked of every rule that is not
    retired, whatever the view.

    FAILS:
      conditions:
        - {id: btg, name: Break the glass}
    PASSES:
      conditions:
        - {id: btg, name: Break the glass}
      rules:
        - {id: r, effect: allow, conditions: [btg], legal_basis: [hpl-45]}
    """
    cat = ctx.catalogue
    live = [rule for rule in cat.rules if rule.status != "retired"]
    cited_bases = {basis for rule in live for basis in rule.legal_basis}
    cited_conditions = {c for rule in live for c in (rule.conditions or ())}
    covered_groups = set().union(*(cat.personnel_axis.leaves_under_any(r.personnel) for r in live))
    covered_documents = set().union(*(cat.document_axis.leaves_under_any(r.documents) for r in live))
    covered_actions = set().union(*(r.actions or cat.action_entries for r in live))
    nobody = M("no rule covers it (it reads nothing, by default)")
    unused_entities = [
        ("legal_bases", M("legal basis"), [b for b in cat.legal_bases if b not in cited_bases], M("no rule cites it")),
        ("conditions", M("condition"), [c for c in cat.conditions if c not in cited_conditions], M("no rule requires it")),
        ("personnel_groups", M("personnel group"), [g for g in cat.personnel_axis.leaves if g not in covered_groups], nobody),
        (
            "document_types",
            M("document type"),
            [d for d in cat.document_axis.leaves if d not in covered_documents],
            M("no rule covers it (nobody reads it, by default)"),
        ),
        ("actions", M("action"), [a for a in cat.actions if a not in covered_actions], M("no rule covers it (nobody may do it)")),
    ]
    for section, word, ids, why in unused_entities:
        for entity_id in ids:
            yield Problem(
                M("{what} '{id}' is unused: {why}", what=word, id=entity_id, why=why),
                entities=(entity_id,),
                location=cat.locate(section, entity_id),
            )
