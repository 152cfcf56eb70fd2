// The top bar never overflows (issue 17, 4): when its controls do not fit (a laptop, a long
// title, the timer and spotlight chips, Russian labels), the secondary ones move into a
// "more" menu at its end, in a fixed order, one by one until the rest fits; the board's
// title keeps a readable width. The menu lists the moved controls as items that press the
// real control, so every panel, toggle and state works as in the bar.

import { t } from "../i18n.js";
import { h, svg, toggleClass } from "./dom.js";

/**
 * What gives room first, in this order: rarely needed during a session first, what shows the
 * room's state (timer, spotlight, "done", connection) never. A selector may match nothing
 * (another role's control); any other `.collapsible` control of the facilitation bar goes
 * after the named ones.
 */
export const MORE_ORDER = [
  "[data-testid=help-button]",
  ".lang-holder",
  "[data-testid=device-button]",
  "[data-testid=departments-button]",
  "[data-testid=links-button]",
  "[data-testid=report-button]",
  "[data-testid=present-button]",
  "[data-testid=add-block-button]",
  "[data-testid=board-lock-toggle]",
  "[data-testid=follow-toggle]",
  ".topbar > .button-group",
  "[data-testid=people-button]",
  "[data-testid=presence]",
  ".facilitation-bar .collapsible",
];

/** Text that shrinks with the bar and must stay readable: at least this many pixels of it,
 * or all of it when shorter. The board's title, and the spotlight ("Spotlight: SWOT"). */
export const READABLE = /** @type {const} */ ([[".board-title", 180], [".spotlight-chip > span", 130]]);

/** A control that opens a panel lives in a wrap with that panel: the wrap stays to anchor it. */
const PANEL_WRAP = ".popover-wrap, .presence-wrap";

let menus = 0;

export class MoreMenu {
  /**
   * @param {HTMLElement} bar the top bar @param {HTMLElement} title the board's title in it
   *   (its width changes whenever anything else in the bar does)
   */
  constructor(bar, title) {
    this.bar = bar;
    this.sizes = new ResizeObserver(() => this.schedule());
    this.sizes.observe(title);
    const id = `topbar-more-${++menus}`;
    this.list = h("div", { class: "more-menu hidden", testid: "more-menu", id, attrs: { role: "menu" } });
    this.button = /** @type {HTMLButtonElement} */ (h("button", {
      class: "icon-button more-button hidden", type: "button", testid: "more-button",
      attrs: { "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": id },
      on: { click: () => this.toggle(), keydown: (/** @type {KeyboardEvent} */ e) => this._buttonKey(e) },
    }, dots()));
    this.el = h("div", { class: "more-wrap" }, this.button, this.list);
    /** @type {HTMLElement[]} the controls in the menu now, in menu order */
    this.moved = [];
    /** What the menu shows now (its items' markup), to draw it again only when that changes. */
    this.drawn = "";
    this.scheduled = false;
    this.sizes.observe(bar);
    this.list.addEventListener("keydown", (e) => this._menuKey(e));
    this.list.addEventListener("focusout", (e) => {
      if (!(e.relatedTarget instanceof Node) || !this.el.contains(e.relatedTarget)) this.close(false);
    });
    window.addEventListener("pointerdown", (e) => {
      if (this.isOpen && e.target instanceof Node && !this.el.contains(e.target)) this.close(false);
    }, true);
    this.relabel();
  }

  get isOpen() {
    return !this.list.classList.contains("hidden");
  }

  relabel() {
    this.button.title = t("topbar.more.title");
    this.button.setAttribute("aria-label", t("topbar.more"));
    this.schedule();
  }

