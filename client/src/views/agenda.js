// The agenda block: the day's entries with planned and actual time, the current entry's big
// countdown, and each entry's share of the day (the story's "30% of the day went to
// synchronization"). The facilitator edits the list as a draft and saves it as one
// `agenda.set`, and runs the timer: start (an entry, or the current), pause, next. Starting an
// entry linked to a block also spotlights that block, so the room goes where the day goes.
// An entry may carry a step (E8): the room's rules for its time, applied by the hub when the
// entry starts; each row says them in one line, and the draft edits them (views/stepedit.js).

import { actualMs, allowedMs, currentEntry, formatClock, shares, serverClock, targetOf } from "../clock.js";
import { getLang, t } from "../i18n.js";
import { formatShare } from "./charts.js";
import { clear, h, setText, svg, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { stepEditor } from "./stepedit.js";
import { Countdown, everyTick } from "./timer.js";
import { MAX_AGENDA, MAX_TITLE } from "../protocol.gen.js";
import { copyStep, dayOverrunMs, hasSteps, newStep, stepSummary, stepToSave } from "../steps.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Agenda} Agenda */
/** @typedef {import("../types.js").AgendaItem} AgendaItem */
/** @typedef {import("./stepedit.js").DraftEntry} DraftEntry */
/** @typedef {{el: HTMLElement, actual: HTMLElement, share: HTMLElement, bar: HTMLElement}} RowCells */

const EMPTY_AGENDA = /** @type {Agenda} */ ({ items: [], current: null, running: false, started_at: null });
const MAX_ENTRIES = MAX_AGENDA;
const MAX_MINUTES = 24 * 60;

export class AgendaBlockView {
  /** @param {Ctx} ctx @param {HTMLElement} _blockEl @param {HTMLElement} body */
  constructor(ctx, _blockEl, body) {
    this.ctx = ctx;
    this.agenda = EMPTY_AGENDA;
    this.state = h("div", { class: "agenda-state", testid: "agenda-state" });
    this.current = h("div", { class: "agenda-current", testid: "agenda-current" });
    this.countdown = new Countdown("agenda-countdown", "timer-remaining");
    this.planned = h("div", { class: "agenda-of" });
    this.controls = h("div", { class: "agenda-controls" });
    this.upNext = h("div", { class: "agenda-up-next", testid: "agenda-up-next" });
    this.overrun = h("div", { class: "agenda-overrun hidden", testid: "agenda-overrun", attrs: { role: "status" } });
    const now = h("section", { class: "agenda-now" }, this.state, this.current, this.countdown.el, this.planned, this.controls, this.upNext, this.overrun);
    this.table = h("div", { class: "agenda-table", testid: "agenda-table" });
    this.editor = h("div", { class: "agenda-editor hidden", testid: "agenda-editor" });
    this.empty = h("div", { class: "agenda-empty" });
    this.totals = h("div", { class: "agenda-totals", testid: "agenda-totals" });
    body.append(h("div", { class: "agenda-layout" }, now,
      h("section", { class: "agenda-plan scrolls", data: { nopan: "1" } }, this.table, this.empty, this.totals, this.editor)));
    /** @type {Map<string, RowCells>} */
    this.rows = new Map();
    this.tableKey = "";
    this.controlsKey = "";
    /** @type {DraftEntry[] | null} the facilitator's unsaved edit of the list */
    this.draft = null;
    this.editButton = ctx.isFacilitator
      ? h("button", { class: "chip-button", type: "button", testid: "agenda-edit", on: { click: () => this.startEditing() } }, icon("edit", 16), h("span"))
      : null;
    this.tools = this.editButton ?? undefined;
    everyTick(body, () => this.tick());
  }

  /** @param {Board} board @param {import("../types.js").Block} _block */
  update(board, _block) {
    this.agenda = board.agenda ?? EMPTY_AGENDA;
    const agenda = this.agenda;
    const blockKey = Object.values(board.blocks).map((b) => `${b.id}:${b.title}`).join("|");
    const deptKey = board.departments.map((d) => `${d.id}:${d.name}`).join("|");
    const key = JSON.stringify([agenda.items.map((e) => [e.id, e.title, e.minutes, e.block, e.step ?? null]), agenda.current, blockKey, deptKey, t("agenda.col.entry")]);
    if (key !== this.tableKey) {
      this.tableKey = key;
      this._drawTable(board);
    }
    if (this.editButton) setText(/** @type {HTMLElement} */ (this.editButton.lastElementChild), t("agenda.edit"));
    this._drawControls();
    this.tick();
  }

  /** Redraw what moves with the clock: the countdown, the running entry's actual time, every share. */
  tick() {
    const agenda = this.agenda;
    const now = serverClock.now();
    const entry = currentEntry(agenda);
    this.countdown.draw(agenda);
    setText(this.state, !agenda.items.length ? "" : entry ? t(agenda.running ? "agenda.state.running" : "agenda.state.paused")
      : agenda.items.some((e) => e.actual_ms > 0) ? t("agenda.state.over") : t("agenda.state.ready"));
    setText(this.current, entry?.title ?? "");
    const extra = entry?.extra_ms ?? 0;
    setText(this.planned, !entry ? "" : extra > 0
      ? t("agenda.of.extra", { minutes: formatMinutes(entry.minutes), extra: formatMinutes(extra / 60000) })
      : t("agenda.of", { minutes: formatMinutes(entry.minutes) }));
    const next = entry ? agenda.items[agenda.items.indexOf(entry) + 1] : null;
    setText(this.upNext, next ? t("agenda.up.next", { title: next.title }) : "");
    const share = shares(agenda, now);
    let total = 0;
    for (const e of agenda.items) {
      const row = this.rows.get(e.id);
      const ms = actualMs(agenda, e, now);
      total += ms;
      if (!row) continue;
      setText(row.actual, formatClock(ms, { up: true }));
      row.actual.dataset.actualMs = String(Math.round(ms));
      toggleClass(row.actual, "is-over", ms > allowedMs(e));
      setText(row.share, formatShare(share.get(e.id) ?? 0));
      row.bar.style.width = `${((share.get(e.id) ?? 0) * 100).toFixed(1)}%`;
    }
    const planned = agenda.items.reduce((sum, e) => sum + e.minutes, 0);
    setText(this.totals, agenda.items.length ? t("agenda.totals", { planned: formatMinutes(planned), actual: formatClock(total, { up: true }) }) : "");
    // The facilitator's early warning: at this pace, the day ends later than planned.
    const over = this.ctx.isFacilitator ? dayOverrunMs(agenda, now) : null;
    const overMinutes = over !== null ? Math.max(0, Math.round(over / 60000)) : 0;
    toggleClass(this.overrun, "hidden", overMinutes === 0);
    setText(this.overrun, overMinutes ? t("agenda.overrun", { n: overMinutes }) : "");
    this.overrun.dataset.overMs = over === null ? "" : String(Math.round(over));
  }

  // The list, as everyone sees it.

  /** @param {Board} board */
  _drawTable(board) {
    const agenda = this.agenda;
    clear(this.table);
    this.rows.clear();
    toggleClass(this.empty, "hidden", agenda.items.length > 0 || this.draft !== null);
    setText(this.empty, this.ctx.isFacilitator ? t("agenda.empty.facilitator") : t("agenda.empty"));
    if (!agenda.items.length) return;
    this.table.append(h("div", { class: "agenda-row agenda-head" },
      h("span", { class: "col-n" }), h("span", { class: "col-title", text: t("agenda.col.entry") }),
      h("span", { class: "col-time", text: t("agenda.col.planned") }), h("span", { class: "col-time", text: t("agenda.col.actual") }),
      h("span", { class: "col-share", text: t("agenda.col.share") })));
    agenda.items.forEach((entry, index) => {
      const actual = h("span", { class: "col-time actual", testid: "agenda-actual" });
      const share = h("span", { class: "share-text", testid: "agenda-share" });
      const bar = h("span", { class: "share-fill" });
      const linked = entry.block ? board.blocks[entry.block] : null;
      const start = this.ctx.isFacilitator && entry.id !== agenda.current
        ? h("button", { class: "icon-button row-start", type: "button", testid: "agenda-row-start", title: t("agenda.start.entry"),
            on: { click: () => this.run("start", entry.id) } }, playIcon())
        : h("span", { class: "row-start-space" });
      const el = h("div", { class: `agenda-row${entry.id === agenda.current ? " is-current" : ""}`, testid: "agenda-row", data: { id: entry.id } },
        h("span", { class: "col-n", text: String(index + 1) }),
        h("span", { class: "col-title" }, start, h("span", { class: "entry-text" },
          h("span", { class: "entry-title", testid: "agenda-entry-title", text: entry.title }),
          linked ? h("span", { class: "entry-block", text: linked.title }) : null,
          entry.step ? h("span", { class: "entry-step", testid: "agenda-step-summary", text: stepSummary(entry.step, board) }) : null)),
        h("span", { class: "col-time", testid: "agenda-planned", text: formatClock(entry.minutes * 60000, { up: true }) }),
        actual,
        h("span", { class: "col-share" }, h("span", { class: "share-bar" }, bar), share));
      this.table.append(el);
      this.rows.set(entry.id, { el, actual, share, bar });
    });
  }

  _drawControls() {
    if (!this.ctx.isFacilitator) return;
    const agenda = this.agenda;
    const steps = hasSteps(agenda);
    const key = `${agenda.items.length > 0}|${agenda.current}|${agenda.running}|${steps}|${t("agenda.start")}`;
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    clear(this.controls);
    if (!agenda.items.length) return;
    const button = (/** @type {string} */ testid, /** @type {string} */ text, /** @type {() => void} */ run, primary = false) =>
      h("button", { class: `button${primary ? " primary" : ""}`, type: "button", testid, text, on: { click: run } });
    if (agenda.running) this.controls.append(button("agenda-pause", t("agenda.pause"), () => this.run("pause"), true));
    else this.controls.append(button("agenda-start", agenda.current ? t("agenda.resume") : t("agenda.start"), () => this.run("start"), true));
    const last = agenda.current !== null && agenda.current === agenda.items.at(-1)?.id;
    this.controls.append(button("agenda-next", last ? t("agenda.finish") : t(steps ? "agenda.next.step" : "agenda.next"), () => this.run("next")));
    if (agenda.current === null) return;
    // More time for the running entry: a minute, or (Lean Coffee) half of the last extension.
    const extend = (/** @type {string} */ testid, /** @type {string} */ text, /** @type {string} */ title, /** @type {import("../types.js").Op} */ op) =>
      h("button", { class: "button agenda-extend", type: "button", testid, text, title, on: { click: () => this.ctx.perform([op], { undoable: false }) } });
    this.controls.append(
      extend("agenda-extend-minute", t("agenda.extend.minute"), t("agenda.extend.minute.title"), { kind: "agenda.extend", minutes: 1 }),
      extend("agenda-extend-halve", t("agenda.extend.halve"), t("agenda.extend.halve.title"), { kind: "agenda.extend", halve: true }));
  }

  /**
   * The facilitator runs the timer. When the entry that will run is linked to a block, the
   * same click spotlights it (A4), unless it already is; an entry with a step sets the
   * spotlight itself (E8), so then the agenda op goes alone.
   * @param {"start" | "pause" | "next"} verb @param {string | null} [item]
   */
  run(verb, item = null) {
    const ctx = this.ctx;
    if (verb === "pause") { ctx.perform([{ kind: "agenda.pause" }], { undoable: false }); return; }
    /** @type {import("../types.js").Op[]} */
    const ops = [verb === "start" ? (item ? { kind: "agenda.start", item } : { kind: "agenda.start" }) : { kind: "agenda.next" }];
    const target = targetOf(this.agenda, verb, item);
    const entry = target !== null ? this.agenda.items.find((e) => e.id === target) : undefined;
    const block = entry && !entry.step ? entry.block : null;
    const board = ctx.board();
    if (block && board.blocks[block] && board.spotlight !== block) ops.push({ kind: "board.spotlight", block });
    ctx.perform(ops, { undoable: Boolean(entry?.step) }); // a step's start is undone like any op (E8)
  }

  // The facilitator's draft.

  startEditing() {
    if (this.draft) return;
    // Each entry keeps its step (a copy): editing a title never drops the rules.
    this.draft = this.agenda.items.map((e) => ({ id: e.id, title: e.title, minutes: e.minutes,
      block: e.block ?? e.step?.blocks[0] ?? null, step: copyStep(e.step), spareVote: null, rulesOpen: false }));
    if (!this.draft.length) this.draft.push(this._newEntry());
    this._drawEditor();
  }

  /** @returns {DraftEntry} */
  _newEntry() {
    return { id: this.ctx.newId("ag"), title: "", minutes: 15, block: null, step: null, spareVote: null, rulesOpen: false };
  }

  /**
   * E9: 1-2-4-All as four entries on one block (the last one the draft names, else the first
   * block of notes): alone, in pairs, in fours, all together, each on its own timer.
   * @param {DraftEntry[]} draft @param {import("../types.js").Block[]} blocks @returns {DraftEntry[]}
   */
  _oneTwoFourAll(draft, blocks) {
    const block = [...draft].reverse().find((e) => e.block)?.block ?? blocks.find((b) => b.kind === "notes")?.id ?? null;
    /** @type {[import("../types.js").StepSettings["visibility"], number][]} */
    const stages = [["own", 1], ["pair", 2], ["four", 4], ["public", 5]];
    return stages.map(([visibility, minutes]) => ({
      ...this._newEntry(), block, minutes,
      title: t(/** @type {"agenda.124.own" | "agenda.124.pair" | "agenda.124.four" | "agenda.124.public"} */ (`agenda.124.${visibility}`)),
      step: { ...newStep(), blocks: block ? [block] : [], visibility, chime: true },
    }));
  }

  _drawEditor() {
    const draft = this.draft;
    toggleClass(this.editor, "hidden", draft === null);
    toggleClass(this.table, "hidden", draft !== null);
    toggleClass(this.totals, "hidden", draft !== null);
    toggleClass(this.empty, "hidden", draft !== null || this.agenda.items.length > 0);
    clear(this.editor);
    if (!draft) return;
    const board = this.ctx.board();
    const blocks = Object.values(board.blocks).sort((a, b) => a.y - b.y || a.x - b.x);
    const redraw = () => this._drawEditor();
    draft.forEach((entry, index) => {
      const title = /** @type {HTMLInputElement} */ (h("input", { class: "agenda-input title", type: "text", maxLength: MAX_TITLE, value: entry.title,
        placeholder: t("agenda.title.placeholder"), testid: "agenda-title-input", on: { input: () => { entry.title = title.value; } } }));
      const minutes = /** @type {HTMLInputElement} */ (h("input", { class: "agenda-input minutes", type: "number", min: "0", max: String(MAX_MINUTES), step: "any",
        value: String(entry.minutes), testid: "agenda-minutes-input", title: t("agenda.minutes"), on: { input: () => { entry.minutes = Number(minutes.value); } } }));
      const rules = stepEditor(entry, this.ctx);
      toggleClass(rules.el, "hidden", !entry.rulesOpen);
      const select = /** @type {HTMLSelectElement} */ (h("select", { class: "agenda-input linked", testid: "agenda-block-select", title: t("agenda.block"),
        on: { change: () => { entry.block = select.value || null; rules.draw(); } } },
        h("option", { value: "", text: t("agenda.block.none") }),
        blocks.map((b) => h("option", { value: b.id, text: b.title, selected: b.id === entry.block }))));
      const move = (/** @type {number} */ by) => () => {
        const [moved] = draft.splice(index, 1);
        draft.splice(index + by, 0, moved);
        redraw();
      };
      const tool = (/** @type {string} */ testid, /** @type {string} */ label, /** @type {string} */ text, /** @type {() => void} */ run, disabled = false) =>
        h("button", { class: "icon-button", type: "button", testid, title: label, text, disabled, on: { click: run } });
      const toggle = h("button", { class: `chip-button step-toggle${entry.step ? " has-step" : ""}`, type: "button", testid: "agenda-step-toggle",
        title: t("agenda.step.toggle.title"), attrs: { "aria-expanded": String(entry.rulesOpen) },
        on: { click: () => {
          entry.rulesOpen = !entry.rulesOpen;
          toggle.setAttribute("aria-expanded", String(entry.rulesOpen));
          toggle.firstElementChild?.replaceWith(icon(entry.rulesOpen ? "chevronDown" : "chevronRight", 14));
          toggleClass(rules.el, "hidden", !entry.rulesOpen);
        } } }, icon(entry.rulesOpen ? "chevronDown" : "chevronRight", 14), h("span", { text: t("agenda.step.toggle") }));
      // The rules in one line beside the toggle, as the table will say them once saved.
      const summary = h("span", { class: "entry-step" });
      const summarize = () => {
        toggleClass(toggle, "has-step", entry.step !== null);
        setText(summary, entry.step ? stepSummary(entry.step, board) : "");
      };
      summarize();
      rules.el.addEventListener("change", summarize);
      rules.el.addEventListener("input", summarize);
      this.editor.append(h("div", { class: "agenda-edit-row", testid: "agenda-edit-row" },
        h("span", { class: "col-n", text: String(index + 1) }), title, minutes, h("span", { class: "unit", text: t("agenda.min") }),
        tool("agenda-up", t("agenda.up"), "↑", move(-1), index === 0),
        tool("agenda-down", t("agenda.down"), "↓", move(1), index === draft.length - 1),
        tool("agenda-remove", t("agenda.remove"), "×", () => { draft.splice(index, 1); redraw(); }),
        h("div", { class: "agenda-edit-more" }, select, toggle, summary)), rules.el);
    });
    const add = h("button", { class: "chip-button", type: "button", testid: "agenda-add", disabled: draft.length >= MAX_ENTRIES,
      on: { click: () => { draft.push(this._newEntry()); redraw(); this.editor.querySelectorAll("input.title").forEach((el, i, all) => { if (i === all.length - 1) /** @type {HTMLInputElement} */ (el).focus(); }); } } },
      icon("plus", 16), h("span", { text: t("agenda.add") }));
    const oneTwoFour = h("button", { class: "chip-button", type: "button", testid: "agenda-add-124", title: t("agenda.add.124.title"),
      disabled: draft.length + 4 > MAX_ENTRIES, on: { click: () => { draft.push(...this._oneTwoFourAll(draft, blocks)); redraw(); } } },
      icon("plus", 16), h("span", { text: t("agenda.add.124") }));
    this.editor.append(h("div", { class: "agenda-edit-actions" }, add, oneTwoFour, h("span", { class: "spacer" }),
      h("button", { class: "button", type: "button", testid: "agenda-cancel", text: t("agenda.cancel"), on: { click: () => this._stopEditing() } }),
      h("button", { class: "button primary", type: "button", testid: "agenda-save", text: t("agenda.save"), on: { click: () => this.save() } })));
  }

  /** One `agenda.set` with the whole list; entries keep their ids, so their time stays theirs. */
  save() {
    const draft = this.draft;
    if (!draft) return;
    const board = this.ctx.board();
    /** @type {{id: string, title: string, minutes: number, block: string | null, step?: import("../types.js").StepSettings}[]} */
    const items = [];
    for (const e of draft) {
      const item = { id: e.id, title: e.title.trim(), minutes: e.minutes, block: e.block };
      if (!e.step) { items.push(item); continue; }
      const { step, problem } = stepToSave(e.step, e.block, board);
      if (problem) {
        this.ctx.toast(t("agenda.step.vote.noblock", { title: item.title }), { kind: "error" });
        return;
      }
      items.push({ ...item, step });
    }
    if (items.some((e) => !e.title || !(e.minutes > 0 && e.minutes <= MAX_MINUTES))) {
      this.ctx.toast(t("agenda.invalid"), { kind: "error" });
      return;
    }
    if (this.ctx.perform([{ kind: "agenda.set", items }], { undoable: false })) this._stopEditing();
  }

  _stopEditing() {
    this.draft = null;
    this._drawEditor();
  }
}

/** "15 min", "1.5 min" (planned minutes may have a fraction). @param {number} minutes */
function formatMinutes(minutes) {
  return t("agenda.minutes.n", { n: new Intl.NumberFormat(getLang(), { maximumFractionDigits: 1 }).format(minutes) });
}

/** A small "play" triangle for the start-this-entry buttons. */
function playIcon() {
  return svg("svg", { viewBox: "0 0 24 24", width: 16, height: 16, fill: "currentColor", "aria-hidden": "true", class: "icon" },
    svg("path", { d: "M7 4v16l13-8z" }));
}
