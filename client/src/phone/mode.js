// Phone view or full board: a narrow screen (a phone held in portrait) gets the phone view,
// unless the person chose otherwise with the switch; the choice is remembered per browser.
// Switching reloads the page: both screens keep the replica and unsent ops across a reload.

import { onLangChange, t } from "../i18n.js";
import { h } from "../views/dom.js";

/** @typedef {"phone" | "board"} ViewMode */

/** The viewport a phone view is for: a phone in portrait, not a tablet or a laptop. */
export const NARROW = "(max-width: 480px)";
const KEY = "crossboard:view";

/**
 * Which screen to open. The projector is always the board; a remembered choice wins; else a
 * participant on a narrow viewport gets the phone view.
 * @param {{role: string, narrow: boolean, saved: string | null}} facts @returns {ViewMode}
 */
export function chooseView({ role, narrow, saved }) {
  if (role === "screen") return "board";
  if (saved === "phone" || saved === "board") return saved;
  return narrow && role === "participant" ? "phone" : "board";
}

/** The remembered choice, or null. @returns {string | null} */
export function savedView() {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? null;
  } catch {
    return null; // storage blocked: decide by the viewport every time
  }
}

/** Which screen this page should open. @param {string} role @returns {ViewMode} */
export function viewFor(role) {
  const narrow = typeof matchMedia === "function" && matchMedia(NARROW).matches;
  return chooseView({ role, narrow, saved: savedView() });
}

/**
 * The switch to the other screen: remembers the choice and reloads. On the full board it shows
 * only on a narrow viewport, or everywhere once someone chose the board from the phone view.
 * @param {ViewMode} to @returns {HTMLElement}
 */
export function viewSwitch(to) {
  const chosen = savedView() === "board";
  const label = () => t(to === "phone" ? "phone.switch.phone" : "phone.switch.board");
  const el = h("button", {
    class: `view-switch to-${to}${to === "phone" && chosen ? " always" : ""}`, type: "button", testid: "view-switch",
    text: label(),
    on: {
      click: () => {
        try { globalThis.localStorage?.setItem(KEY, to); } catch { /* not remembered: still switch */ }
        location.reload();
      },
    },
  });
  onLangChange(() => { el.textContent = label(); });
  return el;
}
