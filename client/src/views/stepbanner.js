// The participant's strip "what this step asks of you" (PROTOCOL.md E8): the current agenda
// step's title and, for this person, who writes in its block now, whether their notes are
// private, the vote or poll round it opened, and "time is up" once a step that stops at 0:00
// has spent its time. On the board page (over the canvas, which gives it room) and on the
// phone's "Now" screen; hidden while no step is current. Redrawn every tick, so "time is up"
// shows the moment the time runs out.

import { serverClock } from "../clock.js";
import { t } from "../i18n.js";
import { stepAsks } from "../steps.js";
import { h, setText, toggleClass } from "./dom.js";
import { everyTick } from "./timer.js";

/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Actor} Actor */

export class StepBanner {
  /**
   * @param {{board: () => Board | null | undefined, you: () => Actor, now?: () => number,
   *   onToggle?: (shown: boolean) => void}} source
   */
  constructor(source) {
    this.source = source;
    this.title = h("strong", { class: "step-banner-title", testid: "step-banner-title" });
    this.text = h("span", { class: "step-banner-text", testid: "step-banner-text" });
    this.el = h("div", { class: "step-banner hidden", testid: "step-banner", attrs: { role: "status" } }, this.title, this.text);
    this.shown = false;
    everyTick(this.el, () => this.render());
  }

  render() {
    const board = this.source.board();
    const you = this.source.you();
    const asks = board && you.role === "participant" ? stepAsks(board, you, (this.source.now ?? (() => serverClock.now()))()) : null;
    const el = this.el;
    if (this.shown !== Boolean(asks)) {
      this.shown = Boolean(asks);
      toggleClass(el, "hidden", !asks);
      this.source.onToggle?.(this.shown);
    }
    if (!asks) {
      for (const key of ["entry", "writers", "visibility", "timeUp"]) delete el.dataset[key];
      return;
    }
    el.setAttribute("aria-label", t("step.banner.label"));
    setText(this.title, asks.title);
    const text = asks.parts.join(" · ");
    setText(this.text, text);
    el.title = text ? [asks.title, text].join(" — ") : asks.title;
    Object.assign(el.dataset, { entry: asks.entry, writers: asks.writers, visibility: asks.visibility, timeUp: String(asks.timeUp) });
    toggleClass(el, "is-time-up", asks.timeUp);
  }
}
