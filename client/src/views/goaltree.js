// The goal tree block: nodes laid out automatically, edges drawn between them, notes hung on
// nodes shown as chips. Add child/sibling, rename, drag onto a node to reparent (or onto its
// top/bottom edge to place beside it), reorder, collapse, make an action from a node. N adds
// a free note beside the tree (a spot no node or note covers), to hang on a node by dragging.

import { bySiblingOrder, orderAt } from "../ordering.js";
import { t } from "../i18n.js";
import { h, setText, svg, toggleClass } from "./dom.js";
import { dragFrom, hit } from "./drag.js";
import { editInPlace } from "./editor.js";
import { layoutTree, MAX_CHIPS } from "./goallayout.js";
import { CELL_H, CELL_W, NOTE_H, NOTE_W, PAD_TOP, PAD_X } from "../layout.js";
import { icon } from "./icons.js";
import { dropNote, markEditing, NotesLayer } from "./notes.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").Item} Item */
/** @typedef {import("./context.js").Board} Board */
/** @typedef {{el: HTMLElement, title: HTMLElement, toggle: HTMLElement, hidden: HTMLElement, chips: HTMLElement, marker: HTMLElement, key: string, markerKey: string}} NodeRecord */

const PAD = 28;
const HEAD = 72;
const STAGE_TOP = 24; // the stage's top inside the block body (board.css .tree-stage)
const MIN_SCALE = 0.6;

export class GoalTreeView {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl @param {HTMLElement} body */
  constructor(ctx, blockEl, body) {
    this.ctx = ctx;
    this.blockEl = blockEl;
    this.stage = h("div", { class: "tree-stage", testid: "goal-tree" });
    this.content = h("div", { class: "tree-content" });
    this.edges = svg("svg", { class: "tree-edges" });
    this.content.append(this.edges);
    this.stage.append(this.content);
    this.empty = h("div", { class: "block-empty" });
    body.append(this.stage, this.empty);
    this.notes = new NotesLayer(ctx, blockEl);
    /** @type {Map<string, NodeRecord>} */
    this.records = new Map();
    /** @type {string | null} */
    this.blockId = null;
    this.scale = 1;
    /** @type {string | null} */
    this.layoutKey = null;
    /** @type {ReturnType<typeof layoutTree> | null} */
    this.layout = null;
    this.tools = ctx.canEdit
      ? h("button", {
          class: "chip-button", type: "button", testid: "goal-add-root",
          on: { click: () => this.addGoal(null, null) },
        }, icon("plus", 16), h("span", { text: t("goal.add.root") }))
      : undefined;
    if (ctx.canEdit) {
      this.stage.addEventListener("dblclick", (e) => {
        if (e.target === this.stage || e.target === this.content) this.addGoal(null, null);
      });
    }
  }

  /** @param {Board} board @param {import("../types.js").Block} block @param {Item[]} items */
  update(board, block, items) {
    this.blockId = block.id;
    const goals = items.filter((it) => it.kind === "goal");
    const notes = items.filter((it) => it.kind === "note");
    /** @type {Map<string, Item[]>} */
    const hungOn = new Map();
    const free = [];
    for (const n of notes) {
      if (n.on != null && board.items[n.on]?.kind === "goal") {
        const list = hungOn.get(n.on) ?? [];
        list.push(n);
        hungOn.set(n.on, list);
      } else free.push(n);
    }
    this.notes.update(free);

    const collapsed = this.ctx.collapsed;
    const key = layoutKey(goals, hungOn, collapsed);
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.layout = layoutTree(goals, new Map([...hungOn].map(([id, list]) => [id, list.length])), collapsed);
      this._drawEdges();
    }
    const layout = /** @type {ReturnType<typeof layoutTree>} */ (this.layout);
    this.scale = treeScale(layout, block);
    this.stage.classList.toggle("scrolls", layout.height * this.scale > block.h - HEAD - PAD + 1);
    this.content.style.transform = `scale(${this.scale})`;
    this.content.style.width = `${layout.width}px`;
    this.content.style.height = `${layout.height}px`;

