// The phone's two action screens. "Now" follows the facilitator: the spotlighted block or the
// current agenda item's, with what its step asks of you (E8), its cards, the agenda timer and
// "I'm done". "Open now" lists
// every poll round and dot vote open anywhere, so none is out of reach.

import { t } from "../i18n.js";
import { h, setText, toggleClass } from "../views/dom.js";
import { StepBanner } from "../views/stepbanner.js";
import { cardList, cardsOf } from "./cards.js";
import { Keyed } from "./context.js";
import { nowOf, openExercises, timeLeft } from "./now.js";
import { isDone } from "./pending.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */

export class NowScreen {
  /** @param {PhoneCtx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.source = h("p", { class: "phone-kicker", testid: "phone-now-source" });
    this.title = h("h2", { class: "phone-now-title", testid: "phone-now-title" });
    this.agenda = h("p", { class: "phone-agenda", testid: "phone-agenda" });
    this.step = new StepBanner({ board: () => ctx.board(), you: () => ctx.you(), now: () => ctx.serverNow() });
    this.step.el.classList.add("phone-step-banner");
    this.empty = h("p", { class: "phone-empty", testid: "phone-now-empty" });
    this.cardsEl = h("div", { class: "phone-cards" });
    this.cards = cardList(ctx, this.cardsEl);
    this.read = h("button", { class: "phone-link", type: "button", testid: "phone-now-read", on: { click: () => this._read() } });
    this.done = /** @type {HTMLButtonElement} */ (h("button", {
      class: "phone-done", type: "button", testid: "phone-done", on: { click: () => this._toggleDone() },
    }));
    /** @type {string | null} */
    this.blockId = null;
    this.el = h("section", { class: "phone-screen phone-now", testid: "phone-now" },
      h("header", { class: "phone-now-head" }, this.source, this.title, this.agenda, this.step.el), this.empty, this.cardsEl, this.read, this.done);
  }

  update() {
    const board = this.ctx.board();
    const now = nowOf(board);
    const block = now.block;
    this.blockId = block?.id ?? null;
    this.el.dataset.block = block?.id ?? "";
    setText(this.source, now.source === "spotlight" ? t("phone.now.spotlight") : now.source === "agenda" ? t("phone.now.agenda") : t("phone.now.kicker"));
    setText(this.title, block?.title ?? now.agendaItem?.title ?? t("phone.now.none.title"));
    const item = now.agendaItem;
    if (item && board.agenda) {
      const ms = timeLeft(item, board.agenda, this.ctx.serverNow());
      const minutes = ms >= 0 ? Math.ceil(ms / 60000) : Math.max(1, Math.ceil(-ms / 60000));
      const time = t(ms >= 0 ? "phone.now.left" : "phone.now.over", { n: minutes });
      setText(this.agenda, t("phone.now.agenda.item", { title: item.title, time }));
      toggleClass(this.agenda, "over", ms < 0);
    }
    toggleClass(this.agenda, "hidden", !item);
    this.step.render();
    const cards = block ? cardsOf(board, block) : [];
    this.cards.update(cards);
    setText(this.empty, cards.length ? "" : block || item ? t("phone.now.watch") : t("phone.now.none"));
    toggleClass(this.empty, "hidden", cards.length > 0);
    setText(this.read, t("phone.now.read"));
    toggleClass(this.read, "hidden", !block || block.kind === "poll" || block.kind === "agenda");

    const done = isDone(board, this.ctx.you().id, this.ctx.pending());
    this.done.setAttribute("aria-pressed", String(done));
    toggleClass(this.done, "on", done);
    setText(this.done, done ? t("phone.done.on") : t("phone.done.off"));
  }

  _read() {
    if (this.blockId) this.ctx.showList(this.blockId);
  }

  /** "I'm done" with the current exercise, or not any more (E6). */
  _toggleDone() {
    const done = isDone(this.ctx.board(), this.ctx.you().id, this.ctx.pending());
    this.ctx.perform([{ kind: "done.set", done: !done }]);
    this.ctx.invalidate();
  }
}

export class OpenScreen {
  /** @param {PhoneCtx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.empty = h("p", { class: "phone-empty", testid: "phone-open-empty" });
    this.list = h("div", { class: "phone-cards" });
    /** @type {Keyed<any>} */
    this.items = new Keyed(this.list, (key) => new OpenItem(ctx, key));
    this.count = 0;
    this.el = h("section", { class: "phone-screen phone-open", testid: "phone-open" },
      h("h2", { class: "phone-now-title" }), this.empty, this.list);
  }

  update() {
    const board = this.ctx.board();
    const open = openExercises(board);
    this.count = open.length;
    setText(/** @type {HTMLElement} */ (this.el.firstElementChild), t("phone.open.title"));
    this.items.update(open.map((x) => [`${x.kind}:${x.id}`, x.kind === "poll" ? x.poll : x.vote]));
    setText(this.empty, open.length ? "" : t("phone.open.none"));
    toggleClass(this.empty, "hidden", open.length > 0);
  }
}

/** One open poll or vote, under the title of the block it belongs to. */
class OpenItem {
  /** @param {PhoneCtx} ctx @param {string} key */
  constructor(ctx, key) {
    this.ctx = ctx;
    this.where = h("p", { class: "phone-where" });
    const holder = h("div");
    this.card = cardList(ctx, holder);
    this.key = key;
    this.el = h("div", { class: "phone-open-item", testid: "phone-open-item" }, this.where, holder);
  }

  /** @param {import("../types.js").PollView | import("../types.js").VoteView} view */
  update(view) {
    setText(this.where, this.ctx.board().blocks[view.block]?.title ?? "");
    this.card.update([[this.key, view]]);
  }
}
