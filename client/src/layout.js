// Placement in a block's flow (rule R13): an exact port of server/crossboard/board/layout.py.
//
// Notes and groups of a "notes" or "results" block sit on a grid of cells. A note sent
// without a spot goes to the first free place; `block.tidy` lays every element out again;
// a block that runs out of room grows and pushes the blocks below it down. Pure: nothing
// here changes a board, the reducer applies what these functions return.

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Block} Block */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {{cols: number, rows: number}} Footprint a size in cells */
/** @typedef {{x: number, y: number}} Spot a top-left corner, relative to the block */

import { CELL_H, CELL_W, FLOW_KINDS, GAP, PAD_TOP, PAD_X } from "./protocol.gen.js";

/** The grid and the flow block kinds are the protocol's (board/layout.py, generated). */
export { CELL_H, CELL_W, FLOW_KINDS, GAP, PAD_TOP, PAD_X };
export const NOTE_W = CELL_W - GAP;
export const NOTE_H = 2 * CELL_H - GAP;
/** Members per row inside an expanded group. */
export const GROUP_COLS = 3;
/** The group box's header row (title and count) above its members. */
export const GROUP_HEADER = 59;

/** @type {Footprint} */
export const NOTE_FOOTPRINT = Object.freeze({ cols: 1, rows: 2 });

/** How many cell columns a block's flow has. @param {{w: number}} block */
export function columns(block) {
  return Math.max(1, Math.floor((block.w - 2 * PAD_X + GAP) / CELL_W));
}

/** The top-left corner of cell (c, r). @param {number} c @param {number} r @returns {Spot} */
export function cellSpot(c, r) {
  return { x: PAD_X + c * CELL_W, y: PAD_TOP + r * CELL_H };
}

/** The pixel size of a footprint. @param {Footprint} fp */
export function boxSize(fp) {
  return { w: fp.cols * CELL_W - GAP, h: fp.rows * CELL_H - GAP };
}

/** Is the item an element of its block's flow: a group, or a note in no group and on no node?
 * @param {Item} item */
export function isTopLevel(item) {
  if (item.kind === "group") return true;
  return item.kind === "note" && item.group == null && item.on == null;
}

/** The notes in a group. @param {Board} board @param {string} groupId @returns {Item[]} */
export function members(board, groupId) {
  return Object.values(board.items)
    .filter((it) => it.kind === "note" && it.group === groupId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The footprint of a group holding `count` notes: collapsed like a note; expanded, a header
 * row and up to three members a row.
 * @param {boolean} collapsed @param {number} count @returns {Footprint}
 */
export function groupFootprint(collapsed, count) {
  if (collapsed) return NOTE_FOOTPRINT;
  return {
    cols: Math.min(Math.max(count, 1), GROUP_COLS),
    rows: 1 + 2 * Math.max(1, Math.ceil(count / GROUP_COLS)),
  };
}

/**
 * The footprint of a top-level element. `counts` (group id -> members) saves a scan per group.
 * @param {Board} board @param {Item} item @param {Map<string, number>} [counts] @returns {Footprint}
 */
export function footprint(board, item, counts) {
  if (item.kind !== "group") return NOTE_FOOTPRINT;
  const count = counts ? counts.get(item.id) ?? 0 : members(board, item.id).length;
  return groupFootprint(Boolean(item.collapsed), count);
}

/** Group id -> how many notes it holds. @param {Board} board @param {string} blockId */
export function memberCounts(board, blockId) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const it of Object.values(board.items)) {
    if (it.kind === "note" && it.block === blockId && it.group != null) {
      counts.set(it.group, (counts.get(it.group) ?? 0) + 1);
    }
  }
  return counts;
}

/** The block's top-level elements. @param {Board} board @param {string} blockId @returns {Item[]} */
export function elements(board, blockId) {
  return Object.values(board.items).filter((it) => it.block === blockId && isTopLevel(it));
}

/** Which cells of a flow of `cols` columns are taken. Rows run on without end. */
export class Grid {
  /** @param {number} cols */
  constructor(cols) {
    this.cols = cols;
    /** @type {Set<number>[]} row -> taken columns */
    this.rows = [];
    /** Rows above this one are full: nothing fits there any more. */
    this.open = 0;
  }

  /** @param {number} c @param {number} r */
  taken(c, r) {
    return Boolean(this.rows[r]?.has(c));
  }

  /** @param {number} c @param {number} r */
  take(c, r) {
    if (c < 0 || c >= this.cols || r < 0) return;
    let row = this.rows[r];
    if (!row) row = this.rows[r] = new Set();
    row.add(c);
    while (this.rows[this.open]?.size === this.cols) this.open += 1;
  }

  /**
   * Take the cells a pixel box at (x, y) overlaps (strictly: boxes touching at an edge do
   * not overlap).
   * @param {number} x @param {number} y @param {number} w @param {number} h
   */
  cover(x, y, w, h) {
    if (!(w > 0 && h > 0)) return;
    // A cell's own box is CELL_W - GAP by CELL_H - GAP: the gap after it belongs to no cell.
    const c0 = Math.max(0, Math.floor((x - PAD_X - CELL_W + GAP) / CELL_W) + 1);
    const c1 = Math.min(this.cols - 1, Math.ceil((x + w - PAD_X) / CELL_W) - 1);
    const r0 = Math.max(0, Math.floor((y - PAD_TOP - CELL_H + GAP) / CELL_H) + 1);
    const r1 = Math.ceil((y + h - PAD_TOP) / CELL_H) - 1;
    for (let r = r0; r <= r1; r += 1) for (let c = c0; c <= c1; c += 1) this.take(c, r);
  }

