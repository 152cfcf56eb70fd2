// Short messages at the bottom of the screen: refusals, confirmations.
import { h } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {{kind?: "info" | "error" | "success", action?: {label: string, run: () => void}, timeout?: number}} ToastOptions */

export class Toasts {
  /** @param {HTMLElement} parent */
  constructor(parent) {
    this.el = h("div", { class: "toasts", attrs: { role: "status", "aria-live": "polite" } });
    parent.appendChild(this.el);
  }

  /** @param {string} message @param {ToastOptions} [options] */
  show(message, options = {}) {
    const kind = options.kind ?? "info";
    const close = () => {
      item.classList.add("leaving");
      setTimeout(() => item.remove(), 200);
    };
    const item = h(
      "div",
      { class: `toast toast-${kind}`, testid: "toast" },
      h("span", { class: "toast-text", text: message }),
      options.action
        ? h("button", {
            class: "toast-action", type: "button", testid: "toast-action", text: options.action.label,
            on: { click: () => { options.action?.run(); close(); } },
          })
        : null,
      h("button", { class: "toast-close icon-button", type: "button", on: { click: close } }, icon("close", 16)),
    );
    this.el.appendChild(item);
    while (this.el.children.length > 4) this.el.firstElementChild?.remove();
    setTimeout(close, options.timeout ?? (kind === "error" ? 7000 : 4000));
  }
}
