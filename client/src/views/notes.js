// Sticky notes: drawn at their x, y inside their block, coloured by department; a note in a
// group is drawn inside the group's frame instead. Drag to move them inside or between
// blocks, onto a goal node to hang them there, onto another note to group the two, onto a
// group to join it.

import { ITEM_HOMES } from "../reducer.js";
import { t } from "../i18n.js";
import { NOTE_W } from "../layout.js";
import { h, setText, toggleClass } from "./dom.js";
import { dragFrom, hit, markTarget } from "./drag.js";
import { editInPlace } from "./editor.js";
import { groupDrop, GroupsLayer, memberSpot } from "./groups.js";
import { icon } from "./icons.js";
import { openMenu } from "./menu.js";
import { MAX_TEXT } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").Item} Item */
/**
 * @typedef {{el: HTMLElement, item: Item | null, text: HTMLElement, author: HTMLElement, marker: HTMLElement, markerKey: string, color: string,
 *   parent: HTMLElement | null, x: number, y: number}} NoteRecord
 */

export { NOTE_W };

/** What a dragged note may land on to be grouped: a note or a group's frame. */
const GROUP_TARGETS = ".note[data-id], .group[data-id]";

export class NotesLayer {
  /** @param {Ctx} ctx @param {HTMLElement} container positioned like the block */
  constructor(ctx, container) {
    this.ctx = ctx;
    this.container = container;
    /** @type {Map<string, NoteRecord>} */
    this.records = new Map();
    this.groups = new GroupsLayer(ctx, container);
  }