    const seen = new Set();
    const byId = new Map(goals.map((g) => [g.id, g]));
    /** @type {Element} */
    let prev = this.edges;
    // Nodes in layout order (depth first, siblings in order): the DOM, and so the reading
    // and tab order, follows the tree.
    for (const box of layout.nodes.values()) {
      const goal = /** @type {Item} */ (byId.get(box.id));
      seen.add(goal.id);
      let rec = this.records.get(goal.id);
      if (!rec) {
        rec = this._create(goal.id);
        this.records.set(goal.id, rec);
      }
      const hung = (hungOn.get(goal.id) ?? []).sort((a, b) => (a.id < b.id ? -1 : 1));
      this._draw(rec, goal, box, hung);
      if (prev.nextSibling !== rec.el) prev.after(rec.el);
      prev = rec.el;
    }
    for (const [id, rec] of this.records) {
      if (!seen.has(id)) {
        rec.el.remove();
        this.records.delete(id);
      }
    }
    const any = goals.length > 0 || items.some((it) => it.kind === "hidden");
    toggleClass(this.empty, "hidden", any);
    setText(this.empty, any ? "" : t("goal.empty"));
  }

  _drawEdges() {
    const layout = /** @type {ReturnType<typeof layoutTree>} */ (this.layout);
    while (this.edges.firstChild) this.edges.firstChild.remove();
    this.edges.setAttribute("width", String(layout.width));
    this.edges.setAttribute("height", String(layout.height));
    for (const { from, to } of layout.edges) {
      const a = layout.nodes.get(from);
      const b = layout.nodes.get(to);
      if (!a || !b) continue;
      const x1 = a.x + a.w;
      const y1 = a.y + 30;
      const x2 = b.x;
      const y2 = b.y + 30;
      const mx = (x1 + x2) / 2;
      this.edges.append(svg("path", { d: `M${x1} ${y1} C${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`, class: `edge depth-${Math.min(a.depth, 3)}` }));
    }
  }

  /** @param {string} id @returns {NodeRecord} */
  _create(id) {
    const ctx = this.ctx;
    const toggle = h("button", {
      class: "goal-toggle icon-button", type: "button", testid: "goal-toggle",
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); ctx.select(id); ctx.toggleCollapsed(id); } },
    }, icon("chevronDown", 16));
    const title = h("div", { class: "goal-title", testid: "goal-title" });
    const hidden = h("span", { class: "goal-hidden", testid: "goal-hidden" });
    const marker = h("div", { class: "editing-marker" });
    const chips = h("div", { class: "goal-notes" });
    const el = h("div", { class: "goal", testid: "goal-node", data: { id } },
      marker, h("div", { class: "goal-main" }, toggle, title, hidden), chips);
    if (ctx.canEdit) {
      const tool = (/** @type {string} */ name, /** @type {string} */ label, /** @type {string} */ testid, /** @type {() => void} */ run) =>
        h("button", { class: "icon-button", type: "button", title: label, testid, on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); run(); } } }, icon(name, 15));
      el.append(h("div", { class: "goal-tools" },
        tool("plus", t("goal.add.child"), "goal-add-child", () => this.addGoal(id, "child")),
        tool("action", t("goal.to.action"), "goal-to-action", () => { const it = ctx.board().items[id]; if (it) ctx.makeAction(it); }),
        tool("trash", t("goal.delete"), "goal-delete", () => ctx.removeItem(id)),
      ));
      el.addEventListener("pointerdown", (e) => {
        if (el.querySelector("textarea") || (e.target instanceof Element && e.target.closest("button, .goal-note-chip"))) return;
        dragFrom(e, el, {
          onMove: (x, y) => this._hover(id, x, y),
          onDrop: (x, y) => this._drop(id, x, y),
          onEnd: () => this._hover(id, -1, -1),
        });
      });
      el.addEventListener("dblclick", (e) => { e.stopPropagation(); this.edit(id); });
    }
    el.addEventListener("click", () => ctx.select(id));
    this.content.append(el);
    return { el, title, toggle, hidden, chips, marker, key: "", markerKey: "" };
  }

  /**
   * @param {NodeRecord} rec @param {Item} goal @param {import("./goallayout.js").NodeBox} box @param {Item[]} hung
   */
  _draw(rec, goal, box, hung) {
    const key = `${goal.title}|${goal.parent}|${box.x},${box.y},${box.h}|${box.depth}|${box.hasKids}|${box.hiddenCount}|${hung.map((n) => `${n.id}:${n.text}:${n.department}`).join(";")}|${t("goal.new")}`;
    if (key !== rec.key) {
      rec.key = key;
      const el = rec.el;
      el.style.left = `${box.x}px`;
      el.style.top = `${box.y}px`;
      el.style.height = `${box.h}px`;
      el.className = `goal depth-${Math.min(box.depth, 3)}${box.hasKids ? " has-kids" : ""}${box.hiddenCount ? " collapsed" : ""}`;
      el.dataset.depth = String(box.depth);
      el.dataset.parent = goal.parent ?? "";
      if (!el.querySelector("textarea")) setText(rec.title, goal.title || t("goal.new"));
      toggleClass(rec.title, "empty", !goal.title);
      rec.toggle.title = box.hiddenCount ? t("goal.expand") : t("goal.collapse");
      setText(rec.hidden, box.hiddenCount ? t("goal.hidden", { n: box.hiddenCount }) : "");
      this._chips(rec, hung);
    }
    toggleClass(rec.el, "selected", this.ctx.selected === goal.id);
    // A8: rename and delete only on what is this viewer's to change.
    toggleClass(rec.el, "not-mine", !this.ctx.mayEdit(goal));
    toggleClass(rec.el, "cannot-remove", !this.ctx.mayRemove(goal));
    const editors = this.ctx.editorsOf(goal.id);
    const markerKey = editors.map((p) => p.id).join(",");
    if (markerKey !== rec.markerKey) {
      rec.markerKey = markerKey;
      markEditing(this.ctx, rec.el, rec.marker, editors);
    }
  }

  /** @param {NodeRecord} rec @param {Item[]} hung */
  _chips(rec, hung) {
    while (rec.chips.firstChild) rec.chips.firstChild.remove();
    for (const note of hung.slice(0, MAX_CHIPS)) {
      const chip = h("div", { class: "goal-note-chip", testid: "hung-note", data: { id: note.id }, text: note.text, title: note.author_name ?? "" });
      chip.style.setProperty("--dept", this.ctx.dept(note.department)?.color ?? "#94a3b8");
      if (this.ctx.canEdit) {
        chip.addEventListener("pointerdown", (e) => {
          e.stopPropagation();
          dragFrom(e, chip, { onDrop: (x, y, grab) => dropNote(this.ctx, note.id, x, y, grab) });
        });
      }
      rec.chips.append(chip);
    }
    if (hung.length > MAX_CHIPS) rec.chips.append(h("div", { class: "goal-notes-more", text: t("goal.more.notes", { n: hung.length - MAX_CHIPS }) }));
  }

  // Editing.

  /** @param {string} id */
  edit(id) {
    if (this.notes.records.has(id)) return this.notes.edit(id);
    const rec = this.records.get(id);
    const goal = this.ctx.board().items[id];
    if (!rec || !goal || !this.ctx.canEdit) return false;
    if (!this.ctx.tryEdit(goal.block) || !this.ctx.tryChange(goal)) return false;
    const session = this.ctx.editSession();
    const wasNew = goal.title === "";
    this.ctx.select(id);
    rec.el.classList.add("editing-self");
    editInPlace(rec.title, {
      value: goal.title,
      maxLength: MAX_TITLE,
      placeholder: t("goal.new"),
      className: "goal-editor",
      commit: (title) => this.ctx.perform([{ kind: "item.update", id, set: { title } }], { mergeKey: wasNew ? `new:${id}` : `edit:${id}:${session}` }),
      setEditing: (on) => this.ctx.setEditing(on ? id : null),
      onKey: (e) => {
        if (e.key === "Tab") {
          setTimeout(() => this.addGoal(id, e.shiftKey ? "sibling" : "child"), 0);
          /** @type {HTMLElement} */ (e.target).blur();
          return true;
        }
        return false;
      },
      onEnd: (title) => {
        rec.el.classList.remove("editing-self");
        if (wasNew && !title.trim() && this.ctx.board().items[id]) {
          this.ctx.perform([{ kind: "item.remove", id }], { undoable: false });
          this.ctx.dropUndo(`new:${id}`);
        }
      },
    });
    return true;
  }

  /**
   * Add a goal: a root (relativeTo null), a child of a node, or a sibling after it.
   * @param {string | null} relativeTo @param {"child" | "sibling" | null} how
   */
  addGoal(relativeTo, how) {
    const board = this.ctx.board();
    if (!this.blockId) return;
    const anchor = relativeTo ? board.items[relativeTo] : null;
    const parent = how === "child" ? relativeTo : anchor ? anchor.parent ?? null : null;
    const siblings = this._children(board, parent);
    const index = how === "sibling" && anchor ? siblings.findIndex((s) => s.id === anchor.id) + 1 : siblings.length;
    const { order, rekey } = orderAt(siblings, index);
    const id = this.ctx.newId("g");
    if (how === "child" && relativeTo) this.ctx.toggleCollapsed(relativeTo, false);
    const ok = this.ctx.perform([
      ...rekey.map((r) => ({ kind: "item.move", id: r.id, order: r.order })),
      { kind: "item.add", id, block: this.blockId, item: { kind: "goal", title: "", parent, order } },
    ], { mergeKey: `new:${id}` });
    if (ok) this.ctx.editSoon(id);
  }

  /**
   * N in the goal tree: a free note to hang on a node, at a board point (a double-click) or
   * at a spot beside the tree that no node or other note covers. The view stays where it is.
   * @param {number | null} bx @param {number | null} by
   */
  addNote(bx, by) {
    const board = this.ctx.board();
    const block = this.blockId ? board.blocks[this.blockId] : null;
    if (!block) return;
    const spot = bx !== null && by !== null
      ? { x: bx - block.x - NOTE_W / 2, y: by - block.y - 40 }
      : treeFreeSpot(board, block, this.ctx.collapsed, this.ctx.you().id);
    const x = Math.round(Math.max(12, Math.min(block.w - NOTE_W - 12, spot.x)));
    const y = Math.round(Math.max(HEAD + 4, Math.min(block.h - NOTE_H - 12, spot.y)));
    const id = this.ctx.newId("n");
    const ok = this.ctx.perform([{
      kind: "item.add", id, block: block.id,
      item: { kind: "note", text: "", department: this.ctx.you().department, x, y, on: null },
    }], { mergeKey: `new:${id}` });
    if (ok) this.ctx.editSoon(id);
  }

  /** @param {Board} board @param {string | null} parent */
  _children(board, parent) {
    return Object.values(board.items)
      .filter((it) => it.kind === "goal" && it.block === this.blockId && (it.parent ?? null) === parent)
      .sort(bySiblingOrder);
  }

  // Dragging a node.

  /** @param {string} id @param {number} x @param {number} y @returns {{el: HTMLElement, zone: "before" | "after" | "child"} | null} */
  _target(id, x, y) {
    const el = hit(x, y, ".goal[data-id]");
    if (!el || el.dataset.id === id || !this.content.contains(el)) return null;
    const r = el.getBoundingClientRect();
    const rel = (y - r.top) / r.height;
    return { el, zone: rel < 0.22 ? "before" : rel > 0.78 ? "after" : "child" };
  }

  /** @param {string} id @param {number} x @param {number} y */
  _hover(id, x, y) {
    for (const el of this.content.querySelectorAll(".drop-before, .drop-after, .drop-child")) {
      el.classList.remove("drop-before", "drop-after", "drop-child");
    }
    const target = x < 0 ? null : this._target(id, x, y);
    if (target) target.el.classList.add(`drop-${target.zone}`);
  }

  /** @param {string} id @param {number} x @param {number} y */
  _drop(id, x, y) {
    const board = this.ctx.board();
    const node = board.items[id];
    if (!node) return;
    const target = this._target(id, x, y);
    if (!target) {
      // Dropped on the tree's empty space: becomes the last root.
      if (hit(x, y, ".block[data-block-id]") === this.blockEl && node.parent != null) {
        const roots = this._children(board, null);
        const { order, rekey } = orderAt(roots, roots.length);
        this.ctx.perform([...this._rekeyOps(rekey), { kind: "item.move", id, parent: null, order }]);
      }
      return;
    }
    const other = board.items[target.el.dataset.id ?? ""];
    if (!other) return;
    if (target.zone === "child") {
      const kids = this._children(board, other.id).filter((k) => k.id !== id);
      const { order, rekey } = orderAt(kids, kids.length);
      this.ctx.toggleCollapsed(other.id, false);
      this.ctx.perform([...this._rekeyOps(rekey), { kind: "item.move", id, parent: other.id, order }]);
      return;
    }
    const parent = other.parent ?? null;
    const siblings = this._children(board, parent).filter((k) => k.id !== id);
    const at = siblings.findIndex((s) => s.id === other.id) + (target.zone === "after" ? 1 : 0);
    const { order, rekey } = orderAt(siblings, at);
    this.ctx.perform([...this._rekeyOps(rekey), { kind: "item.move", id, parent, order }]);
  }

  /** @param {{id: string, order: string}[]} rekey */
  _rekeyOps(rekey) {
    return rekey.map((r) => ({ kind: "item.move", id: r.id, order: r.order }));
  }

  // Keyboard, with a node selected.

  /** @param {KeyboardEvent} e @param {Item} item */
  onKey(e, item) {
    if (item.kind !== "goal") return false;
    const board = this.ctx.board();
    if (e.key === "Tab" && this.ctx.canEdit) {
      this.addGoal(item.id, e.shiftKey ? "sibling" : "child");
      return true;
    }
    if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && this.ctx.canEdit) {
      this.addGoal(item.id, "sibling");
      return true;
    }
    const siblings = this._children(board, item.parent ?? null);
    const index = siblings.findIndex((s) => s.id === item.id);
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && this.ctx.canEdit) {
      const rest = siblings.filter((s) => s.id !== item.id);
      const at = e.key === "ArrowUp" ? Math.max(0, index - 1) : Math.min(rest.length, index + 1);
      if (at === index) return true;
      const { order, rekey } = orderAt(rest, at);
      this.ctx.perform([...this._rekeyOps(rekey), { kind: "item.move", id: item.id, order }]);
      return true;
    }
    const kids = this._children(board, item.id);
    const collapsed = this.ctx.collapsed.has(item.id);
    switch (e.key) {
      case "ArrowUp": if (index > 0) this.ctx.select(siblings[index - 1].id); return true;
      case "ArrowDown": if (index < siblings.length - 1) this.ctx.select(siblings[index + 1].id); return true;
      case "ArrowLeft":
        if (kids.length && !collapsed) this.ctx.toggleCollapsed(item.id, true);
        else if (item.parent) this.ctx.select(item.parent);
        return true;
      case "ArrowRight":
        if (kids.length && collapsed) this.ctx.toggleCollapsed(item.id, false);
        else if (kids.length) this.ctx.select(kids[0].id);
        return true;
      default: return false;
    }
  }
}

