// Groups of notes (affinity clustering): a frame on a notes or results block with a title to
// name the cluster, how many notes it holds, a toggle to collapse it to one card and, for its
// author or the facilitator, a button to dissolve it. Its notes are drawn inside it on a grid
// of up to three columns (the footprint of layout.js); their own x, y wait until they leave.
// Drag the header to move the group; drag a note onto a note to start a group.

import { t } from "../i18n.js";
import { boxSize, CELL_W, FLOW_KINDS, GROUP_COLS, GROUP_HEADER, groupFootprint, NOTE_W } from "../layout.js";
import { h, setText, toggleClass } from "./dom.js";
import { dragFrom } from "./drag.js";
import { editInPlace } from "./editor.js";
import { icon } from "./icons.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").Item} Item */
/** @typedef {import("../types.js").Op} Op */
/**
 * @typedef {{el: HTMLElement, head: HTMLElement, title: HTMLElement, count: HTMLElement,
 *   toggle: HTMLButtonElement, remove: HTMLButtonElement, empty: HTMLElement, item: Item | null,
 *   n: number, key: string}} GroupRecord
 */

/** A member's row pitch inside a group: a note and the gap under it (two flow cells). */
const MEMBER_H = 150;

/**
 * Where the i-th member of a group sits, relative to the group's top-left corner.
 * @param {number} i @returns {{x: number, y: number}}
 */
export function memberSpot(i) {
  return { x: (i % GROUP_COLS) * CELL_W, y: GROUP_HEADER + Math.floor(i / GROUP_COLS) * MEMBER_H };
}

export class GroupsLayer {
  /** @param {Ctx} ctx @param {HTMLElement} container positioned like the block */
  constructor(ctx, container) {
    this.ctx = ctx;
    this.container = container;
    /** @type {Map<string, GroupRecord>} */
    this.records = new Map();
  }

  /**
   * Draw the block's groups. `counts` says how many notes each holds (its size follows).
   * @param {Item[]} groups @param {Map<string, number>} counts
   */
  update(groups, counts) {
    const seen = new Set();
    for (const item of groups) {
      seen.add(item.id);
      let rec = this.records.get(item.id);
      if (!rec) {
        rec = this._create(item.id);
        this.records.set(item.id, rec);
      }
      this._draw(rec, item, counts.get(item.id) ?? 0);
      toggleClass(rec.el, "selected", this.ctx.selected === item.id);
    }
    for (const [id, rec] of this.records) {
      if (!seen.has(id)) {
        rec.el.remove();
        this.records.delete(id);
      }
    }
  }

  /** The element a group's notes are drawn in, or null when it is not drawn. @param {string} id */
  holder(id) {
    return this.records.get(id)?.el ?? null;
  }

  /** Name the group: its title becomes a text field. @param {string} id */
  edit(id) {
    const rec = this.records.get(id);
    const item = rec?.item;
    if (!rec || !item || !this.ctx.canEdit || rec.title.classList.contains("is-editing")) return false;
    if (!this.ctx.tryEdit(item.block) || !this.ctx.tryChange(item)) return false;
    const session = this.ctx.editSession();
    this.ctx.select(id);
    rec.el.classList.add("editing-self");
    editInPlace(rec.title, {
      value: item.title ?? "",
      maxLength: MAX_TITLE,
      placeholder: t("group.title.placeholder"),
      className: "group-title-editor",
      commit: (title) => this.ctx.perform([{ kind: "item.update", id, set: { title } }], { mergeKey: `group:${id}:${session}` }),
      setEditing: (on) => this.ctx.setEditing(on ? id : null),
      onEnd: () => rec.el.classList.remove("editing-self"),
    });
    return true;
  }

