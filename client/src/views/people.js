// The facilitator's People panel: who waits in the lobby (I5, views/waiting.js), participants
// online, grouped by department, each with rename, move to another department and remove (A6),
// and the room's rules (I7, views/settings.js). Rows are kept across redraws, so a rename in
// progress survives presence updates.

import { withOverrides } from "../facilitation.js";
import { t } from "../i18n.js";
import { clear, h, initials, setText } from "./dom.js";
import { icon } from "./icons.js";
import { RoomSettings } from "./settings.js";
import { WaitingList } from "./waiting.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../presence.js").Presence} Presence */
/** @typedef {import("../types.js").Actor} Actor */
/**
 * @typedef {{el: HTMLElement, avatar: HTMLElement, name: HTMLElement, rename: HTMLButtonElement,
 *   dept: HTMLSelectElement, remove: HTMLButtonElement, editing: boolean, armed: any, deptKey: string}} Row
 */

const CONFIRM_MS = 4000;

export class PeoplePanel {
  /**
   * @param {Ctx} ctx @param {Presence} presence
   * @param {{onReplaceLink: () => void, lobby: () => import("../types.js").Lobby | null}} options
   */
  constructor(ctx, presence, options) {
    this.ctx = ctx;
    this.presence = presence;
    this.options = options;
    this.waiting = new WaitingList(ctx, options.lobby);
    this.settings = new RoomSettings(ctx);
    this.title = h("div", { class: "panel-title" });
    this.list = h("div", { class: "people-list" });
    this.empty = h("div", { class: "panel-empty" });
    this.notice = h("div", { class: "panel-notice hidden", testid: "people-notice" });
    this.el = h("div", { class: "fac-panel people-panel hidden", testid: "people-panel" },
      this.waiting.el, this.title, this.list, this.empty, this.notice, this.settings.el);
    /** @type {Map<string, Row>} */
    this.rows = new Map();
    /** @type {Map<string, HTMLElement>} */
    this.groups = new Map();
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
    const board = this.ctx.board();
    this.waiting.render();
    this.settings.render();
    setText(this.title, t("people.title"));
    const people = [...this.presence.online.values()]
      .filter((p) => p.role === "participant")
      .map((p) => withOverrides(board, p))
      .sort((a, b) => a.name.localeCompare(b.name));
    setText(this.empty, people.length ? "" : t("people.empty"));
    this.empty.classList.toggle("hidden", people.length > 0);
    const order = [...board.departments.map((d) => d.id), null];
    const seen = new Set();
    const usedGroups = new Set();
    /** @type {HTMLElement | null} */
    let prevGroup = null;
    for (const dept of order) {
      const members = people.filter((p) => (order.includes(p.department) ? p.department : null) === dept);
      if (!members.length) continue;
      const key = dept ?? "";
      usedGroups.add(key);
      let group = this.groups.get(key);
      if (!group) {
        group = h("div", { class: "presence-group people-group", testid: `people-group-${dept ?? "none"}` },
          h("div", { class: "presence-group-head" }, h("span", { class: "dot" }), h("span", { class: "group-name" }), h("span", { class: "count" })));
        this.groups.set(key, group);
      }
      const d = this.ctx.dept(dept);
      group.style.setProperty("--dept", d?.color ?? "#64748b");
      setText(/** @type {HTMLElement} */ (group.querySelector(".group-name")), d?.name ?? t("people.nodept"));
      setText(/** @type {HTMLElement} */ (group.querySelector(".count")), String(members.length));
      if (prevGroup ? prevGroup.nextSibling !== group : this.list.firstChild !== group) {
        if (prevGroup) prevGroup.after(group); else this.list.prepend(group);
      }
      prevGroup = group;
      /** @type {Element} */
      let prev = /** @type {Element} */ (group.firstElementChild);
      for (const person of members) {
        seen.add(person.id);
        let row = this.rows.get(person.id);
        if (!row) {
          row = this._row(person.id);
          this.rows.set(person.id, row);
        }
        this._draw(row, person);
        if (prev.nextSibling !== row.el && !row.el.contains(document.activeElement)) prev.after(row.el);
        prev = row.el;
      }
    }
    for (const [id, row] of this.rows) if (!seen.has(id)) { row.el.remove(); clearTimeout(row.armed); this.rows.delete(id); }
    for (const [key, group] of this.groups) if (!usedGroups.has(key)) { group.remove(); this.groups.delete(key); }
  }

