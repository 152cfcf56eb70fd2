// The lobby, as the person waiting in it sees it (I5): the hub answered their hello with
// `waiting`, so there is no board yet — a page saying whose turn it is, until the welcome
// opens the board on the same connection, or the facilitator turns them away.

import { t, tk } from "../i18n.js";
import { h, setText } from "./dom.js";
import { langSwitch, logo } from "./join.js";

export class WaitingScreen {
  /** @param {HTMLElement} root the page root; the screen covers whatever else is in it */
  constructor(root) {
    this.root = root;
    this.name = "";
    this.title = "";
    /** @type {string | null} why the connection stopped while waiting */
    this.stopReason = null;
    this.lang = h("span", { class: "lobby-lang" });
    this.heading = h("h1", { testid: "lobby-heading" });
    this.you = h("p", { class: "join-lead", testid: "lobby-you" });
    this.hint = h("p", { class: "lobby-hint" });
    this.boardTitle = h("p", { class: "join-board-title" });
    this.el = h("div", { class: "join-page lobby-page", testid: "lobby-waiting", attrs: { role: "status" } },
      this.lang,
      h("div", { class: "join-card message-card" },
        h("div", { class: "brand brand-large" }, logo(), h("span", { text: t("app.name") })),
        this.boardTitle, this.heading, this.you, this.hint));
  }

  get shown() {
    return this.el.isConnected;
  }

  /** @param {string} name who waits @param {string} title the board's title */
  show(name, title) {
    this.name = name;
    this.title = title;
    this.stopReason = null;
    if (!this.shown) this.root.append(this.el);
    // Covered, not removed: the board keeps its size for when the welcome comes.
    for (const el of this.root.children) if (el !== this.el) /** @type {HTMLElement} */ (el).inert = true;
    this.draw();
  }

  /** The welcome came: the board takes the page. */
  hide() {
    if (!this.shown) return;
    this.el.remove();
    for (const el of this.root.children) /** @type {HTMLElement} */ (el).inert = false;
  }

  /** The connection stopped while waiting: turned away (4012), or another stop. @param {string} reason */
  stopped(reason) {
    this.stopReason = reason;
    this.draw();
  }

  draw() {
    if (!this.shown) return;
    this.lang.replaceChildren(langSwitch(() => this.draw()));
    setText(this.boardTitle, this.title);
    const stop = this.stopReason;
    this.el.dataset.state = stop ? "stopped" : "waiting";
    setText(this.heading, stop === "removed" ? t("lobby.turned.away") : stop ? tk(`stop.${stop}`) : t("lobby.title"));
    setText(this.you, t("lobby.you", { name: this.name }));
    setText(this.hint, stop ? "" : t("lobby.hint"));
  }
}
