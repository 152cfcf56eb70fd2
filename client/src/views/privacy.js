// Private writing in a block (A2): a banner saying who sees what, and for what the viewer may
// not see, face-down piles per department ("7 notes from Sales") drawn from the hub's
// placeholders. On reveal the piles go and the block's items turn over one after another,
// department by department, so the room can follow.

import { privateSummary, revealDelay, revealOrder } from "../facilitation.js";
import { t } from "../i18n.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Item} Item */

const NOTE_KINDS = new Set(["notes", "perception", "results", "goal_tree"]);
const FLIP_MS = 700;

export class PrivacyView {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl */
  constructor(ctx, blockEl) {
    this.ctx = ctx;
    this.blockEl = blockEl;
    this.text = h("span", { class: "private-text" });
    this.banner = h("div", { class: "private-banner", testid: "private-banner" }, icon("eyeOff", 20), this.text);
    this.piles = h("div", { class: "private-piles", testid: "private-piles" });
    this.badge = h("div", { class: "reveal-badge hidden", testid: "reveal-badge" });
    this.el = h("div", { class: "privacy hidden", testid: "privacy" }, this.banner, this.piles);
    blockEl.append(this.el, this.badge);
    /** @type {string | null | undefined} undefined until the first update */
    this.mode = undefined;
    this.key = "";
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.badgeTimer = undefined;
  }

  /** @param {Board} board @param {Block} block @param {Item[]} items */
  update(board, block, items) {
    const mode = block.private ?? null;
    const was = this.mode;
    this.mode = mode;
    toggleClass(this.el, "hidden", mode === null);
    if (mode !== null) this._draw(board, block, mode);
    else this.key = "";
    if (was != null && mode === null) this.reveal(board, items);
  }

  /** @param {Board} board @param {Block} block @param {"own" | "department" | "pair" | "four"} mode */
  _draw(board, block, mode) {
    const role = this.ctx.role;
    const summary = privateSummary(board, block.id, { role });
    const noun = NOTE_KINDS.has(block.kind) ? "notes" : "items";
    const key = `${mode}|${role}|${noun}|${summary.byDepartment.map((c) => `${c.department}:${c.n}`).join(",")}|${t("private.nothing")}`;
    if (key === this.key) return;
    this.key = key;
    setText(this.text, t(role === "facilitator" ? `private.banner.facilitator.${mode}` : role === "screen" ? "private.banner.screen" : `private.banner.${mode}`));
    this.el.dataset.mode = mode;
    clear(this.piles);
    for (const { department, n } of summary.byDepartment) {
      const dept = this.ctx.dept(department);
      const label = dept
        ? t(`private.count.${noun}`, { n, dept: dept.name })
        : t(`private.count.${noun}.nodept`, { n });
      const pile = h("div", { class: "private-pile", testid: "private-count", data: { dept: department ?? "" } },
        h("span", { class: "pile-cards" }, h("span"), h("span"), h("span")),
        h("span", { class: "pile-text", text: label }));
      pile.style.setProperty("--dept", dept?.color ?? "#64748b");
      this.piles.append(pile);
    }
    if (!summary.byDepartment.length && role !== "participant") {
      this.piles.append(h("div", { class: "private-empty", text: t("private.nothing") }));
    }
  }

  /**
   * Turn the block's items over, staggered: the reveal the room watches.
   * @param {Board} board @param {Item[]} items
   */
  reveal(board, items) {
    const order = revealOrder(items.filter((it) => it.kind !== "hidden"), board.departments);
    const els = new Map();
    for (const el of this.blockEl.querySelectorAll("[data-id]")) {
      const id = /** @type {HTMLElement} */ (el).dataset.id;
      if (id && !els.has(id)) els.set(id, el);
    }
    let shown = 0;
    order.forEach((id) => {
      const el = /** @type {HTMLElement | undefined} */ (els.get(id));
      if (!el) return;
      el.style.setProperty("--reveal-delay", `${revealDelay(shown, order.length)}ms`);
      el.classList.remove("revealing");
      void el.offsetWidth; // restart the animation if it is still running
      el.classList.add("revealing");
      shown += 1;
      const done = () => el.classList.remove("revealing");
      el.addEventListener("animationend", done, { once: true });
      setTimeout(done, revealDelay(shown, order.length) + FLIP_MS + 400);
    });
    setText(this.badge, t("private.revealed"));
    this.badge.classList.remove("hidden");
    this.blockEl.classList.add("just-revealed");
    clearTimeout(this.badgeTimer);
    this.badgeTimer = setTimeout(() => {
      this.badge.classList.add("hidden");
      this.blockEl.classList.remove("just-revealed");
    }, Math.max(2200, revealDelay(order.length, order.length) + FLIP_MS));
  }
}
