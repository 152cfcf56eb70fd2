// The phone view's frame: a header (board, you, connection, the switch to the full board),
// the screen in the middle (the language at its foot), one message line for refusals, and a
// tab bar at the bottom within thumb reach. Every target is at least 44 px; nothing is shown
// on hover only.

import { getLang, t } from "../i18n.js";
import { h, setText, toggleClass } from "../views/dom.js";
import { langSwitch, logo } from "../views/join.js";
import { viewSwitch } from "./mode.js";

/** @typedef {"now" | "open" | "list"} Tab */

const TABS = /** @type {const} */ (["now", "open", "list"]);
const MESSAGE_MS = 6000;

export class PhoneFrame {
  /**
   * @param {HTMLElement} root
   * @param {{title: string, status: HTMLElement, screens: Record<Tab, HTMLElement>, onTab: (tab: Tab) => void, onLang: () => void,
   *   extra?: HTMLElement | null}} options  extra: beside your name ("continue on another device")
   */
  constructor(root, options) {
    this.options = options;
    this.title = h("h1", { class: "phone-title", testid: "phone-title", text: options.title });
    this.you = h("span", { class: "phone-you", testid: "phone-you" });
    this.lang = h("span", { class: "phone-lang" });
    this.message = h("div", { class: "phone-message hidden", testid: "phone-message", attrs: { role: "alert" } });
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.messageTimer = undefined;
    this.tabs = /** @type {Record<Tab, HTMLButtonElement>} */ ({});
    this.badge = h("span", { class: "phone-badge hidden", testid: "phone-open-count" });
    const nav = h("nav", { class: "phone-tabs", attrs: { role: "tablist" } }, TABS.map((tab) => {
      const button = /** @type {HTMLButtonElement} */ (h("button", {
        class: "phone-tab", type: "button", testid: `phone-tab-${tab}`, attrs: { role: "tab" },
        on: { click: () => options.onTab(tab) },
      }, h("span", { class: "phone-tab-label" }), tab === "open" ? this.badge : null));
      this.tabs[tab] = button;
      return button;
    }));
    // The language is picked once (the join page offers it too): at the foot of every screen.
    this.main = h("main", { class: "phone-main" }, this.message, ...TABS.map((tab) => options.screens[tab]),
      h("footer", { class: "phone-foot" }, this.lang));
    this.el = h("div", { class: "phone", testid: "phone" },
      h("header", { class: "phone-top" },
        h("div", { class: "phone-top-row" }, logo(), this.title, options.status),
        h("div", { class: "phone-top-row" }, this.you, h("span", { class: "spacer" }), options.extra ?? null, viewSwitch("board"))),
      this.main, nav);
    root.replaceChildren(this.el);
    this.drawLang();
  }

  drawLang() {
    this.lang.replaceChildren(langSwitch(() => { this.drawLang(); this.options.onLang(); }));
    document.documentElement.lang = getLang();
  }

  /** @param {Tab} active @param {number} openCount */
  update(active, openCount) {
    for (const tab of TABS) {
      const on = tab === active;
      toggleClass(this.options.screens[tab], "hidden", !on);
      this.tabs[tab].setAttribute("aria-selected", String(on));
      toggleClass(this.tabs[tab], "active", on);
      setText(/** @type {HTMLElement} */ (this.tabs[tab].firstElementChild), t(`phone.tab.${tab}`));
    }
    setText(this.badge, String(openCount));
    toggleClass(this.badge, "hidden", openCount === 0);
  }

  /** Who you are here: your name on your department's colour. @param {string} name @param {{name: string, color: string} | null} dept */
  setYou(name, dept) {
    setText(this.you, dept ? `${name} · ${dept.name}` : name);
    this.you.style.setProperty("--dept", dept?.color ?? "#64748b");
  }

  /** One message at a time, just above the tab bar wherever one has scrolled; it goes after a few seconds. @param {string} text @param {"error" | "info"} kind */
  say(text, kind) {
    setText(this.message, text);
    this.message.dataset.kind = kind;
    toggleClass(this.message, "hidden", false);
    clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => toggleClass(this.message, "hidden", true), MESSAGE_MS);
  }
}
