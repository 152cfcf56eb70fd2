// A dot vote on a phone (E2): the block's items with big − / + buttons, your dots on each and
// how many are left. A sure refusal (no dots left, the item has your maximum) is said at once,
// offline too; the hub still decides, and its refusals are said the same way (phone/app.js).

import { t } from "../i18n.js";
import { shuffledFor } from "../steps.js";
import { h, setText, toggleClass } from "../views/dom.js";
import { Keyed } from "./context.js";
import { blockRows } from "./items.js";
import { castBlocked, dotsOf } from "./pending.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */
/** @typedef {import("../types.js").VoteView} VoteView */
/** @typedef {import("./items.js").Row} Row */
/** @typedef {{row: Row, mine: number, total: number | null, max: number, open: boolean, dept: string}} ItemData */

export class VoteCard {
  /** @param {PhoneCtx} ctx @param {string} voteId */
  constructor(ctx, voteId) {
    this.ctx = ctx;
    this.voteId = voteId;
    this.kicker = h("p", { class: "phone-kicker" });
    this.left = h("p", { class: "phone-dots-left", testid: "phone-dots-left" });
    this.hint = h("p", { class: "phone-hint" });
    this.state = h("p", { class: "phone-delivery", testid: "phone-waiting" });
    this.empty = h("p", { class: "phone-note" });
    this.list = h("ul", { class: "phone-vote-items" });
    /** @type {Keyed<ItemData>} */
    this.rows = new Keyed(this.list, (id) => new VoteRow(this, id));
    this.el = h("article", { class: "phone-card phone-vote", testid: "phone-vote", data: { vote: voteId } },
      this.kicker, this.left, this.hint, this.state, this.list, this.empty);
  }

  /** @param {VoteView} vote */
  update(vote) {
    const board = this.ctx.board();
    const pending = this.ctx.pending();
    const mine = dotsOf(vote, pending);
    setText(this.kicker, vote.open ? t("phone.vote.kicker") : t("phone.vote.kicker.closed"));
    setText(this.left, vote.open ? t("phone.vote.left", { n: Math.max(0, mine.left) }) : t("phone.vote.closed"));
    setText(this.hint, vote.open ? t("phone.vote.hint", { max: vote.max_per_item, budget: vote.budget }) : "");
    toggleClass(this.hint, "hidden", !vote.open);
    // Dots on their way: shown at once (from the queue), confirmed when the hub answers.
    const where = mine.inFlight ? (this.ctx.live() ? "sending" : "waiting") : null;
    this.state.dataset.state = where ?? "none";
    setText(this.state, where ? t(`phone.delivery.dots.${where}`, { n: mine.inFlight }) : "");
    toggleClass(this.state, "hidden", !where);

    let rows = blockRows(board, vote.block);
    if (!vote.open && vote.totals) {
      const totals = vote.totals;
      rows = [...rows].sort((a, b) => (totals[b.id] ?? 0) - (totals[a.id] ?? 0));
    } else if (vote.open && vote.shuffle) {
      // E8: each voter sees the items in an order of their own, the same on every device.
      const byId = new Map(rows.map((row) => [row.id, row]));
      rows = shuffledFor(this.ctx.you().id, rows.map((row) => row.id)).map((id) => /** @type {Row} */ (byId.get(id)));
    }
    this.rows.update(rows.map((row) => [row.id, {
      row, mine: mine.dots[row.id] ?? 0, total: vote.totals ? vote.totals[row.id] ?? 0 : null,
      max: vote.max_per_item, open: vote.open, dept: this.ctx.dept(row.department)?.color ?? "#94a3b8",
    }]));
    setText(this.empty, rows.length ? "" : t("phone.vote.nothing"));
    toggleClass(this.empty, "hidden", rows.length > 0);
  }

  /** One more dot (+1) or one back (−1) on an item. @param {string} itemId @param {1 | -1} delta */
  cast(itemId, delta) {
    const vote = this.ctx.board().votes?.[this.voteId];
    if (!vote) return;
    const mine = dotsOf(vote, this.ctx.pending());
    if (delta > 0) {
      const blocked = castBlocked(vote, mine, itemId);
      if (blocked) {
        this.ctx.say(t(`phone.vote.blocked.${blocked}`, { budget: vote.budget, max: vote.max_per_item }), "error");
        return;
      }
    } else if ((mine.dots[itemId] ?? 0) <= 0) {
      return;
    }
    this.ctx.perform([{ kind: "vote.cast", vote: vote.id, item: itemId, delta }]);
    this.ctx.invalidate();
  }
}

class VoteRow {
  /** @param {VoteCard} card @param {string} itemId */
  constructor(card, itemId) {
    this.swatch = h("span", { class: "phone-swatch" });
    this.text = h("span", { class: "phone-vote-text" });
    this.dots = h("span", { class: "phone-my-dots", testid: "phone-my-dots" });
    this.total = h("span", { class: "phone-vote-total", testid: "phone-vote-total" });
    this.minus = /** @type {HTMLButtonElement} */ (h("button", {
      class: "phone-dot-button", type: "button", testid: "phone-dot-minus", text: "−", on: { click: () => card.cast(itemId, -1) },
    }));
    this.plus = /** @type {HTMLButtonElement} */ (h("button", {
      class: "phone-dot-button plus", type: "button", testid: "phone-dot-plus", text: "+", on: { click: () => card.cast(itemId, 1) },
    }));
    this.buttons = h("span", { class: "phone-dot-buttons" }, this.minus, this.plus);
    this.el = h("li", { class: "phone-vote-item", testid: "phone-vote-item", data: { id: itemId } },
      this.swatch, h("span", { class: "phone-vote-body" }, this.text, h("span", { class: "phone-vote-meta" }, this.dots, this.total)), this.buttons);
  }

  /** @param {ItemData} d */
  update(d) {
    this.swatch.style.setProperty("background", d.dept);
    setText(this.text, d.row.text || t("phone.item.empty"));
    setText(this.dots, "●".repeat(Math.max(0, d.mine)) + "○".repeat(Math.max(0, d.max - d.mine)));
    this.dots.setAttribute("aria-label", t("phone.vote.mine", { n: d.mine }));
    this.dots.dataset.n = String(d.mine);
    setText(this.total, d.total === null ? "" : t("phone.vote.total", { n: d.total }));
    toggleClass(this.total, "hidden", d.total === null);
    toggleClass(this.dots, "hidden", !d.open && d.mine === 0);
    toggleClass(this.buttons, "hidden", !d.open);
    this.minus.disabled = d.mine <= 0;
    this.minus.setAttribute("aria-label", t("phone.vote.remove"));
    this.plus.setAttribute("aria-label", t("phone.vote.add"));
  }
}
