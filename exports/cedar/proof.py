"""The proof that Cedar answers what pjd answers (SPEC §11): every request class asked of both.

For every cell of the view — not-applicable cells included, every action — the contexts
that can change the answer: for `allow` the empty context (and each grant's conditions
when it has more than one grant); for `deny`, `none` and not applicable, a context in which
every condition holds; for `conditional`, each grant's conditions holding, and for each
minimal set T of conditions meeting every grant (a minimal hitting set), every condition
holding except those in T. Each at document ages 0, W−1 and W months for every window W of
the cell's grants, and with no start date. Plus requests that resolve to no cell.

Cedar's answer must equal `decide`'s: permitted or not, and its reasons — the policies that
determined it, the export's guards left out — exactly `decide`'s `rules` (SPEC §10.4). A
structural check makes these contexts sufficient: no `forbid` reads the context, and every
`permit` reads it only in positive tests.
"""

from __future__ import annotations

import datetime
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from policy_model.decide import Cell, Evaluation
from policy_model.i18n import M, Message, _
from policy_model.resolve import Resolver
from policy_model.windows import add_months

from .translate import AGE, GUARD_PREFIX, UNRESOLVED, context_types, document_id

AT = datetime.date(2026, 12, 1)
"""The request date the proof asks at (a first of the month: every age is exact)."""
BATCH = 5000


@dataclass(frozen=True)
class Case:
    cell: Cell | None  # None: a request that resolves to no cell
    context: dict  # as a §10.1 request carries it
    age: int | None  # months; None: no start date
    principal: str
    resource: str


@dataclass(frozen=True)
class Mismatch:
    case: Case
    expected: tuple[bool, tuple[str, ...]]
    got: tuple[str, tuple[str, ...], tuple[str, ...]]  # decision, rule reasons, errors

    def describe(self) -> str:
        cell = " / ".join(self.case.cell) if self.case.cell else _("(no cell)")
        permit, rules = self.expected
        decision, reasons, errors = self.got
        age = _("no start date") if self.case.age is None else _("age {months} months", months=self.case.age)
        pjd = (_("pjd permits after {rules}", rules=list(rules)) if permit
               else _("pjd denies after {rules}", rules=list(rules)))
        text = _("{cell}, context {context}, {age}: {pjd}, Cedar {decision} {reasons}",
                 cell=cell, context=self.case.context, age=age, pjd=pjd, decision=decision, reasons=list(reasons))
        return text + (_(" (errors: {errors})", errors="; ".join(errors)) if errors else "")


@dataclass
class ProofResult:
    requests: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    structural: list[Message] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.structural


# -- contexts -----------------------------------------------------------------------------------------
def _context(catalogue, holding: set[str], not_holding: set[str] = frozenset()) -> dict:
    """A §10.1 context in which the `holding` conditions hold (as far as values allow) and
    the `not_holding` ones do not."""
    wanted: dict[str, list] = {}
    banned: dict[str, set] = {}
    for condition_id in not_holding:
        condition = catalogue.conditions[condition_id]
        if condition.attribute is not None:
            banned.setdefault(condition.attribute, set()).update(condition.values)
    for condition_id in sorted(holding):
        condition = catalogue.conditions[condition_id]
        if condition.attribute is None:
            continue
        for value in condition.values:
            if value not in banned.get(condition.attribute, ()) and value not in wanted.setdefault(condition.attribute, []):
                wanted[condition.attribute].append(value)
    context = {}
    for attribute, values in wanted.items():
        if not values:
            continue
        if isinstance(values[0], bool):
            context[attribute] = values[0]  # one boolean a request can carry
        else:
            context[attribute] = values if len(values) > 1 else values[0]
    return context


