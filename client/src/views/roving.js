// Keyboard access to the items of a block: one Tab stop per block (a roving tabindex), arrows
// move between its items in reading order, Home/End go to the first/last. Focusing an item
// selects it, so the board's keys apply to it (keys.js: Enter edits, Delete removes, Ctrl+Z
// brings it back). The small buttons inside an item leave the Tab order: 300 notes are 300
// stops, not 900.

/** What counts as an item for the keyboard. */
export const ITEM_SELECTOR = '[data-testid="note"], [data-testid="swot-item"], [data-testid="goal-node"]';
const INNER_BUTTONS = ".note-tools button, .swot-card-tools button, .swot-card button, .goal-tools button, .goal button";

export class RovingFocus {
  /** @param {HTMLElement} world @param {import("./context.js").Ctx} ctx */
  constructor(world, ctx) {
    this.world = world;
    this.ctx = ctx;
    /** @type {Map<Element, string>} block frame -> the item id that holds its Tab stop */
    this.current = new Map();
    /** @type {{block: Element, id: string} | null} the item that had focus */
    this.focused = null;
    /** when the pointer last pressed on the board (ms): a focus right after it is the mouse's */
    this.pressedAt = -Infinity;
    /** did the keyboard (Tab, arrows) bring the focus to the focused item? */
    this.byKeyboard = false;
    world.addEventListener("pointerdown", () => { this.pressedAt = performance.now(); }, true);
    world.addEventListener("focusin", (e) => {
      const item = e.target instanceof HTMLElement ? e.target.closest(ITEM_SELECTOR) : null;
      if (!item || e.target !== item) return;
      this.byKeyboard = performance.now() - this.pressedAt > 500;
      const block = blockOf(item);
      const id = /** @type {HTMLElement} */ (item).dataset.id ?? "";
      if (block) this.current.set(block, id);
      this.focused = block ? { block, id } : null;
      ctx.select(id);
    });
    world.addEventListener("keydown", (e) => {
      const item = e.target instanceof HTMLElement && e.target.matches(ITEM_SELECTOR) ? e.target : null;
      // Tab on a goal node the keyboard reached moves on (no sub-goal: that is Tab after a
      // click, the outliner's shortcut), so Tab never traps a keyboard user in the tree.
      if (item && e.key === "Tab" && this.byKeyboard) { e.stopPropagation(); return; }
      // A goal tree has its own arrows (parent, child, sibling: goaltree.js), by selection.
      if (!item || item.dataset.testid === "goal-node" || e.ctrlKey || e.metaKey || e.altKey) return;
      const items = this.itemsOf(blockOf(item));
      const i = items.indexOf(item);
      let next = -1;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") next = Math.min(items.length - 1, i + 1);
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = Math.max(0, i - 1);
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = items.length - 1;
      if (next < 0) return;
      e.preventDefault();
      e.stopPropagation();
      items[next]?.focus({ preventScroll: true });
    });
  }

  /** @param {Element | null} block @returns {HTMLElement[]} */
  itemsOf(block) {
    if (!block) return [];
    const items = /** @type {HTMLElement[]} */ ([...block.querySelectorAll(ITEM_SELECTOR)]).filter((el) => blockOf(el) === block);
    // Reading order: top to bottom, then left to right (notes sit anywhere on their block).
    const at = new Map(items.map((el) => [el, el.getBoundingClientRect()]));
    return items.sort((a, b) => {
      const ra = /** @type {DOMRect} */ (at.get(a));
      const rb = /** @type {DOMRect} */ (at.get(b));
      return Math.abs(ra.top - rb.top) > ra.height / 2 ? ra.top - rb.top : ra.left - rb.left;
    });
  }

  /** After each render: one Tab stop per block; focus kept on the board when its item went. */
  update() {
    for (const button of this.world.querySelectorAll(INNER_BUTTONS)) /** @type {HTMLElement} */ (button).tabIndex = -1;
    /** @type {Map<Element, HTMLElement[]>} */
    const byBlock = new Map();
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (this.world.querySelectorAll(ITEM_SELECTOR))) {
      const block = blockOf(el);
      if (!block) continue;
      if (!byBlock.has(block)) byBlock.set(block, []);
      /** @type {HTMLElement[]} */ (byBlock.get(block)).push(el);
    }
    const selected = this.ctx.selected;
    for (const [block, items] of byBlock) {
      const holder = items.find((el) => el.dataset.id === selected) ?? items.find((el) => el.dataset.id === this.current.get(block)) ?? items[0];
      for (const el of items) el.tabIndex = el === holder ? 0 : -1;
      this.current.set(block, holder?.dataset.id ?? "");
    }
    // Keep keyboard users on the board: after Delete, or when an editor closed, focus the
    // selected item, or the block's Tab stop when the focused item is gone.
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.matches(ITEM_SELECTOR) && this.world.contains(active)) {
      // The selection moved by keys (the goal tree's arrows): focus goes with it.
      const chosen = selected && active.dataset.id !== selected ? this.world.querySelector(`[data-id="${CSS.escape(selected)}"]`) : null;
      if (chosen instanceof HTMLElement && chosen.matches(ITEM_SELECTOR)) chosen.focus({ preventScroll: true });
      return;
    }
    if (active && active !== document.body) return;
    const want = (selected && this.world.querySelector(`[data-id="${CSS.escape(selected)}"]`)) || null;
    if (want instanceof HTMLElement && want.matches(ITEM_SELECTOR)) { want.focus({ preventScroll: true }); return; }
    if (this.focused && !this.world.querySelector(`[data-id="${CSS.escape(this.focused.id)}"]`)) {
      const items = byBlock.get(this.focused.block);
      const stop = items?.find((el) => el.tabIndex === 0);
      this.focused = null;
      stop?.focus({ preventScroll: true });
    }
  }
}

/** @param {Element} el */
function blockOf(el) {
  return el.closest('[data-testid^="block-"]');
}
