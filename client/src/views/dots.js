// Dot voting on a block (PROTOCOL.md E2). The facilitator starts a vote from the block header
// (budget, maximum per item, totals live or not) and closes it there. While it is open, a
// panel over the block lists its items with + / − dot buttons and "dots left: N of B"; when
// it closes, the same panel shows the results, most dots first, split by department, beside
// the block (never over the items it ranks: issue 17, 4). The hub decides every dot: buttons
// only look disabled, a refused dot is said in words (voteRefusal).

import { t } from "../i18n.js";
import { shuffledKeepingGroups } from "../steps.js";
import { addBlocked, breakdownDepartments, canTakeBack, itemDepartment, itemLabel, mineOf, OTHER, resultsPlace, voteOfBlock, voteResults, votableItems } from "../votes.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { MAX_DOTS } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Item} Item */
/** @typedef {import("../types.js").VoteView} VoteView */
/** @typedef {import("../votes.js").ResultOrder} ResultOrder */
/** @typedef {{el: HTMLElement, tag: HTMLElement, label: HTMLElement, minus: HTMLButtonElement | null, plus: HTMLButtonElement | null, mine: HTMLElement, total: HTMLElement, key: string}} OpenRow */
/** @typedef {{el: HTMLElement, rank: HTMLElement, label: HTMLElement, bar: HTMLElement, total: HTMLElement, key: string}} ResultRowEl */

const DEFAULT_BUDGET = 5;
const DEFAULT_MAX = 3;
const OTHER_COLOR = "#94a3b8";

