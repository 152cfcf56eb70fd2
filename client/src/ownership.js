// Who may change an item (rule A8, PROTOCOL.md "Ownership"): under the board's default
// `settings.editing: "own"` a participant edits and removes only what they wrote; the
// facilitator changes anything; `"everyone"` opens editing to all. Moving stays open to every
// participant (arranging and grouping are shared work). The views ask this to decide which
// controls to draw; the reducer (and the hub) enforce the same rule.

import { descendants } from "./reducer.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Item} Item */

/** @typedef {{id: string, role: string}} Viewer */

/** Is editing open to everyone on this board? @param {Board} board */
export function editingOpen(board) {
  return board.settings?.editing === "everyone";
}

/**
 * May this viewer edit (update) the item? A projector never; the facilitator always; a
 * participant their own items, or every item while editing is open to everyone.
 * @param {Board} board @param {Item} item @param {Viewer} viewer
 */
export function mayEdit(board, item, viewer) {
  if (viewer.role === "screen") return false;
  if (viewer.role === "facilitator" || editingOpen(board)) return true;
  return item.author === viewer.id;
}

/**
 * May this viewer remove the item? As `mayEdit`, and for a goal node the whole subtree goes
 * with it: every node under it must be theirs too.
 * @param {Board} board @param {Item} item @param {Viewer} viewer
 */
export function mayRemove(board, item, viewer) {
  if (!mayEdit(board, item, viewer)) return false;
  if (viewer.role === "facilitator" || editingOpen(board) || item.kind !== "goal") return true;
  for (const id of descendants(board, item.id)) {
    if (board.items[id]?.author !== viewer.id) return false;
  }
  return true;
}

/**
 * Was a refusal about ownership? The hub says `forbidden` for several reasons (a role, a
 * private item, a removed person); for an update or removal of an item this viewer may not
 * change, the reason is that it is someone else's.
 * @param {Board | null} board @param {string} code @param {import("./types.js").Op | null} op @param {Viewer} viewer
 */
export function isOwnershipRefusal(board, code, op, viewer) {
  if (code !== "forbidden" || !op || !board) return false;
  if (op.kind !== "item.update" && op.kind !== "item.remove") return false;
  const item = board.items[op.id];
  if (!item || item.kind === "hidden") return false;
  return op.kind === "item.remove" ? !mayRemove(board, item, viewer) : !mayEdit(board, item, viewer);
}
