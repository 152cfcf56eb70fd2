// The facilitator's Links panel: the participant and projector join links, fetched from
// GET /api/boards/{id}/links, to copy, or to replace (link.rotate, A5): the old link stops
// at once, also for people already on the board. Replacing asks for a second click. Under the
// participant link, one link per department that fixes it (I6, "Participants — Sales only");
// they are replaced with the participant link.

import { t } from "../i18n.js";
import { clear, h, setText } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/**
 * @typedef {{ok: true, links: Record<string, string | undefined>, departments?: Record<string, string>}
 *   | {ok: false, status: number}} LinksResult
 */

const ROLES = /** @type {const} */ (["participant", "screen"]);
const CONFIRM_MS = 4000;

export class LinksPanel {
  /** @param {Ctx} ctx @param {{load: () => Promise<LinksResult>}} options */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.load = options.load;
    this.title = h("div", { class: "panel-title" });
    this.status = h("div", { class: "panel-empty", testid: "links-status" });
    this.list = h("div", { class: "links-list" });
    this.hint = h("p", { class: "panel-hint" });
    this.el = h("div", { class: "fac-panel links-panel hidden", testid: "links-panel" }, this.title, this.status, this.list, this.hint);
    /** @type {Record<string, string | undefined>} */
    this.links = {};
    /** @type {Record<string, string>} department id -> the participant link fixing it */
    this.departments = {};
    /** @type {Set<string>} roles whose link was just replaced */
    this.fresh = new Set();
    /** @type {Map<string, any>} */
    this.armed = new Map();
    this.loading = false;
    this.failed = false;
    this.generation = 0;
  }

  get open() {
    return !this.el.classList.contains("hidden");
  }

  toggle() {
    this.el.classList.toggle("hidden");
    if (this.open) this.refresh();
  }

  show() {
    if (!this.open) this.toggle();
  }

  close() {
    this.el.classList.add("hidden");
  }

  /** Fetch the current links (again). */
  async refresh() {
    const generation = ++this.generation;
    this.loading = true;
    this.draw();
    const result = await this.load();
    if (generation !== this.generation) return; // a newer fetch is on its way
    this.loading = false;
    this.failed = !result.ok;
    if (result.ok) {
      this.links = result.links;
      this.departments = result.departments ?? {};
    }
    this.draw();
  }

  /** A link version changed on the board (link.rotate applied): fetch the new links.
   * @param {string[]} roles the roles whose version went up */
  rotated(roles) {
    for (const role of roles) this.fresh.add(role);
    this.refresh();
  }

  draw() {
    setText(this.title, t("links.title"));
    setText(this.hint, t("links.hint"));
    const known = ROLES.some((r) => this.links[r]);
    setText(this.status, this.failed ? t("links.error") : this.loading && !known ? t("links.loading") : "");
    this.status.classList.toggle("hidden", this.status.textContent === "");
    clear(this.list);
    for (const role of ROLES) {
      const link = this.links[role];
      if (!link) continue;
      const input = /** @type {HTMLInputElement} */ (h("input", { class: "link-input", type: "text", readOnly: true, value: link, testid: `link-${role}` }));
      input.addEventListener("focus", () => input.select());
      const armed = this.armed.has(role);
      const rotate = h("button", {
        class: `chip-button link-rotate${armed ? " armed" : ""}`, type: "button", testid: `link-rotate-${role}`,
        on: { click: () => this._rotate(role) },
      }, icon("rotate", 15), h("span", { text: armed ? t("links.rotate.confirm") : t("links.rotate") }));
      const copy = h("button", {
        class: "chip-button", type: "button", testid: `link-copy-${role}`,
        on: { click: () => this._copy(input) },
      }, icon("copy", 15), h("span", { text: t("links.copy") }));
      this.list.append(h("div", { class: "link-row", testid: `link-row-${role}`, data: { role } },
        h("div", { class: "link-head" }, h("span", { class: "link-label", text: t(`links.${role}`) }),
          this.fresh.has(role) ? h("span", { class: "link-fresh", testid: `link-fresh-${role}`, text: t("links.rotated") }) : null),
        input, h("div", { class: "link-actions" }, copy, rotate)));
      if (role === "participant") this._drawDepartments();
    }
  }

  /** One copyable link per department, in the board's order (I6). */
  _drawDepartments() {
    for (const dept of this.ctx.board()?.departments ?? []) {
      const link = this.departments[dept.id];
      if (!link) continue;
      const input = /** @type {HTMLInputElement} */ (h("input", { class: "link-input", type: "text", readOnly: true, value: link, testid: `link-dept-${dept.id}` }));
      input.addEventListener("focus", () => input.select());
      const copy = h("button", {
        class: "chip-button", type: "button", testid: `link-copy-dept-${dept.id}`,
        on: { click: () => this._copy(input) },
      }, icon("copy", 15), h("span", { text: t("links.copy") }));
      const label = h("span", { class: "link-label" }, h("span", { class: "dot" }), h("span", { text: t("links.department", { dept: dept.name }) }));
      const row = h("div", { class: "link-row link-row-department", testid: `link-row-dept-${dept.id}`, data: { department: dept.id } },
        h("div", { class: "link-head" }, label), input, h("div", { class: "link-actions" }, copy));
      row.style.setProperty("--dept", dept.color);
      this.list.append(row);
    }
  }

  /** @param {string} role */
  _rotate(role) {
    if (!this.armed.has(role)) {
      this.armed.set(role, setTimeout(() => { this.armed.delete(role); this.draw(); }, CONFIRM_MS));
      this.draw();
      return;
    }
    clearTimeout(this.armed.get(role));
    this.armed.delete(role);
    this.ctx.perform([{ kind: "link.rotate", role }]);
    this.draw();
  }

  /** @param {HTMLInputElement} input */
  async _copy(input) {
    if (await copyInput(input)) this.ctx.toast(t("links.copied"), { kind: "success" });
  }
}

/**
 * Copy a link field to the clipboard (or, where the clipboard API is refused, by selecting it).
 * @param {HTMLInputElement} input @returns {Promise<boolean>} whether it was copied
 */
export async function copyInput(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch { return false; }
  }
}
