// The facilitator's "Present" panel: what the room's screen shows (A7, `screen.show`) — the
// facilitator's view (follow me), one block as a slide, the join slide, or a block's vote or
// poll results — and whether participants' cursors are drawn on it; chosen without moving the
// facilitator's own view, and kept on the board, so a projector that reloads shows it again.
// The spotlight (A4) stays what it was: where following participants go. And the way in for
// the room: the short code and QR code of the participant link, which the facilitator can
// also show full screen on this laptop (a mirrored projector).

import { screenOf, screenShowOp } from "../facilitation.js";
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
    const screen = screenOf(board);
    const scored = blocks.filter((b) => hasResults(board, b.id) || (screen.mode === "results" && screen.block === b.id));
    const key = `${JSON.stringify(screen)}|${board.spotlight}|${blocks.map((b) => `${b.id}:${b.title}`).join(",")}|${scored.map((b) => b.id).join(",")}|${this.join?.code}|${board.links?.participant}|${t("present.button")}`;
    if (key === this.key) return;
    if (this.join && this.join.version !== (board.links?.participant ?? 1)) {
      this.join = null; // the link was replaced: the code changed with it
      fetchJoinInfo(this.options.boardId, this.options.token).then((info) => { this.join = info; this.key = ""; this.render(); });
    }
    this.key = key;
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && this.panel.contains(active) ? active.dataset.testid : undefined;
    clear(this.panel);
    const name = `present-${this.options.boardId}`;
    /** @param {import("../types.js").ScreenState["mode"]} mode @param {string | null} block @param {string} text @param {string} testid */
    const choice = (mode, block, text, testid) => h("label", { class: "present-choice" },
      h("input", {
        type: "radio", name, testid, checked: screen.mode === mode && screen.block === block,
        on: { change: () => this.show({ mode, block }) },
      }),
      h("span", { text }));
    const byId = (/** @type {string | null} */ id) => (id ? board.blocks[id] ?? null : null);
    const spot = byId(board.spotlight ?? null);
    const now = screen.mode === "block" ? byId(screen.block)?.title ?? ""
      : screen.mode === "results" ? t("present.now.results", { title: byId(screen.block)?.title ?? "" })
        : t(`present.now.${screen.mode}`);
    append(this.panel,
      h("p", { class: "present-now", testid: "present-now", attrs: { role: "status" }, text: t("present.now", { what: now }) }),
      screen.mode === "follow" && spot ? h("p", { class: "panel-hint", testid: "present-follow-spotlight", text: t("present.follow.spotlight", { title: spot.title }) }) : null,
      h("label", { class: "present-choice present-cursors" },
        h("input", {
          type: "checkbox", testid: "present-cursors", checked: screen.cursors,
          on: { change: (/** @type {Event} */ e) => this.show({ cursors: /** @type {HTMLInputElement} */ (e.target).checked }) },
        }),
        h("span", { text: t("present.cursors") })),
      h("fieldset", { class: "present-fieldset" },
        h("legend", { class: "panel-title", text: t("present.shows") }),
        choice("follow", null, t("present.show.follow"), "present-show-follow"),
        choice("join", null, t("present.show.join"), "present-show-join"),
        blocks.map((b) => choice("block", b.id, b.title, `present-show-${b.id}`))),
      scored.length ? h("fieldset", { class: "present-fieldset" },
        h("legend", { class: "panel-title", text: t("present.results.heading") }),
        scored.map((b) => choice("results", b.id, t("present.show.results", { title: b.title }), `present-show-results-${b.id}`))) : null,
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
    if (focused) /** @type {HTMLElement | null} */ (this.panel.querySelector(`[data-testid="${CSS.escape(focused)}"]`))?.focus();
  }

  /**
   * Tell the hub what the screen shows now (A7). Only the board changes: the facilitator's own
   * view stays where it is. Drawn again from the board, so a refusal puts the old choice back.
   * @param {{mode?: import("../types.js").ScreenState["mode"], block?: string | null, cursors?: boolean}} change
   */
  show(change) {
    this.ctx.perform([screenShowOp(this.ctx.board(), change)], { undoable: false });
    this.key = "";
    this.render();
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

/** Append the parts that are there (null: not this time). @param {HTMLElement} el @param {...(HTMLElement | null)} parts */
function append(el, ...parts) {
  for (const part of parts) if (part) el.append(part);
}

/** Has the block a dot vote or a poll whose results the screen could show? @param {import("../types.js").Board} board @param {string} blockId */
function hasResults(board, blockId) {
  return Object.values(board.votes ?? {}).some((v) => v.block === blockId)
    || Object.values(board.polls ?? {}).some((p) => p.block === blockId);
}
