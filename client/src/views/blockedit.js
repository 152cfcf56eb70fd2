// The facilitator edits a block's frame: removes it (after a confirmation, with an undo in
// the toast that says it is gone), and resizes it from its bottom-right corner (or its right
// or bottom edge), never smaller than what its own controls and notes need.

import { inverseOf } from "../inverse.js";
import { t } from "../i18n.js";
import { h } from "./dom.js";
import { dismissible } from "./menu.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

/**
 * The smallest frame (board units) in which a kind's own controls still fit: two columns of
 * notes; the four SWOT quadrants with their "+ Add"; the action plan's columns; a poll's
 * question and scale; the agenda's list and timer.
 * @type {Record<string, {w: number, h: number}>}
 */
export const MIN_SIZE = {
  notes: { w: 480, h: 320 },
  results: { w: 480, h: 320 },
  perception: { w: 640, h: 420 },
  goal_tree: { w: 520, h: 360 },
  swot: { w: 640, h: 480 },
  action_plan: { w: 880, h: 360 },
  poll: { w: 560, h: 520 },
  agenda: { w: 520, h: 480 },
};
const FALLBACK_MIN = { w: 480, h: 320 };
const TITLE_MIN_EM = 9; // a block title keeps up to this much room (in its font size) before it ellipsizes
const CONTENT_PAD = 24; // room kept right of and below the lowest note (layout PAD_X)

/**
 * How wide `el` is laid out with `width: value` (e.g. "max-content"), then put back.
 * @param {HTMLElement} el @param {string} value
 */
function widthAs(el, value) {
  const before = el.style.width;
  el.style.width = value;
  const width = el.offsetWidth;
  el.style.width = before;
  return width;
}

/**
 * Keep a block title readable: it gives up room to the header's tools only down to its own
 * width or TITLE_MIN_EM, whichever is less (a short title like "SWOT" never ellipsizes).
 * In ems, as the title's font grows when the view is far (board.css `--inv-zoom`).
 * @param {HTMLElement} title
 */
export function keepTitleRoom(title) {
  title.style.minWidth = "";
  const size = parseFloat(getComputedStyle(title).fontSize) || 26;
  const em = Math.min(TITLE_MIN_EM, (title.scrollWidth + 2) / size); // scrollWidth is rounded down
  title.style.minWidth = `${Math.ceil(em * 100) / 100}em`;
}

/**
 * The smallest size `el` (a block frame) may take now: its kind's minimum, its header's
 * controls side by side (the kind's own tools may wrap, onto about two lines) with the title's
 * room, and the notes placed inside it.
 * @param {HTMLElement} el @param {string} kind
 * @returns {{w: number, h: number}}
 */
export function minimumSize(el, kind) {
  const base = MIN_SIZE[kind] ?? FALLBACK_MIN;
  let w = base.w;
  let h = base.h;
  const head = el.querySelector(".block-head");
  if (head instanceof HTMLElement) {
    const style = getComputedStyle(head);
    const gap = parseFloat(style.columnGap) || 0;
    let need = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0);
    let shown = 0;
    for (const child of head.children) {
      if (!(child instanceof HTMLElement) || getComputedStyle(child).display === "none") continue;
      shown += 1; // every laid-out child, the spacer too, takes a gap
      if (child.classList.contains("spacer")) continue;
      if (child.classList.contains("block-title")) need += parseFloat(getComputedStyle(child).minWidth) || 0;
      else if (child.classList.contains("block-tools")) need += Math.max(widthAs(child, "min-content"), Math.ceil(widthAs(child, "max-content") * 0.6));
      else need += Math.max(child.offsetWidth, widthAs(child, "max-content")); // fixed-size buttons too
    }
    w = Math.max(w, Math.ceil(need + gap * Math.max(0, shown - 1)));
  }
  for (const child of el.querySelectorAll(":scope > [data-id]")) {
    if (!(child instanceof HTMLElement)) continue;
    w = Math.max(w, child.offsetLeft + child.offsetWidth + CONTENT_PAD);
    h = Math.max(h, child.offsetTop + child.offsetHeight + CONTENT_PAD);
  }
  return { w, h };
}

/**
 * The handles that resize a block frame: its right edge (width), its bottom edge (height)
 * and its bottom-right corner (both); an edge stays in reach when the screen's own controls
 * cover the corner. Dragging resizes the frame as the pointer moves, never below
 * `minimumSize` and never over the next block; the release sends one `block.update {w, h}`.
 * Escape puts it back.
 * @param {Ctx} ctx @param {HTMLElement} el the block frame @param {string} id @param {string} kind
 * @returns {HTMLElement[]}
 */
export function resizeHandles(ctx, el, id, kind) {
  return [
    handle(ctx, el, id, kind, "block-resize", { w: true, h: true }),
    handle(ctx, el, id, kind, "block-resize-edge block-resize-right", { w: true, h: false }),
    handle(ctx, el, id, kind, "block-resize-edge block-resize-bottom", { w: false, h: true }),
  ];
}

/**
 * @param {Ctx} ctx @param {HTMLElement} el @param {string} id @param {string} kind
 * @param {string} cls @param {{w: boolean, h: boolean}} axes
 */
