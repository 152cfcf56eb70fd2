// Dot votes on the client (PROTOCOL.md E2): which vote a block shows, what this person may
// still do in it, and its results in the order the room reads them. No DOM, no arithmetic on
// anyone's dots: the hub computes every figure (E1), these only pick, default and sort.

import { bySiblingOrder } from "./ordering.js";
import { HIDDEN } from "./reducer.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").VoteView} VoteView */
/** @typedef {"dots" | "board"} ResultOrder */
/** @typedef {{department: string, n: number}} Share */
/** @typedef {{id: string, item: Item | null, total: number, shares: Share[]}} ResultRow */

/** The group E4 pools small departments into. */
export const OTHER = "other";

const QUADRANT_RANK = { S: 0, W: 1, O: 2, T: 3 };
const KIND_RANK = { goal: 0, swot: 1, action: 2, group: 3, note: 4 };

/**
 * The vote a block shows: the open one, else the latest closed one (the hub keeps votes in
 * the order they were started, and so does the replica), else null.
 * @param {Board} board @param {string} blockId @returns {VoteView | null}
 */
export function voteOfBlock(board, blockId) {
  /** @type {VoteView | null} */
  let latest = null;
  for (const vote of Object.values(board.votes ?? {})) {
    if (vote.block !== blockId) continue;
    if (vote.open) return vote;
    latest = vote;
  }
  return latest;
}

/**
 * This person's own dots. A vote view that never carried `mine` (a vote started by someone
 * else, not voted in yet) means no dots placed and the whole budget left.
 * @param {VoteView} vote @returns {{dots: Record<string, number>, left: number}}
 */
export function mineOf(vote) {
  return vote.mine ?? { dots: {}, left: vote.budget };
}

/**
 * Why one more dot on `itemId` would be refused, or null when the hub should take it. The
 * hub still decides (E2): this only greys out a button.
 * @param {VoteView} vote @param {string} itemId @returns {"closed" | "budget" | "max" | null}
 */
export function addBlocked(vote, itemId) {
  if (!vote.open) return "closed";
  const mine = mineOf(vote);
  if (mine.left <= 0) return "budget";
  if ((mine.dots[itemId] ?? 0) >= vote.max_per_item) return "max";
  return null;
}

/** May this person take a dot back from `itemId`? @param {VoteView} vote @param {string} itemId */
export function canTakeBack(vote, itemId) {
  return vote.open && (mineOf(vote).dots[itemId] ?? 0) > 0;
}

/** What an item says, whatever its kind: a note's or SWOT item's text, a goal's, action's or group's title.
 * @param {Item} item @returns {string} */
export function itemLabel(item) {
  return String(item.kind === "goal" || item.kind === "action" || item.kind === "group" ? item.title ?? "" : item.text ?? "");
}

/** Is this note drawn inside a group of the same items (and so listed under it)?
 * @param {Item} item @param {Set<string>} groups the ids of the groups among the items */
export function inGroup(item, groups) {
  return item.kind === "note" && item.group != null && groups.has(item.group);
}

/** The item's department, for its colour: an action's first owner. @param {Item} item @returns {string | null} */
export function itemDepartment(item) {
  if (item.kind === "action") return item.owners?.[0] ?? null;
  return item.department ?? null;
}

/**
 * The items of a block one can vote on, in the block's own reading order: goal nodes depth
 * first, SWOT items quadrant by quadrant, actions in plan order, groups top to bottom each
 * followed by its notes (in the order drawn: by id), then the other notes by department and
 * top to bottom. A group takes dots as one, its notes still one by one. Placeholders of
 * private writing are left out (nobody votes on a face-down card).
 * @param {Item[]} items the block's items @param {{id: string}[]} departments
 * @returns {Item[]}
 */
