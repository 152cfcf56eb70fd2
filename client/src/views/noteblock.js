// Blocks of free sticky notes: expectations, perception, results of the year. Double-click
// an empty spot to add a note there; N or "+ Note" sends one without a spot, and the block's
// flow places it (R13: the reducer picks the first free place, so notes written at the same
// moment never land on each other). "Results" shows a column per department as a guide.

import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { NOTE_H, NOTE_W } from "../layout.js";
import { NotesLayer } from "./notes.js";
import { TidyControl } from "./tidy.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").Item} Item */

export class NoteBlockView {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl @param {HTMLElement} body @param {string} kind */
  constructor(ctx, blockEl, body, kind) {
    this.ctx = ctx;
    this.kind = kind;
    this.blockEl = blockEl;
    this.columns = h("div", { class: "dept-columns" });
    this.empty = h("div", { class: "block-empty" });
    body.append(this.columns, this.empty);
    this.layer = new NotesLayer(ctx, blockEl);
    /** @type {import("../types.js").Block | null} */
    this.block = null;
    this.columnsKey = "";
    if (ctx.canEdit) {
      body.addEventListener("dblclick", (e) => {
        if (e.target !== body && !(e.target instanceof Element && e.target.closest(".dept-columns, .block-empty"))) return;
        const p = ctx.toBoard(e.clientX, e.clientY);
        this.addNote(p.x, p.y);
      });
      this.tools = h("button", { class: "chip-button", type: "button", testid: "note-add", on: { click: () => this.addNote(null, null) } },
        icon("plus", 16), h("span", { text: t("toolbar.note") }));
    }
    // The facilitator's "Tidy" (tidy.js) sits beside "+ Note".
    this.tidy = ctx.isFacilitator ? new TidyControl(ctx) : null;
    if (this.tidy) this.tools = h("span", { class: "block-tools" }, this.tools, this.tidy.el);
  }

  /** @param {import("../types.js").Board} board @param {import("../types.js").Block} block @param {Item[]} items */
  update(board, block, items) {
    this.block = block;
    const notes = items.filter((it) => it.kind === "note");
    this.layer.update(notes, items.filter((it) => it.kind === "group"));
    this.tidy?.update(board, block);
    // Notes hidden by private writing are not "no notes yet": the block shows their count.
    const any = notes.length > 0 || items.some((it) => it.kind === "hidden" || it.kind === "group");
    toggleClass(this.empty, "hidden", any);
    setText(this.empty, any ? "" : this.ctx.canEdit ? t("block.notes.empty") : t("block.notes.empty.readonly"));
    if (this.kind === "results") this._columns(board);
  }

  /** @param {import("../types.js").Board} board */
  _columns(board) {
    const key = board.departments.map((d) => `${d.id}:${d.name}:${d.color}`).join(",");
    if (key === this.columnsKey) return;
    this.columnsKey = key;
    while (this.columns.firstChild) this.columns.firstChild.remove();
    for (const d of board.departments) {
      const col = h("div", { class: "dept-column" }, h("div", { class: "dept-column-head", text: d.name }));
      col.style.setProperty("--dept", d.color);
      this.columns.append(col);
    }
  }

  /**
   * Add a note and start typing in it: centred on a board point (a double-click: the person
   * chose the spot), or with no point (N, "+ Note") at the spot the block's flow gives it.
   * @param {number | null} bx @param {number | null} by
   */
  addNote(bx, by) {
    const block = this.block;
    if (!block) return;
    /** @type {import("../types.js").ItemAddOp["item"]} */
    const item = { kind: "note", text: "", department: this.ctx.you().department, on: null };
    if (bx !== null && by !== null) {
      item.x = Math.round(Math.max(12, Math.min(block.w - NOTE_W - 12, bx - block.x - NOTE_W / 2)));
      item.y = Math.round(Math.max(76, Math.min(block.h - NOTE_H - 12, by - block.y - 40)));
    }
    const id = this.ctx.newId("n");
    const ok = this.ctx.perform([{ kind: "item.add", id, block: block.id, item }], { mergeKey: `new:${id}` });
    if (ok) this.ctx.editSoon(id);
  }

  /** @param {string} id */
  edit(id) {
    return this.layer.edit(id);
  }
}
