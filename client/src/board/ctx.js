// The board views' context (views/context.js) over a session: what the board is, who you
// are, what you may change (and why not, in a toast), and the verbs the views call.

import { newId } from "../api.js";
import { canEditBlock } from "../facilitation.js";
import { t, tk } from "../i18n.js";
import { mayEdit, mayRemove } from "../ownership.js";
import { loadCollapsed, saveCollapsed } from "../persist.js";
import { humanReason } from "../refusals.js";

/** @typedef {import("../views/context.js").Ctx} Ctx */
/** @typedef {import("../session.js").Session} Session */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Item} Item */

/**
 * @param {Session} session
 * @param {{
 *   toast: Ctx["toast"], toBoard: Ctx["toBoard"], invalidate: () => void, editSoon: (id: string) => void,
 *   focusItem: (id: string) => void, makeAction: (source: Item) => void, removeItem: (id: string) => boolean,
 * }} parts what the page around the views does: toasts, the viewport, drawing, the board's verbs
 * @returns {Ctx}
 */
export function boardContext(session, parts) {
  const { boardId, role, store } = session;
  const canEdit = role !== "screen";
  const collapsed = new Set(loadCollapsed(boardId));
  let editCounter = 0;
  const board = () => /** @type {Board} */ (store.view);
  /** May this viewer change the board at all now? */
  const editing = () => canEdit && !session.finalStop && Boolean(store.view);
  const stopped = () => parts.toast(tk(`stop.${session.stopReason}`), { kind: "error" }); // a stop reason: each has its stop.* sentence

  /** @type {Ctx} */
  const ctx = {
    boardId, role, canEdit, isFacilitator: role === "facilitator",
    you: () => session.you(),
    board,
    dept: (id) => (id ? board().departments.find((d) => d.id === id) ?? null : null),
    perform: (ops, options) => session.perform(ops, options),
    canEditBlock: (blockId) => editing() && canEditBlock(board(), blockId, ctx.you()),
    tryEdit: (blockId) => {
      if (ctx.canEditBlock(blockId)) return true;
      if (session.finalStop) stopped();
      else if (canEdit) parts.toast(`${t("reject.refused")} ${humanReason("locked", "")}`, { kind: "error" });
      return false;
    },
    selected: null,
    select: (id) => { if (ctx.selected !== id) { ctx.selected = id; parts.invalidate(); } },
    editSoon: parts.editSoon,
    setEditing: (id) => session.setEditing(id),
    focusItem: parts.focusItem,
    makeAction: parts.makeAction,
    editorsOf: (id) => session.presence.editorsOf(id),
    toBoard: parts.toBoard,
    toast: parts.toast,
    invalidate: parts.invalidate,
    collapsed,
    toggleCollapsed: (id, value) => {
      const next = value ?? !collapsed.has(id);
      if (next === collapsed.has(id)) return;
      if (next) collapsed.add(id); else collapsed.delete(id);
      saveCollapsed(boardId, [...collapsed]);
      parts.invalidate();
    },
    swotFilter: null,
    setSwotFilter: (dept) => { ctx.swotFilter = dept; parts.invalidate(); },
    newId,
    editSession: () => ++editCounter,
    dropUndo: (key) => store.dropUndo(key),
    mayEdit: (item) => canEdit && Boolean(store.view) && mayEdit(board(), item, ctx.you()),
    mayRemove: (item) => canEdit && Boolean(store.view) && mayRemove(board(), item, ctx.you()),
    tryChange: (item, how) => {
      if ((how === "remove" ? ctx.mayRemove : ctx.mayEdit)(item)) return true;
      if (canEdit) parts.toast(`${t("reject.refused")} ${t("own.refused")}`, { kind: "error" });
      return false;
    },
    removeItem: parts.removeItem,
  };
  return ctx;
}
