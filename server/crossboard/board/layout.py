"""Where notes go when nobody chose a spot (shared/PROTOCOL.md R13, R14): pure geometry.

A block of free notes is a grid of cells. A note takes one column and two rows, a group
takes as many as its notes need. A note added without a position goes to the first free
place of its footprint (rows top-down, columns left-right), decided by the reducer in seq
order, so every replica puts thirty simultaneous notes on thirty different places. A block
whose content reaches its bottom grows, and pushes the blocks below it down. "Tidy" lays a
block out again from an empty grid in an order the facilitator chose.

The JS client has the very same rules in `client/src/layout.js`; the shared op vectors
check that both agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .state import Board, Item

FLOW_KINDS = frozenset({"notes", "results"})
"""Block kinds whose notes and groups the reducer places."""

PAD_X = 24.0
PAD_TOP = 84.0
CELL_W = 224.0
CELL_H = 75.0
GAP = 16.0
NOTE_W = CELL_W - GAP
NOTE_H = 2 * CELL_H - GAP
GROUP_COLUMNS = 3

Cell = tuple[int, int]
Footprint = tuple[int, int]
"""(columns, rows) of cells."""


def columns(block: dict[str, Any]) -> int:
    """How many cells fit side by side in the block."""
    return max(1, math.floor((float(block["w"]) - 2 * PAD_X + GAP) / CELL_W))


def is_top_level(item: Item) -> bool:
    """Does the item take room in its block's flow? Groups do, and notes that are neither in
    a group nor hung on a goal node (those are drawn by their group or node)."""
    if item["kind"] == "group":
        return True
    return item["kind"] == "note" and item.get("group") is None and item.get("on") is None


def footprint(item: Item, members: int) -> Footprint:
    """Cells an element takes: a note 1x2; a group a header row plus two rows per line of
    up to three notes (1x2 when collapsed)."""
    if item["kind"] != "group" or item.get("collapsed"):
        return (1, 2)
    lines = max(1, math.ceil(members / GROUP_COLUMNS))
    return (min(max(members, 1), GROUP_COLUMNS), 1 + 2 * lines)


def size(fp: Footprint) -> tuple[float, float]:
    """Pixel width and height of a footprint."""
    return (fp[0] * CELL_W - GAP, fp[1] * CELL_H - GAP)


def cell_origin(cell: Cell) -> tuple[float, float]:
    return (PAD_X + cell[0] * CELL_W, PAD_TOP + cell[1] * CELL_H)


def elements(board: Board, block_id: str) -> list[tuple[Item, Footprint]]:
    """The block's top-level elements with their footprints, in item-id order."""
    counts: dict[str, int] = {}
    inside: list[Item] = []
    for item in board.items.values():
        if item["block"] != block_id:
            continue
        if item["kind"] == "note" and item.get("group") is not None:
            counts[item["group"]] = counts.get(item["group"], 0) + 1
        if is_top_level(item):
            inside.append(item)
    inside.sort(key=lambda it: it["id"])
    return [(it, footprint(it, counts.get(it["id"], 0))) for it in inside]


def covered(x: float, y: float, fp: Footprint, cols: int) -> Iterable[Cell]:
    """Cells a box at (x, y) overlaps (boxes touching at an edge do not overlap)."""
    w, h = size(fp)
    c_lo = max(0, math.floor((x - PAD_X - CELL_W + GAP) / CELL_W) + 1)
    c_hi = min(cols - 1, math.ceil((x + w - PAD_X) / CELL_W) - 1)
    r_lo = max(0, math.floor((y - PAD_TOP - CELL_H + GAP) / CELL_H) + 1)
    r_hi = math.ceil((y + h - PAD_TOP) / CELL_H) - 1
    for r in range(r_lo, r_hi + 1):
        for c in range(c_lo, c_hi + 1):
            yield (c, r)


def first_fit(taken: set[Cell], fp: Footprint, cols: int, start: int = 0) -> Cell:
    """The first place (rows top-down, columns left-right) where `fp` covers no taken cell;
    rows above `start` are known to be full."""
    fc = min(fp[0], cols)
    r = start
    while True:
        for c in range(cols - fc + 1):
            if all((c + dc, r + dr) not in taken for dr in range(fp[1]) for dc in range(fc)):
                return (c, r)
        r += 1


def occupancy(board: Board, block: dict[str, Any], skip: str | None = None) -> set[Cell]:
    """Cells the block's elements cover now (but `skip`'s)."""
    cols = columns(block)
    taken: set[Cell] = set()
    for item, fp in elements(board, block["id"]):
        if item["id"] != skip:
            taken.update(covered(float(item["x"]), float(item["y"]), fp, cols))
    return taken


