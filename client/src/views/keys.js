// Keyboard shortcuts of the board (listed in the help overlay).

import { isTyping } from "./dom.js";

/**
 * @param {{ctx: import("./context.js").Ctx, store: import("../store.js").Store, boardView: import("./board.js").BoardView,
 *   undo: () => void, redo: () => void, toggleHelp: () => void, isHelpOpen: () => boolean,
 *   fitAll: () => void, goToBlock: (i: number) => void, addNote: () => void, zoom: (f: number) => void}} app
 */
export function installKeys(app) {
  window.addEventListener("keydown", (e) => {
    if (isTyping(e.target) || e.defaultPrevented) return;
    // A focused button, link or select takes its own Enter and Space (keyboard users press it).
    if ((e.key === "Enter" || e.key === " ") && e.target instanceof Element && e.target.closest("button, a[href], select, [role=button], [role=radio]")) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (mod && (key === "z" || key === "Z" || key === "я" || key === "Я")) {
      e.preventDefault();
      if (e.shiftKey) app.redo(); else app.undo();
      return;
    }
    if (mod && (key === "y" || key === "н")) {
      e.preventDefault();
      app.redo();
      return;
    }
    if (mod || e.altKey && !key.startsWith("Arrow")) return;
    if (key === "?") { e.preventDefault(); app.toggleHelp(); return; }
    if (key === "Escape") {
      if (app.isHelpOpen()) app.toggleHelp();
      else app.ctx.select(null);
      return;
    }
    if (app.isHelpOpen()) return;

    const { ctx } = app;
    const found = ctx.selected ? ctx.board().items[ctx.selected] : null;
    const selected = found && found.kind !== "hidden" ? found : null; // a placeholder is nobody's to edit
    if (selected) {
      const frame = app.boardView.frames.get(selected.block);
      if (frame?.view.onKey?.(e, selected)) { e.preventDefault(); return; }
      if (ctx.canEdit && (key === "Delete" || key === "Backspace")) {
        e.preventDefault();
        ctx.removeItem(selected.id); // only one's own (A8): else a message says why; an undo toast
        return;
      }
      if (ctx.canEdit && (key === "Enter" || key === "F2")) {
        e.preventDefault();
        app.boardView.edit(selected.id);
        return;
      }
    }
    if (e.code === "KeyF" || key === "0") { e.preventDefault(); app.fitAll(); return; }
    if (/^[1-9]$/.test(key)) { e.preventDefault(); app.goToBlock(Number(key) - 1); return; }
    if (key === "+" || key === "=") { e.preventDefault(); app.zoom(1.25); return; }
    if (key === "-" || key === "_") { e.preventDefault(); app.zoom(0.8); return; }
    if (e.code === "KeyN" && ctx.canEdit) { e.preventDefault(); app.addNote(); } // in the block in view; the view stays
  });
}