export class VotePanel {
  /** @param {Ctx} ctx @param {HTMLElement} blockEl @param {string} blockId */
  constructor(ctx, blockEl, blockId) {
    this.ctx = ctx;
    this.blockId = blockId;
    this.blockEl = blockEl;
    /** @type {VoteView | null} */
    this.vote = null;
    /** Are the results shown beside the block now? (null before the first draw) */
    /** @type {boolean | null} */
    this.beside = null;
    this.setup = false;
    /** @type {Set<string>} votes this viewer put away ("id:open" or "id:closed") */
    this.putAway = new Set();
    /** @type {ResultOrder} */
    this.order = "dots";
    this.headKey = "";

    this.title = h("h3", { class: "vote-title" });
    this.left = h("div", { class: "vote-left", testid: "vote-left" });
    this.progress = h("div", { class: "vote-progress", testid: "vote-progress" });
    this.sortDots = this._sortButton("dots");
    this.sortBoard = this._sortButton("board");
    this.sort = h("div", { class: "vote-sort" }, this.sortDots, this.sortBoard);
    this.hide = h("button", { class: "icon-button vote-hide", type: "button", testid: "vote-hide", on: { click: () => this._putAway() } }, icon("close", 20));
    this.hint = h("div", { class: "vote-hint", testid: "vote-hint" });
    this.openList = h("div", { class: "vote-list", testid: "vote-list" });
    this.resultList = h("div", { class: "vote-results", testid: "vote-results" });
    this.legend = h("div", { class: "vote-legend", testid: "vote-legend" });
    this.form = ctx.isFacilitator ? this._form() : null;
    this.el = h("div", { class: "vote-panel hidden", testid: "vote-panel", data: { nopan: "1", block: blockId } },
      h("div", { class: "vote-head" }, icon("target", 26), this.title, this.left, h("span", { class: "spacer" }), this.progress, this.sort, this.hide),
      this.hint, this.legend, this.openList, this.resultList, this.form?.el);
    // A place to click (data-nopan: the canvas does not pan from it), not to add notes from.
    this.el.addEventListener("dblclick", (e) => e.stopPropagation());
    blockEl.append(this.el);
    /** @type {Map<string, OpenRow>} */
    this.openRows = new Map();
    /** @type {Map<string, ResultRowEl>} */
    this.resultRows = new Map();

    /** Everyone: shows the vote again after "back to the block". */
    this.chip = /** @type {HTMLButtonElement} */ (h("button", { class: "chip-button vote-chip hidden", type: "button", testid: "vote-chip",
      on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._toggleAway(); } } }, icon("target", 16), h("span")));
    /** @type {HTMLElement | null} the facilitator's start / close buttons for the block header */
    this.control = null;
    if (ctx.isFacilitator) {
      this.startButton = h("button", { class: "chip-button fac-vote", type: "button", testid: "vote-setup",
        on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._openSetup(); } } }, icon("target", 16), h("span"));
      this.closeButton = h("button", { class: "chip-button fac-vote-close", type: "button", testid: "vote-close",
        on: { click: (/** @type {MouseEvent} */ e) => { e.stopPropagation(); this._close(); } } }, icon("target", 16), h("span"));
      this.control = h("span", { class: "fac-vote-wrap" }, this.startButton, this.closeButton);
    }
  }

  /** @param {Board} board @param {Block} block @param {Item[]} items */
  update(board, block, items) {
    const vote = voteOfBlock(board, block.id);
    this.vote = vote;
    if (vote?.open) this.setup = false;
    const mode = this.setup ? "setup" : !vote ? "none" : vote.open ? "open" : "results";
    const away = vote !== null && this.putAway.has(awayKey(vote));
    const shown = mode === "setup" || (mode !== "none" && !away);
    toggleClass(this.el, "hidden", !shown);
    this.el.dataset.mode = mode;
    this._place(board, block, shown && mode === "results");
    this._drawControls(vote, shown);
    if (!shown) return;
    if (mode === "setup") {
      this._drawSetup(board, block, items);
      return;
    }
    const v = /** @type {VoteView} */ (vote);
    this._drawHead(v);
    if (mode === "open") this._drawOpen(board, v, items);
    else this._drawResults(board, v, items);
  }

  /**
   * Results go beside the block, on a side free of other blocks (votes.js resultsPlace); the
   * open vote and the facilitator's form stay over it. When results come into sight on a
   * page already showing them (the vote closed, or "results" pressed), the panel says so
   * with a `results-beside` event, so that the page can bring them into view (app.js).
   * @param {Board} board @param {Block} block @param {boolean} beside
   */
  _place(board, block, beside) {
    const style = this.el.style;
    if (beside) {
      const place = resultsPlace(board.blocks, block);
      style.left = `${place.x - block.x}px`;
      style.top = `${place.y - block.y}px`;
      style.width = `${place.w}px`;
      style.height = `${place.h}px`;
      Object.assign(this.el.dataset, { side: place.side, x: String(place.x), y: String(place.y), w: String(place.w), h: String(place.h) });
    } else if (this.beside) {
      for (const p of ["left", "top", "width", "height"]) style.removeProperty(p);
      for (const k of ["side", "x", "y", "w", "h"]) delete this.el.dataset[k];
    }
    toggleClass(this.el, "beside", beside);
    toggleClass(this.blockEl, "results-beside", beside);
    const appeared = beside && this.beside === false;
    this.beside = beside;
    if (appeared) this.el.dispatchEvent(new CustomEvent("results-beside", { bubbles: true, detail: { block: block.id } }));
  }

  /** @param {VoteView | null} vote @param {boolean} shown */
  _drawControls(vote, shown) {
    // The way back to a vote put away; while the panel shows, its own × puts it away.
    toggleClass(this.chip, "hidden", vote === null || shown);
    this.chip.title = t("vote.chip.title");
    setText(/** @type {HTMLElement} */ (this.chip.lastElementChild), vote?.open ? t("vote.chip.open") : t("vote.chip.results"));
    if (!this.control || !this.startButton || !this.closeButton) return;
    const open = Boolean(vote?.open);
    toggleClass(this.startButton, "hidden", open);
    toggleClass(this.closeButton, "hidden", !open);
    toggleClass(this.startButton, "active", this.setup);
    this.startButton.title = t("vote.setup.title");
    this.closeButton.title = t("vote.close.title");
    setText(/** @type {HTMLElement} */ (this.startButton.lastElementChild), t("vote.setup"));
    setText(/** @type {HTMLElement} */ (this.closeButton.lastElementChild), t("vote.close"));
  }

  // The facilitator's form.

  _form() {
    const number = (/** @type {string} */ testid, /** @type {number} */ value) =>
      /** @type {HTMLInputElement} */ (h("input", { class: "vote-number", type: "number", testid, min: "1", max: String(MAX_DOTS), step: "1", value: String(value) }));
    const budget = number("vote-budget", DEFAULT_BUDGET);
    const max = number("vote-max", DEFAULT_MAX);
    const live = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", testid: "vote-live" }));
    const labels = { title: h("h3", { class: "vote-form-title" }), budget: h("span"), max: h("span"), live: h("span"), empty: h("p", { class: "vote-form-empty" }) };
    const start = /** @type {HTMLButtonElement} */ (h("button", { class: "button primary", type: "submit", testid: "vote-start" }));
    const cancel = h("button", { class: "button", type: "button", testid: "vote-cancel", on: { click: () => { this.setup = false; this.ctx.invalidate(); } } });
    const el = h("form", { class: "vote-form", testid: "vote-form", on: { submit: (/** @type {SubmitEvent} */ e) => { e.preventDefault(); this._start(); } } },
      labels.title,
      h("label", { class: "vote-field" }, labels.budget, budget),
      h("label", { class: "vote-field" }, labels.max, max),
      h("label", { class: "vote-field vote-check" }, live, labels.live),
      labels.empty,
      h("div", { class: "vote-form-actions" }, cancel, start));
    return { el, budget, max, live, labels, start, cancel };
  }

  /** @param {Board} board @param {Block} block @param {Item[]} items */
  _drawSetup(board, block, items) {
    const form = /** @type {NonNullable<VotePanel["form"]>} */ (this.form);
    setText(form.labels.title, t("vote.form.title", { block: block.title }));
    setText(form.labels.budget, t("vote.form.budget"));
    setText(form.labels.max, t("vote.form.max"));
    setText(form.labels.live, t("vote.form.live"));
    setText(form.start, t("vote.form.start"));
    setText(form.cancel, t("vote.form.cancel"));
    const none = votableItems(items, board.departments).length === 0;
    setText(form.labels.empty, none ? t("vote.nothing") : "");
    form.start.disabled = none;
  }

  _openSetup() {
    this.setup = !this.setup;
    this.ctx.invalidate();
    if (this.setup) requestAnimationFrame(() => this.form?.budget.focus({ preventScroll: true }));
  }

  _start() {
    const form = this.form;
    if (!form) return;
    const whole = (/** @type {HTMLInputElement} */ input, /** @type {number} */ fallback) =>
      Math.max(1, Math.min(MAX_DOTS, Math.round(Number(input.value)) || fallback));
    const budget = whole(form.budget, DEFAULT_BUDGET);
    const maxPerItem = Math.min(budget, whole(form.max, DEFAULT_MAX));
    const ok = this.ctx.perform([{
      kind: "vote.start", id: this.ctx.newId("vote"), block: this.blockId,
      budget, max_per_item: maxPerItem, live: form.live.checked,
    }], { undoable: false });
    if (ok) this.setup = false;
    this.ctx.invalidate();
  }

  _close() {
    const vote = this.vote;
    if (vote?.open) this.ctx.perform([{ kind: "vote.close", id: vote.id }], { undoable: false });
  }

  // Away and back.

  _putAway() {
    if (this.setup) this.setup = false;
    else if (this.vote) this.putAway.add(awayKey(this.vote));
    this.ctx.invalidate();
  }

  _toggleAway() {
    if (!this.vote) return;
    const key = awayKey(this.vote);
    if (this.putAway.has(key)) this.putAway.delete(key);
    else this.putAway.add(key);
    this.ctx.invalidate();
  }

  // The open vote and the results.

  /** @param {VoteView} vote */
  _drawHead(vote) {
    const voter = this.ctx.role === "participant";
    const mine = mineOf(vote);
    const key = [vote.id, vote.open, vote.voters, vote.dots_placed, mine.left, vote.budget, vote.max_per_item, voter, this.order, t("vote.results")].join("|");
    if (key === this.headKey) return;
    this.headKey = key;
    setText(this.title, vote.open ? t("vote.chip.open") : t("vote.results"));
    const showLeft = vote.open && voter;
    toggleClass(this.left, "hidden", !showLeft);
    if (showLeft) {
      clear(this.left);
      this.left.append(h("span", { class: "vote-left-text", text: t("vote.left", { n: mine.left, budget: vote.budget }) }), budgetDots(vote.budget, mine.left));
      toggleClass(this.left, "empty", mine.left <= 0);
      this.left.dataset.left = String(mine.left);
    }
    // E7: how many people voted is not everyone's to know (null): then only the dots show.
    const progress = [vote.voters != null ? t("vote.voters", { n: vote.voters }) : null, vote.dots_placed != null ? t("vote.dots", { n: vote.dots_placed }) : null];
    setText(this.progress, progress.filter(Boolean).join(" · "));
    toggleClass(this.sort, "hidden", vote.open);
    for (const [button, order] of /** @type {[HTMLElement, ResultOrder][]} */ ([[this.sortDots, "dots"], [this.sortBoard, "board"]])) {
      setText(button, t(order === "dots" ? "vote.sort.dots" : "vote.sort.board"));
      button.setAttribute("aria-pressed", String(this.order === order));
      toggleClass(button, "active", this.order === order);
    }
    this.hide.title = t("vote.hide");
    let hint = "";
    if (vote.open) hint = voter ? t("vote.hint", { max: vote.max_per_item }) : t("vote.hint.watch");
    if (vote.open && vote.totals === null) hint = `${hint} ${t("vote.hidden.totals")}`;
    setText(this.hint, hint);
    toggleClass(this.hint, "hidden", !hint);
  }

  /** @param {ResultOrder} order */
  _sortButton(order) {
    return h("button", { class: "vote-sort-button", type: "button", testid: `vote-sort-${order}`,
      on: { click: () => { this.order = order; this.headKey = ""; this.ctx.invalidate(); } } });
  }

  /** @param {Board} board @param {VoteView} vote @param {Item[]} items */
  _drawOpen(board, vote, items) {
    toggleClass(this.openList, "hidden", false);
    toggleClass(this.resultList, "hidden", true);
    toggleClass(this.legend, "hidden", true);
    const sorted = votableItems(items, board.departments);
    // E8: a shuffled vote shows each voter the items in an order of their own.
    const list = vote.shuffle ? shuffledKeepingGroups(this.ctx.you().id, sorted) : sorted;
    twoColumns(this.openList, list.length);
    const voter = this.ctx.role === "participant";
    const mine = mineOf(vote);
    const seen = new Set();
    /** @type {Element | null} */
    let prev = null;
    for (const item of list) {
      seen.add(item.id);
      let row = this.openRows.get(item.id);
      if (!row) {
        row = this._openRow(item.id, voter);
        this.openRows.set(item.id, row);
      }
      const n = mine.dots[item.id] ?? 0;
      const total = vote.totals?.[item.id] ?? null;
      const key = [itemLabel(item), item.kind, item.quadrant, itemDepartment(item), item.group, n, total, vote.max_per_item, mine.left, vote.open, t("vote.add")].join("|");
      if (key !== row.key) {
        row.key = key;
        this._drawItem(row, item);
        toggleClass(row.el, "in-group", item.group != null && board.items[item.group]?.kind === "group");
        row.el.dataset.mine = String(n);
        clear(row.mine);
        if (voter) row.mine.append(...mineDots(n, vote.max_per_item));
        row.mine.title = t("vote.mine", { n });
        toggleClass(row.total, "hidden", total === null);
        setText(row.total, total === null ? "" : String(total));
        row.total.title = total === null ? "" : t("vote.total", { n: total });
        if (row.plus && row.minus) {
          const blocked = addBlocked(vote, item.id);
          // Looks disabled, stays clickable: the hub decides, and a refusal is explained (E2).
          row.plus.setAttribute("aria-disabled", String(blocked !== null));
          row.plus.title = t("vote.add");
          row.minus.disabled = !canTakeBack(vote, item.id);
          row.minus.title = t("vote.remove");
        }
      }
      const want = prev ? prev.nextSibling : this.openList.firstChild;
      if (want !== row.el) this.openList.insertBefore(row.el, want);
      prev = row.el;
    }
    dropStale(this.openRows, seen);
    setEmpty(this.openList, list.length === 0);
    markScrolling(this.openList);
  }

  /** @param {string} id @param {boolean} voter @returns {OpenRow} */
  _openRow(id, voter) {
    const cast = (/** @type {1 | -1} */ delta) => (/** @type {MouseEvent} */ e) => {
      e.stopPropagation();
      const vote = this.vote;
      if (vote) this.ctx.perform([{ kind: "vote.cast", vote: vote.id, item: id, delta }], { undoable: false });
    };
    const tag = h("span", { class: "vote-tag" });
    const label = h("span", { class: "vote-label", testid: "vote-label" });
    const mine = h("span", { class: "vote-mine", testid: "vote-mine" });
    const total = h("span", { class: "vote-total", testid: "vote-total" });
    const minus = voter ? /** @type {HTMLButtonElement} */ (h("button", { class: "vote-button minus", type: "button", testid: "vote-remove", on: { click: cast(-1) } }, icon("minus", 22))) : null;
    const plus = voter ? /** @type {HTMLButtonElement} */ (h("button", { class: "vote-button plus", type: "button", testid: "vote-add", on: { click: cast(1) } }, icon("plus", 22))) : null;
    const el = h("div", { class: "vote-item", testid: "vote-item", data: { item: id } }, tag, label, minus, mine, plus, total);
    return { el, tag, label, minus, plus, mine, total, key: "" };
  }

  /** The item's colour, tag and words, in a vote row or a result row.
   * @param {{el: HTMLElement, tag?: HTMLElement, label: HTMLElement}} row @param {Item | null} item */
  _drawItem(row, item) {
    const dept = item ? this.ctx.dept(itemDepartment(item)) : null;
    row.el.style.setProperty("--dept", dept?.color ?? OTHER_COLOR);
    const text = item ? itemLabel(item).trim() : "";
    const untitled = item?.kind === "group" ? t("group.untitled") : t("vote.item.empty");
    setText(row.label, item === null ? t("vote.item.removed") : text || untitled);
    toggleClass(row.label, "muted", !text);
    toggleClass(row.el, "is-group", item?.kind === "group");
    if (row.tag) {
      setText(row.tag, item?.kind === "swot" ? item.quadrant : item?.kind === "group" ? t("group.tag") : dept?.name ?? "");
      toggleClass(row.tag, "hidden", !row.tag.textContent);
    }
  }

  /** @param {Board} board @param {VoteView} vote @param {Item[]} items */
  _drawResults(board, vote, items) {
    toggleClass(this.openList, "hidden", true);
    toggleClass(this.resultList, "hidden", false);
    toggleClass(this.legend, "hidden", false);
    const rows = voteResults(vote, items, board.departments, this.order);
    twoColumns(this.resultList, rows.length);
    const top = Math.max(1, ...rows.map((r) => r.total));
    const seen = new Set();
    /** @type {Element | null} */
    let prev = null;
    rows.forEach((row, index) => {
      seen.add(row.id);
      let rec = this.resultRows.get(row.id);
      if (!rec) {
        rec = resultRow(row.id);
        this.resultRows.set(row.id, rec);
      }
      const shares = row.shares.map((s) => `${s.department}:${s.n}`).join(",");
      const key = [row.item ? itemLabel(row.item) : null, row.item?.kind, row.item?.quadrant, row.item ? itemDepartment(row.item) : null, row.total, shares, top, index, t("vote.item.removed")].join("|");
      if (key !== rec.key) {
        rec.key = key;
        this._drawItem(rec, row.item);
        rec.el.dataset.total = String(row.total);
        setText(rec.rank, String(index + 1));
        setText(rec.total, String(row.total));
        rec.total.title = t("vote.dots", { n: row.total });
        this._drawBar(rec.bar, row, top);
      }
      const want = prev ? prev.nextSibling : this.resultList.firstChild;
      if (want !== rec.el) this.resultList.insertBefore(rec.el, want);
      prev = rec.el;
    });
    dropStale(this.resultRows, seen);
    setEmpty(this.resultList, rows.length === 0);
    markScrolling(this.resultList);
    this._drawLegend(board, vote);
  }

  /** A bar as long as the item's share of the top total, in department colours.
   * @param {HTMLElement} bar @param {import("../votes.js").ResultRow} row @param {number} top */
  _drawBar(bar, row, top) {
    clear(bar);
    bar.style.setProperty("--share", `${(100 * row.total) / top}%`);
    const shares = row.shares.length ? row.shares : row.total ? [{ department: "", n: row.total }] : [];
    for (const s of shares) {
      const dept = s.department === OTHER ? null : this.ctx.dept(s.department);
      const name = s.department === OTHER ? t("vote.other") : dept?.name ?? "";
      const seg = h("span", { class: `vote-segment${s.department ? "" : " plain"}`, testid: s.department ? "vote-segment" : undefined,
        data: { dept: s.department, n: String(s.n) }, title: name ? `${name}: ${s.n}` : "" },
        s.n > 0 && s.department ? h("span", { class: "vote-segment-n", text: String(s.n) }) : null);
      seg.style.setProperty("flex-grow", String(s.n));
      seg.style.setProperty("--dept", s.department ? dept?.color ?? OTHER_COLOR : "var(--accent)");
      bar.append(seg);
    }
  }

  /** @param {Board} board @param {VoteView} vote */
  _drawLegend(board, vote) {
    const depts = breakdownDepartments(vote, board.departments);
    const key = `${vote.by_department === null}|${depts.join(",")}|${t("vote.breakdown.hidden")}`;
    if (key === this.legend.dataset.key) return;
    this.legend.dataset.key = key;
    clear(this.legend);
    if (vote.by_department === null) {
      this.legend.append(h("span", { class: "vote-breakdown-hidden", testid: "vote-breakdown-hidden", text: t("vote.breakdown.hidden") }));
      return;
    }
    for (const d of depts) {
      const dept = d === OTHER ? null : this.ctx.dept(d);
      const chip = h("span", { class: "vote-legend-chip", testid: "vote-legend-chip", data: { dept: d } },
        h("span", { class: "dot" }), h("span", { text: d === OTHER ? t("vote.other") : dept?.name ?? d }));
      chip.style.setProperty("--dept", dept?.color ?? OTHER_COLOR);
      this.legend.append(chip);
    }
  }
}

