// What the board and the phone view show of their session alike: the connection badge with
// the unsent count, the lobby page while waiting to be let in (I5), the banner when the
// connection stopped for good, and why an edit was not made after a final stop.

import { t, tk } from "../i18n.js";
import { WaitingScreen } from "./lobby.js";
import { showStopBanner, StatusBadge } from "./status.js";

/** @typedef {import("../session.js").Session} Session */

export class SessionChrome {
  /**
   * @param {Session} session
   * @param {{root: HTMLElement, title: string, stage: () => HTMLElement, say: (message: string) => void}} options
   *   root: the page (the lobby page covers it); stage: where the stop banner goes (its inputs
   *   lose focus then); say: an error message for the person
   */
  constructor(session, { root, title, stage, say }) {
    this.session = session;
    this.badge = new StatusBadge(() => session.connection.nudge());
    this.waiting = new WaitingScreen(root);
    session.subscribe((event) => {
      switch (event.type) {
        case "status": case "pending":
          this.badge.set(session.status, session.unsent);
          return;
        case "waiting":
          this.waiting.show(session.identity.name, title);
          return;
        case "welcome":
          this.waiting.hide();
          return;
        case "stopped": {
          if (this.waiting.shown) this.waiting.stopped(event.reason);
          const parent = stage();
          showStopBanner(parent, event.reason);
          for (const el of parent.querySelectorAll("textarea, input")) /** @type {HTMLElement} */ (el).blur();
          return;
        }
        case "blocked":
          say(tk(`stop.${event.reason}`)); // a stop reason: each has its stop.* sentence
          return;
      }
    });
  }

  /** The language changed. */
  relabel() {
    this.badge.set(this.badge.status, this.session.unsent);
    this.waiting.draw();
  }
}