  /**
   * @param {Item[]} notes the notes to show, in this block's coordinates
   * @param {Item[]} [groups] the block's groups: their notes are drawn inside them, in id
   *   order (layout.js `members`), and not at all while the group is collapsed
   */
  update(notes, groups = []) {
    const groupOf = new Map(groups.map((g) => [g.id, g]));
    /** @type {Map<string, Item[]>} */
    const inside = new Map();
    for (const item of notes) {
      if (item.group == null || !groupOf.has(item.group)) continue;
      const list = inside.get(item.group);
      if (list) list.push(item);
      else inside.set(item.group, [item]);
    }
    for (const list of inside.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.groups.update(groups, new Map([...inside].map(([id, list]) => [id, list.length])));
    const seen = new Set();
    for (const item of notes) {
      const group = item.group != null ? groupOf.get(item.group) : undefined;
      if (group?.collapsed) continue; // folded into its group's card
      seen.add(item.id);
      let rec = this.records.get(item.id);
      if (!rec) {
        rec = this._create(item.id);
        this.records.set(item.id, rec);
      }
      if (rec.item !== item) this._draw(rec, item);
      const holder = group ? this.groups.holder(group.id) : null;
      if (group && holder) {
        const spot = memberSpot((inside.get(group.id) ?? []).indexOf(item));
        this._place(rec, holder, spot.x, spot.y);
      } else this._place(rec, this.container, Number(item.x ?? 0), Number(item.y ?? 0));
      this._marker(rec);
      toggleClass(rec.el, "selected", this.ctx.selected === item.id);
      toggleClass(rec.el, "not-mine", !this.ctx.mayEdit(item)); // A8: no edit or delete tools on others' notes
    }
    for (const [id, rec] of this.records) {
      if (!seen.has(id)) {
        rec.el.remove();
        this.records.delete(id);
      }
    }
  }

  /** @param {string} id */
  edit(id) {
    if (this.groups.holder(id)) return this.groups.edit(id);
    const rec = this.records.get(id);
    if (!rec || !rec.item || !this.ctx.canEdit) return false;
    const item = rec.item;
    if (!this.ctx.tryEdit(item.block) || !this.ctx.tryChange(item)) return false;
    const session = this.ctx.editSession();
    const wasNew = item.text === "";
    this.ctx.select(id);
    rec.el.classList.add("editing-self");
    editInPlace(rec.text, {
      value: item.text,
      multiline: true,
      maxLength: MAX_TEXT,
      placeholder: t("note.placeholder"),
      className: "note-editor",
      commit: (text) => this.ctx.perform([{ kind: "item.update", id, set: { text } }], { mergeKey: wasNew ? `new:${id}` : `edit:${id}:${session}` }),
      setEditing: (on) => this.ctx.setEditing(on ? id : null),
      onEnd: (text) => {
        rec.el.classList.remove("editing-self");
        setText(rec.text, this.ctx.board().items[id]?.text ?? text); // what the editor covered
        if (wasNew && text.trim() === "" && this.ctx.board().items[id]) {
          // An empty new note is thrown away, and its creation leaves no undo step.
          this.ctx.perform([{ kind: "item.remove", id }], { undoable: false });
          this.ctx.dropUndo(`new:${id}`);
        }
      },
    });
    return true;
  }

  /** @param {string} id @returns {NoteRecord} */
  _create(id) {
    const text = h("div", { class: "note-text", testid: "note-text" });
    const author = h("div", { class: "note-author" });
    const marker = h("div", { class: "editing-marker" });
    const el = h("div", { class: "note", testid: "note", data: { id } }, marker, text, author);
    /** @type {NoteRecord} */
    const rec = { el, item: null, text, author, marker, markerKey: "", color: "", parent: null, x: NaN, y: NaN };
    if (this.ctx.canEdit) {
      const dot = h("button", {
        class: "note-dept", type: "button", testid: "note-dept", title: t("note.color"),
        on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._pickDept(rec, dot); } },
      });
      const del = h("button", {
        class: "note-del icon-button", type: "button", testid: "note-delete", title: t("note.delete"),
        on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this.ctx.removeItem(id); } },
      }, icon("trash", 15));
      el.append(h("div", { class: "note-tools" }, dot, del));
      el.addEventListener("pointerdown", (e) => {
        if (el.querySelector("textarea") || (e.target instanceof Element && e.target.closest("button"))) return;
        dragFrom(e, el, {
          onMove: (x, y) => markTarget(groupTarget(this.ctx, id, x, y)),
          onDrop: (x, y, grab) => dropNote(this.ctx, id, x, y, grab),
        });
      });
      el.addEventListener("dblclick", (e) => { e.stopPropagation(); this.edit(id); });
    }
    el.addEventListener("click", () => this.ctx.select(id));
    return rec;
  }

  /** @param {NoteRecord} rec @param {Item} item */
  _draw(rec, item) {
    rec.item = item;
    if (!rec.el.classList.contains("editing-self")) setText(rec.text, item.text);
    rec.text.title = item.text; // the whole text, where the fixed note box clamps it
    toggleClass(rec.text, "empty", item.text === "");
    setText(rec.author, item.author_name ? t("note.by", { name: item.author_name }) : "");
    const dept = this.ctx.dept(item.department);
    const color = dept?.color ?? "#94a3b8";
    if (rec.color !== color) {
      rec.el.style.setProperty("--dept", color);
      rec.color = color;
    }
    rec.el.title = [item.author_name, dept?.name].filter(Boolean).join(" · ");
  }

  /** Put a note's element in `parent` (the block, or its group's frame) at x, y there.
   * @param {NoteRecord} rec @param {HTMLElement} parent @param {number} x @param {number} y */
  _place(rec, parent, x, y) {
    if (rec.parent !== parent) {
      parent.appendChild(rec.el);
      rec.parent = parent;
    }
    if (rec.x !== x) rec.el.style.left = `${(rec.x = x)}px`;
    if (rec.y !== y) rec.el.style.top = `${(rec.y = y)}px`;
  }

  /** @param {NoteRecord} rec */
  _marker(rec) {
    const editors = rec.item ? this.ctx.editorsOf(rec.item.id) : [];
    const key = editors.map((p) => p.id).join(",");
    if (key === rec.markerKey) return;
    rec.markerKey = key;
    markEditing(this.ctx, rec.el, rec.marker, editors);
  }

  /** @param {NoteRecord} rec @param {HTMLElement} anchor */
  _pickDept(rec, anchor) {
    const item = rec.item;
    if (!item) return;
    openMenu(anchor, this.ctx.board().departments.map((d) => ({
      label: d.name, color: d.color, checked: item.department === d.id,
      onSelect: () => this.ctx.perform([{ kind: "item.update", id: item.id, set: { department: d.id } }]),
    })));
  }
}

