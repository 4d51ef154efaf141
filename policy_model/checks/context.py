"""What every policy check reads: the catalogue, the evaluation of the chosen view, and the
rules that have no effect (dead or shadowed), computed once and shared."""

from __future__ import annotations

from functools import cached_property

from ..catalogue import Catalogue
from ..decide import CellSet, Evaluation
from ..findings import MAX_EXAMPLE_CELLS, Location


class Context:
    def __init__(self, catalogue: Catalogue, view: str = "draft", evaluation: Evaluation | None = None):
        self.catalogue = catalogue
        self.view = view
        self._evaluation = evaluation

    @cached_property
    def evaluation(self) -> Evaluation:
        return self._evaluation or Evaluation(self.catalogue, self.view)

    @cached_property
    def dead(self) -> set[str]:
        """Rules in the view that cover no applicable cell."""
        ev = self.evaluation
        return {rule.id for rule in ev.rules if not ev.covered(rule)}

    @cached_property
    def shadowed(self) -> dict[str, list[str]]:
        """Allow rules whose applicable cells are all denied, with the deny rules that do it."""
        ev = self.evaluation
        return {
            rule.id: ev.denies_over(rule)
            for rule in ev.rules
            if rule.effect == "allow" and rule.id not in self.dead and not (ev.covered(rule) - ev.denied_cells(rule))
        }

    def rule_location(self, rule_id: str, *field_path) -> Location | None:
        return self.catalogue.locate("rules", rule_id, *field_path)

    def examples(self, cells: CellSet, limit: int = MAX_EXAMPLE_CELLS) -> dict:
        """`cells` (the first `limit` in id order, as outputs write them) and `cell_count`."""
        short = self.evaluation.short
        return {"cells": tuple(short(c) for c in cells.sorted_cells(limit)), "cell_count": len(cells)}
