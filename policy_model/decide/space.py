"""The cell space and sets of cells: the only code that knows how cells are laid out.

A cell is (leaf source, document type, leaf personnel group, action). Cells are kept per
*grid*, one per (leaf source, action); within a grid a set of cells is a Python int used as
a bitmask, bit `d * G + g` for document d and personnel group g. A rule covers a box, so
its cells in a grid are one multiplication, never a loop over cells. Everything outside
this package sees only `CellSet` values and cell ids.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

Cell = tuple[str, str, str, str]
"""(leaf source id, document type id, leaf personnel group id, action id)."""


class CellSpace:
    """The leaves of the four axes in catalogue order, and the arithmetic of the layout."""

    def __init__(self, sources, documents, personnel, actions):
        self.sources: tuple[str, ...] = tuple(sources)
        self.documents: tuple[str, ...] = tuple(documents)
        self.personnel: tuple[str, ...] = tuple(personnel)
        self.actions: tuple[str, ...] = tuple(actions)
        self.source_index = {s: i for i, s in enumerate(self.sources)}
        self.document_index = {d: i for i, d in enumerate(self.documents)}
        self.personnel_index = {g: i for i, g in enumerate(self.personnel)}
        self.action_index = {a: i for i, a in enumerate(self.actions)}
        self.width = len(self.personnel)
        self.full_row = (1 << self.width) - 1
        self.grid_count = len(self.sources) * len(self.actions)
        self._all_rows = self.rows_mask(range(len(self.documents)))

    # -- grids ---------------------------------------------------------------------------
    def grid(self, s: int, a: int) -> int:
        return s * len(self.actions) + a

    def grids_of(self, sources: Iterable[str], actions: Iterable[str]) -> tuple[int, ...]:
        action_indexes = sorted(self.action_index[a] for a in actions)
        return tuple(
            self.grid(s, a) for s in sorted(self.source_index[x] for x in sources) for a in action_indexes
        )

    def source_of(self, k: int) -> str:
        return self.sources[k // len(self.actions)]

    def action_of(self, k: int) -> str:
        return self.actions[k % len(self.actions)]

    # -- masks within a grid -------------------------------------------------------------
    def rows_mask(self, document_indexes: Iterable[int]) -> int:
        """The first personnel bit of each given document row."""
        mask = 0
        for d in document_indexes:
            mask |= 1 << (d * self.width)
        return mask

    def box(self, documents: Collection[str], personnel: Collection[str]) -> int:
        """The cells of documents × personnel (distinct leaf ids) in one grid."""
        if len(personnel) == self.width:
            group_bits = self.full_row
        else:
            group_bits = 0
            for g in personnel:
                group_bits |= 1 << self.personnel_index[g]
        if len(documents) == len(self.documents):
            rows = self._all_rows
        else:
            rows = self.rows_mask(self.document_index[d] for d in documents)
        # No carries: each row's personnel bits stay below the next row's first bit.
        return rows * group_bits

    def row_bits(self, mask: int, d: int) -> int:
        return (mask >> (d * self.width)) & self.full_row

    def bit(self, cell: Cell) -> tuple[int, int]:
        """(grid, bit) of a cell given by ids."""
        s, d, g, a = cell
        k = self.grid(self.source_index[s], self.action_index[a])
        return k, 1 << (self.document_index[d] * self.width + self.personnel_index[g])

    def cells_of(self, k: int, mask: int) -> Iterator[Cell]:
        """The cells of one grid's mask, as ids, in document then personnel order."""
        source, action = self.source_of(k), self.action_of(k)
        while mask:
            low = mask & -mask
            d, g = divmod(low.bit_length() - 1, self.width)
            yield (source, self.documents[d], self.personnel[g], action)
            mask ^= low

    def row_indexes(self, mask: int) -> list[int]:
        """The document rows a mask touches, in order."""
        rows = []
        while mask:
            d = (mask.bit_length() - 1) // self.width
            rows.append(d)
            mask &= (1 << (d * self.width)) - 1
        return rows[::-1]

    def groups_in(self, bits: int) -> list[str]:
        found = []
        while bits:
            low = bits & -bits
            found.append(self.personnel[low.bit_length() - 1])
            bits ^= low
        return found