  /** @param {string} id @returns {GroupRecord} */
  _create(id) {
    const ctx = this.ctx;
    const button = (/** @type {string} */ cls, /** @type {string} */ testid, /** @type {() => void} */ run) =>
      /** @type {HTMLButtonElement} */ (h("button", { class: `icon-button ${cls}`, type: "button", testid,
        on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); run(); } } }));
    const current = () => ctx.board().items[id];
    const toggle = button("group-toggle", "group-collapse", () => {
      const item = current();
      if (item) ctx.perform([{ kind: "item.update", id, set: { collapsed: !item.collapsed } }]);
    });
    const remove = button("group-remove", "group-remove", () => ctx.removeItem(id));
    remove.append(icon("trash", 16));
    const title = h("div", { class: "group-title", testid: "group-title" });
    const count = h("span", { class: "group-count", testid: "group-count" });
    const head = h("header", { class: "group-head", data: { nopan: "1" } }, toggle, title, count, remove);
    const empty = h("div", { class: "group-empty" });
    const el = h("section", { class: "group", testid: "group", data: { id } }, head, empty);
    const rec = { el, head, title, count, toggle, remove, empty, item: null, n: -1, key: "" };
    if (ctx.canEdit) {
      head.addEventListener("pointerdown", (e) => {
        if (e.target instanceof Element && e.target.closest("button, textarea")) return;
        dragFrom(e, el, { onDrop: (x, y, grab) => dropGroup(ctx, id, x, y, grab) });
      });
      title.addEventListener("dblclick", (e) => { e.stopPropagation(); this.edit(id); });
    }
    head.addEventListener("click", () => ctx.select(id));
    el.addEventListener("dblclick", (e) => e.stopPropagation()); // not a new note on the block
    this.container.appendChild(el);
    return rec;
  }

  /** @param {GroupRecord} rec @param {Item} item @param {number} n */
  _draw(rec, item, n) {
    const editable = this.ctx.mayEdit(item);
    const removable = this.ctx.mayRemove(item);
    const key = [editable, removable, t("group.collapse")].join("|");
    if (rec.item === item && rec.n === n && rec.key === key) return;
    rec.item = item;
    rec.n = n;
    rec.key = key;
    const collapsed = Boolean(item.collapsed);
    const { w, h: height } = boxSize(groupFootprint(collapsed, n));
    rec.el.style.left = `${item.x}px`;
    rec.el.style.top = `${item.y}px`;
    rec.el.style.width = `${w}px`;
    rec.el.style.height = `${height}px`;
    rec.el.dataset.collapsed = String(collapsed);
    toggleClass(rec.el, "collapsed", collapsed);
    const title = String(item.title ?? "").trim();
    if (!rec.title.classList.contains("is-editing")) setText(rec.title, title || t("group.untitled"));
    toggleClass(rec.title, "empty", !title);
    rec.title.title = editable ? t("group.rename") : "";
    setText(rec.count, t("group.count", { n }));
    rec.el.dataset.count = String(n);
    rec.toggle.replaceChildren(icon(collapsed ? "chevronRight" : "chevronDown", 18));
    rec.toggle.title = collapsed ? t("group.expand") : t("group.collapse");
    rec.toggle.setAttribute("aria-expanded", String(!collapsed));
    toggleClass(rec.toggle, "hidden", !editable);
    rec.remove.title = t("group.remove");
    toggleClass(rec.remove, "hidden", !removable);
    setText(rec.empty, n === 0 && !collapsed ? t("group.empty") : "");
  }
}

/**
 * The ops that put note `id` into the group of the note or group it was dropped on, or null
 * when the drop is not about groups (no such target, not a flow block, already there).
 * Onto a grouped note or a group: join that group. Onto a loose note: a new group where that
 * note stands, holding both; `group` is then the new group's id, to be named.
 * @param {import("../types.js").Board} board @param {string} id the dragged note
 * @param {Item | null} target the note or group under the pointer
 * @param {() => string} newId
 * @returns {{ops: Op[], group: string, created: boolean} | null}
 */
export function groupDrop(board, id, target, newId) {
  const note = board.items[id];
  if (!note || !target || target.id === id) return null;
  const block = board.blocks[target.block];
  if (!block || !FLOW_KINDS.has(block.kind)) return null;
  /** @param {string} group @returns {Op} */
  const join = (group) => {
    /** @type {Op} */
    const op = { kind: "item.move", id, group };
    if (note.block !== target.block) op.block = target.block;
    if (note.on != null) op.on = null;
    return op;
  };
  const existing = target.kind === "group" ? target.id : target.kind === "note" && target.group != null && board.items[target.group] ? target.group : null;
  if (existing) {
    if (note.group === existing && note.block === target.block) return null;
    return { ops: [join(existing)], group: existing, created: false };
  }
  if (target.kind !== "note" || target.on != null) return null;
  const group = newId();
  return {
    ops: [
      { kind: "item.add", id: group, block: target.block, item: { kind: "group", title: "", x: target.x, y: target.y, collapsed: false } },
      { kind: "item.move", id: target.id, group },
      join(group),
    ],
    group,
    created: true,
  };
}

/**
 * Drop a group at a screen point: it moves within its block (a group never changes block).
 * @param {Ctx} ctx @param {string} id @param {number} clientX @param {number} clientY @param {{x: number, y: number}} grab
 */
function dropGroup(ctx, id, clientX, clientY, grab) {
  const board = ctx.board();
  const group = board.items[id];
  const block = group ? board.blocks[group.block] : null;
  if (!group || !block) return;
  const p = ctx.toBoard(clientX, clientY);
  if (p.x < block.x || p.x > block.x + block.w || p.y < block.y || p.y > block.y + block.h) {
    ctx.toast(t("group.cannot.leave"));
    return;
  }
  // `grab` is in the group's own (board) units: where on the group the pointer held it.
  const x = Math.round(Math.max(0, Math.min(block.w - NOTE_W, p.x - grab.x - block.x)));
  const y = Math.round(Math.max(64, Math.min(block.h - 60, p.y - grab.y - block.y)));
  if (x !== group.x || y !== group.y) ctx.perform([{ kind: "item.move", id, x, y }]);
}