function handle(ctx, el, id, kind, cls, axes) {
  const testid = axes.w && axes.h ? "block-resize" : axes.w ? "block-resize-right" : "block-resize-bottom";
  const grip = h("div", { class: cls, testid, data: { nopan: "1" }, title: t("block.resize") });
  grip.addEventListener("pointerdown", (down) => {
    if (down.button !== 0) return;
    down.stopPropagation();
    down.preventDefault();
    const block = ctx.board().blocks[id];
    if (!block) return;
    const rect = el.getBoundingClientRect();
    const scale = el.offsetWidth ? rect.width / el.offsetWidth : 1;
    const min = minimumSize(el, kind);
    const others = Object.values(ctx.board().blocks).filter((b) => b.id !== id && !overlaps(b, block));
    let w = block.w;
    let hh = block.h;
    el.classList.add("is-resizing");
    grip.setPointerCapture(down.pointerId);
    const move = (/** @type {PointerEvent} */ e) => {
      const wantW = axes.w ? block.w + (e.clientX - down.clientX) / scale : block.w;
      const wantH = axes.h ? block.h + (e.clientY - down.clientY) / scale : block.h;
      // Grow up to the next block, never over it: a block must not hide another's items.
      w = Math.round(Math.max(min.w, Math.min(wantW, room(block, others, "w", Math.max(wantH, block.h)))));
      hh = Math.round(Math.max(min.h, Math.min(wantH, room(block, others, "h", w))));
      el.style.width = `${w}px`;
      el.style.height = `${hh}px`;
    };
    const end = (/** @type {boolean} */ keep) => {
      grip.removeEventListener("pointermove", move);
      grip.removeEventListener("pointerup", up);
      grip.removeEventListener("pointercancel", cancel);
      window.removeEventListener("keydown", key, true);
      el.classList.remove("is-resizing");
      const now = ctx.board().blocks[id];
      if (keep && now && (w !== now.w || hh !== now.h)) {
        ctx.perform([{ kind: "block.update", id, set: { w, h: hh } }]);
      } else if (now) {
        el.style.width = `${now.w}px`;
        el.style.height = `${now.h}px`;
      }
    };
    const up = () => end(true);
    const cancel = () => end(false);
    const key = (/** @type {KeyboardEvent} */ e) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      end(false);
    };
    grip.addEventListener("pointermove", move);
    grip.addEventListener("pointerup", up);
    grip.addEventListener("pointercancel", cancel);
    window.addEventListener("keydown", key, true);
  });
  return grip;
}

const NEIGHBOUR_GAP = 24; // board units kept between a resized block and the next one

/** @param {Rect} a @param {Rect} b */
function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * How wide (`"w"`) or tall (`"h"`) `block` may grow before it reaches another block: to the
 * right among the blocks level with it when it is `across` tall, or downwards among those
 * beside it when it is `across` wide.
 * @param {Rect} block @param {Rect[]} others @param {"w" | "h"} axis @param {number} across
 */
function room(block, others, axis, across) {
  let most = Infinity;
  for (const b of others) {
    if (axis === "w" && b.x >= block.x + block.w && b.y < block.y + across && block.y < b.y + b.h) {
      most = Math.min(most, b.x - NEIGHBOUR_GAP - block.x);
    }
    if (axis === "h" && b.y >= block.y + block.h && b.x < block.x + across && block.x < b.x + b.w) {
      most = Math.min(most, b.y - NEIGHBOUR_GAP - block.y);
    }
  }
  return most;
}

/**
 * Ask, next to `anchor`, whether to remove the block and everything in it; if so, remove it
 * and say so in a toast whose "Undo" brings it back with its items.
 * @param {Ctx} ctx @param {HTMLElement} anchor @param {string} id
 */
export function confirmRemove(ctx, anchor, id) {
  const board = ctx.board();
  const block = board.blocks[id];
  if (!block) return;
  const n = Object.values(board.items).filter((it) => it.block === id).length;
  const question = n ? t("block.remove.confirm", { title: block.title, n }) : t("block.remove.confirm.empty", { title: block.title });
  popConfirm(anchor, {
    question,
    yes: t("block.remove.yes"),
    no: t("block.remove.no"),
    onYes: () => {
      const now = ctx.board();
      if (!now.blocks[id]) return;
      const op = { kind: "block.remove", id };
      const back = inverseOf(now, op); // computed before the removal: the block and its items
      if (!ctx.perform([op])) return;
      ctx.toast(t("block.removed", { title: block.title }), {
        action: { label: t("block.removed.undo"), run: () => { if (!ctx.board().blocks[id]) ctx.perform(back); } },
        timeout: 8000,
      });
    },
  });
}

/** @type {(() => void) | null} */
let closeOpen = null;

/**
 * A small question beside `anchor` with a "yes" (a destructive button) and a "no".
 * @param {HTMLElement} anchor
 * @param {{question: string, yes: string, no: string, onYes: () => void}} options
 */
function popConfirm(anchor, options) {
  closeOpen?.();
  const yes = h("button", { class: "button danger", type: "button", testid: "confirm-yes", text: options.yes, on: { click: () => { close(); options.onYes(); } } });
  const no = h("button", { class: "button", type: "button", testid: "confirm-no", text: options.no, on: { click: () => close() } });
  const pop = h("div", { class: "menu confirm-pop", testid: "confirm", attrs: { role: "alertdialog", "aria-label": options.question } },
    h("p", { class: "confirm-question", text: options.question }), h("div", { class: "confirm-actions" }, no, yes));
  document.body.append(pop);
  const r = anchor.getBoundingClientRect();
  pop.style.left = `${Math.max(8, Math.min(window.innerWidth - pop.offsetWidth - 8, r.right - pop.offsetWidth))}px`;
  pop.style.top = `${r.bottom + pop.offsetHeight + 8 > window.innerHeight ? Math.max(8, r.top - pop.offsetHeight - 6) : r.bottom + 6}px`;
  const close = dismissible(pop, () => { closeOpen = null; }, { stopEscape: true });
  closeOpen = close;
  no.focus({ preventScroll: true });
}
