"""The three axes as networkx DAGs: leaves, what lies under a node, and loops."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx


class Hierarchy:
    """One axis: nodes in catalogue order, edges parent → child, and each node's leaves.

    `is_leaf` decides what a leaf is: by default a node without children; on the document
    axis only document types are leaves (an empty category has none, SPEC §1.2).
    """

    def __init__(self, nodes: Iterable[tuple[str, Iterable[str]]], is_leaf: Callable[[str, bool], bool] | None = None):
        self.graph = nx.DiGraph()
        self.order: dict[str, int] = {}
        for node_id, parents in nodes:
            self.order.setdefault(node_id, len(self.order))
            self.graph.add_node(node_id)
            for parent in parents:
                self.graph.add_edge(parent, node_id)
        is_leaf = is_leaf or (lambda node, has_children: not has_children)
        self._leaves: dict[str, frozenset[str]] = {}
        for node in reversed(list(nx.topological_sort(self.graph))):
            children = list(self.graph.successors(node))
            if is_leaf(node, bool(children)):
                self._leaves[node] = frozenset((node,))
            else:
                self._leaves[node] = frozenset().union(*(self._leaves[c] for c in children))
        self.leaves: tuple[str, ...] = tuple(
            sorted((n for n in self.order if self._leaves[n] == {n}), key=self.order.__getitem__)
        )

    def __contains__(self, node: str) -> bool:
        return node in self.order

    def leaves_under(self, node: str) -> frozenset[str]:
        return self._leaves[node]

    def leaves_under_any(self, nodes: Iterable[str] | None) -> frozenset[str]:
        """The leaves under any of `nodes`; `None` (an omitted axis) means every leaf."""
        if nodes is None:
            return frozenset(self.leaves)
        return frozenset().union(*(self._leaves[n] for n in nodes))

    def is_leaf(self, node: str) -> bool:
        return self._leaves.get(node) == {node}

    def ancestors(self, node: str) -> frozenset[str]:
        return frozenset(nx.ancestors(self.graph, node))

    def parents(self, node: str) -> list[str]:
        return sorted(self.graph.predecessors(node), key=self.order.__getitem__)

    def children(self, node: str) -> list[str]:
        return sorted(self.graph.successors(node), key=self.order.__getitem__)

    def roots(self) -> list[str]:
        return [n for n in self.order if self.graph.in_degree(n) == 0]

    def sorted(self, nodes: Iterable[str]) -> list[str]:
        """Nodes in catalogue order."""
        return sorted(nodes, key=self.order.__getitem__)


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """One loop per strongly connected knot, each as the ids along it (parent → child).

    Linear in the graph's size, unlike listing every simple cycle, which can explode on
    hostile input.
    """
    graph = nx.DiGraph(edges)
    loops = []
    for component in nx.strongly_connected_components(graph):
        first = min(component)
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        cycle = nx.find_cycle(graph.subgraph(component), source=first)
        loops.append([parent for parent, _child in cycle])
    return sorted(loops)
