// The facilitator's "Tidy" on a notes or results block: lay every note and group out again on
// the block's grid (`block.tidy`, rule R14), in an order picked from a menu: by author, by
// department, by dots of the block's vote, or in the order written. The order is computed
// here from what the facilitator sees; the reducer only places. A private block cannot be
// tidied (the others cannot see its notes), so the button is off there and says why.

import { t } from "../i18n.js";
import { FLOW_KINDS, isTopLevel } from "../layout.js";
import { voteOfBlock } from "../votes.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { openMenu } from "./menu.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Item} Item */
/** @typedef {"author" | "department" | "dots" | "time"} TidyBy */

/** The orders the menu offers, in its order. */
export const TIDY_ORDERS = /** @type {const} */ (["author", "department", "dots", "time"]);

/**
 * The order to send with `block.tidy`: the block's notes and groups (its top-level
 * elements), first to last. Groups lead in every order but "by dots", where they rank with
 * the notes. Ties (and "time") follow the order the items were written: the board's own
 * item order, which every replica keeps as the log added them.
 * @param {Board} board @param {Block} block @param {TidyBy} by @returns {string[]}
 */
export function tidyOrder(board, block, by) {
  const written = new Map(Object.keys(board.items).map((id, i) => [id, i]));
  const elements = Object.values(board.items).filter((it) => it.block === block.id && it.kind !== "hidden" && isTopLevel(it));
  const time = (/** @type {Item} */ a, /** @type {Item} */ b) => (written.get(a.id) ?? 0) - (written.get(b.id) ?? 0);
  const groupsFirst = (/** @type {Item} */ a, /** @type {Item} */ b) => Number(b.kind === "group") - Number(a.kind === "group");
  /** @type {(a: Item, b: Item) => number} */
  let compare;
  if (by === "dots") {
    const totals = dotsOf(board, block) ?? {};
    compare = (a, b) => (totals[b.id] ?? 0) - (totals[a.id] ?? 0) || time(a, b);
  } else if (by === "author") {
    const name = (/** @type {Item} */ it) => String(it.author_name ?? board.roster?.[it.author]?.name ?? "");
    compare = (a, b) => groupsFirst(a, b) || name(a).localeCompare(name(b)) || String(a.author ?? "").localeCompare(String(b.author ?? "")) || time(a, b);
  } else if (by === "department") {
    const rank = new Map(board.departments.map((d, i) => [d.id, i]));
    const dept = (/** @type {Item} */ it) => rank.get(it.department ?? "") ?? board.departments.length;
    compare = (a, b) => groupsFirst(a, b) || dept(a) - dept(b) || time(a, b);
  } else {
    compare = (a, b) => groupsFirst(a, b) || time(a, b);
  }
  return elements.sort(compare).map((it) => it.id);
}

/**
 * The dots of the block's vote as this viewer sees them (the open one, else the last one),
 * or null when there is no vote or its totals are not shown yet.
 * @param {Board} board @param {Block} block @returns {Record<string, number> | null}
 */
export function dotsOf(board, block) {
  return voteOfBlock(board, block.id)?.totals ?? null;
}

/** Why tidying this block is not possible now, as an i18n key, or null. @param {Block} block */
export function tidyBlocked(block) {
  if (!FLOW_KINDS.has(block.kind)) return "tidy.wrong.block";
  if (block.private != null) return "tidy.private";
  return null;
}

export class TidyControl {
  /** @param {Ctx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    /** @type {Block | null} */
    this.block = null;
    this.el = /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button tidy-button", type: "button", testid: "tidy",
      attrs: { "aria-haspopup": "menu" },
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._open(); } } }, icon("grid", 16), h("span")));
    this.key = "";
  }

  /** @param {Board} board @param {Block} block */
  update(board, block) {
    this.block = block;
    const blocked = tidyBlocked(block);
    const key = `${blocked}|${t("tidy")}`;
    if (key === this.key) return;
    this.key = key;
    setText(/** @type {HTMLElement} */ (this.el.lastElementChild), t("tidy"));
    // Stays focusable and hoverable so the reason can be read; a click only says it again.
    this.el.setAttribute("aria-disabled", String(blocked !== null));
    toggleClass(this.el, "is-disabled", blocked !== null);
    this.el.title = blocked ? t(blocked) : t("tidy.title");
  }

  _open() {
    const block = this.block;
    if (!block) return;
    const blocked = tidyBlocked(block);
    if (blocked) {
      this.ctx.toast(t(blocked));
      return;
    }
    const dots = dotsOf(this.ctx.board(), block);
    openMenu(this.el, TIDY_ORDERS.map((by) => ({
      label: by === "dots" && !dots ? t("tidy.by.dots.none") : t(`tidy.by.${by}`),
      testid: `tidy-${by}`,
      onSelect: () => this._tidy(by),
    })), { title: t("tidy.menu") });
  }

  /** @param {TidyBy} by */
  _tidy(by) {
    const board = this.ctx.board();
    const block = this.block && board.blocks[this.block.id];
    if (!block) return;
    if (by === "dots" && !dotsOf(board, block)) {
      this.ctx.toast(t("tidy.no.dots"));
      return;
    }
    this.ctx.perform([{ kind: "block.tidy", id: block.id, order: tidyOrder(board, block, by) }]);
  }
}
