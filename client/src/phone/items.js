// A block's items as a phone reads them: one row each, in the block's reading order, and a
// search over them. Pure: the list view (phone/list.js) only draws these rows.

import { t, tk } from "../i18n.js";
import { bySiblingOrder } from "../ordering.js";
import { HIDDEN } from "../reducer.js";

/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Item} Item */
/**
 * @typedef {{id: string, kind: string, text: string, department: string | null, author: string,
 *   depth: number, group: string | null, status: string | null, search: string}} Row
 *   `group`: a SWOT item's quadrant; `depth`: a goal node's (or a note hung on it) depth in the
 *   tree; `status`: an action's; `search`: the row's words, normalized, for `filterRows`.
 */

const QUADRANTS = ["S", "W", "O", "T"];

/** What an item says: a note's or SWOT item's text, a goal node's or action's title. @param {Item} item */
export function itemText(item) {
  return String(item.kind === "goal" || item.kind === "action" ? item.title ?? "" : item.text ?? "");
}

/** Who wrote an item, by name: as the facilitator renamed them, else as they joined.
 * @param {Board} board @param {Item} item */
export function authorName(board, item) {
  const id = item.author;
  return String((id && board.people?.[id]?.name) ?? item.author_name ?? (id && board.roster?.[id]?.name) ?? "");
}

/**
 * The rows of a block, in its reading order: SWOT items quadrant by quadrant, goal nodes depth
 * first with the notes hung on each right under it, actions in plan order, other notes by
 * department then top to bottom. Placeholders of private writing are not rows (nothing to read).
 * @param {Board} board @param {string} blockId @returns {Row[]}
 */
export function blockRows(board, blockId) {
  const items = Object.values(board.items).filter((it) => it.block === blockId && it.kind !== HIDDEN);
  const dept = new Map(board.departments.map((d, i) => [d.id, i]));
  /** @param {Item} a @param {Item} b */
  const byPlace = (a, b) => (dept.get(a.department) ?? 99) - (dept.get(b.department) ?? 99) || (a.y ?? 0) - (b.y ?? 0) || (a.x ?? 0) - (b.x ?? 0) || (a.id < b.id ? -1 : 1);
  /** @type {Row[]} */
  const rows = [];
  /** @param {Item} item @param {number} depth */
  const add = (item, depth) => rows.push(rowOf(board, item, depth));

  const swot = items.filter((it) => it.kind === "swot");
  for (const q of QUADRANTS) swot.filter((it) => it.quadrant === q).sort(bySiblingOrder).forEach((it) => add(it, 0));

  const goals = items.filter((it) => it.kind === "goal");
  const goalIds = new Set(goals.map((g) => g.id));
  const notes = items.filter((it) => it.kind === "note");
  /** @param {string | null} parent @param {number} depth */
  const walk = (parent, depth) => {
    for (const g of goals.filter((x) => (goalIds.has(x.parent) ? x.parent : null) === parent).sort(bySiblingOrder)) {
      add(g, depth);
      notes.filter((n) => n.on === g.id).sort(byPlace).forEach((n) => add(n, depth + 1));
      walk(g.id, depth + 1);
    }
  };
  walk(null, 0);

  items.filter((it) => it.kind === "action").sort(bySiblingOrder).forEach((it) => add(it, 0));
  notes.filter((n) => !(n.on && goalIds.has(n.on))).sort(byPlace).forEach((n) => add(n, 0));
  return rows;
}

/** @param {Board} board @param {Item} item @param {number} depth @returns {Row} */
function rowOf(board, item, depth) {
  const department = item.kind === "action" ? item.owners?.[0] ?? null : item.department ?? null;
  const text = itemText(item);
  const author = authorName(board, item);
  const group = item.kind === "swot" ? String(item.quadrant ?? "") : null;
  const words = [
    text, author,
    ...(item.kind === "action" ? item.owners ?? [] : [department]).map((/** @type {string} */ d) => board.departments.find((x) => x.id === d)?.name ?? ""),
    group ? tk(`swot.${group}`) : "",
  ];
  return {
    id: item.id, kind: item.kind, text, department, author, depth, group,
    status: item.kind === "action" ? String(item.status ?? "todo") : null,
    search: fold(words.join(" ")),
  };
}

/**
 * Lower case without accents (é → e, ё → е): what a search compares, so "chloe" finds "Chloé".
 * @param {string} text
 */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The rows that match a search: every word of the query appears in the row's text, author,
 * department or quadrant. An empty query matches everything.
 * @param {Row[]} rows @param {string} query @returns {Row[]}
 */
export function filterRows(rows, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((row) => words.every((w) => row.search.includes(w)));
}

/**
 * Blocks that hold items to read, in the order of the day on the board: top to bottom, then
 * left to right (poll and agenda blocks hold no items).
 * @param {Board} board @returns {import("../types.js").Block[]}
 */
export function readableBlocks(board) {
  return Object.values(board.blocks)
    .filter((b) => b.kind !== "poll" && b.kind !== "agenda")
    .sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1));
}