  /** Is a footprint of fc x fr free at (c, r)? @param {number} c @param {number} r @param {number} fc @param {number} fr */
  fits(c, r, fc, fr) {
    for (let dr = 0; dr < fr; dr += 1) for (let dc = 0; dc < fc; dc += 1) if (this.taken(c + dc, r + dr)) return false;
    return true;
  }

  /**
   * The first free place of a footprint, rows top-down, columns left-right; a footprint
   * wider than the flow is taken as wide as the flow.
   * @param {Footprint} fp @returns {{c: number, r: number}}
   */
  firstFit(fp) {
    const fc = Math.min(fp.cols, this.cols);
    for (let r = this.open; ; r += 1) {
      for (let c = 0; c <= this.cols - fc; c += 1) if (this.fits(c, r, fc, fp.rows)) return { c, r };
    }
  }

  /** Take a footprint's cells at (c, r). @param {number} c @param {number} r @param {Footprint} fp */
  fill(c, r, fp) {
    const fc = Math.min(fp.cols, this.cols);
    for (let dr = 0; dr < fp.rows; dr += 1) for (let dc = 0; dc < fc; dc += 1) this.take(c + dc, r + dr);
  }
}

/**
 * The cells the block's top-level elements cover now, leaving out those in `skip`.
 * @param {Board} board @param {Block} block @param {Set<string>} [skip]
 */
export function occupancy(board, block, skip) {
  const grid = new Grid(columns(block));
  const counts = memberCounts(board, block.id);
  for (const it of elements(board, block.id)) {
    if (skip?.has(it.id)) continue;
    const { w, h } = boxSize(footprint(board, it, counts));
    grid.cover(Number(it.x ?? 0), Number(it.y ?? 0), w, h);
  }
  return grid;
}

/**
 * Where the reducer puts an element the sender gave no spot: the first free place in the
 * flow, leaving out the elements in `skip` (the one being placed).
 * @param {Board} board @param {Block} block @param {Footprint} fp @param {Set<string>} [skip]
 * @returns {Spot}
 */
export function flowSpot(board, block, fp, skip) {
  const { c, r } = occupancy(board, block, skip).firstFit(fp);
  return cellSpot(c, r);
}

/**
 * The spot of a private block's slot `slot`. Replicas there cannot agree on what is free
 * (each sees other items), so every add counts (`block.placed`) and a note without a
 * position takes the slot of its count: slots fill the columns, a note's height a line.
 * @param {{w: number}} block @param {number} slot @returns {Spot} */
export function slotSpot(block, slot) {
  const cols = columns(block);
  return cellSpot(slot % cols, 2 * Math.floor(slot / cols));
}

/**
 * `block.tidy`: every top-level element of the block laid out again on an empty grid, those
 * named in `order` first (in that order), then the rest by (y, x, id).
 * @param {Board} board @param {Block} block @param {string[]} order
 * @returns {Map<string, Spot & {bottom: number}>} element id -> its new spot and bottom edge
 */
export function tidy(board, block, order) {
  const all = elements(board, block.id);
  const byId = new Map(all.map((it) => [it.id, it]));
  /** @type {Item[]} */
  const sequence = [];
  const seen = new Set();
  for (const id of order) {
    const it = byId.get(id);
    if (it && !seen.has(id)) { seen.add(id); sequence.push(it); }
  }
  const rest = all.filter((it) => !seen.has(it.id));
  rest.sort((a, b) => Number(a.y) - Number(b.y) || Number(a.x) - Number(b.x) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  sequence.push(...rest);
  const grid = new Grid(columns(block));
  const counts = memberCounts(board, block.id);
  /** @type {Map<string, Spot & {bottom: number}>} */
  const spots = new Map();
  for (const it of sequence) {
    const fp = footprint(board, it, counts);
    const { c, r } = grid.firstFit(fp);
    grid.fill(c, r, fp);
    const spot = cellSpot(c, r);
    spots.set(it.id, { ...spot, bottom: spot.y + boxSize(fp).h });
  }
  return spots;
}

/**
 * Growth: when an element the reducer placed ends at `bottom` (relative to the block) below
 * the block, the block's new height, and the blocks below it moved down as far.
 * @param {Board} board @param {Block} block @param {number} bottom
 * @returns {Record<string, Block>} block id -> the block as it is to become (empty: no growth)
 */
export function growth(board, block, bottom) {
  const needed = bottom + PAD_X;
  if (!(needed > block.h)) return {};
  const delta = needed - block.h;
  const oldBottom = block.y + block.h;
  /** @type {Record<string, Block>} */
  const out = { [block.id]: { ...block, h: needed } };
  for (const other of Object.values(board.blocks)) {
    if (other.id === block.id) continue;
    const below = other.y >= oldBottom;
    const across = other.x < block.x + block.w && block.x < other.x + other.w;
    if (below && across) out[other.id] = { ...other, y: other.y + delta };
  }
  return out;
}