def minimal_hitting_sets(sets: list[frozenset[str]]) -> list[frozenset[str]]:
    """The minimal sets T with T ∩ S ≠ ∅ for every S (conditions that meet every grant)."""
    universe = sorted(set().union(*sets)) if sets else []
    found: list[frozenset[str]] = []
    for size in range(1, len(universe) + 1):
        for combo in itertools.combinations(universe, size):
            candidate = frozenset(combo)
            if all(candidate & s for s in sets) and not any(f <= candidate for f in found):
                found.append(candidate)
    return found


def _contexts(catalogue, decision) -> list[dict]:
    every = set(catalogue.conditions)
    if decision.kind == "allow":
        contexts = [{}]
        if len(decision.grants) > 1:
            contexts += [_context(catalogue, set(g.conditions)) for g in decision.grants if g.conditions]
        return contexts
    if decision.kind != "conditional":
        return [_context(catalogue, every)]
    contexts = [_context(catalogue, set(g.conditions)) for g in decision.grants]
    for hitting in minimal_hitting_sets([frozenset(g.conditions) for g in decision.grants]):
        contexts.append(_context(catalogue, every - hitting, hitting))
    return contexts


def _ages(decision) -> list[int | None]:
    ages = {0}
    for grant in decision.grants:
        if grant.window is not None:
            ages |= {grant.window - 1, grant.window}
    return [*sorted(ages), None]


def cases(evaluation: Evaluation) -> Iterator[Case]:
    """Every request class of SPEC §11, in a fixed order."""
    cat = evaluation.catalogue
    unique: set[tuple] = set()
    for source in evaluation.sources:
        for document in evaluation.documents:
            resource = document_id(source, document)
            for group in evaluation.personnel:
                for action in evaluation.actions:
                    cell = (source, document, group, action)
                    decision = evaluation.decision(cell)
                    for context in _contexts(cat, decision):
                        key = repr(sorted(context.items()))
                        for age in _ages(decision):
                            if (cell, key, age) not in unique:
                                unique.add((cell, key, age))
                                yield Case(cell, context, age, group, resource)
    some = next(iter(evaluation.applicable.sorted_cells(1)), None)
    if some is not None:
        everything = _context(cat, set(cat.conditions))
        yield Case(None, everything, 0, UNRESOLVED, document_id(some[0], some[1]))
        yield Case(None, everything, 0, some[2], UNRESOLVED)


# -- asking both engines --------------------------------------------------------------------------------
def cedar_context(context: dict, age: int | None, types: dict[str, str]) -> dict:
    """A §10.1 context as the schema types it (the bundle's README says the same in words):
    a text for a Set<String> attribute becomes a one-element set, a list of texts a set, a
    boolean stays a boolean for a Bool attribute; any other value, and any attribute the
    schema does not declare, is left out (it cannot make a condition hold)."""
    out = {}
    for name, value in context.items():
        kind = types.get(name)
        if kind == "Bool" and isinstance(value, bool):
            out[name] = value
        elif kind == "Set<String>" and isinstance(value, str):
            out[name] = [value]
        elif kind == "Set<String>" and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            out[name] = list(value)
    if age is not None:
        out[AGE] = age
    return out


def expected(evaluation: Evaluation, resolver: Resolver, case: Case) -> tuple[bool, tuple[str, ...]]:
    """What `pjd decide` answers: permitted or not, and the rules that say so."""
    if case.cell is None:
        return False, ()
    start = None if case.age is None else add_months(AT, -case.age)
    context = {k: tuple(v) if isinstance(v, list) else v for k, v in case.context.items()}
    answer = evaluation.answer(case.cell, lambda c: resolver.holds(c, context), start, AT)
    return answer.permit, tuple(sorted(rule.id for rule in answer.rules))


