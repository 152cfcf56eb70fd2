// The canvas content: one frame per block (title, item count, a slot for a lock later), its
// kind's view inside, redrawn once per animation frame after anything changed.

import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { dragFrom } from "./drag.js";
import { editInPlace } from "./editor.js";
import { BLOCK_ICONS, icon } from "./icons.js";
import { ActionsView } from "./actions.js";
import { GoalTreeView } from "./goaltree.js";
import { NoteBlockView } from "./noteblock.js";
import { SwotView } from "./swot.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").KindView} KindView */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {{el: HTMLElement, title: HTMLElement, count: HTMLElement, index: HTMLElement, lock: HTMLElement, view: KindView, block: Block | null, kind: string}} Frame */

const NOTE_KINDS = new Set(["notes", "perception", "results"]);

export class BoardView {
  /** @param {Ctx} ctx @param {HTMLElement} world */
  constructor(ctx, world) {
    this.ctx = ctx;
    this.world = world;
    /** @type {Map<string, Frame>} */
    this.frames = new Map();
    /** @type {string | null} */
    this.pendingEdit = null;
  }

  /** Blocks in reading order (top to bottom, left to right): what keys 1-8 go to. */
  orderedBlocks() {
    const board = this.ctx.board();
    if (!board) return [];
    return Object.values(board.blocks).sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1));
  }

  render() {
    const board = this.ctx.board();
    /** @type {Map<string, import("../types.js").Item[]>} */
    const byBlock = new Map();
    for (const it of Object.values(board.items)) {
      const list = byBlock.get(it.block);
      if (list) list.push(it);
      else byBlock.set(it.block, [it]);
    }
    const ordered = this.orderedBlocks();
    const seen = new Set();
    ordered.forEach((block, index) => {
      seen.add(block.id);
      let frame = this.frames.get(block.id);
      if (!frame || frame.kind !== block.kind) {
        frame?.el.remove();
        frame = this._create(block);
        this.frames.set(block.id, frame);
      }
      this._drawFrame(frame, block, index, byBlock.get(block.id) ?? []);
      frame.view.update(board, block, byBlock.get(block.id) ?? []);
    });
    for (const [id, frame] of this.frames) {
      if (!seen.has(id)) { frame.el.remove(); this.frames.delete(id); }
    }
    if (this.pendingEdit) {
      const id = this.pendingEdit;
      this.pendingEdit = null;
      this.edit(id);
    }
  }

  /** Start editing an item wherever it is drawn. @param {string} id */
  edit(id) {
    const item = this.ctx.board().items[id];
    const frame = item ? this.frames.get(item.block) : null;
    return Boolean(frame?.view.edit?.(id));
  }

  /** @param {Block} block @returns {Frame} */
  _create(block) {
    const ctx = this.ctx;
    const title = h("h2", { class: "block-title", testid: "block-title" });
    const count = h("span", { class: "block-count" });
    const index = h("span", { class: "block-index" });
    const lock = h("span", { class: "block-lock", testid: "block-lock" }); // locks arrive in a later issue
    const tools = h("div", { class: "block-tools" });
    const head = h("header", { class: "block-head" },
      index, h("span", { class: "block-icon" }, icon(BLOCK_ICONS[/** @type {keyof BLOCK_ICONS} */ (block.kind)] ?? "note", 22)),
      title, lock, count, h("span", { class: "spacer" }), tools);
    const body = h("div", { class: "block-body" });
    const el = h("section", { class: `block kind-${block.kind}`, testid: `block-${block.id}`, data: { blockId: block.id, kind: block.kind } }, head, body);
    const view = makeView(ctx, block.kind, el, body);
    if (view.tools) tools.append(view.tools);
    if (ctx.isFacilitator) this._facilitate(el, head, title, block.id);
    this.world.append(el);
    return { el, title, count, index, lock, view, block: null, kind: block.kind };
  }

  /** @param {Frame} frame @param {Block} block @param {number} index @param {import("../types.js").Item[]} items */
  _drawFrame(frame, block, index, items) {
    if (frame.block !== block) {
      frame.block = block;
      frame.el.style.left = `${block.x}px`;
      frame.el.style.top = `${block.y}px`;
      frame.el.style.width = `${block.w}px`;
      frame.el.style.height = `${block.h}px`;
      if (!frame.title.classList.contains("is-editing")) setText(frame.title, block.title);
    }
    setText(frame.index, String(index + 1));
    const n = NOTE_KINDS.has(block.kind) || block.kind === "goal_tree" || block.kind === "swot" || block.kind === "action_plan" ? items.length : 0;
    setText(frame.count, n ? t("block.items", { n }) : "");
    toggleClass(frame.el, "has-selection", items.some((it) => it.id === this.ctx.selected));
  }

  /** The facilitator renames a block (double-click its title) and moves it (drag its header).
   * @param {HTMLElement} el @param {HTMLElement} head @param {HTMLElement} title @param {string} id */
  _facilitate(el, head, title, id) {
    const ctx = this.ctx;
    title.title = t("block.rename");
    title.addEventListener("dblclick", (e) => {
      e.stopPropagation();
      const block = ctx.board().blocks[id];
      if (!block || title.classList.contains("is-editing")) return;
      const session = ctx.editSession();
      editInPlace(title, {
        value: block.title, maxLength: 200, className: "title-editor",
        commit: (text) => ctx.perform([{ kind: "block.update", id, set: { title: text } }], { mergeKey: `block:${id}:${session}` }),
      });
    });
    head.dataset.nopan = "1";
    head.classList.add("movable");
    head.addEventListener("pointerdown", (e) => {
      if (e.target instanceof Element && e.target.closest("button, textarea, input, .block-title.is-editing")) return;
      dragFrom(e, el, {
        onDrop: (x, y, grab) => {
          const block = ctx.board().blocks[id];
          if (!block) return;
          const p = ctx.toBoard(x, y);
          const nx = Math.round(p.x - grab.x);
          const ny = Math.round(p.y - grab.y);
          if (nx !== block.x || ny !== block.y) ctx.perform([{ kind: "block.update", id, set: { x: nx, y: ny } }]);
        },
      });
    });
  }
}

/** @param {Ctx} ctx @param {string} kind @param {HTMLElement} el @param {HTMLElement} body @returns {KindView} */
function makeView(ctx, kind, el, body) {
  if (NOTE_KINDS.has(kind)) return new NoteBlockView(ctx, el, body, kind);
  if (kind === "goal_tree") return new GoalTreeView(ctx, el, body);
  if (kind === "swot") return new SwotView(ctx, el, body);
  if (kind === "action_plan") return new ActionsView(ctx, el, body);
  return new PlaceholderView(body);
}

/** Poll and agenda: their own issues. The frame shows what is coming. */
class PlaceholderView {
  /** @param {HTMLElement} body */
  constructor(body) {
    this.note = h("div", { class: "block-empty soon" });
    body.append(this.note);
  }

  update() {
    setText(this.note, t("block.soon"));
  }
}
