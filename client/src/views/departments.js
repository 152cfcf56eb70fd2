// The facilitator's Departments panel (A9): each department with its name, to rename it in
// place, and its colour, picked from the board's palette. Each change is one
// `department.update`, seen by everyone at once; notes keep their department.

import { t } from "../i18n.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Department} Department */
/**
 * @typedef {{el: HTMLElement, swatch: HTMLButtonElement, name: HTMLInputElement, picker: HTMLElement, key: string}} Row
 */

/** The colours a department may take: the palette of board/template.py, in its order. */
export const PALETTE = ["#3b82f6", "#f59e0b", "#ec4899", "#10b981", "#8b5cf6", "#ef4444", "#14b8a6", "#a16207"];

const MAX_NAME = MAX_TITLE;

export class DepartmentsPanel {
  /** @param {Ctx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.title = h("div", { class: "panel-title" });
    this.list = h("div", { class: "departments-list" });
    this.empty = h("div", { class: "panel-empty hidden" });
    this.hint = h("p", { class: "panel-hint" });
    this.el = h("div", {
      class: "fac-panel departments-panel hidden", testid: "departments-panel",
      on: { keydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === "Escape" && !e.defaultPrevented) this.close(); } },
    }, this.title, this.list, this.empty, this.hint);
    /** @type {Map<string, Row>} */
    this.rows = new Map();
  }

  get open() {
    return !this.el.classList.contains("hidden");
  }

  toggle() {
    this.el.classList.toggle("hidden");
    if (this.open) this.render();
  }

  close() {
    this.el.classList.add("hidden");
  }

  render() {
    if (!this.open) return;
    const departments = this.ctx.board().departments;
    setText(this.title, t("departments.title"));
    setText(this.hint, t("departments.hint"));
    setText(this.empty, t("departments.empty"));
    toggleClass(this.empty, "hidden", departments.length > 0);
    const seen = new Set();
    for (const [i, dept] of departments.entries()) {
      seen.add(dept.id);
      let row = this.rows.get(dept.id);
      if (!row) {
        row = this._row(dept.id);
        this.rows.set(dept.id, row);
      }
      // The board's order, moving a row only when it is out of place: moving a row takes
      // the focus from its name field, and the next draw would overwrite what the
      // facilitator is typing (any board change re-renders the panel).
      const here = this.list.children[i] ?? null;
      if (here !== row.el) this.list.insertBefore(row.el, here);
      this._draw(row, dept);
    }
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) { row.el.remove(); this.rows.delete(id); }
    }
  }

  /** @param {string} id @returns {Row} */
  _row(id) {
    const name = /** @type {HTMLInputElement} */ (h("input", {
      class: "department-name", type: "text", maxLength: MAX_NAME, testid: "department-name",
      on: {
        change: () => this._rename(id, name),
        keydown: (/** @type {KeyboardEvent} */ e) => {
          e.stopPropagation(); // board shortcuts do not apply while typing
          if (e.key === "Enter") name.blur();
          if (e.key === "Escape") { name.value = this._dept(id)?.name ?? ""; name.blur(); }
        },
      },
    }));
    const picker = h("div", { class: "swatch-picker hidden", testid: "department-palette", attrs: { role: "radiogroup" } });
    const swatch = /** @type {HTMLButtonElement} */ (h("button", {
      class: "department-swatch", type: "button", testid: "department-color",
      on: { click: () => picker.classList.toggle("hidden") },
    }));
    const el = h("div", { class: "department-row", testid: "department-row", data: { department: id } },
      h("div", { class: "department-line" }, swatch, name), picker);
    return { el, swatch, name, picker, key: "" };
  }

  /** @param {Row} row @param {Department} dept */
  _draw(row, dept) {
    const key = `${dept.name}|${dept.color}|${t("departments.color", { name: "" })}`;
    if (key === row.key) return;
    row.key = key;
    if (document.activeElement !== row.name) row.name.value = dept.name;
    row.name.setAttribute("aria-label", t("departments.name", { name: dept.name }));
    row.swatch.style.setProperty("--swatch", dept.color);
    row.swatch.title = t("departments.color.pick", { name: dept.name });
    row.swatch.setAttribute("aria-label", t("departments.color", { name: dept.name }));
    row.swatch.setAttribute("aria-expanded", String(!row.picker.classList.contains("hidden")));
    clear(row.picker);
    row.picker.setAttribute("aria-label", t("departments.color.pick", { name: dept.name }));
    const current = dept.color.toLowerCase();
    for (const color of PALETTE) {
      const chosen = color === current;
      row.picker.append(h("button", {
        class: `swatch-choice${chosen ? " chosen" : ""}`, type: "button", testid: `department-color-${color.slice(1)}`,
        style: { "--swatch": color }, title: color,
        attrs: { role: "radio", "aria-checked": String(chosen), "aria-label": color },
        on: { click: () => this._recolour(dept.id, color, row) },
      }));
    }
  }

  /** @param {string} id */
  _dept(id) {
    return this.ctx.board().departments.find((d) => d.id === id) ?? null;
  }

  /** @param {string} id @param {HTMLInputElement} field */
  _rename(id, field) {
    const dept = this._dept(id);
    if (!dept) return;
    const name = field.value.replace(/\s+/g, " ").trim();
    if (!name) {
      this.ctx.toast(t("departments.name.empty"), { kind: "error" });
      field.value = dept.name;
      return;
    }
    if (name !== dept.name) this.ctx.perform([{ kind: "department.update", id, name }], { undoable: false });
  }

  /** @param {string} id @param {string} color @param {Row} row */
  _recolour(id, color, row) {
    const dept = this._dept(id);
    row.picker.classList.add("hidden");
    row.swatch.setAttribute("aria-expanded", "false");
    if (dept && dept.color.toLowerCase() !== color) this.ctx.perform([{ kind: "department.update", id, color }], { undoable: false });
  }
}
