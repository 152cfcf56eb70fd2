// "Continue on another device": a small button in the top bar that shows this person's own
// link — the join link plus their credential (I1) — with a copy button. Opened on a phone or
// another computer, it is the same participant there: same name, department, dots and answers.

import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { copyInput } from "./links.js";

export class DeviceLink {
  /**
   * @param {{link: () => string | null, toast: (message: string) => void}} options
   *   link: the personal link, or null while the hub has issued no credential yet
   */
  constructor(options) {
    this.options = options;
    this.button = /** @type {HTMLButtonElement} */ (h("button", { class: "icon-button device-button", type: "button", testid: "device-button",
      on: { click: () => this.toggle() } }, icon("device", 20)));
    this.title = h("div", { class: "panel-title" });
    this.hint = h("p", { class: "panel-hint device-hint" });
    this.input = /** @type {HTMLInputElement} */ (h("input", { class: "link-input", type: "text", readOnly: true, testid: "device-link" }));
    this.input.addEventListener("focus", () => this.input.select());
    this.copy = /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button", type: "button", testid: "device-copy",
      on: { click: () => this._copy() } }, icon("copy", 15), h("span")));
    this.panel = h("div", { class: "fac-panel device-panel hidden", testid: "device-panel" },
      this.title, this.input, h("div", { class: "link-actions" }, this.copy), this.hint);
    this.el = h("span", { class: "popover-wrap device-wrap" }, this.button, this.panel);
    window.addEventListener("pointerdown", (e) => {
      if (e.target instanceof Node && !this.el.contains(e.target)) this.close();
    });
    this.relabel();
  }

  get open() {
    return !this.panel.classList.contains("hidden");
  }

  toggle() {
    toggleClass(this.panel, "hidden", this.open);
    if (this.open) this.relabel();
  }

  close() {
    toggleClass(this.panel, "hidden", true);
  }

  relabel() {
    this.button.title = t("device.title");
    this.button.setAttribute("aria-label", t("device.title"));
    setText(this.title, t("device.title"));
    setText(/** @type {HTMLElement} */ (this.copy.lastElementChild), t("links.copy"));
    if (!this.open) return; // the link is read when the panel opens: the credential may be re-issued
    const link = this.options.link();
    this.input.value = link ?? "";
    this.copy.disabled = !link;
    setText(this.hint, link ? t("device.hint") : t("device.notyet"));
  }

  async _copy() {
    if (await copyInput(this.input)) this.options.toast(t("links.copied"));
  }
}
