"""Load errors (SPEC §3): the catalogue cannot be evaluated until they are fixed.

The loader reports them (policy_model.load); this module only documents each kind, with a
file that FAILS and one that PASSES (each a second file beside the example world's).
"""

KINDS = {
    "syntax": """
        A YAML file does not parse, is not valid UTF-8, or is not a mapping of sections.

        FAILS:
          rules:
            - id: a
             effect: allow
        PASSES:
          rules:
            - id: a
              effect: deny
    """,
    "schema": """
        A missing or unknown field, a wrong type or value, a duplicated key, an anchor or alias,
        an explicit tag; a deny with conditions or a window, an empty axis list, overrides on an
        allow, a window that is not P<n>Y, P<n>M or P<n>Y<m>M; a folder with no YAML files or no
        `catalogue` section.

        FAILS:
          rules:
            - {id: a, efect: deny}
        PASSES:
          rules:
            - {id: a, effect: deny}
    """,
    "duplicate_id": """
        Two entries of one axis share an id (document categories and types share one axis).
        The finding points at the later one and names the earlier.

        FAILS:
          sources:
            - {id: hf-vest, name: Helse Vest (Bergen)}
        PASSES:
          sources:
            - {id: hf-midt, name: Helse Midt-Norge}
    """,
    "unknown_reference": """
        An id that names nothing of the right axis: a parent, a produced_by source, a rule's
        source/document/personnel node, action, condition, legal basis or overridden allow
        rule; in a catalogue without actions, any action but `read`.

        FAILS:
          rules:
            - {id: r, effect: deny, sources: [hf-vst]}
        PASSES:
          rules:
            - {id: r, effect: deny, sources: [hf-vest]}
    """,
    "cycle": """
        A hierarchy loops through `parents`, or actions require each other in a loop; the
        message lists the ids along the loop.

        FAILS:
          sources:
            - {id: kommune, name: Kommuner, parents: [legevakt]}
            - {id: legevakt, name: Legevakt, parents: [kommune]}
        PASSES:
          sources:
            - {id: kommune, name: Kommuner}
            - {id: legevakt, name: Legevakt, parents: [kommune]}
    """,
}
