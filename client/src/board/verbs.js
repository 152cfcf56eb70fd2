// The board's own verbs beyond the views: undo and redo, removing an item with a way back,
// N for a new note in the block in view, an action from a note or goal, and showing an item.

import { t } from "../i18n.js";
import { humanReason } from "../refusals.js";
import { newAction } from "../views/actions.js";

/** @typedef {import("../views/context.js").Ctx} Ctx */
/** @typedef {import("../store.js").Store} Store */
/** @typedef {import("../store.js").UndoEntry} UndoEntry */
/** @typedef {import("../types.js").Item} Item */
/** @typedef {import("../views/board.js").BoardView} BoardView */
/** @typedef {import("./navigate.js").Navigator} Navigator */

export class BoardVerbs {
  /**
   * @param {Ctx} ctx @param {Store} store @param {BoardView} boardView @param {Navigator} nav
   */
  constructor(ctx, store, boardView, nav) {
    this.ctx = ctx;
    this.store = store;
    this.boardView = boardView;
    this.nav = nav;
  }

  undo() {
    const out = this.store.undo();
    if (out === null) this.ctx.toast(t("undo.nothing"));
    else if (!out.ok) this.ctx.toast(`${t("undo.failed")} ${humanReason(out.code ?? "", out.message ?? "")}`, { kind: "error" });
  }

  redo() {
    const out = this.store.redo();
    if (out === null) this.ctx.toast(t("redo.nothing"));
    else if (!out.ok) this.ctx.toast(`${t("undo.failed")} ${humanReason(out.code ?? "", out.message ?? "")}`, { kind: "error" });
  }

  /**
   * N and "+ Note": a note in the block in view, placed by that block (in a notes block the
   * hub's flow picks the spot, R13). The view never moves. No such block in view: a message
   * says where notes go.
   */
  addNote() {
    const block = this.nav.blockInView();
    const view = block ? this.boardView.frames.get(block.id)?.view : null; // those kinds that take notes have addNote
    if (!block || typeof view?.addNote !== "function") {
      this.ctx.toast(t("place.nowhere"));
      return;
    }
    if (this.ctx.tryEdit(block.id)) view.addNote(null, null);
  }

  /**
   * Remove an item the viewer may remove (A8), with a toast to take it back: "Note removed ·
   * Undo". Undo there brings back this removal even after other edits; Ctrl+Z does too.
   * @param {string} id
   */
  removeItem(id) {
    const { ctx, store } = this;
    const item = store.view?.items[id];
    if (!item || item.kind === "hidden" || !ctx.tryEdit(item.block) || !ctx.tryChange(item, "remove")) return false;
    if (!ctx.perform([{ kind: "item.remove", id }])) return false;
    const entry = store.undoStack[store.undoStack.length - 1];
    if (ctx.selected === id) ctx.select(null);
    const what = item.kind === "note" || item.kind === "goal" || item.kind === "swot" || item.kind === "action" ? item.kind : "item";
    ctx.toast(t(`own.removed.${what}`), { // one of the own.removed.* keys
      timeout: 10000,
      action: { label: t("own.undo"), run: () => this.undoEntry(entry) },
    });
    return true;
  }

  /**
   * Undo one step of the undo history, wherever it is: it moves to the top and is undone.
   * Already undone (Ctrl+Z first): nothing to do.
   * @param {UndoEntry | undefined} entry
   */
  undoEntry(entry) {
    const stack = this.store.undoStack;
    const at = entry ? stack.indexOf(entry) : -1;
    if (!entry || at < 0) return;
    stack.splice(at, 1);
    stack.push(entry);
    this.undo();
    this.ctx.invalidate();
  }

  /** An action in the action plan from a note or goal node. @param {Item} source */
  makeAction(source) {
    const ctx = this.ctx;
    const board = ctx.board();
    const plan = this.boardView.orderedBlocks().find((b) => b.kind === "action_plan");
    const owner = source.department ?? ctx.you().department ?? board.departments[0]?.id;
    if (!plan || !owner) return;
    const id = ctx.newId("a");
    const ok = ctx.perform([newAction(board, plan.id, id, {
      title: source.kind === "goal" ? source.title : source.text,
      action_kind: source.kind === "goal" ? "goal" : "task",
      owners: [owner], source: source.id,
    })]);
    if (ok) ctx.toast(t("action.created"), { kind: "success", action: { label: t("action.show"), run: () => this.focusItem(id) } });
  }

  /** Show an item: its block in view, its goal-tree ancestors open, a flash. @param {string} id */
  focusItem(id) {
    const ctx = this.ctx;
    const board = ctx.board();
    const item = board.items[id];
    if (!item) return;
    for (let p = item.kind === "goal" ? item.parent : null; p; p = board.items[p]?.parent ?? null) ctx.toggleCollapsed(p, false);
    const block = board.blocks[item.block];
    if (block) this.nav.viewport.fit(this.nav.frameOf(block), { margin: 24 });
    ctx.select(id);
    setTimeout(() => {
      const el = this.nav.world.querySelector(`[data-id="${CSS.escape(id)}"]`);
      el?.classList.add("flash");
      setTimeout(() => el?.classList.remove("flash"), 1600);
    }, 320);
  }
}
