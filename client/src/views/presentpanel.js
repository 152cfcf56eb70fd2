// The facilitator's "Present" panel: what the room's screen shows — the facilitator's view
// (follow me) or one block (the spotlight, A4) — chosen without moving the facilitator's own
// view; and the way in for the room: the short code and QR code of the participant link,
// which the facilitator can also show full screen on this laptop (a mirrored projector).

import { t } from "../i18n.js";
import { clear, h, setText } from "./dom.js";
import { icon } from "./icons.js";
import { fetchJoinInfo, joinSlide, qrImage } from "./present.js";

/** @typedef {import("./context.js").Ctx} Ctx */

export class PresentPanel {
  /** @param {Ctx} ctx @param {{boardId: string, token: string, blocks: () => import("../types.js").Block[]}} options */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.options = options;
    this.label = h("span");
    this.button = h("button", {
      class: "chip-button collapsible", type: "button", testid: "present-button",
      attrs: { "aria-haspopup": "dialog", "aria-expanded": "false" },
      on: { click: () => this.toggle() },
    }, icon("spotlight", 16), this.label);
    this.panel = h("div", { class: "panel present-panel hidden", testid: "present-panel", attrs: { role: "dialog" } });
    this.el = h("span", { class: "popover-wrap" }, this.button, this.panel);
    window.addEventListener("pointerdown", (e) => {
      if (e.target instanceof Node && !this.el.contains(e.target)) this.close();
    });
    this.panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { this.close(); this.button.focus(); } });
    /** @type {import("./present.js").JoinInfo | null} */
    this.join = null;
    /** @type {HTMLElement | null} */
    this.overlay = null;
    this.key = "";
  }

  toggle() {
    if (this.panel.classList.contains("hidden")) this.open(); else this.close();
  }

  async open() {
    this.panel.classList.remove("hidden");
    this.button.setAttribute("aria-expanded", "true");
    this.key = "";
    this.render();
    this.join = await fetchJoinInfo(this.options.boardId, this.options.token);
    this.key = "";
    this.render();
  }

  close() {
    this.panel.classList.add("hidden");
    this.button.setAttribute("aria-expanded", "false");
  }

  render() {
    setText(this.label, t("present.button"));
    this.button.title = t("present.button.title");
    this.panel.setAttribute("aria-label", t("present.panel"));
    const board = this.ctx.board();
    if (!board || this.panel.classList.contains("hidden")) return;
    const blocks = this.options.blocks();
    const key = `${board.spotlight}|${blocks.map((b) => `${b.id}:${b.title}`).join(",")}|${this.join?.code}|${board.links?.participant}|${t("present.button")}`;
    if (key === this.key) return;
    if (this.join && this.join.version !== (board.links?.participant ?? 1)) {
      this.join = null; // the link was replaced: the code changed with it
      fetchJoinInfo(this.options.boardId, this.options.token).then((info) => { this.join = info; this.key = ""; this.render(); });
    }
    this.key = key;
    clear(this.panel);
    const name = `present-${this.options.boardId}`;
    const choice = (/** @type {string | null} */ block, /** @type {string} */ text) => h("label", { class: "present-choice" },
      h("input", {
        type: "radio", name, checked: (board.spotlight ?? null) === block,
        testid: block ? `present-show-${block}` : "present-show-follow",
        on: { change: () => this.ctx.perform([{ kind: "board.spotlight", block }], { undoable: false }) },
      }),
      h("span", { text }));
    this.panel.append(
      h("fieldset", { class: "present-fieldset" },
        h("legend", { class: "panel-title", text: t("present.shows") }),
        choice(null, t("present.show.follow")),
        blocks.map((b) => choice(b.id, b.title))),
      h("p", { class: "panel-hint", text: t("present.hint") }));
    const join = h("section", { class: "present-join", testid: "present-join" }, h("h3", { class: "panel-title", text: t("present.join.heading") }));
    if (this.join) {
      join.append(
        h("div", { class: "present-join-row" }, qrImage(this.join),
          h("div", {},
            h("p", { class: "present-join-code", testid: "present-join-code", text: this.join.code }),
            h("p", { class: "panel-hint", text: t("present.join.at", { url: this.join.join_url }) }))),
        h("button", { class: "button", type: "button", testid: "present-join-here", text: t("present.join.here"), on: { click: () => this.showHere() } }));
    } else {
      join.append(h("p", { class: "panel-hint", text: t("present.join.loading") }));
    }
    this.panel.append(join);
  }

  /** The join slide full screen on this laptop, until Escape or the close button. */
  showHere() {
    if (this.overlay || !this.join) return;
    const close = h("button", { class: "icon-button join-overlay-close", type: "button", testid: "join-overlay-close", title: t("present.join.close"), attrs: { "aria-label": t("present.join.close") }, on: { click: () => this.hideHere() } }, icon("close", 24));
    this.overlay = h("div", { class: "join-overlay", testid: "join-overlay", attrs: { role: "dialog", "aria-modal": "true", "aria-label": t("present.join.title") } }, joinSlide(this.join), close);
    this.overlay.addEventListener("keydown", (e) => { if (e.key === "Escape") this.hideHere(); });
    document.body.append(this.overlay);
    close.focus();
  }

  hideHere() {
    this.overlay?.remove();
    this.overlay = null;
    this.button.focus();
  }
}
