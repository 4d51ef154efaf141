"""SPEC §9.1 and §9.3: actions as a fourth axis, windows on allows, grants and dominance,
decisive rules, and the load errors of the new fields."""

from __future__ import annotations

import pytest
from builders import allow, catalogue_yaml, deny, load_data, world

from policy_model.checks import Context, policy_findings
from policy_model.decide import Evaluation, Grant
from policy_model.load import load_files

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages (the message ids)

ACTIONS = [
    {"id": "list", "name": "Se dokumentet i dokumentlisten", "transactions": ["ITI-18", "ITI-38"]},
    {"id": "open", "name": "Åpne dokumentet", "transactions": ["ITI-43", "ITI-39"], "requires": ["list"]},
]


def evaluation(rules, view="draft", **overrides):
    return Evaluation(load_data(**world(rules, actions=ACTIONS, **overrides)), view)


def cell(document="henvisning", group="sykepleier", action="open", source="hf-vest"):
    return (source, document, group, action)


def test_a_catalogue_without_actions_has_the_one_action_read():
    ev = Evaluation(load_data(**world([allow("a", actions=["read"])])))
    assert ev.actions == ("read",)
    assert ev.decision(("hf-vest", "henvisning", "fastlege", "read")).kind == "allow"


def test_rules_name_actions_and_omitted_means_every_action():
    ev = evaluation([allow("liste", actions=["list"]), allow("alt", personnel=["fastlege"])])
    assert ev.decision(cell(action="list")).kind == "allow"
    assert ev.decision(cell(action="open")).kind == "none"
    assert ev.decision(cell(group="fastlege", action="open")).kind == "allow"


def test_an_allow_with_a_window_gives_its_window_to_the_cell():
    ev = evaluation([allow("a", window="P12M")])
    decision = ev.decision(cell())
    assert decision.kind == "allow" and decision.window == 12 and decision.grants == (Grant((), 12),)
    assert decision.alternatives == ()


def test_dominance_keeps_the_longest_window_and_the_fewest_conditions():
    ev = evaluation([allow("kort", conditions=["akutt"], window="P6M"), allow("lang", conditions=["akutt"], window="P1Y")])
    decision = ev.decision(cell())
    assert decision.grants == (Grant(("akutt",), 12),)  # (akutt, 6 months) is dominated
    assert [r.id for r in ev.explain(cell()).decisive] == ["lang"]
    ev = evaluation([allow("mer", conditions=["akutt", "samtykke"]), allow("mindre", conditions=["akutt"])])
    assert ev.decision(cell()).grants == (Grant(("akutt",), None),)


def test_neither_dominates_when_one_has_fewer_conditions_and_the_other_a_longer_window():
    ev = evaluation([allow("ja-kort", window="P6M"), allow("akutt-lang", conditions=["akutt"])])
    decision = ev.decision(cell())
    # an allow for six months, and a conditional grant reaching further back
    assert decision.kind == "allow" and decision.window == 6
    assert decision.grants == (Grant((), 6), Grant(("akutt",), None))
    assert [r.id for r in ev.explain(cell()).decisive] == ["ja-kort", "akutt-lang"]


def test_duplicate_grants_from_two_rules_are_one_grant_and_both_rules_decide():
    ev = evaluation([allow("a", conditions=["akutt"], window="P1Y"), allow("b", conditions=["akutt"], window="P12M")])
    assert ev.decision(cell()).grants == (Grant(("akutt",), 12),)
    assert [r.id for r in ev.explain(cell()).decisive] == ["a", "b"]


def test_grants_sort_by_conditions_then_window_with_unlimited_last():
    ev = evaluation(
        [allow("s", conditions=["samtykke"], window="P2Y"), allow("a", conditions=["akutt"], window="P6M"),
         allow("as", conditions=["akutt", "samtykke"])]
    )
    decision = ev.decision(cell())
    assert decision.kind == "conditional"
    assert decision.grants == (Grant(("akutt",), 6), Grant(("akutt", "samtykke"), None), Grant(("samtykke",), 24))
    assert decision.alternatives == (("akutt",), ("samtykke",))  # the §2 value: supersets removed


def test_deny_beats_every_grant_and_has_none():
    ev = evaluation([allow("a"), deny("d", actions=["open"])])
    decision = ev.decision(cell())
    assert decision.kind == "deny" and decision.grants == () and decision.window is None
    assert ev.decision(cell(action="list")).kind == "allow"


