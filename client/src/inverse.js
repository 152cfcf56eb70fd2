// Undo support: the ops that take a board back from after `op` to before it.
//
// Computed against the board *before* the op applies. Re-adding removed items uses their
// original ids, so links (a note hung on a node, an action's source) survive an undo. When the
// facilitator brings back someone else's item, the re-add names its author (A8), so the item
// stays theirs; a participant only ever restores their own, which needs no name.

import { bySiblingOrder } from "./ordering.js";
import { elements } from "./layout.js";
import { descendants } from "./reducer.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").Op} Op */
/** @typedef {{id: string, role: string}} Restorer who undoes: the facilitator restores as the author */

const SERVER_FIELDS = new Set(["id", "block", "author", "author_name", "author_department"]);

/**
 * @param {Board} board the board before `op`
 * @param {Op} op an op that `check` accepted on this board
 * @param {Restorer | null} [by] who sent `op` (and will send its inverse)
 * @returns {Op[]}
 */
export function inverseOf(board, op, by = null) {
  switch (op.kind) {
    case "block.add":
      return [{ kind: "block.remove", id: op.id }];
    case "block.update":
      return [{ kind: "block.update", id: op.id, set: pick(board.blocks[op.id], Object.keys(op.set)) }];
    case "block.remove": {
      const b = board.blocks[op.id];
      const ids = Object.values(board.items).filter((it) => it.block === op.id).map((it) => it.id);
      return [
        { kind: "block.add", id: b.id, block_kind: b.kind, title: b.title, x: b.x, y: b.y, w: b.w, h: b.h },
        ...restoreItems(board, ids, by),
      ];
    }
    case "item.add":
      return [{ kind: "item.remove", id: op.id }];
    case "item.update":
      return [{ kind: "item.update", id: op.id, set: pick(board.items[op.id], Object.keys(op.set)) }];
    case "item.move": {
      const item = board.items[op.id];
      const fields = Object.keys(op).filter((k) => k !== "kind" && k !== "id");
      const back = pick(item, fields);
      if (item.kind === "note" && "block" in op && op.block !== item.block) back.on = item.on ?? null;
      return [{ kind: "item.move", id: op.id, ...back }];
    }
    case "item.remove": {
      const item = board.items[op.id];
      const ids = item.kind === "goal" ? [item.id, ...descendants(board, item.id)] : [item.id];
      return restoreItems(board, ids, by);
    }
    case "block.tidy": // every note and group of the block back where it stood
      return elements(board, op.id).map((it) => ({ kind: "item.move", id: it.id, x: it.x, y: it.y }));
    case "agenda.next":
    case "agenda.start": {
      // E8: a step pressed by mistake: undo runs the step that was current again (its rules
      // apply anew; what the left step's end revealed stays seen). Before the day: nothing.
      const current = board.agenda?.current ?? null;
      return current !== null && current !== op.item ? [{ kind: "agenda.start", item: current }] : [];
    }
    default:
      return [];
  }
}

/**
 * Ops that re-create `ids` as they are on `board`: goal nodes parent-first and in sibling
 * order, then notes re-hung on the nodes they hung on. Restored by the facilitator, an item
 * someone else wrote is re-added as theirs (`author`).
 * @param {Board} board @param {string[]} ids @param {Restorer | null} [by]
 * @returns {Op[]}
 */
export function restoreItems(board, ids, by = null) {
  const wanted = new Set(ids);
  const items = ids.map((id) => board.items[id]);
  const goals = items.filter((it) => it.kind === "goal");
  const placed = new Set();
  /** @type {Item[]} */
  const ordered = [];
  // Parent-first: a node whose parent is not (re-)created yet waits for it.
  let rest = goals.sort(bySiblingOrder);
  while (rest.length) {
    const ready = rest.filter((g) => g.parent == null || !wanted.has(g.parent) || placed.has(g.parent));
    if (!ready.length) break; // cannot happen on a valid tree
    for (const g of ready) { ordered.push(g); placed.add(g.id); }
    rest = rest.filter((g) => !placed.has(g.id));
  }
  /** @type {Op[]} */
  const adds = [];
  /** @type {Op[]} */
  const rehang = [];
  for (const it of [...ordered, ...items.filter((i) => i.kind !== "goal")]) {
    /** @type {Op} */
    const add = { kind: "item.add", id: it.id, block: it.block, item: body(it) };
    if (by?.role === "facilitator" && it.author && it.author !== by.id) add.author = it.author;
    adds.push(add);
  }
  // Notes elsewhere on the board that hung on removed nodes are unhung by the removal.
  for (const it of Object.values(board.items)) {
    if (it.kind === "note" && !wanted.has(it.id) && it.on != null && wanted.has(it.on)) {
      rehang.push({ kind: "item.move", id: it.id, on: it.on });
    }
    // A removed group's notes were let out of it: they go back in.
    if (it.kind === "note" && !wanted.has(it.id) && it.group != null && wanted.has(it.group)) {
      rehang.push({ kind: "item.move", id: it.id, group: it.group });
    }
  }
  return [...adds, ...rehang];
}

/** @param {Item} item @returns {Record<string, any> & {kind: string}} */
function body(item) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const [k, v] of Object.entries(item)) if (!SERVER_FIELDS.has(k)) out[k] = Array.isArray(v) ? [...v] : v;
  return /** @type {Record<string, any> & {kind: string}} */ (out); // the item's kind, copied above
}

/** @param {Record<string, any>} obj @param {string[]} keys */
function pick(obj, keys) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const k of keys) out[k] = Array.isArray(obj[k]) ? [...obj[k]] : obj[k] ?? null;
  return out;
}
