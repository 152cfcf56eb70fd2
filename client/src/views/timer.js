// The agenda countdown, wherever it shows: big in the agenda block, compact in the top bar so
// the time left is in sight whichever block is on screen. Both count from the server's clock
// (E5), so a late joiner, a reconnected laptop and the projector read the same time. Beside
// the top bar's timer the facilitator has "Next step" (E8), and the projector chimes when a
// step's time is up.

import { currentEntry, formatClock, remainingMs, serverClock } from "../clock.js";
import { t } from "../i18n.js";
import { chimeDue, nextMove } from "../steps.js";
import { h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("../types.js").Agenda} Agenda */
/** @typedef {import("../types.js").Board} Board */

/** After "Next step", how long the button waits for the hub to move the agenda (ms): a double
 * click must not skip a step in front of the room. */
const NEXT_WAIT_MS = 3000;

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

/**
 * The top bar's timer: the current agenda entry and its time left; a click shows the agenda.
 * The facilitator's "Next step" (`next`, placed beside it by app.js) moves the day on: the
 * first entry before the day starts, "finish" on the last.
 */
export class TopbarTimer {
  /** @param {import("./context.js").Ctx} ctx @param {{goToAgenda: () => void}} options */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.title = h("span", { class: "topbar-timer-title" });
    this.countdown = new Countdown("topbar-countdown", "topbar-timer-remaining");
    this.el = h("button", { class: "chip-button topbar-timer hidden", type: "button", testid: "topbar-timer",
      on: { click: () => options.goToAgenda() } }, icon("clock", 16), this.title, this.countdown.el);
    this.next = ctx.isFacilitator
      ? /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button topbar-next-step hidden", type: "button", testid: "topbar-next-step",
        on: { click: () => this.pressNext() } }, icon("chevronRight", 16), h("span")))
      : null;
    /** @type {{from: string | null, at: number} | null} the last press, until the agenda moves */
    this.pressed = null;
    everyTick(this.el, () => this.render());
  }

  /** Exactly one `agenda.next`, as the agenda block sends it. */
  pressNext() {
    const agenda = this.ctx.board()?.agenda;
    if (!agenda || this._waiting(agenda)) return;
    // Undoable (E8): Ctrl+Z goes back to the step that was running.
    if (this.ctx.perform([{ kind: "agenda.next" }])) this.pressed = { from: agenda.current, at: Date.now() };
    this.render();
  }

  /** Is the last press still on its way (the agenda has not moved since)? @param {Agenda} agenda */
  _waiting(agenda) {
    const p = this.pressed;
    if (p && p.from === agenda.current && Date.now() - p.at < NEXT_WAIT_MS) return true;
    this.pressed = null;
    return false;
  }

  render() {
    const agenda = this.ctx.board()?.agenda;
    this._drawNext(agenda);
    const entry = currentEntry(agenda);
    const shown = this.countdown.draw(agenda);
    toggleClass(this.el, "hidden", !shown);
    if (!shown || !entry || !agenda) return;
    setText(this.title, entry.title);
    toggleClass(this.el, "is-over", this.countdown.el.classList.contains("is-over"));
    this.el.dataset.remainingMs = this.countdown.el.dataset.remainingMs ?? "";
    this.el.title = agenda.running ? t("timer.topbar.title", { title: entry.title }) : t("timer.paused.title", { title: entry.title });
  }

  /** @param {Agenda | null | undefined} agenda */
  _drawNext(agenda) {
    const next = this.next;
    if (!next) return;
    const move = nextMove(agenda);
    toggleClass(next, "hidden", !move);
    if (!move || !agenda) return;
    setText(/** @type {HTMLElement} */ (next.lastElementChild), t("timer.next.step"));
    next.setAttribute("aria-label", t("timer.next.step")); // the label hides in a crowded bar
    next.title = t(move.verb === "start" ? "timer.start.title" : move.verb === "finish" ? "timer.finish.title" : "timer.next.title", { title: move.entry.title });
    next.dataset.next = move.verb === "finish" ? "" : move.entry.id;
    next.disabled = this._waiting(agenda);
  }
}

/**
 * The projector's chime (E8 `chime`): one short two-note sound, made with WebAudio (no audio
 * file), when the current step's time runs out while the page watches it; once per entry.
 * `document.body.dataset.chimedEntry` says which entry chimed last.
 */
export class StepChime {
  /** @param {() => Board | null | undefined} board */
  constructor(board) {
    this.board = board;
    /** @type {{entry: string | null, remaining: number | null}} */
    this.before = { entry: null, remaining: null };
    /** @type {Set<string>} */
    this.chimed = new Set();
    /** @type {AudioContext | null} */
    this.audio = null;
    // Browsers let a page sound only after someone pressed something on it: the first press
    // (e.g. going full screen on the projector) wakes the sound up.
    const wake = () => { this._audio()?.resume().catch(() => {}); };
    window.addEventListener("pointerdown", wake, { once: true, capture: true });
    window.addEventListener("keydown", wake, { once: true, capture: true });
    everyTick(document.body, () => this.tick());
  }

  tick() {
    const agenda = this.board()?.agenda;
    const entry = currentEntry(agenda);
    const now = { entry: entry?.id ?? null, remaining: remainingMs(agenda, serverClock.now()), chime: Boolean(entry?.step?.chime) };
    if (now.entry !== null && chimeDue(this.before, now, this.chimed)) {
      this.chimed.add(now.entry);
      document.body.dataset.chimedEntry = now.entry;
      this._play();
    }
    this.before = { entry: now.entry, remaining: now.remaining };
  }

  /** @returns {AudioContext | null} */
  _audio() {
    if (!this.audio && typeof AudioContext === "function") {
      try { this.audio = new AudioContext(); } catch { this.audio = null; }
    }
    return this.audio;
  }

  /** Two soft bell-like notes, about a second and a half. */
  _play() {
    const audio = this._audio();
    if (!audio) return;
    audio.resume().catch(() => {});
    const start = audio.currentTime + 0.05;
    [[880, 0], [1318.5, 0.28]].forEach(([freq, delay]) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + delay);
      gain.gain.exponentialRampToValueAtTime(0.3, start + delay + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + delay + 1.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + delay);
      osc.stop(start + delay + 1.25);
    });
  }
}