def test_redundancy_counts_windows_and_grants():
    found = policy_findings(Context(load_data(**world([allow("a", window="P1Y"), allow("b")], actions=ACTIONS))), ["redundant"])
    assert [f.rules for f in found] == [("a",)]  # b gives a longer window everywhere a does
    found = policy_findings(Context(load_data(**world([allow("b"), allow("a", window="P1Y")], actions=ACTIONS))), ["redundant"])
    assert [f.rules for f in found] == [("a",)]
    found = policy_findings(Context(load_data(**world([allow("a", window="P1Y"), allow("b", conditions=["akutt"])], actions=ACTIONS))), ["redundant"])
    assert found == []  # a longer window on a conditional grant is not redundant


def test_action_without_required_is_reported_at_the_requires_entry():
    catalogue = load_data(**world([allow("apne", actions=["open"]), allow("liste", actions=["list"], window="P1Y")], actions=ACTIONS))
    found = policy_findings(Context(catalogue), ["action_without_required"])
    assert len(found) == 1
    finding = found[0]
    assert finding.entities == ("open", "list") and finding.severity == "warning"
    assert (finding.location.line, finding.location.column) == _position(catalogue, "requires")
    assert finding.cells[0][3] == "open" and finding.cell_count == len(Evaluation(catalogue).box(actions=["open"]))
    fine = load_data(**world([allow("apne", actions=["open"], window="P1Y"), allow("liste", actions=["list"])], actions=ACTIONS))
    assert policy_findings(Context(fine), ["action_without_required"]) == []


def _position(catalogue, key):
    text = catalogue.files["catalogue.yaml"].text.splitlines()
    line = next(i for i, line in enumerate(text) if key in line and "list" in line)
    return line + 1, text[line].index("list") + 1


def test_unused_actions_are_infos():
    catalogue = load_data(**world([allow("a", actions=["list"])], actions=ACTIONS))
    found = policy_findings(Context(catalogue), ["unused"])
    assert ("open",) in [f.entities for f in found]


def test_expectation_severity_warning_fails_as_a_warning():
    expectations = [{"id": "ambisjon", "personnel": ["fastlege"], "decision": "readable", "severity": "warning"}]
    found = policy_findings(Context(load_data(**world([], expectations=expectations, actions=ACTIONS))), ["expectation_failed"])
    assert [f.severity for f in found] == ["warning"]


def _load(**sections):
    return load_files([("catalogue.yaml", catalogue_yaml(**sections).encode("utf-8"))])


@pytest.mark.parametrize(
    ("rule", "kind", "words"),
    [
        ({"id": "r", "effect": "deny", "window": "P1Y"}, "schema", "a deny rule cannot have a window"),
        ({"id": "r", "effect": "allow", "window": "P0M", "legal_basis": ["hpl-45"]}, "schema", "empty window"),
        ({"id": "r", "effect": "allow", "window": "P30D", "legal_basis": ["hpl-45"]}, "schema", "'P30D' is not a window"),
        ({"id": "r", "effect": "allow", "window": "P1.5Y", "legal_basis": ["hpl-45"]}, "schema", "'P1.5Y' is not a window"),
        ({"id": "r", "effect": "allow", "actions": [], "legal_basis": ["hpl-45"]}, "schema", "empty list"),
    ],
)
def test_bad_windows_and_action_lists_are_located_schema_errors(rule, kind, words):
    result = _load(**world([rule], actions=ACTIONS))
    assert [f.kind for f in result.findings] == [kind]
    finding = result.findings[0]
    assert words in finding.message, finding.message
    text = catalogue_yaml(**world([rule], actions=ACTIONS)).splitlines()
    at = text[finding.location.line - 1][finding.location.column - 1 :]
    assert at.startswith(rule.get("window", "[]")), at  # at the value itself


def test_an_action_list_in_a_catalogue_without_actions_names_nothing():
    result = _load(**world([allow("r", actions=["open"])]))
    assert [f.kind for f in result.findings] == ["unknown_reference"]
    assert "only action is 'read'" in result.findings[0].message


def test_requires_naming_itself_is_a_cycle_and_an_empty_section_is_refused():
    actions = [{"id": "open", "name": "Åpne", "requires": ["open"]}]
    result = _load(**world([], actions=actions))
    assert [f.kind for f in result.findings] == ["cycle"] and "open → open" in result.findings[0].message
    text = "catalogue: {id: t, title: T, version: '1'}\nactions: []\n"
    result = load_files([("c.yaml", text.encode())])
    assert [f.kind for f in result.findings] == ["schema"] and result.findings[0].location.line == 2
