// The facilitator's "Add block" menu: one button per kind of block. A new block is titled
// in the board's language (settings.language, else the facilitator's page language), sits
// at a free spot right of or below the blocks already there, and the view goes to it.

import { getLang, STRINGS, t } from "../i18n.js";
import { h, setText } from "./dom.js";
import { BLOCK_ICONS, icon } from "./icons.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../i18n.js").Lang} Lang */
/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

/** Every kind of block, in the order the menu offers them. */
export const BLOCK_KINDS = /** @type {const} */ (["notes", "goal_tree", "swot", "action_plan", "perception", "results", "poll", "agenda"]);

/** @typedef {typeof BLOCK_KINDS[number]} BlockKind */

/** A new block's size: the templates' (board/template.py). */
export const NEW_BLOCK = { w: 1200, h: 800 };

/** Room between blocks, as in the templates. */
export const BLOCK_GAP = 100;

/** The proportions a board should keep to fill a screen when it is fitted whole. */
const SCREEN_RATIO = 16 / 10;

/**
 * Where a new `w` x `h` block goes: beside (right of) or under one of the blocks already
 * there, never over one, choosing the spot that keeps the whole board closest to a screen's
 * proportions (so "fit all" stays readable), then the highest, then the leftmost.
 * @param {Rect[]} blocks @param {number} w @param {number} h
 * @returns {{x: number, y: number}}
 */
export function freeBlockSpot(blocks, w, h) {
  if (!blocks.length) return { x: 0, y: 0 };
  /** @type {{x: number, y: number}[]} */
  const candidates = [];
  for (const b of blocks) {
    candidates.push({ x: b.x + b.w + BLOCK_GAP, y: b.y }, { x: b.x, y: b.y + b.h + BLOCK_GAP });
  }
  const clear = (/** @type {{x: number, y: number}} */ p) => blocks.every((b) =>
    p.x >= b.x + b.w + BLOCK_GAP || b.x >= p.x + w + BLOCK_GAP || p.y >= b.y + b.h + BLOCK_GAP || b.y >= p.y + h + BLOCK_GAP);
  const left = Math.min(...blocks.map((b) => b.x));
  const top = Math.min(...blocks.map((b) => b.y));
  const right = Math.max(...blocks.map((b) => b.x + b.w));
  const bottom = Math.max(...blocks.map((b) => b.y + b.h));
  const frame = (/** @type {{x: number, y: number}} */ p) => {
    const width = Math.max(right, p.x + w) - Math.min(left, p.x);
    const height = Math.max(bottom, p.y + h) - Math.min(top, p.y);
    return Math.max(width / SCREEN_RATIO, height);
  };
  const free = candidates.filter(clear);
  if (!free.length) return { x: left, y: bottom + BLOCK_GAP }; // cannot happen: below the lowest is free
  free.sort((a, b) => frame(a) - frame(b) || a.y - b.y || a.x - b.x);
  return free[0];
}

/**
 * The title of a new block of `kind` in `lang`; "Notes 2" when the board already has a
 * block called "Notes".
 * @param {BlockKind} kind @param {Lang} lang @param {string[]} taken titles already on the board
 */
export function newBlockTitle(kind, lang, taken) {
  const key = /** @type {import("../i18n.js").Key} */ (`blockmenu.new.${kind}`);
  const base = String(STRINGS[lang][key] ?? STRINGS.en[key]);
  const used = new Set(taken);
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base} ${n}`)) n += 1;
  return `${base} ${n}`;
}

/** The language new blocks are titled in: the board's, else the page's. @param {import("../types.js").Board} board @returns {Lang} */
export function boardLanguage(board) {
  const lang = /** @type {Record<string, unknown>} */ (board.settings ?? {}).language;
  return lang === "en" || lang === "ru" ? lang : getLang();
}

/** The "Add block" panel: a button per kind, each with a line on what it is for. */
export class BlockMenu {
  /** @param {Ctx} ctx @param {{goToBlock: (id: string) => void}} options */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.options = options;
    this.title = h("div", { class: "panel-title" });
    /** @type {{kind: BlockKind, label: HTMLElement, about: HTMLElement}[]} */
    this.entries = [];
    const list = h("div", { class: "blockmenu-list", attrs: { role: "menu" } });
    for (const kind of BLOCK_KINDS) {
      const label = h("span", { class: "blockmenu-label" });
      const about = h("span", { class: "blockmenu-about" });
      list.append(h("button", {
        class: "blockmenu-item", type: "button", testid: `add-block-${kind}`, attrs: { role: "menuitem" },
        on: { click: () => this.add(kind) },
      }, h("span", { class: "blockmenu-icon" }, icon(BLOCK_ICONS[kind], 20)), h("span", { class: "blockmenu-text" }, label, about)));
      this.entries.push({ kind, label, about });
    }
    this.el = h("div", {
      class: "fac-panel blockmenu-panel hidden", testid: "block-menu",
      on: { keydown: (/** @type {KeyboardEvent} */ e) => { if (e.key === "Escape") this.close(); } },
    }, this.title, list);
  }

  get open() {
    return !this.el.classList.contains("hidden");
  }

  toggle() {
    this.el.classList.toggle("hidden");
    if (this.open) {
      this.render();
      /** @type {HTMLElement | null} */ (this.el.querySelector("button"))?.focus({ preventScroll: true });
    }
  }

  close() {
    this.el.classList.add("hidden");
  }

  render() {
    if (!this.open) return;
    setText(this.title, t("blockmenu.title"));
    for (const { kind, label, about } of this.entries) {
      setText(label, t(`blockmenu.kind.${kind}`));
      setText(about, t(`blockmenu.about.${kind}`));
    }
  }

  /** Add a block of `kind` and show it. @param {BlockKind} kind */
  add(kind) {
    const board = this.ctx.board();
    const blocks = Object.values(board.blocks);
    const { x, y } = freeBlockSpot(blocks, NEW_BLOCK.w, NEW_BLOCK.h);
    const id = this.ctx.newId("block");
    const title = newBlockTitle(kind, boardLanguage(board), blocks.map((b) => b.title));
    const ok = this.ctx.perform([{ kind: "block.add", id, block_kind: kind, title, x, y, w: NEW_BLOCK.w, h: NEW_BLOCK.h }]);
    this.close();
    if (ok) this.options.goToBlock(id);
  }
}
