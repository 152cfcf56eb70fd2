// Where the board's view goes: everything in sight, one block (a private block's tab above it
// and a vote's results beside it too), a new item brought into sight, and the block in view
// that N writes into.

import { ITEM_HOMES } from "../reducer.js";
import { withResults } from "../views/dots.js";
import { boundsOf } from "../views/viewport.js";

/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../views/viewport.js").Viewport} Viewport */

const PRIVATE_TAB = 110; // board units above a private block for its banner and counts

export class Navigator {
  /**
   * @param {Viewport} viewport
   * @param {HTMLElement} world the board's layer (items are found in it by `data-id`)
   * @param {() => Board | null} board @param {() => Block[]} blocks the blocks in reading order
   */
  constructor(viewport, world, board, blocks) {
    this.viewport = viewport;
    this.world = world;
    this.board = board;
    this.blocks = blocks;
    // A vote's results came into sight beside its block (views/dots.js): whoever is looking at
    // that block sees them too.
    world.addEventListener("results-beside", (e) => {
      const block = this.board()?.blocks[/** @type {CustomEvent} */ (e).detail.block];
      if (block && this._centreInView(block)) viewport.fit(this.frameOf(block), { margin: 24 });
    });
  }

  /** @param {boolean} [instant] */
  fitAll(instant = false) {
    this.viewport.fit(boundsOf(Object.values(this.board()?.blocks ?? {})), { instant, margin: 40 });
  }

  /** What to fit to show a block: a private block's tab above it too (views/privacy.js). @param {Block} block */
  frameOf(block) {
    return withResults(this.world, block.id, block.private ? { x: block.x, y: block.y - PRIVATE_TAB, w: block.w, h: block.h + PRIVATE_TAB } : block);
  }

  /** The n-th block in reading order (keys 1-9). @param {number} index */
  goToBlock(index) {
    const block = this.blocks()[index];
    if (block) this.viewport.fit(this.frameOf(block), { margin: 24 });
  }

  /** @param {string} id @param {boolean} [instant] */
  goToBlockId(id, instant = false) {
    const block = this.board()?.blocks[id];
    if (block) this.viewport.fit(this.frameOf(block), { margin: 24, instant });
  }

  /**
   * Bring a new item into sight before typing starts in it (a note the flow placed below the
   * visible part of its block): the view pans just enough, at the same zoom.
   * @param {string} id
   */
  reveal(id) {
    const el = this.world.querySelector(`[data-id="${CSS.escape(id)}"]`);
    if (!el) return;
    const r = el.getBoundingClientRect();
    const v = this.viewport.el.getBoundingClientRect();
    const m = 24;
    const dx = r.left < v.left + m ? v.left + m - r.left : r.right > v.right - m ? Math.max(v.right - m - r.right, v.left + m - r.left) : 0;
    const dy = r.top < v.top + m ? v.top + m - r.top : r.bottom > v.bottom - m ? Math.max(v.bottom - m - r.bottom, v.top + m - r.top) : 0;
    if (dx || dy) this.viewport.panBy(dx, dy);
  }

  /**
   * The block N writes into, or null: the block under the middle of the screen if it takes
   * notes; seen from afar (the middle between blocks), the note-taking block most of the view
   * shows. @returns {Block | null}
   */
  blockInView() {
    const v = this.viewport.visible();
    const cx = v.x + v.w / 2;
    const cy = v.y + v.h / 2;
    const blocks = this.blocks();
    const takes = (/** @type {Block} */ b) => ITEM_HOMES.note.has(b.kind);
    const under = blocks.filter((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h);
    if (under.length) return under.find(takes) ?? null;
    const shown = (/** @type {Block} */ b) =>
      Math.max(0, Math.min(b.x + b.w, v.x + v.w) - Math.max(b.x, v.x)) * Math.max(0, Math.min(b.y + b.h, v.y + v.h) - Math.max(b.y, v.y));
    let best = null;
    let most = 0;
    for (const b of blocks.filter(takes)) {
      const area = shown(b);
      if (area > most) { best = b; most = area; }
    }
    return best;
  }

  /** @param {Block} block */
  _centreInView(block) {
    const v = this.viewport.visible();
    const cx = block.x + block.w / 2;
    const cy = block.y + block.h / 2;
    return cx > v.x && cx < v.x + v.w && cy > v.y && cy < v.y + v.h;
  }
}