/**
 * A block's frame with its results beside it, when they show: what to fit to see both.
 * @param {ParentNode} world @param {string} blockId @param {{x: number, y: number, w: number, h: number}} frame
 */
export function withResults(world, blockId, frame) {
  const el = /** @type {HTMLElement | null} */ (world.querySelector(`.vote-panel.beside[data-block="${CSS.escape(blockId)}"]`));
  if (!el) return frame;
  const [x, y, w, h] = ["x", "y", "w", "h"].map((k) => Number(el.dataset[k]));
  const left = Math.min(frame.x, x);
  const top = Math.min(frame.y, y);
  return { x: left, y: top, w: Math.max(frame.x + frame.w, x + w) - left, h: Math.max(frame.y + frame.h, y + h) - top };
}

/** @param {string} id @returns {ResultRowEl} */
function resultRow(id) {
  const rank = h("span", { class: "vote-rank" });
  const label = h("span", { class: "vote-label", testid: "vote-label" });
  const bar = h("span", { class: "vote-bar", testid: "vote-bar" });
  const total = h("span", { class: "vote-result-total", testid: "vote-result-total" });
  const el = h("div", { class: "vote-result", testid: "vote-result", data: { item: id } },
    rank, h("span", { class: "vote-result-main" }, label, h("span", { class: "vote-bar-track" }, bar)), total);
  return { el, rank, label, bar, total, key: "" };
}

