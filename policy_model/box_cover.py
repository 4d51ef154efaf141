"""Boxes that cover exactly a set of cells: the fewest rules that give some cells a decision
and touch no other cell (used by review proposals and the app's range selection).

A box is sources × actions × documents × personnel, as a rule names them. Rows (or
columns, whichever gives fewer boxes) with the same cells become one box, boxes with the
same rows across sources and actions merge, and two boxes that agree on one axis merge into
their bounding box whenever that adds no applicable cell outside the targets (cells a
source does not produce may join: they have no decision to change).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .decide import CellSet, Evaluation


@dataclass(frozen=True)
class Box:
    sources: frozenset[str]
    actions: frozenset[str]
    documents: frozenset[str]
    personnel: frozenset[str]


def cover_exactly(ev: Evaluation, targets: CellSet, free: CellSet | None = None) -> list[Box]:
    """Boxes whose union holds every target cell and no other applicable cell but `free`
    ones (cells the rule would not change: they may join a box so it merges)."""
    order = _Order(ev)
    allowed = targets | free if free else targets
    by_rows = _merge(ev, allowed, _row_boxes(targets), order)
    by_columns = _merge(ev, allowed, _column_boxes(targets), order)
    return by_columns if len(by_columns) < len(by_rows) else by_rows


def box_cells(ev: Evaluation, box: Box) -> CellSet:
    """The applicable cells of a box."""
    return ev.box(sorted(box.sources), sorted(box.documents), sorted(box.personnel), sorted(box.actions))


def _products(pairs: Iterable[tuple[str, str]]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """(source, action) pairs as products sources × actions: sources with the same actions together."""
    actions_of: dict[str, set[str]] = {}
    for source, action in pairs:
        actions_of.setdefault(source, set()).add(action)
    sources_of: dict[frozenset[str], set[str]] = {}
    for source, actions in actions_of.items():
        sources_of.setdefault(frozenset(actions), set()).add(source)
    return [(frozenset(sources), actions) for actions, sources in sources_of.items()]


def _row_boxes(targets: CellSet) -> list[Box]:
    """Rows with the same target groups, then the same sources and actions, share a box."""
    pairs_of: dict[tuple[str, frozenset[str]], set[tuple[str, str]]] = {}
    for source, action, document, groups in targets.rows():
        pairs_of.setdefault((document, groups), set()).add((source, action))
    documents_of: dict[tuple, set[str]] = {}
    for (document, groups), pairs in pairs_of.items():
        for sources, actions in _products(pairs):
            documents_of.setdefault((groups, sources, actions), set()).add(document)
    return [Box(sources, actions, frozenset(docs), groups) for (groups, sources, actions), docs in documents_of.items()]


def _column_boxes(targets: CellSet) -> list[Box]:
    """Columns with the same target documents, then the same sources and actions, share a box."""
    columns: dict[tuple[str, str, str], set[str]] = {}
    for source, action, document, groups in targets.rows():
        for group in groups:
            columns.setdefault((source, action, group), set()).add(document)
    pairs_of: dict[tuple[str, frozenset[str]], set[tuple[str, str]]] = {}
    for (source, action, group), docs in columns.items():
        pairs_of.setdefault((group, frozenset(docs)), set()).add((source, action))
    groups_of: dict[tuple, set[str]] = {}
    for (group, docs), pairs in pairs_of.items():
        for sources, actions in _products(pairs):
            groups_of.setdefault((docs, sources, actions), set()).add(group)
    return [Box(sources, actions, docs, frozenset(groups)) for (docs, sources, actions), groups in groups_of.items()]


class _Order:
    """Catalogue order of the leaves, for a stable order of boxes."""

    def __init__(self, ev: Evaluation):
        self.source = {s: i for i, s in enumerate(ev.sources)}
        self.document = {d: i for i, d in enumerate(ev.documents)}
        self.group = {g: i for i, g in enumerate(ev.personnel)}
        self.action = {a: i for i, a in enumerate(ev.actions)}

    def key(self, box: Box) -> tuple:
        return (
            min(self.source[s] for s in box.sources),
            min(self.document[d] for d in box.documents),
            min(self.group[g] for g in box.personnel),
            min(self.action[a] for a in box.actions),
        )


def _merge(ev: Evaluation, allowed: CellSet, boxes: list[Box], order: _Order) -> list[Box]:
    """Merge two boxes into their bounding box while it holds only `allowed` cells; drop
    boxes inside others.

    Only boxes that agree on one axis are tried together (a bounding box that grows on every
    axis almost never fits), so scattered changes stay fast: pairs are tried within buckets
    of equal sources, actions, documents or personnel, pass after pass until none merges.
    """
    boxes = sorted(boxes, key=order.key)
    merged = True
    while merged:
        merged = False
        buckets: dict[tuple, list[int]] = {}
        for i, box in enumerate(boxes):
            for key in (("s", box.sources, box.actions), ("d", box.documents), ("p", box.personnel)):
                buckets.setdefault(key, []).append(i)
        alive = [True] * len(boxes)
        for members in buckets.values():
            for position, i in enumerate(members):
                for j in members[position + 1 :]:
                    if not (alive[i] and alive[j]):
                        continue
                    a, b = boxes[i], boxes[j]
                    bound = Box(a.sources | b.sources, a.actions | b.actions, a.documents | b.documents, a.personnel | b.personnel)
                    if not (box_cells(ev, bound) - allowed):
                        boxes[i], alive[j], merged = bound, False, True
        boxes = [box for box, keep in zip(boxes, alive) if keep]
    return [box for i, box in enumerate(boxes) if not any(i != j and _inside(box, other) for j, other in enumerate(boxes))]


def _inside(box: Box, other: Box) -> bool:
    return (
        box != other
        and box.sources <= other.sources
        and box.actions <= other.actions
        and box.documents <= other.documents
        and box.personnel <= other.personnel
    )