@dataclass
class Flow:
    """A block's covered cells, kept between adds so a note added to a block of thousands
    does not rescan them: rows below `low` are full. Only the reducer keeps it, and it drops
    it on any op that may move, resize or remove what the block holds (`Board.flow_memo`)."""

    cols: int
    taken: set[Cell] = field(default_factory=set)
    per_row: dict[int, int] = field(default_factory=dict)
    low: int = 0

    def mark(self, cells: Iterable[Cell]) -> None:
        for cell in cells:
            if cell not in self.taken:
                self.taken.add(cell)
                self.per_row[cell[1]] = self.per_row.get(cell[1], 0) + 1
        while self.per_row.get(self.low, 0) >= self.cols:
            self.low += 1

    def first_fit(self, fp: Footprint) -> Cell:
        return first_fit(self.taken, fp, self.cols, start=self.low)


def flow(board: Board, block: dict[str, Any]) -> Flow:
    """The block's flow as it stands, from the memo when the reducer kept one."""
    cols = columns(block)
    memo = board.flow_memo.get(block["id"])
    if not isinstance(memo, Flow) or memo.cols != cols:
        memo = Flow(cols)
        memo.mark(occupancy(board, block))
        board.flow_memo[block["id"]] = memo
    return memo


def next_slot(block: dict[str, Any]) -> Cell:
    """In a private block nobody but the facilitator sees every item, so the replicas could
    not agree on which cells are free: there every item added counts (a hidden add too),
    and a note without a position takes the slot of its count."""
    cols = columns(block)
    slot = int(block.get("placed", 0))
    block["placed"] = slot + 1
    return (slot % cols, 2 * (slot // cols))


def grow(board: Board, block: dict[str, Any], bottom: float) -> None:
    """Make the block reach `bottom` (block coordinates) plus a margin; the blocks below it
    move down by as much as it grew, so nothing comes to lie under it."""
    need = bottom + PAD_X
    old_h = float(block["h"])
    if need <= old_h:
        return
    old_bottom = float(block["y"]) + old_h
    left, right = float(block["x"]), float(block["x"]) + float(block["w"])
    for other in board.blocks.values():
        if other is block or float(other["y"]) < old_bottom:
            continue
        if float(other["x"]) < right and float(other["x"]) + float(other["w"]) > left:
            other["y"] = float(other["y"]) + (need - old_h)
    block["h"] = need


def settle(board: Board, block: dict[str, Any], item: Item, fp: Footprint) -> None:
    """Put `item` (already on the board, so its old place does not count) at the block's
    first free place. In a private block it keeps its position: what is free there depends
    on who looks."""
    if block.get("private") is not None:
        return
    cell = first_fit(occupancy(board, block, skip=item["id"]), fp, columns(block))
    put(board, block, item, cell, fp)


def arrive(board: Board, block: dict[str, Any], item: Item, fp: Footprint) -> None:
    """A new top-level element of a public flow block: at the first free place if it has
    no position, else where it is; either way its cells are taken from now on."""
    memo = flow(board, block)
    if item["x"] is None or item["y"] is None:
        put(board, block, item, memo.first_fit(fp), fp)
    memo.mark(covered(float(item["x"]), float(item["y"]), fp, memo.cols))


def put(board: Board, block: dict[str, Any], item: Item, cell: Cell, fp: Footprint) -> None:
    item["x"], item["y"] = cell_origin(cell)
    grow(board, block, item["y"] + size(fp)[1])


def tidy(board: Board, block: dict[str, Any], order: list[str]) -> None:
    """Lay the block's elements out again from an empty grid: `order` first, then the rest
    top to bottom, left to right (R14)."""
    found = elements(board, block["id"])
    by_id = {item["id"]: (item, fp) for item, fp in found}
    sequence: list[tuple[Item, Footprint]] = []
    for item_id in order:
        entry = by_id.pop(item_id, None)
        if entry is not None:
            sequence.append(entry)
    rest = sorted(by_id.values(), key=lambda e: (float(e[0]["y"]), float(e[0]["x"]), e[0]["id"]))
    sequence.extend(rest)
    laid = Flow(columns(block))
    bottom = 0.0
    for item, fp in sequence:
        item["x"], item["y"] = cell_origin(laid.first_fit(fp))
        laid.mark(covered(item["x"], item["y"], fp, laid.cols))
        bottom = max(bottom, item["y"] + size(fp)[1])
    if sequence:
        grow(board, block, bottom)
