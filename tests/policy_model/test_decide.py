"""SPEC §2: views, applicability, deny > allow > conditional > none, alternatives, provenance."""

from builders import decided, allow, deny, load_data, world

from policy_model.decide import Decision, Evaluation, minimal_sets


def ev(rules, view="draft", **overrides):
    return Evaluation(load_data(**world(rules, **overrides)), view)


def test_no_rule_means_none_and_unproduced_means_na():
    e = ev([])
    assert e.decision(("hf-vest", "epikrise", "fastlege", "read")) == decided("none")
    # epikrise is produced by helseforetak only
    assert e.decision(("fastlegekontor", "epikrise", "fastlege", "read")) == decided("na")
    assert e.decision(("fastlegekontor", "henvisning", "fastlege", "read")) == decided("none")


def test_deny_beats_allow_beats_conditional():
    rules = [
        allow("a", personnel=["lege"]),
        allow("c", personnel=["lege", "sykepleier"], conditions=["akutt"]),
        deny("d", personnel=["sykehuslege"], documents=["kriseplan"]),
    ]
    e = ev(rules)
    assert e.decision(("hf-vest", "kriseplan", "sykehuslege", "read")).kind == "deny"
    assert e.decision(("hf-vest", "kriseplan", "fastlege", "read")).kind == "allow"
    assert e.decision(("hf-vest", "kriseplan", "sykepleier", "read")) == decided("conditional", (("akutt",),))
    assert e.decision(("hf-vest", "kriseplan", "veterinaer", "read")).kind == "none"


def test_alternatives_drop_duplicates_and_supersets_and_are_sorted():
    rules = [
        allow("c1", conditions=["samtykke"]),
        allow("c2", conditions=["akutt", "samtykke"]),
        allow("c3", conditions=["samtykke"]),
        allow("c4", conditions=["akutt"], documents=["henvisning"]),
    ]
    e = ev(rules)
    assert e.decision(("hf-vest", "epikrise", "fastlege", "read")).alternatives == (("samtykke",),)
    assert e.decision(("hf-vest", "henvisning", "fastlege", "read")).alternatives == (("akutt",), ("samtykke",))
    assert minimal_sets([frozenset({"b", "a"}), frozenset({"c"}), frozenset({"a", "b", "c"})]) == (("a", "b"), ("c",))


def test_views_pick_rules_by_status():
    rules = [
        allow("approved", personnel=["fastlege"], status="approved"),
        allow("proposed", personnel=["sykehuslege"], status="proposed"),
        allow("draft", personnel=["sykepleier"]),
        allow("retired", personnel=["veterinaer"], status="retired"),
    ]
    cell = ("hf-vest", "henvisning")
    for view, readable in {
        "approved": {"fastlege"},
        "proposed": {"fastlege", "sykehuslege"},
        "draft": {"fastlege", "sykehuslege", "sykepleier"},
    }.items():
        e = ev(rules, view)
        got = {g for g in e.personnel if e.decision((*cell, g, "read")).readable}
        assert got == readable, view


def test_provenance_names_decisive_rules_and_their_legal_bases():
    rules = [
        allow("a-lege", personnel=["lege"], legal_basis=["hpl-45", "kjf-4"]),
        allow("a-fastlege", personnel=["fastlege"], legal_basis=["hpl-45"]),
        allow("c-akutt", conditions=["akutt"]),
        deny("d-kriseplan", documents=["kriseplan"], personnel=["sykehuslege"]),
    ]
    e = ev(rules)
    p = e.explain(("hf-vest", "epikrise", "fastlege", "read"))
    assert p.decision.kind == "allow"
    assert [r.id for r in p.applicable] == ["a-lege", "a-fastlege", "c-akutt"]
    assert [r.id for r in p.decisive] == ["a-lege", "a-fastlege"]
    assert p.legal_bases == ("hpl-45", "kjf-4")
    p = e.explain(("hf-vest", "kriseplan", "sykehuslege", "read"))
    assert [r.id for r in p.decisive] == ["d-kriseplan"] and p.legal_bases == ()
    p = e.explain(("hf-vest", "epikrise", "sykepleier", "read"))
    assert p.decision == decided("conditional", (("akutt",),)) and [r.id for r in p.decisive] == ["c-akutt"]
    assert e.explain(("fastlegekontor", "epikrise", "fastlege", "read")).applicable == ()


def test_matrix_lists_applicable_cells_sorted_by_id():
    e = ev([allow("a", personnel=["fastlege"])])
    cells = [cell for cell, _decision in e.matrix()]
    assert cells == sorted(cells)
    assert ("fastlegekontor", "epikrise", "fastlege") not in cells  # not applicable
    assert len(cells) == 3 * 3 * 4 - 4  # 3 leaf sources × 3 types × 4 leaf groups, minus n/a
    counts = e.counts()
    assert sum(counts.values()) == len(cells) and counts["allow"] == 3 * 3 - 1


def test_rules_may_name_inner_nodes_and_multiple_parents():
    personnel = [*world()["personnel_groups"], {"id": "akutt-team", "name": "Akutt"},
                 {"id": "legevaktlege", "name": "Legevaktlege", "parents": ["lege", "akutt-team"]}]
    e = ev([allow("a", personnel=["akutt-team"])], personnel_groups=personnel)
    assert e.decision(("hf-vest", "epikrise", "legevaktlege", "read")).kind == "allow"
    assert e.decision(("hf-vest", "epikrise", "fastlege", "read")).kind == "none"