export function votableItems(items, departments) {
  const visible = items.filter((it) => it.kind !== HIDDEN && it.kind in KIND_RANK);
  const goalRank = depthFirst(visible.filter((it) => it.kind === "goal"));
  const deptRank = new Map(departments.map((d, i) => [d.id, i]));
  /** @param {Item} it @returns {(string | number)[]} */
  const key = (it) => {
    const kind = KIND_RANK[/** @type {keyof KIND_RANK} */ (it.kind)];
    switch (it.kind) {
      case "goal": return [kind, goalRank.get(it.id) ?? 0];
      case "swot": return [kind, QUADRANT_RANK[/** @type {keyof QUADRANT_RANK} */ (it.quadrant)] ?? 9, it.order ?? ""];
      case "action": return [kind, it.order ?? ""];
      case "group": return [kind, it.y ?? 0, it.x ?? 0];
      default: return [kind, deptRank.get(it.department) ?? departments.length, it.y ?? 0, it.x ?? 0];
    }
  };
  const groups = new Set(visible.filter((it) => it.kind === "group").map((it) => it.id));
  const keys = new Map(visible.map((it) => [it.id, key(it)]));
  const byId = (/** @type {Item} */ a, /** @type {Item} */ b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const top = visible.filter((it) => !inGroup(it, groups))
    .sort((a, b) => compareKeys(/** @type {any[]} */ (keys.get(a.id)), /** @type {any[]} */ (keys.get(b.id))) || byId(a, b));
  if (!groups.size) return top;
  const members = visible.filter((it) => inGroup(it, groups)).sort(byId);
  return top.flatMap((it) => (it.kind === "group" ? [it, ...members.filter((m) => m.group === it.id)] : [it]));
}

/** @param {(string | number)[]} a @param {(string | number)[]} b */
function compareKeys(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Goal node id -> its position in a depth-first walk of the tree (siblings in order).
 * @param {Item[]} goals @returns {Map<string, number>} */
function depthFirst(goals) {
  const ids = new Set(goals.map((g) => g.id));
  /** @type {Map<string | null, Item[]>} */
  const children = new Map();
  for (const g of goals) {
    const parent = g.parent != null && ids.has(g.parent) ? g.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }
  const rank = new Map();
  /** @param {string | null} parent */
  const walk = (parent) => {
    for (const g of (children.get(parent) ?? []).sort(bySiblingOrder)) {
      rank.set(g.id, rank.size);
      walk(g.id);
    }
  };
  walk(null);
  return rank;
}

/**
 * The rows of a closed (or live) vote: one per item that has dots or is still on the block,
 * sorted by total dots (ties in board order) or in board order. Items removed after they got
 * dots keep their row (their dots stay spent, E2) with `item: null`. `shares` is the
 * department breakdown in the board's department order, `other` last; empty when the hub
 * withheld it (E4).
 * @param {VoteView} vote @param {Item[]} items the block's items @param {{id: string}[]} departments
 * @param {ResultOrder} order @returns {ResultRow[]}
 */
export function voteResults(vote, items, departments, order) {
  const totals = vote.totals ?? {};
  const ordered = votableItems(items, departments);
  const rank = new Map(ordered.map((it, i) => [it.id, i]));
  const gone = Object.keys(totals).filter((id) => !rank.has(id) && totals[id] > 0).sort();
  for (const id of gone) rank.set(id, rank.size);
  const byId = new Map(ordered.map((it) => [it.id, it]));
  const deptOrder = [...departments.map((d) => d.id), OTHER];
  /** @type {ResultRow[]} */
  const rows = [...rank.keys()].map((id) => {
    const split = vote.by_department?.[id] ?? {};
    const shares = Object.entries(split)
      .filter(([, n]) => n > 0)
      .map(([department, n]) => ({ department, n }))
      .sort((a, b) => indexIn(deptOrder, a.department) - indexIn(deptOrder, b.department) || (a.department < b.department ? -1 : 1));
    return { id, item: byId.get(id) ?? null, total: totals[id] ?? 0, shares };
  });
  const board = (/** @type {ResultRow} */ a, /** @type {ResultRow} */ b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0);
  return rows.sort(order === "dots" ? (a, b) => b.total - a.total || board(a, b) : board);
}

/** @param {string[]} list @param {string} value */
function indexIn(list, value) {
  const i = list.indexOf(value);
  return i < 0 ? list.length : i;
}

/**
 * The departments that appear in a vote's breakdown, in board order with `other` last: the
 * legend of the result bars.
 * @param {VoteView} vote @param {{id: string}[]} departments @returns {string[]}
 */
export function breakdownDepartments(vote, departments) {
  const seen = new Set();
  for (const split of Object.values(vote.by_department ?? {})) {
    for (const [dept, n] of Object.entries(split)) if (n > 0) seen.add(dept);
  }
  const order = [...departments.map((d) => d.id), OTHER];
  return [...seen].sort((a, b) => indexIn(order, a) - indexIn(order, b) || (a < b ? -1 : 1));
}

/** Board units between a block and its results, and the results' width beside it (its
 * height below or above it). */
export const RESULTS_GAP = 24;
export const RESULTS_SIZE = 520;

/** @typedef {{side: "right" | "left" | "below" | "above", x: number, y: number, w: number, h: number}} ResultsPlace */

/**
 * Where a closed vote's results sit: beside the block, never over the items they rank (issue
 * 17, 4). The first of right, left, below, above where no other block is; when every side
 * touches another block, the side that covers the least of them.
 * @param {Record<string, {id: string, x: number, y: number, w: number, h: number}>} blocks
 * @param {{id: string, x: number, y: number, w: number, h: number}} block
 * @returns {ResultsPlace}
 */
export function resultsPlace(blocks, block) {
  const g = RESULTS_GAP;
  const s = RESULTS_SIZE;
  /** @type {ResultsPlace[]} */
  const sides = [
    { side: "right", x: block.x + block.w + g, y: block.y, w: s, h: block.h },
    { side: "left", x: block.x - g - s, y: block.y, w: s, h: block.h },
    { side: "below", x: block.x, y: block.y + block.h + g, w: block.w, h: s },
    { side: "above", x: block.x, y: block.y - g - s, w: block.w, h: s },
  ];
  const others = Object.values(blocks).filter((b) => b.id !== block.id);
  /** @param {ResultsPlace} r */
  const covered = (r) => others.reduce((sum, b) => sum
    + Math.max(0, Math.min(r.x + r.w, b.x + b.w + g / 2) - Math.max(r.x, b.x - g / 2))
    * Math.max(0, Math.min(r.y + r.h, b.y + b.h + g / 2) - Math.max(r.y, b.y - g / 2)), 0);
  let best = sides[0];
  let least = Infinity;
  for (const place of sides) {
    const area = covered(place);
    if (area === 0) return place;
    if (area < least) { least = area; best = place; }
  }
  return best;
}
