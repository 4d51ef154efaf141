"""What every policy check reads: the catalogue, the evaluation of the chosen view, and the
rules that have no effect (dead or shadowed), computed once and shared."""

from __future__ import annotations

from functools import cached_property

from ..catalogue import Catalogue
from ..decide import Cover, Evaluation
from ..findings import Location


class Context:
    def __init__(self, catalogue: Catalogue, view: str = "draft", evaluation: Evaluation | None = None):
        self.catalogue = catalogue
        self.view = view
        self._evaluation = evaluation

    @cached_property
    def evaluation(self) -> Evaluation:
        return self._evaluation or Evaluation(self.catalogue, self.view)

    def applicable_cells(self, cover: Cover) -> int:
        """How many applicable cells a rule covers."""
        ev = self.evaluation
        return sum((cover.mask & ev.applicable[s]).bit_count() for s in cover.sources)

    @cached_property
    def dead(self) -> set[str]:
        """Rules in the view that cover no applicable cell."""
        return {c.rule.id for c in self.evaluation.covers if not self.applicable_cells(c)}

    @cached_property
    def shadowed(self) -> dict[str, list[str]]:
        """Allow rules whose applicable cells are all denied, with the deny rules that do it."""
        ev = self.evaluation
        found = {}
        for cover in ev.covers:
            if cover.is_deny or cover.rule.id in self.dead:
                continue
            if all(not (cover.mask & ev.applicable[s] & ~ev.grids[s].deny) for s in cover.sources):
                denies = {
                    other.rule.id: other.order
                    for s in cover.sources
                    for other in ev.grids[s].covers
                    if other.is_deny and other.mask & cover.mask & ev.applicable[s]
                }
                found[cover.rule.id] = sorted(denies, key=denies.__getitem__)
        return found

    def box_masks(self, sources, documents, personnel) -> list[tuple[int, int]]:
        """The applicable cells under the given nodes (None = all), as (source index, mask)."""
        ev, cat = self.evaluation, self.catalogue
        mask = ev.box(cat.document_axis.leaves_under_any(documents), cat.personnel_axis.leaves_under_any(personnel))
        leaves = cat.source_axis.leaves_under_any(sources)
        return [(s, mask & ev.applicable[s]) for s in sorted(ev.source_index[leaf] for leaf in leaves)]

    def rule_location(self, rule_id: str, *field_path) -> Location | None:
        return self.catalogue.locate("rules", rule_id, *field_path)

    def deciding_rules(self, cells) -> tuple[str, ...]:
        """The rules that decide the given cells (why they are as they are), in catalogue order."""
        ev = self.evaluation
        found: dict[str, None] = {}
        for cell in cells:
            for rule in ev.provenance(*cell).decisive:
                found[rule.id] = None
        order = {c.rule.id: c.order for c in ev.covers}
        return tuple(sorted(found, key=order.__getitem__))

    def example_cells(self, masks, limit: int = 10) -> dict:
        """`cells` (the first `limit` in id order) and `cell_count` for a finding, from (source, mask) pairs.

        Counting is a popcount; cells are listed only for the first sources (by id) needed.
        """
        ev = self.evaluation
        merged: dict[int, int] = {}
        for s, mask in masks:
            merged[s] = merged.get(s, 0) | mask
        total = sum(m.bit_count() for m in merged.values())
        chosen: list[tuple[str, str, str]] = []
        for s in sorted((s for s, m in merged.items() if m), key=ev.sources.__getitem__):
            chosen.extend(sorted(ev.cells_in(s, merged[s])))
            if len(chosen) >= limit:
                break
        return {"cells": tuple(chosen[:limit]), "cell_count": total}
