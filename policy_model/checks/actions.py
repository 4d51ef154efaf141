"""Actions against each other (SPEC §9.4): whoever may do an action should be able to do
the actions it requires — open a document only where it can be found in the list."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import MP
from .context import Context
from .registry import Problem, check


@check("action_without_required", "warning")
def action_without_required(ctx: Context) -> Iterator[Problem]:
    """An action A `requires` R, and a cell has a grant for A that no grant of the same cell
    for R covers (R's grant must have a subset of the conditions and a window at least as
    long; conditions are compared by id): the reader could open what they cannot find. One
    finding per (A, R) pair as written (`requires` is not followed transitively), at the
    `requires` entry.

    FAILS:
      actions:
        - {id: list, name: Se i dokumentlisten}
        - {id: open, name: Åpne dokumentet, requires: [list]}
      rules:
        - {id: r, effect: allow, actions: [open], legal_basis: [hpl-45]}
    PASSES:
      actions:
        - {id: list, name: Se i dokumentlisten}
        - {id: open, name: Åpne dokumentet, requires: [list]}
      rules:
        - {id: r, effect: allow, legal_basis: [hpl-45]}
    """
    ev, cat = ctx.evaluation, ctx.catalogue
    group_index = {g: i for i, g in enumerate(ev.personnel)}
    for action in cat.actions.values():
        readable = ev.readable & ev.box(actions=[action.id])
        for index, required in enumerate(action.requires or ()):
            uncovered = []
            for source, _action, document, groups in readable.rows():
                mine, theirs = ev.row(source, document, action.id), ev.row(source, document, required)
                for group in groups:
                    have = theirs[group_index[group]].grants
                    if any(not any(r.covers(grant) for r in have) for grant in mine[group_index[group]].grants):
                        uncovered.append((source, document, group, action.id))
            if not uncovered:
                continue
            examples = ctx.examples(ev.cell_set(uncovered))
            yield Problem(
                MP("action '{action}' requires '{required}', but {n} cell has a grant for '{action}' that no grant "
                   "for '{required}' covers: give '{required}' at least the same access (conditions and window)",
                   "action '{action}' requires '{required}', but {n} cells have a grant for '{action}' that no grant "
                   "for '{required}' covers: give '{required}' at least the same access (conditions and window)",
                   examples["cell_count"], action=action.id, required=required),
                entities=(action.id, required),
                location=cat.locate("actions", action.id, "requires", index),
                **examples,
            )
