// The SWOT block: four quadrants of items, each tagged with the department that raised it.
// Quick entry (type, Enter, type the next), filter by department, drag between quadrants,
// make an action from an item.

import { bySiblingOrder, orderAt } from "../ordering.js";
import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { dragFrom, hit } from "./drag.js";
import { editInPlace } from "./editor.js";
import { icon } from "./icons.js";
import { openMenu } from "./menu.js";
import { markEditing } from "./notes.js";
import { MAX_TEXT } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./context.js").Item} Item */
/** @typedef {{el: HTMLElement, tag: HTMLElement, text: HTMLElement, marker: HTMLElement, item: Item | null, markerKey: string, filterKey: string}} CardRecord */

export const QUADRANTS = /** @type {const} */ (["S", "W", "O", "T"]);
/** @typedef {typeof QUADRANTS[number]} Quadrant */
/** @typedef {{el: HTMLElement, list: HTMLElement, count: HTMLElement, title: HTMLElement, adder: HTMLElement | null}} QuadrantRecord */

export class SwotView {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl @param {HTMLElement} body */
  constructor(ctx, blockEl, body) {
    this.ctx = ctx;
    /** @type {string | null} */
    this.blockId = null;
    /** @type {Map<Quadrant, QuadrantRecord>} */
    this.quadrants = new Map();
    /** @type {Map<string, CardRecord>} */
    this.records = new Map();
    const grid = h("div", { class: "swot-grid" });
    for (const q of QUADRANTS) {
      const list = h("div", { class: "swot-list" });
      const count = h("span", { class: "swot-count" });
      const title = h("h3", { class: "swot-title" });
      const el = h("section", { class: `swot-quadrant q-${q}`, testid: `swot-${q}`, data: { quadrant: q } },
        h("header", { class: "swot-head" }, h("span", { class: "swot-letter", text: q }), title, count),
        list);
      let adder = null;
      if (ctx.canEdit) {
        adder = h("button", { class: "swot-add", type: "button", testid: `swot-add-${q}`, on: { click: () => this.quickAdd(q) } },
          icon("plus", 16), h("span"));
        el.append(adder);
        el.addEventListener("dblclick", (e) => { if (e.target === el || e.target === list) this.quickAdd(q); });
      }
      grid.append(el);
      this.quadrants.set(q, { el, list, count, title, adder });
    }
    body.append(grid);
    this.filterBar = h("div", { class: "swot-filter", testid: "swot-filter" });
    // Where the header is narrow (board.css), the chips fold into this one: the filter in
    // force, the departments in a menu.
    this.filterMenu = h("button", {
      class: "filter-chip swot-filter-menu", type: "button", testid: "swot-filter-menu", attrs: { "aria-haspopup": "menu" },
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._filterMenu(); } },
    }, icon("filter", 16), h("span"), icon("chevronDown", 14));
    this.tools = h("div", { class: "swot-tools" }, this.filterMenu, this.filterBar);
    this.filterKey = "";
    /** @type {Map<string, number>} items per department, as the chips count them */
    this.filterCounts = new Map();
    /** @type {Set<string>} items this person wrote under the current filter: they stay in sight */
    this.written = new Set();
    /** @type {string | null} the filter `written` belongs to */
    this.writtenUnder = null;
  }

  /** @param {import("../types.js").Board} board @param {import("../types.js").Block} block @param {Item[]} items */
  update(board, block, items) {
    this.blockId = block.id;
    this._filters(board, items);
    for (const [q, quad] of this.quadrants) {
      setText(quad.title, t(`swot.${q}`));
      if (quad.adder) setText(/** @type {HTMLElement} */ (quad.adder.lastElementChild), t("swot.add"));
    }
    /** @type {Map<Quadrant, Item[]>} */
    const byQuadrant = new Map(QUADRANTS.map((q) => [q, []]));
    for (const it of items) if (it.kind === "swot") byQuadrant.get(it.quadrant)?.push(it);
    const filter = this.ctx.swotFilter;
    if (filter !== this.writtenUnder) {
      this.writtenUnder = filter;
      this.written.clear();
    }
    const seen = new Set();
    for (const [q, list] of byQuadrant) {
      const quad = /** @type {QuadrantRecord} */ (this.quadrants.get(q)); // the constructor made one for each
      list.sort(bySiblingOrder);
      let shown = 0;
      let prev = null;
      for (const item of list) {
        seen.add(item.id);
        let rec = this.records.get(item.id);
        if (!rec) {
          rec = this._create(item.id);
          this.records.set(item.id, rec);
        }
        if (rec.item !== item) this._draw(rec, item);
        const visible = !filter || item.department === filter || this.written.has(item.id);
        toggleClass(rec.el, "hidden", !visible);
        if (visible) shown += 1;
        toggleClass(rec.el, "selected", this.ctx.selected === item.id);
        toggleClass(rec.el, "not-mine", !this.ctx.mayEdit(item)); // A8: no edit or delete tools on others' items
        const editors = this.ctx.editorsOf(item.id);
        const mk = editors.map((p) => p.id).join(",");
        if (mk !== rec.markerKey) { rec.markerKey = mk; markEditing(this.ctx, rec.el, rec.marker, editors); }
        // Keep DOM order = sibling order, moving only what is out of place.
        const want = prev ? prev.nextSibling : quad.list.firstChild;
        if (want !== rec.el) quad.list.insertBefore(rec.el, want);
        prev = rec.el;
      }
      setText(quad.count, String(shown));
    }
    for (const [id, rec] of this.records) {
      if (!seen.has(id)) {
        rec.el.remove();
        this.records.delete(id);
      }
    }
  }

  /** @param {import("../types.js").Board} board @param {Item[]} items */
  _filters(board, items) {
    const counts = new Map();
    for (const it of items) if (it.kind === "swot" && it.department) counts.set(it.department, (counts.get(it.department) ?? 0) + 1);
    const active = this.ctx.swotFilter;
    const key = `${active}|${board.departments.map((d) => `${d.id}:${d.name}:${counts.get(d.id) ?? 0}`).join(",")}|${t("swot.filter.all")}`;
    if (key === this.filterKey) return;
    this.filterKey = key;
    this.filterCounts = counts;
    const shown = board.departments.find((d) => d.id === active);
    const label = shown?.name ?? t("swot.filter.all");
    setText(/** @type {HTMLElement} */ (this.filterMenu.children[1]), label);
    this.filterMenu.title = `${t("swot.department")}: ${label}`;
    toggleClass(this.filterMenu, "active", Boolean(shown));
    while (this.filterBar.firstChild) this.filterBar.firstChild.remove();
    const chip = (/** @type {string | null} */ dept, /** @type {string} */ label, /** @type {string | null} */ color, /** @type {number | null} */ n) => {
      const el = h("button", {
        class: `filter-chip${active === dept ? " active" : ""}`, type: "button",
        testid: `swot-filter-${dept ?? "all"}`, attrs: { "aria-pressed": String(active === dept) },
        on: { click: () => this.ctx.setSwotFilter(dept) },
      }, color ? h("span", { class: "dot" }) : null, h("span", { text: label }), n !== null ? h("span", { class: "filter-count", text: String(n) }) : null);
      if (color) el.style.setProperty("--dept", color);
      return el;
    };
    this.filterBar.append(chip(null, t("swot.filter.all"), null, null));
    for (const d of board.departments) this.filterBar.append(chip(d.id, d.name, d.color, counts.get(d.id) ?? 0));
  }

  /** The folded filter's menu: every department, with its count, and "all". */
  _filterMenu() {
    const active = this.ctx.swotFilter;
    openMenu(this.filterMenu, [
      { label: t("swot.filter.all"), testid: "swot-filter-menu-all", checked: active === null, onSelect: () => this.ctx.setSwotFilter(null) },
      ...this.ctx.board().departments.map((d) => ({
        label: `${d.name} · ${this.filterCounts.get(d.id) ?? 0}`, color: d.color, testid: `swot-filter-menu-${d.id}`,
        checked: active === d.id, onSelect: () => this.ctx.setSwotFilter(d.id),
      })),
    ], { title: t("swot.department") });
  }

  /** @param {string} id @returns {CardRecord} */
  _create(id) {
    const ctx = this.ctx;
    const tag = h("button", { class: "dept-tag", type: "button", testid: "swot-dept", disabled: !ctx.canEdit,
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._pickDept(id, tag); } } });
    const text = h("div", { class: "swot-text", testid: "swot-text" });
    const marker = h("div", { class: "editing-marker" });
    const el = h("div", { class: "swot-card", testid: "swot-item", data: { id } }, marker, h("div", { class: "swot-card-top" }, tag), text);
    if (ctx.canEdit) {
      const tool = (/** @type {string} */ name, /** @type {string} */ label, /** @type {string} */ testid, /** @type {() => void} */ run) =>
        h("button", { class: "icon-button", type: "button", title: label, testid, on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); run(); } } }, icon(name, 15));
      el.append(h("div", { class: "card-tools" },
        tool("action", t("swot.to.action"), "swot-to-action", () => { const it = ctx.board().items[id]; if (it) ctx.makeAction(it); }),
        tool("trash", t("swot.delete"), "swot-delete", () => ctx.removeItem(id)),
      ));
      el.addEventListener("pointerdown", (e) => {
        if (el.querySelector("textarea") || (e.target instanceof Element && e.target.closest("button"))) return;
        dragFrom(e, el, { onDrop: (x, y) => this._drop(id, x, y) });
      });
      el.addEventListener("dblclick", (e) => { e.stopPropagation(); this.edit(id); });
    }
    el.addEventListener("click", () => ctx.select(id));
    return { el, tag, text, marker, item: null, markerKey: "", filterKey: "" };
  }

  /** @param {CardRecord} rec @param {Item} item */
  _draw(rec, item) {
    rec.item = item;
    if (!rec.el.classList.contains("editing-self")) setText(rec.text, item.text);
    const dept = this.ctx.dept(item.department);
    setText(rec.tag, dept?.name ?? t("join.department.none"));
    rec.el.style.setProperty("--dept", dept?.color ?? "#94a3b8");
    rec.el.dataset.dept = item.department ?? "";
    rec.el.dataset.quadrant = item.quadrant;
  }

  /** @param {string} id @param {HTMLElement} anchor */
  _pickDept(id, anchor) {
    const item = this.ctx.board().items[id];
    if (!item) return;
    openMenu(anchor, [
      ...this.ctx.board().departments.map((d) => ({
        label: d.name, color: d.color, checked: item.department === d.id,
        onSelect: () => this.ctx.perform([{ kind: "item.update", id, set: { department: d.id } }]),
      })),
      { label: t("join.department.none"), color: null, checked: item.department == null,
        onSelect: () => this.ctx.perform([{ kind: "item.update", id, set: { department: null } }]) },
    ], { title: t("swot.department") });
  }

  /** @param {string} id */
  edit(id) {
    const rec = this.records.get(id);
    const item = this.ctx.board().items[id];
    if (!rec || !item || !this.ctx.canEdit) return false;
    if (!this.ctx.tryEdit(item.block) || !this.ctx.tryChange(item)) return false;
    const session = this.ctx.editSession();
    this.ctx.select(id);
    rec.el.classList.add("editing-self");
    editInPlace(rec.text, {
      value: item.text, multiline: true, maxLength: MAX_TEXT, className: "swot-editor",
      commit: (text) => this.ctx.perform([{ kind: "item.update", id, set: { text } }], { mergeKey: `edit:${id}:${session}` }),
      setEditing: (on) => this.ctx.setEditing(on ? id : null),
      onEnd: (text) => {
        rec.el.classList.remove("editing-self");
        // An update drawn while the editor was open left the text under it as it was.
        setText(rec.text, this.ctx.board().items[id]?.text ?? text);
      },
    });
    return true;
  }

  /** Quick entry at the end of a quadrant: Enter adds and opens the next. @param {Quadrant} q */
  quickAdd(q) {
    const quad = this.quadrants.get(q);
    if (!quad || !this.blockId || quad.el.querySelector(".swot-new")) return;
    if (!this.ctx.tryEdit(this.blockId)) return;
    const holder = h("div", { class: "swot-card swot-new" }, h("div", { class: "swot-text" }));
    quad.list.append(holder);
    const host = /** @type {HTMLElement} */ (holder.firstElementChild);
    let text = "";
    editInPlace(host, {
      value: "", maxLength: MAX_TEXT, placeholder: t("swot.placeholder"), className: "swot-editor",
      commit: (value) => { text = value; },
      debounceMs: 1e9, // sent once, on Enter or when leaving the field
      onKey: (e, value) => {
        if (e.key === "Enter" && !e.shiftKey) {
          text = value;
          /** @type {HTMLElement} */ (e.target).blur();
          if (value.trim()) setTimeout(() => this.quickAdd(q), 0);
          return true;
        }
        return false;
      },
      onEnd: () => {
        holder.remove();
        if (text.trim()) this._add(q, text.trim());
      },
    });
  }

  /** @param {string} q @param {string} text */
  _add(q, text) {
    const board = this.ctx.board();
    const siblings = Object.values(board.items)
      .filter((it) => it.kind === "swot" && it.block === this.blockId && it.quadrant === q)
      .sort(bySiblingOrder);
    const { order, rekey } = orderAt(siblings, siblings.length);
    const id = this.ctx.newId("s");
    // Written as the writer's own department: the filter only chooses what is shown (issue
    // 17, 4). What one writes under a filter stays in sight until the filter changes.
    const ok = this.ctx.perform([
      ...rekey.map((r) => ({ kind: "item.move", id: r.id, order: r.order })),
      {
        kind: "item.add", id, block: /** @type {string} */ (this.blockId),
        item: { kind: "swot", quadrant: q, text, department: this.ctx.you().department ?? null, order },
      },
    ]);
    if (ok && this.ctx.swotFilter) this.written.add(id);
  }

  /** @param {string} id @param {number} x @param {number} y */
  _drop(id, x, y) {
    const board = this.ctx.board();
    const item = board.items[id];
    const quadEl = hit(x, y, ".swot-quadrant");
    if (!item || !quadEl || !quadEl.closest(`.block[data-block-id="${item.block}"]`)) return;
    const q = quadEl.dataset.quadrant ?? item.quadrant;
    const siblings = Object.values(board.items)
      .filter((it) => it.kind === "swot" && it.block === item.block && it.quadrant === q && it.id !== id)
      .sort(bySiblingOrder);
    const over = hit(x, y, ".swot-card[data-id]");
    let index = siblings.length;
    if (over && over.dataset.id !== id) {
      const r = over.getBoundingClientRect();
      index = siblings.findIndex((s) => s.id === over.dataset.id) + (y > r.top + r.height / 2 ? 1 : 0);
    }
    const { order, rekey } = orderAt(siblings, Math.max(0, index));
    /** @type {import("../types.js").ItemMoveOp} */
    const op = { kind: "item.move", id, order };
    if (q !== item.quadrant) op.quadrant = q;
    this.ctx.perform([...rekey.map((r) => ({ kind: "item.move", id: r.id, order: r.order })), op]);
  }
}