/**
 * Show who else is typing in an item: an outline in their colour and a name tag.
 * @param {Ctx} ctx @param {HTMLElement} el @param {HTMLElement} marker @param {import("./context.js").Actor[]} editors
 */
export function markEditing(ctx, el, marker, editors) {
  toggleClass(el, "being-edited", editors.length > 0);
  if (!editors.length) {
    setText(marker, "");
    return;
  }
  const first = editors[0];
  el.style.setProperty("--editor", ctx.dept(first.department)?.color ?? "#64748b");
  setText(marker, t("presence.editing", { name: editors.map((p) => p.name).join(", ") }));
}

/**
 * Drop a note at a screen point: on a goal node (hang it), on another note (group the two)
 * or a group (join it), in a block that takes notes (move it there, out of its group),
 * anywhere else: refuse.
 * @param {Ctx} ctx @param {string} id @param {number} clientX @param {number} clientY @param {{x: number, y: number}} grab
 */
export function dropNote(ctx, id, clientX, clientY, grab) {
  const board = ctx.board();
  const note = board.items[id];
  if (!note) return;
  const goalEl = hit(clientX, clientY, ".goal[data-id]");
  const goal = goalEl ? board.items[goalEl.dataset.id ?? ""] : null;
  if (goal && goal.kind === "goal") {
    /** @type {import("../types.js").ItemMoveOp} */
    const op = { kind: "item.move", id, on: goal.id };
    if (goal.block !== note.block) op.block = goal.block;
    if (note.on !== goal.id || op.block) ctx.perform([op]);
    return;
  }
  const targetEl = hit(clientX, clientY, GROUP_TARGETS);
  const grouped = groupDrop(board, id, targetEl ? board.items[targetEl.dataset.id ?? ""] ?? null : null, () => ctx.newId("g"));
  if (grouped) {
    if (ctx.perform(grouped.ops) && grouped.created) ctx.editSoon(grouped.group);
    return;
  }
  if (targetEl) {
    const target = board.items[targetEl.dataset.id ?? ""];
    if (target && (target.id === note.group || (target.group != null && target.group === note.group))) return; // already in it
  }
  const blockEl = hit(clientX, clientY, ".block[data-block-id]");
  const block = blockEl ? board.blocks[blockEl.dataset.blockId ?? ""] : null;
  if (!block || !ITEM_HOMES.note.has(block.kind)) {
    ctx.toast(t("note.cannot.drop"));
    return;
  }
  const p = ctx.toBoard(clientX - grab.x * zoomOf(blockEl), clientY - grab.y * zoomOf(blockEl));
  const x = Math.round(clamp(p.x - block.x, 0, block.w - NOTE_W));
  const y = Math.round(clamp(p.y - block.y, 64, block.h - 60));
  /** @type {import("../types.js").ItemMoveOp} */
  const op = { kind: "item.move", id, x, y };
  if (block.id !== note.block) op.block = block.id;
  if (note.on != null) op.on = null;
  if (note.group != null) op.group = null;
  ctx.perform([op]);
}

/**
 * What dropping note `id` here would group it with, to show while dragging: the group it
 * would join (a grouped note stands for its group), the note it would start a group with, or
 * null (no grouping: the note's own group, or no note or group under the pointer).
 * @param {Ctx} ctx @param {string} id @param {number} clientX @param {number} clientY
 * @returns {HTMLElement | null}
 */
function groupTarget(ctx, id, clientX, clientY) {
  const el = hit(clientX, clientY, GROUP_TARGETS);
  const board = ctx.board();
  const target = el ? board.items[el.dataset.id ?? ""] : null;
  if (!el || !target || !groupDrop(board, id, target, () => "")) return null;
  const frame = el.parentElement?.closest(".group[data-id]");
  return frame instanceof HTMLElement ? frame : el;
}

/** The on-screen scale of an element inside the world (the canvas zoom). @param {HTMLElement | null} el */
function zoomOf(el) {
  if (!el) return 1;
  return el.offsetWidth ? el.getBoundingClientRect().width / el.offsetWidth : 1;
}

/** @param {number} v @param {number} lo @param {number} hi */
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