/** What the layout depends on: goals' placement and titles' presence, hung counts, collapse. */
/** @param {Item[]} goals @param {Map<string, Item[]>} hungOn @param {Set<string>} collapsed */
function layoutKey(goals, hungOn, collapsed) {
  let key = "";
  for (const g of goals) key += `${g.id}>${g.parent ?? ""}:${g.order}:${hungOn.get(g.id)?.length ?? 0}${collapsed.has(g.id) ? "c" : ""};`;
  return key;
}

/**
 * How much a tree is shrunk to fit its block: to the block's width, and to its height but not
 * past readable (a taller tree scrolls inside its frame).
 * @param {{width: number, height: number}} layout @param {{w: number, h: number}} block
 */
function treeScale(layout, block) {
  const availW = block.w - 2 * PAD;
  const availH = block.h - HEAD - PAD;
  const fitH = availH / Math.max(1, layout.height);
  return Math.min(1, availW / Math.max(1, layout.width), Math.max(MIN_SCALE, fitH));
}

/**
 * A spot in a goal tree block for one more free note: the first place on the notes grid
 * (rows top-down, columns left-right) that neither a node, as this viewer's layout draws it,
 * nor another free note overlaps. In private writing nobody sees the others' notes, so each
 * person starts at a place of their own (from their id). A full block: the place that hides
 * the fewest notes and no node if it can.
 * @param {Board} board @param {import("../types.js").Block} block
 * @param {Set<string>} collapsed the viewer's collapsed nodes @param {string} [who] the participant id
 * @returns {{x: number, y: number}} relative to the block
 */
