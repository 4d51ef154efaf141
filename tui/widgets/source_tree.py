"""The source picker: the source hierarchy as a tree. Choosing a leaf shows its matrix;
choosing a grouping shows its first leaf (n and p then step through the leaves)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from policy_model.i18n import _
from policy_model.vocabulary import source_status_word

STATUS_STYLE = {"production": "green", "pilot": "yellow", "planned": "dim"}


class SourceTree(Tree[str]):
    class Picked(Message):
        def __init__(self, leaf: str) -> None:
            super().__init__()
            self.leaf = leaf

    def __init__(self, **kwargs):
        super().__init__(Text(_("Sources")), **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.sources = None  # the catalogue's sources mapping the tree shows

    def fill(self, catalogue) -> None:
        self.sources = catalogue.sources
        self.clear()
        axis = catalogue.source_axis
        seen: set[str] = set()

        def add(parent, node_id: str) -> None:
            source = catalogue.sources[node_id]
            label = Text(source.name)
            if axis.is_leaf(node_id):
                label.append(f" {source_status_word(source.status)}", style=STATUS_STYLE.get(source.status, "dim"))
                parent.add_leaf(label, data=node_id)
                return
            branch = parent.add(label, data=node_id, expand=True)
            if node_id in seen:  # a DAG: show a grouping's children under its first parent only
                return
            seen.add(node_id)
            for child in axis.children(node_id):
                add(branch, child)

        for root in axis.roots():
            add(self.root, root)

    def point_at(self, node_id: str | None) -> None:
        """Put the cursor on the (first) node showing `node_id`."""
        todo = list(self.root.children)
        while todo:
            node = todo.pop(0)
            if node.data == node_id:
                self.move_cursor(node)
                return
            todo.extend(node.children)

    def first_leaf(self, catalogue, node_id: str) -> str | None:
        leaves = catalogue.source_axis.sorted(catalogue.source_axis.leaves_under(node_id))
        return leaves[0] if leaves else None

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        node_id = event.node.data
        if node_id is not None:
            self.post_message(self.Picked(node_id))
