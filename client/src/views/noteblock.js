// Blocks of free sticky notes: expectations, perception, results of the year. Double-click
// an empty spot to add a note there. "Results" shows a column per department as a guide.

import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { NOTE_W, NotesLayer } from "./notes.js";

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
  }

  /** @param {import("../types.js").Board} board @param {import("../types.js").Block} block @param {Item[]} items */
  update(board, block, items) {
    this.block = block;
    const notes = items.filter((it) => it.kind === "note");
    this.layer.update(notes);
    // Notes hidden by private writing are not "no notes yet": the block shows their count.
    const any = notes.length > 0 || items.some((it) => it.kind === "hidden");
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
   * Add a note centred on a board point (or at a free spot) and start typing in it.
   * @param {number | null} bx @param {number | null} by
   */
  addNote(bx, by) {
    const block = this.block;
    if (!block) return;
    let x;
    let y;
    if (bx === null || by === null) {
      ({ x, y } = freeSpot(this.ctx.board(), block, this.ctx.you().id));
    } else {
      x = bx - block.x - NOTE_W / 2;
      y = by - block.y - 40;
    }
    x = Math.round(Math.max(12, Math.min(block.w - NOTE_W - 12, x)));
    y = Math.round(Math.max(76, Math.min(block.h - 130, y)));
    const id = this.ctx.newId("n");
    const ok = this.ctx.perform([{
      kind: "item.add", id, block: block.id,
      item: { kind: "note", text: "", department: this.ctx.you().department, x, y, on: null },
    }], { mergeKey: `new:${id}` });
    if (ok) this.ctx.editSoon(id);
  }

  /** @param {string} id */
  edit(id) {
    return this.layer.edit(id);
  }
}

/**
 * A place in the block for one more note: the first grid cell no note covers. In private
 * writing nobody sees the others' notes, so each person starts the search at a cell of their
 * own (from their id): the notes do not all pile up on the first cell for the reveal.
 * @param {import("../types.js").Board} board @param {import("../types.js").Block} block
 * @param {string} [who] the participant id
 */
export function freeSpot(board, block, who = "") {
  const notes = Object.values(board.items).filter((it) => it.kind === "note" && it.block === block.id && it.on == null);
  const stepX = NOTE_W + 16;
  const stepY = 150;
  const cells = [];
  for (let y = 84; y + 130 <= block.h; y += stepY) {
    for (let x = 24; x + NOTE_W <= block.w; x += stepX) cells.push({ x, y });
  }
  const start = block.private && cells.length ? hashOf(who) % cells.length : 0;
  for (let i = 0; i < cells.length; i += 1) {
    const { x, y } = cells[(start + i) % cells.length];
    if (!notes.some((n) => Math.abs(n.x - x) < stepX * 0.8 && Math.abs(n.y - y) < stepY * 0.8)) return { x, y };
  }
  return { x: 24 + Math.random() * (block.w - NOTE_W - 48), y: 84 + Math.random() * (block.h - 230) };
}

/** A small stable hash of a string (FNV-1a). @param {string} text */
function hashOf(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
