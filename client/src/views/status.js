// The connection badge: live / reconnecting / offline, with the number of unsent changes,
// and a banner when the connection stopped for good (bad link, board gone).

import { t, tk } from "../i18n.js";
import { h, setText } from "./dom.js";

/** @typedef {import("../connection.js").Status} Status */
/** @typedef {import("../types.js").Op} Op */

/**
 * How many changes the badge calls unsent (issue 17, 6): the things this person changed, not
 * the ops that carry them. A note written offline is an add and one or more text updates, one
 * change; three notes are three, however they were typed; a dot on an item counts once per
 * item. Ops without an item (a lock, a poll answer) count once per kind and target.
 * @param {readonly {op: Op}[]} pending the store's unacknowledged ops
 */
export function unsentChanges(pending) {
  const things = new Set();
  for (const { op } of pending) {
    const o = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (op));
    if (typeof o.id === "string") things.add(`id:${o.id}`);
    else things.add([o.kind, o.vote, o.poll, o.item, o.block].map((x) => (x == null ? "" : String(x))).join(":"));
  }
  return things.size;
}

export class StatusBadge {
  /** @param {() => void} retry */
  constructor(retry) {
    this.dot = h("span", { class: "status-dot" });
    this.label = h("span", { class: "status-label", testid: "status-label" });
    this.unsent = h("span", { class: "status-unsent", testid: "status-unsent" });
    this.el = h("button", { class: "status", type: "button", testid: "status", on: { click: retry } }, this.dot, this.label, this.unsent);
    /** @type {Status} */
    this.status = "connecting";
    this.count = 0;
  }

  /** @param {Status} status @param {number} unsent */
  set(status, unsent) {
    this.status = status;
    this.count = unsent;
    this.el.dataset.state = status;
    const label = {
      connecting: t("status.connecting"), live: t("status.live"), reconnecting: t("status.reconnecting"),
      offline: t("status.offline"), stopped: t("status.stopped"),
    }[status];
    setText(this.label, label);
    setText(this.unsent, status !== "live" && unsent > 0 ? t("status.unsent", { n: unsent }) : "");
    this.unsent.classList.toggle("hidden", !(status !== "live" && unsent > 0));
    const waiting = unsent > 0 ? ` ${t("status.unsent.title", { n: unsent })}` : "";
    this.el.title = status === "live" ? t("status.tooltip.live") : status === "stopped" ? "" : `${t("status.tooltip.offline")}${waiting} ${t("status.retry")}.`;
  }
}

/** Stops a reload does not help with: the link was replaced (A5), the person was removed (A6). */
const FINAL = new Set(["link_rotated", "removed"]);

/**
 * A full-width banner for a stop code, with a reload button where reloading can help. After
 * a replaced link or a removal the board greys out and takes no more edits.
 * @param {HTMLElement} parent
 * @param {string} reason one of unauthorized, protocol, bad_hello, not_found, link_rotated, removed
 */
export function showStopBanner(parent, reason) {
  parent.querySelector(".stop-banner")?.remove();
  const final = FINAL.has(reason);
  parent.append(h("div", { class: `stop-banner${final ? " final" : ""}`, testid: "stop-banner", data: { reason }, attrs: { role: "alert" } },
    h("span", { text: tk(`stop.${reason}`) }),
    final ? null : h("button", { class: "button", type: "button", text: t("stop.reload"), on: { click: () => location.reload() } })));
  if (final) parent.closest(".app")?.classList.add("stopped");
}

/** Is this stop reason one after which the page must take no more edits? @param {string | undefined} reason */
export function isFinalStop(reason) {
  return reason !== undefined && FINAL.has(reason);
}
