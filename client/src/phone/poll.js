// A poll on a phone (E3): the question, one big button per score, an optional "why", send.
// The answer shows "waiting for connection…" while it is kept offline and "sent ✓" once the
// hub acknowledged it; answering again replaces it. Figures only once the facilitator reveals.

import { boardSettings } from "../facilitation.js";
import { t } from "../i18n.js";
import { h, setText, toggleClass } from "../views/dom.js";
import { openRound } from "./now.js";
import { delivery, pendingAnswer } from "./pending.js";
import { MAX_TEXT } from "../protocol.gen.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */
/** @typedef {import("../types.js").PollView} PollView */

export class PollCard {
  /** @param {PhoneCtx} ctx @param {string} pollId */
  constructor(ctx, pollId) {
    this.ctx = ctx;
    this.pollId = pollId;
    /** @type {number | null} a score tapped but not sent yet */
    this.chosen = null;
    /** the round the card was drawn for: a new round starts a new answer */
    this.round = -2;
    this.scoresKey = "";
    this.kicker = h("p", { class: "phone-kicker", testid: "phone-poll-round" });
    this.question = h("h3", { class: "phone-card-title", testid: "phone-poll-question" });
    this.scores = h("div", { class: "phone-scores", attrs: { role: "group" } });
    this.whyLabel = h("label", { class: "phone-label", htmlFor: `phone-why-${pollId}` });
    this.why = /** @type {HTMLTextAreaElement} */ (h("textarea", {
      class: "phone-input", id: `phone-why-${pollId}`, testid: "phone-why", rows: 2, maxLength: MAX_TEXT,
      on: { input: () => this._edited() },
    }));
    this.send = /** @type {HTMLButtonElement} */ (h("button", {
      class: "button primary big phone-send", type: "button", testid: "phone-send", on: { click: () => this._send() },
    }));
    this.form = h("div", { class: "phone-poll-form" }, this.scores, this.whyLabel, this.why, this.send);
    this.state = h("p", { class: "phone-delivery" });
    this.note = h("p", { class: "phone-note" });
    this.figures = h("p", { class: "phone-figures", testid: "phone-poll-figures" });
    this.el = h("article", { class: "phone-card phone-poll", testid: "phone-poll", data: { poll: pollId } },
      this.kicker, this.question, this.form, this.state, this.note, this.figures);
  }

  /** @param {PollView} poll */
  update(poll) {
    const round = openRound(poll);
    if (round !== this.round) {
      this.round = round;
      this.chosen = null;
      this.why.value = poll.mine?.answers?.[round]?.comment ?? "";
    }
    const open = round >= 0;
    const label = poll.rounds[open ? round : poll.rounds.length - 1]?.label ?? "";
    setText(this.kicker, label ? t("phone.poll.kicker.round", { round: label }) : t("phone.poll.kicker"));
    setText(this.question, poll.question);
    toggleClass(this.form, "hidden", !open);
    this._drawScores(poll);
    this.scores.setAttribute("aria-label", t("phone.poll.scale", { low: poll.low, high: poll.high }));

    const waiting = open ? pendingAnswer(this.ctx.pending(), poll.id) : null;
    const answered = open ? poll.mine?.answers?.[round] ?? null : null;
    const current = waiting ?? answered;
    for (const button of /** @type {HTMLButtonElement[]} */ ([...this.scores.children])) {
      const score = Number(button.dataset.score);
      const on = this.chosen !== null ? score === this.chosen : score === current?.score;
      button.setAttribute("aria-pressed", String(on));
      toggleClass(button, "chosen", on);
    }
    toggleClass(this.whyLabel, "hidden", !poll.comment);
    toggleClass(this.why, "hidden", !poll.comment);
    setText(this.whyLabel, t("phone.poll.why"));
    this.why.placeholder = t("phone.poll.why.placeholder");
    setText(this.send, current ? t("phone.poll.change") : t("phone.poll.send"));
    this.send.disabled = this.chosen === null;

    // Where the answer is: kept offline, on its way, or acknowledged (O3).
    const where = current ? delivery(Boolean(waiting), this.ctx.live()) : null;
    this.state.dataset.testid = where === "sent" ? "phone-sent" : "phone-waiting";
    this.state.dataset.state = where ?? "none";
    toggleClass(this.state, "hidden", !where);
    if (where && current) setText(this.state, t(`phone.delivery.answer.${where}`, { score: current.score }));

    const last = poll.rounds[poll.rounds.length - 1];
    const mineLast = poll.mine?.answers?.[poll.rounds.length - 1];
    setText(this.note, open ? "" : !last ? t("phone.poll.notyet") : mineLast ? t("phone.poll.closed.answered", { score: mineLast.score }) : t("phone.poll.closed"));
    toggleClass(this.note, "hidden", open);
    const shown = poll.revealed && last && last.average != null;
    // E4: a revealed round with fewer than k answers has no figures: say why.
    const few = Boolean(poll.revealed && last && last.average == null);
    const k = boardSettings(this.ctx.board()).min_group;
    setText(this.figures, shown ? t("phone.poll.figures", { average: Number(last.average).toFixed(1), n: last.responses }) : few ? t("poll.few", { k }) : "");
    toggleClass(this.figures, "hidden", !shown && !few);
  }

  /** One button per score of the scale (1–10 by default); redrawn only when the scale changes. @param {PollView} poll */
  _drawScores(poll) {
    const key = `${poll.low}:${poll.high}`;
    if (key === this.scoresKey) return;
    this.scoresKey = key;
    this.scores.replaceChildren();
    for (let score = poll.low; score <= poll.high; score += 1) {
      this.scores.append(h("button", {
        class: "phone-score", type: "button", testid: `phone-score-${score}`, text: score, data: { score: String(score) },
        on: { click: () => { this.chosen = score; this.ctx.invalidate(); } },
      }));
    }
  }

  /** Typing a new "why" after answering makes the answer sendable again (it replaces the old one). */
  _edited() {
    if (this.chosen !== null) return;
    const poll = this.ctx.board().polls?.[this.pollId];
    const round = poll ? openRound(poll) : -1;
    const current = poll ? pendingAnswer(this.ctx.pending(), poll.id) ?? poll.mine?.answers?.[round] ?? null : null;
    if (current) {
      this.chosen = current.score;
      this.ctx.invalidate();
    }
  }

  _send() {
    const poll = this.ctx.board().polls?.[this.pollId];
    if (!poll || this.chosen === null) return;
    const comment = poll.comment ? this.why.value.trim() : "";
    if (this.ctx.perform([{ kind: "poll.answer", poll: poll.id, score: this.chosen, comment }])) this.chosen = null;
    this.ctx.invalidate();
  }
}
