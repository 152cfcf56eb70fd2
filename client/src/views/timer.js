// The agenda countdown, wherever it shows: big in the agenda block, compact in the top bar so
// the time left is in sight whichever block is on screen. Both count from the server's clock
// (E5), so a late joiner, a reconnected laptop and the projector read the same time.

import { currentEntry, formatClock, remainingMs, serverClock } from "../clock.js";
import { t } from "../i18n.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("../types.js").Agenda} Agenda */

/** How often a running countdown is redrawn (ms): well under a second, so it never skips one. */
export const TICK_MS = 250;

/**
 * Call `fn` every tick while `el` is in the document; stops by itself once `el` is gone.
 * @param {Element} el @param {() => void} fn
 */
export function everyTick(el, fn) {
  let seen = false;
  const timer = setInterval(() => {
    if (el.isConnected) { seen = true; fn(); } else if (seen) clearInterval(timer);
  }, TICK_MS);
}

/**
 * The time left as people read it: "9:05", or "+1:23 over" once the time is up.
 * @param {number} remaining ms, negative on overrun
 */
export function countdownText(remaining) {
  return remaining >= 0 ? formatClock(remaining) : t("timer.over", { time: formatClock(-remaining, { up: true }) });
}

/** A countdown element: text, `data-remaining-ms`, and the states running / paused / over. */
export class Countdown {
  /** @param {string} cls @param {string} testid */
  constructor(cls, testid) {
    this.el = h("span", { class: `countdown ${cls}`, testid });
  }

  /**
   * Draw the time left of the agenda's current entry now; false when nothing is current.
   * @param {Agenda | null | undefined} agenda
   */
  draw(agenda) {
    const remaining = remainingMs(agenda, serverClock.now());
    if (remaining === null || !agenda) {
      setText(this.el, "");
      delete this.el.dataset.remainingMs;
      return false;
    }
    setText(this.el, countdownText(remaining));
    this.el.dataset.remainingMs = String(Math.round(remaining));
    toggleClass(this.el, "is-over", remaining < 0);
    toggleClass(this.el, "is-paused", !agenda.running);
    return true;
  }
}

/** The top bar's timer: the current agenda entry and its time left; a click shows the agenda. */
export class TopbarTimer {
  /** @param {import("./context.js").Ctx} ctx @param {{goToAgenda: () => void}} options */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.title = h("span", { class: "topbar-timer-title" });
    this.countdown = new Countdown("topbar-countdown", "topbar-timer-remaining");
    this.el = h("button", { class: "chip-button topbar-timer hidden", type: "button", testid: "topbar-timer",
      on: { click: () => options.goToAgenda() } }, icon("clock", 16), this.title, this.countdown.el);
    everyTick(this.el, () => this.render());
  }

  render() {
    const agenda = this.ctx.board()?.agenda;
    const entry = currentEntry(agenda);
    const shown = this.countdown.draw(agenda);
    toggleClass(this.el, "hidden", !shown);
    if (!shown || !entry || !agenda) return;
    setText(this.title, entry.title);
    toggleClass(this.el, "is-over", this.countdown.el.classList.contains("is-over"));
    this.el.dataset.remainingMs = this.countdown.el.dataset.remainingMs ?? "";
    this.el.title = agenda.running ? t("timer.topbar.title", { title: entry.title }) : t("timer.paused.title", { title: entry.title });
  }
}
