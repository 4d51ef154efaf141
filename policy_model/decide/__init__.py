"""Decisions (SPEC §2, §9.3): every cell of a view, its grants, and why.

The only package that knows how cells are laid out and how a decision is resolved;
everything else asks `Evaluation`.
"""

from .answer import CellAnswer
from .decision import ALLOW, DENY, GLYPHS, NA, NONE, Alternatives, Decision, DecisionKind, Grant, make_grant, minimal_sets, resolve
from .evaluation import VIEW_STATUSES, VIEWS, Cover, Evaluation, Region, View, counts_in, evaluate, rules_in_view, views_counting
from .explanation import Explanation
from .space import Cell, CellSet

__all__ = [
    "ALLOW", "DENY", "GLYPHS", "NA", "NONE", "VIEWS", "VIEW_STATUSES",
    "Alternatives", "Cell", "CellAnswer", "CellSet", "Cover", "Decision", "DecisionKind", "Evaluation", "Explanation",
    "Grant", "Region", "View", "counts_in", "evaluate", "make_grant", "minimal_sets", "resolve", "rules_in_view",
    "views_counting",
]