/** Which "put away" a vote is in: putting an open vote away does not hide its results. @param {VoteView} vote */
function awayKey(vote) {
  return `${vote.id}:${vote.open ? "open" : "closed"}`;
}

/** The budget as a row of dots, the spent ones hollow. @param {number} budget @param {number} left */
function budgetDots(budget, left) {
  const shown = Math.min(budget, 12);
  const holder = h("span", { class: "vote-budget-dots", attrs: { "aria-hidden": "true" } });
  for (let i = 0; i < shown; i += 1) holder.append(h("span", { class: i < Math.min(left, shown) ? "dot on" : "dot" }));
  return holder;
}

/** This person's dots on an item, out of the most they may put there. @param {number} n @param {number} max */
function mineDots(n, max) {
  const out = [];
  for (let i = 0; i < Math.min(max, 10); i += 1) out.push(h("span", { class: i < n ? "dot on" : "dot" }));
  return out;
}

/** A long list reads down two columns (a ranking stays a ranking). @param {HTMLElement} list @param {number} n */
function twoColumns(list, n) {
  toggleClass(list, "wide", n > 8);
  list.style.setProperty("--half", String(Math.ceil(n / 2)));
}

/** A list that overflows scrolls under the wheel instead of the canvas (viewport.js leaves
 * `.scrolls` alone). @param {HTMLElement} list */