  /** Fit again at the next frame (sizes changed: a chip appeared, a label, the window). */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.fit();
    });
  }

  /**
   * Put every control back; when they do not fit, first drop the labels of the buttons that
   * have icons (`compact`), then move controls to the menu in MORE_ORDER until the bar fits.
   */
  fit() {
    for (const el of this.bar.querySelectorAll(".in-more")) el.classList.remove("in-more");
    for (const el of this.bar.querySelectorAll(".in-more-anchor")) el.classList.remove("in-more-anchor");
    this.moved = [];
    toggleClass(this.button, "hidden", true);
    toggleClass(this.bar, "compact", false);
    this._observe();
    if (!this._fits()) toggleClass(this.bar, "compact", true);
    if (!this._fits()) {
      toggleClass(this.button, "hidden", false);
      for (const selector of MORE_ORDER) {
        for (const el of /** @type {NodeListOf<HTMLElement>} */ (this.bar.querySelectorAll(selector))) {
          if (this.moved.includes(el) || this.el.contains(el) || el.closest(".hidden, .in-more")) continue;
          el.classList.add("in-more");
          el.parentElement?.closest(PANEL_WRAP)?.classList.add("in-more-anchor");
          this.moved.push(el);
        }
        if (this._fits()) break;
      }
    }
    if (!this.moved.length) this.close(false); // everything fits again: nothing to show
    else if (this.isOpen) this._draw();
    this.bar.dataset.more = String(this.moved.length);
  }

  /** Does everything left in the bar show whole, the title and spotlight readable? */
  _fits() {
    const bar = this.bar;
    if (bar.scrollWidth > bar.clientWidth) return false;
    for (const [selector, min] of READABLE) {
      for (const el of bar.querySelectorAll(selector)) {
        if (el.getClientRects().length && el.clientWidth < Math.min(el.scrollWidth, min)) return false;
      }
    }
    return true;
  }

  /** Watch the size of everything in the bar: any change may change what fits. */
  _observe() {
    for (const el of this.bar.querySelectorAll(":scope > *, .topbar-right > *, .facilitation-bar > *, .title-group > *")) {
      this.sizes.observe(el);
    }
  }

  toggle() {
    if (this.isOpen) this.close(true);
    else this.open();
  }

  open() {
    this._draw();
    toggleClass(this.list, "hidden", false);
    this.button.setAttribute("aria-expanded", "true");
    this._items()[0]?.focus({ preventScroll: true });
  }

  /** @param {boolean} refocus put the focus back on the "more" button */
  close(refocus) {
    if (!this.isOpen) return;
    toggleClass(this.list, "hidden", true);
    this.button.setAttribute("aria-expanded", "false");
    if (refocus) this.button.focus({ preventScroll: true });
  }

  /**
   * One item per moved button, saying what it says in the bar, in the state it is in. Drawn
   * again only when that changed (the bar refits often: a countdown ticks in it), keeping the
   * focus on the same item.
   */
  _draw() {
    const items = this.moved.flatMap((control) => (control instanceof HTMLButtonElement ? [control] : [...control.querySelectorAll("button")]))
      .map((original) => this._item(original));
    const key = items.map((item) => item.outerHTML).join("");
    if (key === this.drawn) return;
    this.drawn = key;
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement)
      ? document.activeElement.dataset.control : undefined;
    while (this.list.firstChild) this.list.firstChild.remove();
    this.list.append(...items);
    if (focused !== undefined) /** @type {HTMLElement | undefined} */ (items.find((item) => item.dataset.control === focused))?.focus({ preventScroll: true });
  }

  /** @param {HTMLButtonElement} original */
  _item(original) {
    const pressed = original.getAttribute("aria-pressed");
    const checked = pressed ?? (original.classList.contains("lang") ? String(original.classList.contains("active")) : null);
    const item = /** @type {HTMLButtonElement} */ (h("button", {
      class: `more-item${checked === "true" ? " checked" : ""}`, type: "button", testid: "more-item",
      data: { control: original.dataset.testid ?? "" }, disabled: original.disabled, tabIndex: -1,
      attrs: checked === null ? { role: "menuitem" } : { role: "menuitemcheckbox", "aria-checked": checked },
      on: { click: () => this._press(original) },
    }));
    const mark = original.querySelector("svg");
    item.append(mark ? mark.cloneNode(true) : h("span", { class: "more-item-mark", text: original.textContent?.trim() ?? "" }));
    item.append(h("span", { class: "more-item-label", text: labelOf(original) }));
    const badge = original.querySelector(".count-badge");
    if (badge) item.append(badge.cloneNode(true));
    return item;
  }

  /** @param {HTMLButtonElement} original */
  _press(original) {
    this.close(false);
    original.click();
    // The control may have opened a panel or dialog that took the focus; if not, back to "more".
    const active = document.activeElement;
    if (!active || active === document.body || this.list.contains(active)) this.button.focus({ preventScroll: true });
  }

  _items() {
    return /** @type {HTMLButtonElement[]} */ ([...this.list.querySelectorAll(".more-item:not(:disabled)")]);
  }

  /** @param {KeyboardEvent} e */
  _buttonKey(e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    if (!this.isOpen) this.open();
    const items = this._items();
    (e.key === "ArrowDown" ? items[0] : items[items.length - 1])?.focus({ preventScroll: true });
  }

  /** Arrows move between items, Home / End to the ends, Escape closes; Tab leaves. @param {KeyboardEvent} e */
  _menuKey(e) {
    e.stopPropagation(); // the board's shortcuts do not apply inside the menu
    const items = this._items();
    const at = items.indexOf(/** @type {HTMLButtonElement} */ (document.activeElement));
    /** @type {number | null} */
    let next = null;
    if (e.key === "ArrowDown") next = (at + 1) % items.length;
    else if (e.key === "ArrowUp") next = (at - 1 + items.length) % items.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = items.length - 1;
    else if (e.key === "Escape") {
      e.preventDefault();
      this.close(true);
      return;
    }
    if (next === null || !items.length) return;
    e.preventDefault();
    items[next].focus({ preventScroll: true });
  }
}

/**
 * What a control says: its words, or its tooltip when it is an icon or a two-letter code
 * (the language buttons say "EN" in the bar and "English" here).
 * @param {HTMLButtonElement} button
 */
function labelOf(button) {
  const words = [...button.querySelectorAll(":scope > span:not(.count-badge)")].map((s) => s.textContent?.trim() ?? "").filter(Boolean).join(" ");
  const own = words || [...button.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent?.trim()).join(" ").trim();
  const tip = button.title.trim() || button.getAttribute("aria-label") || "";
  return own.length > 3 ? own : tip || own;
}

/** Three dots: "more". */
function dots() {
  return svg("svg", { viewBox: "0 0 24 24", width: 20, height: 20, fill: "currentColor", "aria-hidden": "true", class: "icon" },
    ...[5, 12, 19].map((cx) => svg("circle", { cx, cy: 12, r: 2 })));
}