def prove(evaluation: Evaluation, schema: str, policies: str, entities: str) -> ProofResult:
    """Ask Cedar every request class about the bundle given as text, and compare."""
    import cedarpy

    started = time.perf_counter()
    result = ProofResult(structural=structural_problems(policies))
    parsed_schema = cedarpy.Schema.from_str(schema)
    parsed_entities = cedarpy.Entities.from_json_str(entities, schema=parsed_schema)  # with it: the actions
    policy_set = cedarpy.PolicySet.from_str(policies)
    types = context_types(evaluation.catalogue)
    resolver = Resolver(evaluation)
    batch: list[Case] = []

    def ask() -> None:
        requests = [
            {
                "principal": {"type": "PersonnelGroup", "id": case.principal},
                "action": {"type": "Action", "id": case.cell[3] if case.cell else evaluation.actions[0]},
                "resource": {"type": "Document", "id": case.resource},
                "context": cedar_context(case.context, case.age, types),
            }
            for case in batch
        ]
        answers = cedarpy.is_authorized_batch(requests, policy_set, parsed_entities, parsed_schema)
        for case, answer in zip(batch, answers):
            result.requests += 1
            _compare(evaluation, resolver, case, answer, result)
        batch.clear()

    for case in cases(evaluation):
        batch.append(case)
        if len(batch) >= BATCH:
            ask()
    if batch:
        ask()
    result.seconds = time.perf_counter() - started
    return result


def _compare(evaluation, resolver, case: Case, answer, result: ProofResult) -> None:
    import cedarpy

    permit, rules = expected(evaluation, resolver, case)
    names = answer.diagnostics.id_annotations_by_reason
    reasons = sorted(names.get(r, r) for r in answer.diagnostics.reasons)
    rule_reasons = tuple(r for r in reasons if not r.startswith(GUARD_PREFIX))
    decision = {cedarpy.Decision.Allow: "Allow", cedarpy.Decision.Deny: "Deny"}.get(answer.decision, "NoDecision")
    if decision == "NoDecision" or (decision == "Allow") != permit or rule_reasons != rules:
        errors = tuple(str(e) for e in answer.diagnostics.errors)
        result.mismatches.append(Mismatch(case, (permit, rules), (decision, rule_reasons, errors)))


# -- the structure of the policies -----------------------------------------------------------------------
def structural_problems(policies: str) -> list[Message]:
    """Every policy has its own @id; no forbid reads the context; a permit reads it only
    positively (never under `!`, `!=`, if-then-else or `unless`)."""
    import cedarpy
    from cedarpy import pst

    problems, seen = [], set()
    for key, policy in cedarpy.policies_to_pst(policies).static_policies.items():
        name = policy.annotations.get("id")
        if not name:
            problems.append(M("policy {key} has no @id", key=key))
            continue
        if name in seen:
            problems.append(M("@id '{name}' is given to two policies", name=name))
        seen.add(name)
        if policy.effect == "forbid":
            if _reads_context(policy.clauses):
                problems.append(M("forbid '{name}' reads the context", name=name))
        elif not all(_positive(clause, pst) for clause in policy.clauses):
            problems.append(M("permit '{name}' reads the context in a negative test", name=name))
    return problems


def _reads_context(node) -> bool:
    from cedarpy import pst

    if isinstance(node, pst.Var):
        return node.name == "context"
    if hasattr(node, "__dataclass_fields__"):
        return any(_reads_context(getattr(node, f)) for f in node.__dataclass_fields__)
    if isinstance(node, (tuple, list)):
        return any(_reads_context(x) for x in node)
    if isinstance(node, dict):
        return any(_reads_context(x) for x in node.values())
    return False


def _positive(node, pst) -> bool:
    if not _reads_context(node):
        return True
    if isinstance(node, pst.Unless) or isinstance(node, pst.IfThenElse):
        return False
    if isinstance(node, pst.UnaryOp):
        return node.op != "not" and _positive(node.arg, pst)
    if isinstance(node, pst.BinaryOp):
        return node.op != "not_eq" and _positive(node.left, pst) and _positive(node.right, pst)
    if isinstance(node, pst.When):
        return _positive(node.expr, pst)
    return True
