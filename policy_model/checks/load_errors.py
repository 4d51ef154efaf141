"""Load errors (SPEC §3): the catalogue cannot be evaluated until they are fixed.

The loader reports them (policy_model.load); this module only documents each kind.
"""

KINDS = {
    "syntax": """
        A YAML file does not parse, is not valid UTF-8, or is not a mapping of sections.

        FAILS:   rules:\\n  - id: a\\n   effect: allow      (the indentation breaks the list)
        PASSES:  rules:\\n  - id: a\\n    effect: allow
    """,
    "schema": """
        A missing or unknown field, a wrong type or value, a duplicated key, an anchor or alias,
        an explicit tag; a deny with conditions, an empty axis list, overrides on an allow; a
        folder with no YAML files or no `catalogue` section.

        FAILS:   - id: a\\n    efect: allow         (unknown field 'efect')
        PASSES:  - id: a\\n    effect: allow
    """,
    "duplicate_id": """
        Two entries of one axis share an id (document categories and types share one axis).
        The finding points at the later one and names the earlier.

        FAILS:   sources: [{id: hf, name: A}, {id: hf, name: B}]
        PASSES:  sources: [{id: hf, name: A}, {id: hf-vest, name: B}]
    """,
    "unknown_reference": """
        An id that names nothing of the right axis: a parent, a produced_by source, a rule's
        source/document/personnel node, condition, legal basis or overridden allow rule.

        FAILS:   rules: [{id: r, effect: allow, sources: [hf-vst]}]   (no source 'hf-vst')
        PASSES:  rules: [{id: r, effect: allow, sources: [hf-vest]}]
    """,
    "cycle": """
        A hierarchy loops through `parents`; the message lists the ids along the loop.

        FAILS:   sources: [{id: a, name: A, parents: [b]}, {id: b, name: B, parents: [a]}]
        PASSES:  sources: [{id: a, name: A}, {id: b, name: B, parents: [a]}]
    """,
}
