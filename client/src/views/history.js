// The facilitator's Report panel: what they walk out with, and the board's history.
// "Open report" shows the printable session report (print it to PDF from the browser);
// Markdown, the action plan as CSV and the JSON backup download; checkpoints are saved past
// states (one per agenda item, and on demand) that open as a read-only report or restore
// into a NEW board — nothing existing is ever replaced.

import { t } from "../i18n.js";
import { clear, h, setText } from "./dom.js";
import { icon } from "./icons.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {{key: string, label: string, seq: number, created: number}} CheckpointInfo */

/**
 * The HTTP calls the panel makes, all with the facilitator's token as Bearer.
 * @param {string} boardId @param {string} token
 */
export function historyApi(boardId, token) {
  const base = `/api/boards/${encodeURIComponent(boardId)}`;
  const auth = { Authorization: `Bearer ${token}` };
  return {
    /** @param {string} path @param {RequestInit} [init] */
    async call(path, init = {}) {
      const response = await fetch(`${base}${path}`, { ...init, headers: { ...auth, "Content-Type": "application/json" }, cache: "no-store" });
      if (!response.ok) throw new Error(`${response.status}`);
      return response;
    },
    /** @returns {Promise<CheckpointInfo[]>} */
    async checkpoints() {
      return (await (await this.call("/checkpoints")).json()).checkpoints;
    },
    /** @param {string} label */
    async save(label) {
      await this.call("/checkpoints", { method: "POST", body: JSON.stringify({ label }) });
    },
    /** @param {string} key @returns {Promise<{id: string, links: Record<string, string>}>} */
    async restore(key) {
      return (await this.call(`/checkpoints/${encodeURIComponent(key)}/restore`, { method: "POST" })).json();
    },
    /** The report's address with a fresh ticket. @param {string | null} checkpoint */
    async reportUrl(checkpoint) {
      const { ticket } = await (await this.call("/tickets", { method: "POST" })).json();
      const query = new URLSearchParams({ ticket });
      if (checkpoint) query.set("checkpoint", checkpoint);
      return `${base}/report?${query}`;
    },
    /** @param {string} format */
    async file(format) {
      const response = await this.call(`/export?${new URLSearchParams({ format })}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `board.${format}`;
      return { blob: await response.blob(), name };
    },
  };
}

/** @typedef {ReturnType<typeof historyApi>} HistoryApi */

export class HistoryPanel {
  /** @param {{api: HistoryApi, toast: (message: string) => void}} options */
  constructor(options) {
    this.api = options.api;
    this.toast = options.toast;
    const button = (/** @type {string} */ testid, /** @type {() => void} */ run) =>
      /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button", type: "button", testid, on: { click: run } }));
    this.title = h("div", { class: "panel-title" });
    this.openReport = button("report-open", () => this.open(null));
    this.downloads = /** @type {const} */ (["md", "csv", "json"]).map((format) => ({ format, el: button(`report-download-${format}`, () => this.download(format)) }));
    this.label = /** @type {HTMLInputElement} */ (h("input", { class: "panel-input", type: "text", testid: "checkpoint-label", maxLength: MAX_TITLE }));
    this.saveButton = button("checkpoint-save", () => this.save());
    this.historyTitle = h("div", { class: "panel-subtitle" });
    this.list = h("ul", { class: "checkpoint-list", testid: "checkpoint-list" });
    this.hint = h("p", { class: "panel-hint" });
    this.el = h("div", { class: "fac-panel history-panel hidden", testid: "history-panel" },
      this.title,
      h("div", { class: "panel-row" }, this.openReport, ...this.downloads.map((d) => d.el)),
      this.historyTitle,
      h("form", { class: "panel-row", on: { submit: (/** @type {Event} */ e) => { e.preventDefault(); this.save(); } } }, this.label, this.saveButton),
      this.list, this.hint);
    /** @type {CheckpointInfo[]} */
    this.checkpoints = [];
    this.draw();
  }

  get isOpen() {
    return !this.el.classList.contains("hidden");
  }

  toggle() {
    this.el.classList.toggle("hidden");
    if (this.isOpen) this.refresh();
  }

  close() {
    this.el.classList.add("hidden");
  }

  async refresh() {
    try {
      this.checkpoints = await this.api.checkpoints();
    } catch {
      this.toast(t("history.failed"));
    }
    this.draw();
  }

  /**
   * Open the report (now, or at a checkpoint) in a new tab, to read or print to PDF. A tab
   * cannot send the Authorization header, so it gets a two-minute report ticket in its URL.
   * @param {string | null} checkpoint
   */
  async open(checkpoint) {
    const tab = window.open("", "_blank"); // now, while the click still counts as the user's
    try {
      const url = await this.api.reportUrl(checkpoint);
      if (tab) tab.location.href = url;
      else window.location.assign(url);
    } catch {
      tab?.close();
      this.toast(t("history.failed"));
    }
  }

  /** @param {string} format */
  async download(format) {
    try {
      const { blob, name } = await this.api.file(format);
      const link = /** @type {HTMLAnchorElement} */ (h("a", { href: URL.createObjectURL(blob) }));
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch {
      this.toast(t("history.failed"));
    }
  }

  async save() {
    const label = this.label.value.trim() || t("history.default.label", { time: new Date().toLocaleTimeString() });
    try {
      await this.api.save(label);
      this.label.value = "";
      this.toast(t("history.saved", { label }));
      await this.refresh();
    } catch {
      this.toast(t("history.failed"));
    }
  }

  /** @param {CheckpointInfo} checkpoint */
  async restore(checkpoint) {
    try {
      const made = await this.api.restore(checkpoint.key);
      window.open(made.links.facilitator, "_blank", "noopener");
      this.toast(t("history.restored", { label: checkpoint.label }));
    } catch {
      this.toast(t("history.failed"));
    }
  }

  draw() {
    setText(this.title, t("history.title"));
    setText(this.openReport, "");
    this.openReport.append(icon("report", 16), h("span", { text: t("history.report") }));
    for (const d of this.downloads) setText(d.el, t(`history.download.${d.format}`));
    setText(this.historyTitle, t("history.checkpoints"));
    this.label.placeholder = t("history.label.placeholder");
    setText(this.saveButton, t("history.save"));
    setText(this.hint, t("history.hint"));
    clear(this.list);
    if (!this.checkpoints.length) this.list.append(h("li", { class: "panel-empty", text: t("history.none") }));
    for (const c of [...this.checkpoints].reverse()) {
      const when = new Date(c.created).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      this.list.append(h("li", { class: "checkpoint", testid: "checkpoint", data: { key: c.key } },
        h("span", { class: "checkpoint-label", text: `${when} · ${c.label}` }),
        h("button", { class: "link-button", type: "button", testid: "checkpoint-view", text: t("history.view"), on: { click: () => this.open(c.key) } }),
        h("button", { class: "link-button", type: "button", testid: "checkpoint-restore", text: t("history.restore"), on: { click: () => this.restore(c) } })));
    }
  }
}