  /** @param {string} id @returns {Row} */
  _row(id) {
    const ctx = this.ctx;
    const avatar = h("span", { class: "avatar" });
    const name = h("span", { class: "name", testid: "people-name" });
    const rename = /** @type {HTMLButtonElement} */ (h("button", { class: "icon-button", type: "button", testid: "people-rename" }, icon("edit", 16)));
    const dept = /** @type {HTMLSelectElement} */ (h("select", { class: "people-dept", testid: "people-dept" }));
    const remove = /** @type {HTMLButtonElement} */ (h("button", { class: "icon-button people-remove", type: "button", testid: "people-remove" }, icon("trash", 16)));
    const el = h("div", { class: "presence-person people-row", testid: "people-row", data: { id } }, avatar, name, rename, dept, remove);
    /** @type {Row} */
    const row = { el, avatar, name, rename, dept, remove, editing: false, armed: null, deptKey: "" };
    rename.addEventListener("click", () => this._rename(id, row));
    dept.addEventListener("change", () => {
      ctx.perform([{ kind: "participant.update", id, department: dept.value }]);
    });
    remove.addEventListener("click", () => {
      const person = this.presence.online.get(id);
      if (!row.armed) {
        row.armed = setTimeout(() => { row.armed = null; this._drawRemove(row, person?.name ?? ""); }, CONFIRM_MS);
        this._drawRemove(row, person?.name ?? "");
        return;
      }
      clearTimeout(row.armed);
      row.armed = null;
      if (ctx.perform([{ kind: "participant.remove", id }])) this._removed(person ? withOverrides(ctx.board(), person).name : id);
    });
    return row;
  }

  /** @param {Row} row @param {Actor} person */
  _draw(row, person) {
    if (!row.editing) setText(row.name, person.name);
    row.name.title = person.name; // the whole name, where the row cuts it short
    setText(row.avatar, initials(person.name));
    row.el.style.setProperty("--dept", this.ctx.dept(person.department)?.color ?? "#64748b");
    row.rename.title = t("people.rename");
    row.dept.title = t("people.department");
    const departments = this.ctx.board().departments;
    const key = departments.map((d) => `${d.id}:${d.name}`).join(",");
    if (key !== row.deptKey) {
      row.deptKey = key;
      clear(row.dept);
      for (const d of departments) row.dept.append(h("option", { value: d.id, text: d.name }));
    }
    if (document.activeElement !== row.dept) row.dept.value = person.department ?? "";
    this._drawRemove(row, person.name);
  }

  /** @param {Row} row @param {string} name */
  _drawRemove(row, name) {
    row.remove.classList.toggle("armed", Boolean(row.armed));
    row.remove.title = row.armed ? t("people.remove.confirm", { name }) : t("people.remove");
    row.remove.setAttribute("aria-label", row.remove.title);
  }

  /** Rename in place: Enter keeps, Escape leaves it as it was. @param {string} id @param {Row} row */
  _rename(id, row) {
    if (row.editing) return;
    row.editing = true;
    const before = row.name.textContent ?? "";
    const input = /** @type {HTMLInputElement} */ (h("input", { class: "people-name-input", type: "text", value: before, maxLength: MAX_TITLE, testid: "people-name-input" }));
    input.setAttribute("aria-label", t("people.name"));
    row.name.classList.add("hidden");
    row.name.after(input);
    let done = false;
    const finish = (/** @type {boolean} */ keep) => {
      if (done) return;
      done = true;
      const value = input.value.trim();
      input.remove();
      row.name.classList.remove("hidden");
      row.editing = false;
      if (keep && value && value !== before) {
        setText(row.name, value);
        this.ctx.perform([{ kind: "participant.update", id, name: value }]);
      }
      this.render();
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") { e.preventDefault(); finish(true); }
      if (e.key === "Escape") { e.preventDefault(); finish(false); }
    });
    input.addEventListener("blur", () => finish(true));
    input.focus();
    input.select();
  }

  /** @param {string} name */
  _removed(name) {
    clear(this.notice);
    this.notice.append(
      h("span", { text: t("people.removed", { name }) }),
      h("button", { class: "chip-button", type: "button", testid: "people-replace-link", on: { click: () => this.options.onReplaceLink() } },
        icon("rotate", 15), h("span", { text: t("links.rotate") })));
    this.notice.classList.remove("hidden");
  }
}