export function treeFreeSpot(board, block, collapsed, who = "") {
  const items = Object.values(board.items).filter((it) => it.block === block.id);
  const goals = items.filter((it) => it.kind === "goal");
  const goalIds = new Set(goals.map((g) => g.id));
  /** @type {Map<string, number>} */
  const hung = new Map();
  /** @type {{x: number, y: number, w: number, h: number}[]} */
  const notes = [];
  for (const it of items) {
    if (it.kind !== "note") continue;
    if (it.on != null && goalIds.has(it.on)) hung.set(it.on, (hung.get(it.on) ?? 0) + 1);
    else notes.push({ x: Number(it.x ?? 0), y: Number(it.y ?? 0), w: NOTE_W, h: NOTE_H });
  }
  const layout = layoutTree(goals, hung, collapsed);
  const scale = treeScale(layout, block);
  const nodes = [...layout.nodes.values()].map((n) => ({
    x: PAD + n.x * scale, y: HEAD + STAGE_TOP + n.y * scale, w: n.w * scale, h: n.h * scale,
  }));
  /** @type {{x: number, y: number}[]} */
  const cells = [];
  for (let y = PAD_TOP; y + NOTE_H <= block.h - 12; y += 2 * CELL_H) {
    for (let x = PAD_X; x + NOTE_W <= block.w - 12; x += CELL_W) cells.push({ x, y });
  }
  if (!cells.length) return { x: PAD_X, y: PAD_TOP };
  const start = block.private ? hashOf(who) % cells.length : 0;
  let best = cells[start];
  let bestScore = Infinity;
  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[(start + i) % cells.length];
    const box = { x: cell.x, y: cell.y, w: NOTE_W, h: NOTE_H };
    const score = 1000 * nodes.filter((n) => overlaps(box, n, 10)).length + notes.filter((n) => overlaps(box, n, 0)).length;
    if (score === 0) return cell;
    if (score < bestScore) { best = cell; bestScore = score; }
  }
  return best;
}

/**
 * Do two boxes overlap, keeping `margin` between them? Touching edges do not overlap.
 * @param {{x: number, y: number, w: number, h: number}} a @param {{x: number, y: number, w: number, h: number}} b @param {number} margin
 */
function overlaps(a, b, margin) {
  return a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;
}

/** A small stable hash of a string (FNV-1a). @param {string} text */
function hashOf(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
