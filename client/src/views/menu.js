// A small popup menu anchored to an element: department pickers, owner lists.
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
  const outside = (/** @type {Event} */ e) => {
    if (!(e.target instanceof Node) || !menu.contains(e.target)) close();
  };
  const key = (/** @type {KeyboardEvent} */ e) => { if (e.key === "Escape") close(); };
  const close = () => {
    menu.remove();
    window.removeEventListener("pointerdown", outside, true);
    window.removeEventListener("keydown", key, true);
    closeOpen = null;
  };
  setTimeout(() => {
    window.addEventListener("pointerdown", outside, true);
    window.addEventListener("keydown", key, true);
  }, 0);
  closeOpen = close;
  /** @type {HTMLElement | null} */ (menu.querySelector("button"))?.focus({ preventScroll: true });
  return close;
}