class CellSet:
    """An immutable set of cells: union, intersection, difference, counting and listing.

    Built by `Evaluation` (its queries return these); nobody else needs to know the layout.
    """

    __slots__ = ("_space", "_masks")

    def __init__(self, space: CellSpace, masks: dict[int, int] | None = None):
        self._space = space
        self._masks = {k: m for k, m in (masks or {}).items() if m}

    # -- algebra -------------------------------------------------------------------------
    def __or__(self, other: CellSet) -> CellSet:
        masks = dict(self._masks)
        for k, m in other._masks.items():
            masks[k] = masks.get(k, 0) | m
        return CellSet(self._space, masks)

    def __and__(self, other: CellSet) -> CellSet:
        small, large = (self._masks, other._masks) if len(self._masks) <= len(other._masks) else (other._masks, self._masks)
        return CellSet(self._space, {k: m & large[k] for k, m in small.items() if k in large})

    def __sub__(self, other: CellSet) -> CellSet:
        return CellSet(self._space, {k: m & ~other._masks.get(k, 0) for k, m in self._masks.items()})

    def __bool__(self) -> bool:
        return bool(self._masks)

    def __len__(self) -> int:
        return sum(m.bit_count() for m in self._masks.values())

    def __eq__(self, other) -> bool:
        return isinstance(other, CellSet) and self._masks == other._masks

    def __hash__(self) -> int:
        return hash(frozenset(self._masks.items()))

    def __contains__(self, cell: Cell) -> bool:
        k, bit = self._space.bit(cell)
        return bool(self._masks.get(k, 0) & bit)

    def __repr__(self) -> str:
        return f"CellSet({len(self)} cells)"

    # -- listing -------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Cell]:
        """Every cell, grid by grid in catalogue order (use `sorted_cells` for id order)."""
        for k in sorted(self._masks):
            yield from self._space.cells_of(k, self._masks[k])

    def sorted_cells(self, limit: int | None = None) -> list[Cell]:
        """The cells in id order (source, document, personnel, action); only the first `limit`
        are listed, and only the sources needed for them are expanded."""
        by_source: dict[str, list[int]] = {}
        for k in self._masks:
            by_source.setdefault(self._space.source_of(k), []).append(k)
        chosen: list[Cell] = []
        for source in sorted(by_source):
            for k in by_source[source]:
                chosen.extend(self._space.cells_of(k, self._masks[k]))
            if limit is not None and len(chosen) >= limit:
                break
        chosen.sort()
        return chosen if limit is None else chosen[:limit]

    def rows(self) -> Iterator[tuple[str, str, str, frozenset[str]]]:
        """(source, action, document, personnel groups) for each row with cells, in catalogue order."""
        space = self._space
        for k in sorted(self._masks):
            mask = self._masks[k]
            source, action = space.source_of(k), space.action_of(k)
            for d in space.row_indexes(mask):
                yield source, action, space.documents[d], frozenset(space.groups_in(space.row_bits(mask, d)))

    def sources(self) -> frozenset[str]:
        return frozenset(self._space.source_of(k) for k in self._masks)

    def actions(self) -> frozenset[str]:
        return frozenset(self._space.action_of(k) for k in self._masks)

    def documents(self) -> frozenset[str]:
        rows = 0
        for m in self._masks.values():
            rows |= m
        space = self._space
        return frozenset(space.documents[d] for d in space.row_indexes(rows))

    def personnel(self) -> frozenset[str]:
        space, bits = self._space, 0
        for m in self._masks.values():
            while m:
                bits |= m & space.full_row
                m >>= space.width
        return frozenset(space.groups_in(bits))

    def pairs(self) -> frozenset[tuple[str, str]]:
        """The (source, document) pairs with cells."""
        space = self._space
        return frozenset(
            (space.source_of(k), space.documents[d]) for k, m in self._masks.items() for d in space.row_indexes(m)
        )