export function markScrolling(list) {
  toggleClass(list, "scrolls", list.scrollHeight > list.clientHeight + 1);
}

/** @param {Map<string, {el: HTMLElement}>} rows @param {Set<string>} seen */
function dropStale(rows, seen) {
  for (const [id, row] of rows) {
    if (!seen.has(id)) { row.el.remove(); rows.delete(id); }
  }
}

/** @param {HTMLElement} list @param {boolean} empty */
function setEmpty(list, empty) {
  list.dataset.empty = empty ? t("vote.nothing") : "";
  toggleClass(list, "is-empty", empty);
}

/**
 * A refused vote op in words (E2), or null for any other op: "no dots left", "at most N on
 * one item", "the vote is closed". The board says which limit a `budget_exceeded` hit.
 * @param {string} code @param {import("../types.js").Op | null} op @param {Board | null} board
 * @returns {string | null}
 */
export function voteRefusal(code, op, board) {
  if (!op || !op.kind.startsWith("vote.")) return null;
  if (code === "closed") return t("vote.refused.closed");
  const vote = op.kind === "vote.cast" ? board?.votes?.[op.vote] : null;
  if (code !== "budget_exceeded" || !vote) return null;
  const mine = mineOf(vote);
  if (mine.left > 0 && (mine.dots[op.item] ?? 0) >= vote.max_per_item) return t("vote.refused.max", { max: vote.max_per_item });
  return t("vote.refused.budget", { budget: vote.budget });
}
