// A small popup menu anchored to an element: department pickers, owner lists; and how any
// popup of the page closes (a press outside it, Escape).
import { h } from "./dom.js";

/**
 * @typedef {{label: string, color?: string | null, checked?: boolean, testid?: string, onSelect: () => void}} MenuItem
 */

/** @type {(() => void) | null} */
let closeOpen = null;

/**
 * @param {HTMLElement} anchor
 * @param {MenuItem[]} items
 * @param {{multi?: boolean, title?: string}} [options] multi: stays open, items toggle
 */
export function openMenu(anchor, items, options = {}) {
  closeOpen?.();
  const menu = h("div", { class: "menu", testid: "menu", attrs: { role: "menu" } });
  if (options.title) menu.appendChild(h("div", { class: "menu-title", text: options.title }));
  for (const item of items) {
    const button = h(
      "button",
      {
        class: `menu-item${item.checked ? " checked" : ""}`,
        type: "button",
        testid: item.testid ?? "menu-item",
        attrs: { role: options.multi ? "menuitemcheckbox" : "menuitem", "aria-checked": String(Boolean(item.checked)) },
        on: {
          click: (/** @type {MouseEvent} */ e) => {
            e.stopPropagation();
            item.onSelect();
            if (options.multi) {
              item.checked = !item.checked;
              button.classList.toggle("checked", item.checked);
            } else close();
          },
        },
      },
      h("span", { class: "menu-swatch", style: item.color ? { "--swatch": item.color } : {} }),
      h("span", { class: "menu-label", text: item.label }),
      options.multi ? h("span", { class: "menu-check", text: "✓" }) : null,
    );
    menu.appendChild(button);
  }
  document.body.appendChild(menu);
  const r = anchor.getBoundingClientRect();
  const mw = menu.offsetWidth;
  const mh = menu.offsetHeight;
  menu.style.left = `${Math.max(8, Math.min(window.innerWidth - mw - 8, r.left))}px`;
  menu.style.top = `${r.bottom + mh + 8 > window.innerHeight ? Math.max(8, r.top - mh - 6) : r.bottom + 6}px`;
  const close = dismissible(menu, () => { closeOpen = null; });
  closeOpen = close;
  /** @type {HTMLElement | null} */ (menu.querySelector("button"))?.focus({ preventScroll: true });
  return close;
}

/**
 * Make `el` (a popup just added to the page) close on a press outside it or on Escape, from
 * the next task on (the press that opened it does not close it). Closing removes `el`, stops
 * listening and calls `onClose`.
 * @param {HTMLElement} el
 * @param {() => void} onClose
 * @param {{stopEscape?: boolean}} [options] stopEscape: the Escape goes no further
 * @returns {() => void} close
 */
export function dismissible(el, onClose, options = {}) {
  const outside = (/** @type {Event} */ e) => {
    if (!(e.target instanceof Node) || !el.contains(e.target)) close();
  };
  const key = (/** @type {KeyboardEvent} */ e) => {
    if (e.key !== "Escape") return;
    if (options.stopEscape) e.stopPropagation();
    close();
  };
  const close = () => {
    el.remove();
    window.removeEventListener("pointerdown", outside, true);
    window.removeEventListener("keydown", key, true);
    onClose();
  };
  setTimeout(() => {
    window.addEventListener("pointerdown", outside, true);
    window.addEventListener("keydown", key, true);
  }, 0);
  return close;
}
