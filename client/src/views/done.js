// "I'm done" (PROTOCOL.md E6). A participant says they have finished the current exercise
// with one toggle in the top bar; the facilitator sees "12/18 done", the same per department,
// and who is still working, counted against the participants online now (not the
// facilitator, not the projector), and can clear every mark. The hub clears them too when
// the agenda moves on.

import { withOverrides } from "../facilitation.js";
import { t } from "../i18n.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Actor} Actor */
/** @typedef {{department: string | null, done: number, total: number}} DeptCount */
/** @typedef {{done: number, total: number, byDepartment: DeptCount[], waiting: Actor[]}} DoneCounts */

/**
 * How many of the participants online are done, overall and per department (board order,
 * no department last, only departments with someone online), and who is still working.
 * A mark of someone who left does not count: the facilitator waits for who is here.
 * @param {Record<string, string | null> | undefined} done participant id -> department (board.done)
 * @param {Iterable<Actor>} online @param {{id: string}[]} departments
 * @returns {DoneCounts}
 */
export function doneCounts(done, online, departments) {
  const marks = done ?? {};
  const order = [...departments.map((d) => d.id), null];
  /** @type {Map<string | null, DeptCount>} */
  const groups = new Map(order.map((d) => [d, { department: d, done: 0, total: 0 }]));
  const waiting = [];
  let total = 0;
  let finished = 0;
  for (const person of online) {
    if (person.role !== "participant") continue;
    const group = /** @type {DeptCount} */ (groups.get(groups.has(person.department) ? person.department : null));
    const isDone = Object.prototype.hasOwnProperty.call(marks, person.id);
    group.total += 1;
    total += 1;
    if (isDone) {
      group.done += 1;
      finished += 1;
    } else waiting.push(person);
  }
  waiting.sort((a, b) => a.name.localeCompare(b.name));
  return { done: finished, total, byDepartment: [...groups.values()].filter((g) => g.total > 0), waiting };
}

export class DoneWidget {
  /**
   * @param {Ctx} ctx (filled in after the widget is made: read it only when drawing)
   * @param {import("../presence.js").Presence} presence @param {string} role
   */
  constructor(ctx, presence, role) {
    this.ctx = ctx;
    this.presence = presence;
    this.key = "";
    this.el = h("span", { class: "done-wrap" });
    /** @type {HTMLButtonElement | null} */
    this.toggle = null;
    /** @type {HTMLButtonElement | null} */
    this.summary = null;
    /** @type {HTMLButtonElement | null} */
    this.reset = null;
    /** @type {HTMLElement | null} */
    this.panel = null;
    if (role === "participant") {
      this.toggle = /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button done-toggle", type: "button", testid: "done-toggle",
        on: { click: () => this._toggle() } }, check(), h("span")));
      this.el.append(this.toggle);
    } else if (role === "facilitator") {
      this.summary = /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button done-summary", type: "button", testid: "done-summary",
        on: { click: () => { this.panel?.classList.toggle("hidden"); this.key = ""; this.render(); } } }));
      this.reset = /** @type {HTMLButtonElement} */ (h("button", { class: "icon-button done-reset", type: "button", testid: "done-reset",
        on: { click: () => this.ctx.perform([{ kind: "done.reset" }], { undoable: false }) } }, icon("rotate", 17)));
      this.panel = h("div", { class: "fac-panel done-panel hidden", testid: "done-panel" });
      this.el.classList.add("popover-wrap");
      this.el.append(this.summary, this.reset, this.panel);
      window.addEventListener("pointerdown", (e) => {
        if (e.target instanceof Node && !this.el.contains(e.target)) this.panel?.classList.add("hidden");
      });
    }
  }

  render() {
    const board = this.ctx.board();
    if (!board) return;
    if (this.toggle) this._drawToggle(board);
    if (this.summary) this._drawSummary(board);
  }

  /** @param {import("../types.js").Board} board */
  _drawToggle(board) {
    const toggle = /** @type {HTMLButtonElement} */ (this.toggle);
    const done = Object.prototype.hasOwnProperty.call(board.done ?? {}, this.ctx.you().id);
    toggle.setAttribute("aria-pressed", String(done));
    toggleClass(toggle, "active", done);
    toggle.title = t("done.toggle.title");
    setText(/** @type {HTMLElement} */ (toggle.lastElementChild), t("done.toggle"));
  }

  _toggle() {
    const done = Object.prototype.hasOwnProperty.call(this.ctx.board()?.done ?? {}, this.ctx.you().id);
    this.ctx.perform([{ kind: "done.set", done: !done }], { undoable: false });
  }

  /** @param {import("../types.js").Board} board */
  _drawSummary(board) {
    const online = [...this.presence.online.values()].map((p) => withOverrides(board, p));
    const counts = doneCounts(board.done, online, board.departments);
    const open = !this.panel?.classList.contains("hidden");
    const key = JSON.stringify([counts.done, counts.total, counts.byDepartment, open && counts.waiting.map((p) => p.name), t("done.reset")]);
    if (key === this.key) return;
    this.key = key;
    const summary = /** @type {HTMLButtonElement} */ (this.summary);
    clear(summary);
    summary.title = t("done.summary.title");
    summary.append(check(), h("span", { class: "done-total", text: t("done.summary", { done: counts.done, total: counts.total }) }));
    toggleClass(summary, "all-done", counts.total > 0 && counts.done === counts.total);
    for (const g of counts.byDepartment) summary.append(this._dept(g, "done-dept"));
    const reset = /** @type {HTMLButtonElement} */ (this.reset);
    reset.title = t("done.reset.title");
    reset.disabled = Object.keys(board.done ?? {}).length === 0;
    if (open) this._drawPanel(counts);
  }

  /** @param {DeptCount} g @param {string} testid */
  _dept(g, testid) {
    const name = this.ctx.dept(g.department)?.name ?? t("done.nodept");
    const el = h("span", { class: "done-dept", testid, data: { dept: g.department ?? "" }, title: t("done.dept", { dept: name, done: g.done, total: g.total }) },
      h("span", { class: "dot" }), h("span", { text: `${g.done}/${g.total}` }));
    el.style.setProperty("--dept", this.ctx.dept(g.department)?.color ?? "#64748b");
    return el;
  }

  /** @param {DoneCounts} counts */
  _drawPanel(counts) {
    const panel = /** @type {HTMLElement} */ (this.panel);
    clear(panel);
    panel.append(h("div", { class: "panel-title", text: t("done.panel.title") }));
    for (const g of counts.byDepartment) {
      const name = this.ctx.dept(g.department)?.name ?? t("done.nodept");
      const row = h("div", { class: "done-row" }, this._dept(g, "done-panel-dept"), h("span", { text: name }));
      panel.append(row);
    }
    const text = !counts.total ? t("done.nobody") : counts.waiting.length ? t("done.waiting", { names: counts.waiting.map((p) => p.name).join(", ") }) : t("done.all");
    panel.append(h("p", { class: "panel-hint", testid: "done-waiting", text }));
  }
}

/** The tick of "done" (no icon path for it; a character draws at any size). */
function check() {
  return h("span", { class: "done-check", text: "✓", attrs: { "aria-hidden": "true" } });
}
