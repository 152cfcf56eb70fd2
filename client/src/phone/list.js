// Reading any block on a phone: pick the block, search its items, read them as a list that
// follows the board live. Read-only: writing happens on the "Now" screen.

import { privateSummary } from "../facilitation.js";
import { t, tk } from "../i18n.js";
import { h, setText, toggleClass } from "../views/dom.js";
import { BLOCK_ICONS, icon } from "../views/icons.js";
import { Keyed } from "./context.js";
import { blockRows, filterRows, readableBlocks } from "./items.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */
/** @typedef {import("./items.js").Row} Row */

export class ListScreen {
  /** @param {PhoneCtx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    /** @type {string | null} the block being read; null: the first one */
    this.blockId = null;
    this.tabs = h("div", { class: "phone-block-tabs", testid: "phone-list-blocks", attrs: { role: "tablist" } });
    this.tabsKey = "";
    this.search = /** @type {HTMLInputElement} */ (h("input", {
      class: "phone-input phone-search", type: "search", testid: "phone-search", autocomplete: "off",
      on: { input: () => this.ctx.invalidate() },
    }));
    this.count = h("p", { class: "phone-count", testid: "phone-list-count" });
    this.hidden = h("ul", { class: "phone-hidden-counts", testid: "phone-hidden-counts" });
    this.list = h("ul", { class: "phone-list-items", testid: "phone-list" });
    /** @type {Keyed<Row>} */
    this.rows = new Keyed(this.list, () => new ListRow(ctx));
    this.empty = h("p", { class: "phone-empty", testid: "phone-list-empty" });
    this.el = h("section", { class: "phone-screen phone-list", testid: "phone-list-screen" },
      this.tabs, this.search, this.count, this.hidden, this.list, this.empty);
  }

  /** Read this block. @param {string} blockId */
  show(blockId) {
    this.blockId = blockId;
    this.search.value = "";
  }

  update() {
    const board = this.ctx.board();
    const blocks = readableBlocks(board);
    const block = blocks.find((b) => b.id === this.blockId) ?? blocks[0];
    if (!block) return;
    this.blockId = block.id;
    const key = blocks.map((b) => `${b.id}:${b.title}:${b.kind}`).join("|");
    if (key !== this.tabsKey) {
      this.tabsKey = key;
      this.tabs.replaceChildren(...blocks.map((b) => h("button", {
        class: "phone-block-tab", type: "button", testid: `phone-list-block-${b.id}`, data: { block: b.id },
        attrs: { role: "tab" }, on: { click: () => { this.show(b.id); this.ctx.invalidate(); } },
      }, icon(BLOCK_ICONS[/** @type {keyof BLOCK_ICONS} */ (b.kind)] ?? "note", 18), h("span", { text: b.title }))));
    }
    for (const tab of /** @type {HTMLElement[]} */ ([...this.tabs.children])) {
      const on = tab.dataset.block === block.id;
      tab.setAttribute("aria-selected", String(on));
      toggleClass(tab, "chosen", on);
    }
    this.search.placeholder = t("phone.list.search");
    this.search.setAttribute("aria-label", t("phone.list.search"));

    const all = blockRows(board, block.id);
    const rows = filterRows(all, this.search.value);
    this.rows.update(rows.map((row) => [row.id, row]));
    setText(this.count, this.search.value.trim() ? t("phone.list.matches", { n: rows.length, total: all.length }) : t("block.items", { n: all.length }));
    // Private writing (A2): what others wrote here is only counted, per department.
    const secret = privateSummary(board, block.id, this.ctx.you());
    const counts = secret.hidden > 0 && this.ctx.you().role !== "facilitator" ? secret.byDepartment : [];
    this.hidden.replaceChildren(...counts.map(({ department, n }) => {
      const name = this.ctx.dept(department)?.name;
      return h("li", { text: name ? t("private.count.items", { n, dept: name }) : t("private.count.items.nodept", { n }) });
    }));
    toggleClass(this.hidden, "hidden", counts.length === 0);
    const nothing = rows.length === 0;
    setText(this.empty, !nothing ? "" : all.length ? t("phone.list.nomatch") : t("phone.list.nothing"));
    toggleClass(this.empty, "hidden", !nothing);
  }
}

class ListRow {
  /** @param {PhoneCtx} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.swatch = h("span", { class: "phone-swatch" });
    this.text = h("span", { class: "phone-list-text", testid: "phone-list-text" });
    this.meta = h("span", { class: "phone-list-meta" });
    this.el = h("li", { class: "phone-list-item", testid: "phone-list-item" },
      this.swatch, h("span", { class: "phone-list-body" }, this.text, this.meta));
  }

  /** @param {Row} row */
  update(row) {
    const dept = this.ctx.dept(row.department);
    this.el.dataset.id = row.id;
    this.el.dataset.kind = row.kind;
    this.el.style.setProperty("--depth", String(Math.min(row.depth, 6)));
    this.swatch.style.setProperty("background", dept?.color ?? "#94a3b8");
    setText(this.text, row.text || t("phone.item.empty"));
    const parts = [
      row.group ? tk(`swot.${row.group}`) : "",
      row.status ? tk(`action.status.${row.status}`) : "",
      dept?.name ?? "",
      row.author,
    ].filter(Boolean);
    setText(this.meta, parts.join(" · "));
  }
}
