"""The axes as DAGs: leaves, what lies under a node, parents and children, and loops.

A loaded catalogue has no loops (the loader refuses them), so the hierarchy itself needs
only plain dictionaries: a node's leaves are the union of its children's. Reporting loops
is the one graph problem worth a library: `find_cycles` asks networkx, and imports it only
when there is a loop to report (importing networkx costs most of a command's start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Hierarchy:
    """One axis: nodes in catalogue order, edges parent → child, and each node's leaves.

    `is_leaf` decides what a leaf is: by default a node without children; on the document
    axis only document types are leaves (an empty category has none, SPEC §1.2).
    """

    def __init__(self, nodes: Iterable[tuple[str, Iterable[str]]], is_leaf: Callable[[str, bool], bool] | None = None):
        self.order: dict[str, int] = {}
        self._parents: dict[str, list[str]] = {}
        self._children: dict[str, list[str]] = {}
        for node_id, parents in nodes:
            self.order.setdefault(node_id, len(self.order))
            self._parents.setdefault(node_id, [])
            self._children.setdefault(node_id, [])
            for parent in parents:
                self._children.setdefault(parent, [])
                self._parents.setdefault(parent, [])
                if node_id not in self._children[parent]:
                    self._children[parent].append(node_id)
                    self._parents[node_id].append(parent)
        is_leaf = is_leaf or (lambda node, has_children: not has_children)
        self._leaves: dict[str, frozenset[str]] = {}
        for node in self._bottom_up():
            children = self._children[node]
            if is_leaf(node, bool(children)):
                self._leaves[node] = frozenset((node,))
            else:
                self._leaves[node] = frozenset().union(*(self._leaves[c] for c in children))
        self.leaves: tuple[str, ...] = tuple(
            sorted((n for n in self.order if self._leaves[n] == {n}), key=self.order.__getitem__)
        )

    def _bottom_up(self) -> list[str]:
        """Every node after all of its children (Kahn's algorithm on the reversed edges)."""
        waiting = {node: len(children) for node, children in self._children.items()}
        ready = [node for node, count in waiting.items() if count == 0]
        done = []
        while ready:
            node = ready.pop()
            done.append(node)
            for parent in self._parents[node]:
                waiting[parent] -= 1
                if waiting[parent] == 0:
                    ready.append(parent)
        if len(done) != len(waiting):
            raise ValueError("the hierarchy has a loop")  # the loader reports loops before this
        return done

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
        found, todo = set(), list(self._parents.get(node, ()))
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self._parents[current])
        return frozenset(found)

    def ancestor_distances(self, node: str) -> dict[str, int]:
        """Each ancestor of `node` with its distance: the fewest steps up to it. In a DAG a node
        can be reached along several paths; it is listed once, at its nearest."""
        distances: dict[str, int] = {}
        frontier, step = list(self._parents.get(node, ())), 1
        while frontier:
            next_frontier = []
            for current in frontier:
                if current not in distances:
                    distances[current] = step
                    next_frontier.extend(self._parents[current])
            frontier, step = next_frontier, step + 1
        return distances

    def parents(self, node: str) -> list[str]:
        return sorted(self._parents.get(node, ()), key=self.order.__getitem__)

    def children(self, node: str) -> list[str]:
        return sorted(self._children.get(node, ()), key=self.order.__getitem__)

    def roots(self) -> list[str]:
        return [n for n in self.order if not self._parents[n]]

    def sorted(self, nodes: Iterable[str]) -> list[str]:
        """Nodes in catalogue order."""
        return sorted(nodes, key=self.order.__getitem__)


def _has_loop(edges: list[tuple[str, str]]) -> bool:
    outgoing: dict[str, list[str]] = {}
    incoming: dict[str, int] = {}
    for parent, child in edges:
        outgoing.setdefault(parent, []).append(child)
        outgoing.setdefault(child, [])
        incoming[child] = incoming.get(child, 0) + 1
        incoming.setdefault(parent, 0)
    ready = [node for node, count in incoming.items() if count == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for child in outgoing[node]:
            incoming[child] -= 1
            if incoming[child] == 0:
                ready.append(child)
    return seen != len(incoming)


def find_cycles(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """One loop per strongly connected knot, each as the ids along it (parent → child).

    Linear in the graph's size, unlike listing every simple cycle, which can explode on
    hostile input.
    """
    edges = list(edges)
    if not _has_loop(edges):
        return []
    import networkx as nx

    graph = nx.DiGraph(edges)
    loops = []
    for component in nx.strongly_connected_components(graph):
        first = min(component)
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        cycle = nx.find_cycle(graph.subgraph(component), source=first)
        loops.append([parent for parent, _child in cycle])
    return sorted(loops)
