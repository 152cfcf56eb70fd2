// The poll block: scale questions ("How achievable does the goal seem to you?") answered in
// rounds, "Before" at the start of the day and "After" at the end (E3).
//
// The facilitator creates a poll, opens and closes its rounds and reveals the results.
// Participants answer the open round with big score buttons and an optional "why". Until
// the reveal everyone sees only how many answered (by department); after it, per round the
// average, median and distribution, and before vs after: the change, who raised, lowered or
// kept their score, and their reasons grouped that way. The hub computes every figure; this
// view only draws the poll views it receives, newest poll first.

import { boardSettings } from "../facilitation.js";
import { getLang, t } from "../i18n.js";
import { formatChange, formatScore, histogramSvg } from "./charts.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { icon } from "./icons.js";
import { MAX_TEXT, MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").PollView} PollView */
/** @typedef {import("../types.js").PollRound} PollRound */
/** @typedef {import("../types.js").PollComparison} PollComparison */

const MOVES = /** @type {const} */ (["raised", "lowered", "kept"]);
const MAX_STEPS = 20;

export class PollBlockView {
  /** @param {Ctx} ctx @param {HTMLElement} _blockEl @param {HTMLElement} body */
  constructor(ctx, _blockEl, body) {
    this.ctx = ctx;
    this.blockId = "";
    this.list = h("div", { class: "poll-list scrolls", testid: "poll-list", data: { nopan: "1" } });
    this.empty = h("div", { class: "block-empty poll-empty" });
    /** @type {Map<string, PollCard>} */
    this.cards = new Map();
    this.form = ctx.isFacilitator ? new PollForm(ctx, () => this.blockId, () => ctx.invalidate()) : null;
    if (this.form) this.list.append(this.form.el);
    body.append(this.list, this.empty);
    this.newButton = this.form
      ? h("button", { class: "chip-button", type: "button", testid: "poll-new", on: { click: () => this.form?.toggle() } }, icon("plus", 16), h("span"))
      : null;
    this.tools = this.newButton ?? undefined;
  }

  /** @param {Board} board @param {import("../types.js").Block} block */
  update(board, block) {
    this.blockId = block.id;
    const polls = Object.values(board.polls ?? {}).filter((p) => p.block === block.id).reverse(); // newest first
    if (this.newButton) setText(/** @type {HTMLElement} */ (this.newButton.lastElementChild), t("poll.new"));
    this.form?.update(board, polls.length);
    toggleClass(this.empty, "hidden", polls.length > 0 || Boolean(this.form));
    setText(this.empty, t("poll.empty"));
    const seen = new Set();
    let prev = this.form?.el ?? null;
    for (const poll of polls) {
      seen.add(poll.id);
      let card = this.cards.get(poll.id);
      if (!card) {
        card = new PollCard(this.ctx, poll.id);
        this.cards.set(poll.id, card);
      }
      card.update(board, poll);
      const want = prev ? prev.nextSibling : this.list.firstChild;
      if (want !== card.el) this.list.insertBefore(card.el, want);
      prev = card.el;
    }
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) { card.el.remove(); this.cards.delete(id); }
    }
  }
}

/** The facilitator's "new poll" form: question, scale, "ask why". */
class PollForm {
  /** @param {Ctx} ctx @param {() => string} blockId @param {() => void} redraw */
  constructor(ctx, blockId, redraw) {
    this.ctx = ctx;
    this.blockId = blockId;
    this.redraw = redraw;
    /** Opened with "New poll"; shown anyway while the block has no poll. */
    this.open = false;
    /** @type {string | null} the poll just created, until it arrives */
    this.awaiting = null;
    const number = (/** @type {string} */ testid, /** @type {number} */ value) =>
      /** @type {HTMLInputElement} */ (h("input", { class: "poll-input scale", type: "number", min: "0", max: "100", step: "1", value: String(value), testid }));
    this.question = /** @type {HTMLInputElement} */ (h("input", { class: "poll-input question", type: "text", maxLength: MAX_TITLE, testid: "poll-new-question" }));
    this.low = number("poll-new-low", 1);
    this.high = number("poll-new-high", 10);
    this.why = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", checked: true, testid: "poll-new-why" }));
    this.labels = { question: h("span"), scale: h("span"), why: h("span"), heading: h("h3", { class: "poll-form-heading" }) };
    this.create = h("button", { class: "button primary", type: "button", testid: "poll-new-create", on: { click: () => this.submit() } });
    this.cancel = h("button", { class: "button", type: "button", testid: "poll-new-cancel", on: { click: () => { this.open = false; this.redraw(); } } });
    this.el = h("form", { class: "poll-form", testid: "poll-form", on: { submit: (/** @type {Event} */ e) => { e.preventDefault(); this.submit(); } } },
      this.labels.heading,
      h("label", { class: "poll-field wide" }, this.labels.question, this.question),
      h("div", { class: "poll-form-row" },
        h("label", { class: "poll-field" }, this.labels.scale, h("span", { class: "scale-inputs" }, this.low, "–", this.high)),
        h("label", { class: "poll-check" }, this.why, this.labels.why),
        h("span", { class: "spacer" }), this.cancel, this.create));
  }

  toggle() {
    this.awaiting = null; // a create the hub refused must not keep the form away
    this.open = !this.open;
    this.redraw();
    if (this.open) queueMicrotask(() => this.question.focus());
  }

  /** @param {Board} board @param {number} polls how many polls the block has */
  update(board, polls) {
    if (this.awaiting && board.polls?.[this.awaiting]) this.awaiting = null;
    const shown = !this.awaiting && (this.open || polls === 0);
    toggleClass(this.el, "hidden", !shown);
    toggleClass(this.cancel, "hidden", polls === 0);
    setText(this.labels.heading, t("poll.new.heading"));
    setText(this.labels.question, t("poll.new.question"));
    setText(this.labels.scale, t("poll.new.scale"));
    setText(this.labels.why, t("poll.new.why"));
    setText(this.create, t("poll.new.create"));
    setText(this.cancel, t("poll.new.cancel"));
    this.question.placeholder = t("poll.new.question.placeholder");
  }

  submit() {
    const question = this.question.value.trim();
    const low = Number(this.low.value);
    const high = Number(this.high.value);
    const scaleOk = Number.isInteger(low) && Number.isInteger(high) && low >= 0 && high <= 100 && low < high && high - low <= MAX_STEPS;
    if (!question || !scaleOk) {
      this.ctx.toast(question ? t("poll.new.bad.scale", { max: MAX_STEPS }) : t("poll.new.bad.question"), { kind: "error" });
      return;
    }
    const id = this.ctx.newId("poll");
    const op = { kind: "poll.create", id, block: this.blockId(), question, low, high, comment: this.why.checked };
    if (!this.ctx.perform([op], { undoable: false })) return;
    this.awaiting = id;
    this.open = false;
    this.question.value = "";
    this.redraw();
  }
}

/** One poll: its question, the facilitator's controls, the answer form, and the results. */
class PollCard {
  /** @param {Ctx} ctx @param {string} pollId */
  constructor(ctx, pollId) {
    this.ctx = ctx;
    this.pollId = pollId;
    this.question = h("h3", { class: "poll-question", testid: "poll-question" });
    this.meta = h("div", { class: "poll-meta" });
    this.controls = ctx.isFacilitator ? new PollControls(ctx, pollId) : null;
    this.answer = ctx.role === "participant" ? new AnswerForm(ctx, pollId) : null;
    this.results = h("div", { class: "poll-results" });
    this.resultsKey = "";
    this.el = h("article", { class: "poll", testid: "poll", data: { pollId } },
      h("header", { class: "poll-head" }, this.question, this.meta),
      this.controls?.el ?? null, this.answer?.el ?? null, this.results);
  }

  /** @param {Board} board @param {PollView} poll */
  update(board, poll) {
    setText(this.question, poll.question);
    const open = openRound(poll);
    const state = open !== null ? t("poll.state.open", { label: poll.rounds[open].label })
      : poll.revealed ? t("poll.state.revealed") : poll.rounds.length ? t("poll.state.closed") : t("poll.state.new");
    setText(this.meta, `${t("poll.scale", { low: poll.low, high: poll.high })} · ${state}`);
    toggleClass(this.el, "is-open", open !== null);
    toggleClass(this.el, "is-revealed", poll.revealed);
    this.controls?.update(poll);
    this.answer?.update(poll);
    const depts = board.departments.map((d) => `${d.id}:${d.name}`).join(",");
    const k = boardSettings(board).min_group;
    const key = JSON.stringify([poll.rounds, poll.comparison, poll.revealed, poll.low, poll.mine?.answers, depts, k, getLang()]);
    if (key !== this.resultsKey) {
      this.resultsKey = key;
      clear(this.results);
      this.results.append(drawResults(this.ctx, poll));
    }
  }
}

/** The facilitator's round controls: open a round (with its label), close it, reveal or hide. */
class PollControls {
  /** @param {Ctx} ctx @param {string} pollId */
  constructor(ctx, pollId) {
    this.ctx = ctx;
    this.pollId = pollId;
    /** @type {number} how many rounds the label suggestion was made for */
    this.suggestedFor = -1;
    const perform = (/** @type {import("../types.js").Op} */ op) => ctx.perform([op], { undoable: false });
    this.label = /** @type {HTMLInputElement} */ (h("input", { class: "poll-input round-label", type: "text", maxLength: MAX_TITLE, testid: "poll-round-label" }));
    this.labelCaption = h("span");
    this.openButton = h("button", { class: "button primary", type: "button", testid: "poll-open",
      on: { click: () => perform({ kind: "poll.open", poll: pollId, label: this.label.value.trim() || this.label.placeholder }) } });
    this.openGroup = h("label", { class: "poll-open-group" }, this.labelCaption, this.label, this.openButton);
    this.closeButton = h("button", { class: "button primary", type: "button", testid: "poll-close",
      on: { click: () => perform({ kind: "poll.close", poll: pollId }) } });
    this.revealButton = /** @type {HTMLButtonElement} */ (h("button", { class: "button", type: "button", testid: "poll-reveal",
      on: { click: () => perform({ kind: "poll.reveal", poll: pollId, revealed: this.revealButton.dataset.revealed !== "true" }) } }));
    this.el = h("div", { class: "poll-controls", testid: "poll-controls" }, this.openGroup, this.closeButton, h("span", { class: "spacer" }), this.revealButton);
  }

  /** @param {PollView} poll */
  update(poll) {
    const open = openRound(poll) !== null;
    const n = poll.rounds.length;
    toggleClass(this.openGroup, "hidden", open || n >= 10);
    toggleClass(this.closeButton, "hidden", !open);
    const suggestion = n === 0 ? t("poll.label.before") : n === 1 ? t("poll.label.after") : t("poll.label.round", { n: n + 1 });
    this.label.placeholder = suggestion;
    if (this.suggestedFor !== n && document.activeElement !== this.label) {
      this.suggestedFor = n;
      this.label.value = suggestion;
    }
    setText(this.labelCaption, t("poll.round.label"));
    setText(this.openButton, t("poll.open"));
    setText(this.closeButton, t("poll.close"));
    setText(this.revealButton, poll.revealed ? t("poll.hide") : t("poll.reveal"));
    this.revealButton.dataset.revealed = String(poll.revealed);
    this.revealButton.disabled = n === 0;
  }
}

/**
 * A participant's answer to the open round: a big button per score, an optional "why", send.
 * The answer shows as sent once the hub's `applied` frame brought it back in `mine` (E1);
 * until then it is pending. Answering again while the round is open replaces it.
 */
class AnswerForm {
  /** @param {Ctx} ctx @param {string} pollId */
  constructor(ctx, pollId) {
    this.ctx = ctx;
    this.pollId = pollId;
    /** @type {number | null} the round the form is for */
    this.round = null;
    /** @type {number | null} the score picked and not sent yet */
    this.choice = null;
    /** @type {{round: number, score: number, comment: string} | null} the last answer sent */
    this.sent = null;
    this.scaleKey = "";
    this.prompt = h("div", { class: "poll-prompt" });
    this.scores = h("div", { class: "poll-scores", role: "group" });
    this.why = /** @type {HTMLTextAreaElement} */ (h("textarea", { class: "poll-why", maxLength: MAX_TEXT, rows: 2, testid: "poll-why",
      on: { input: () => ctx.invalidate() } }));
    this.submit = /** @type {HTMLButtonElement} */ (h("button", { class: "button primary big poll-submit", type: "button", testid: "poll-submit",
      on: { click: () => this.send() } }));
    this.status = h("span", { class: "poll-status", testid: "poll-status", attrs: { role: "status" } });
    this.ends = h("div", { class: "poll-scale-ends" }, h("span"), h("span"));
    this.el = h("div", { class: "poll-answer hidden", testid: "poll-answer" }, this.prompt, this.scores, this.ends, this.why,
      h("div", { class: "poll-send-row" }, this.status, h("span", { class: "spacer" }), this.submit));
    /** @type {PollView | null} */
    this.poll = null;
  }

  /** @param {PollView} poll */
  update(poll) {
    this.poll = poll;
    const round = openRound(poll);
    toggleClass(this.el, "hidden", round === null);
    if (round === null) { this.round = null; return; }
    const mine = poll.mine?.answers?.[round] ?? null;
    if (round !== this.round) {
      this.round = round;
      this.choice = null;
      this.why.value = mine?.comment ?? "";
    }
    if (this.sent && this.sent.round !== round) this.sent = null;
    const pending = this.sent !== null && !(mine && mine.score === this.sent.score && mine.comment === this.sent.comment);
    const selected = this.choice ?? (pending ? this.sent?.score : mine?.score) ?? null;
    this._drawScores(poll, selected);
    setText(this.prompt, t("poll.prompt", { label: poll.rounds[round].label }));
    setText(/** @type {HTMLElement} */ (this.ends.firstChild), t("poll.scale.low", { n: poll.low }));
    setText(/** @type {HTMLElement} */ (this.ends.lastChild), t("poll.scale.high", { n: poll.high }));
    toggleClass(this.why, "hidden", !poll.comment);
    this.why.placeholder = t("poll.why.placeholder");
    this.submit.disabled = selected === null || (!pending && mine !== null && this.choice === null && this.why.value === mine.comment);
    setText(this.submit, mine || pending ? t("poll.change") : t("poll.send"));
    const state = pending ? "pending" : mine ? (this.choice !== null && this.choice !== mine.score ? "changed" : "sent") : "none";
    this.status.dataset.state = state;
    setText(this.status, state === "pending" ? t("poll.sending") : state === "sent" ? t("poll.sent", { n: mine?.score ?? "" })
      : state === "changed" ? t("poll.unsent.change") : "");
  }

  /** @param {PollView} poll @param {number | null} selected */
  _drawScores(poll, selected) {
    const key = `${poll.low}-${poll.high}`;
    if (key !== this.scaleKey) {
      this.scaleKey = key;
      clear(this.scores);
      for (let n = poll.low; n <= poll.high; n++) {
        this.scores.append(h("button", { class: "poll-score", type: "button", testid: `poll-score-${n}`, text: String(n), data: { score: String(n) },
          on: { click: () => { this.choice = n; this.ctx.invalidate(); } } }));
      }
      this.scores.style.setProperty("--steps", String(poll.high - poll.low + 1));
    }
    for (const el of /** @type {HTMLElement[]} */ ([...this.scores.children])) {
      const on = Number(el.dataset.score) === selected;
      el.setAttribute("aria-pressed", String(on));
      toggleClass(el, "selected", on);
    }
  }

  send() {
    const poll = this.poll;
    const round = this.round;
    const mine = poll && round !== null ? poll.mine?.answers?.[round] ?? null : null;
    const score = this.choice ?? this.sent?.score ?? mine?.score ?? null;
    if (!poll || round === null || score === null) return;
    const comment = poll.comment ? this.why.value.trim() : "";
    if (!this.ctx.perform([{ kind: "poll.answer", poll: poll.id, score, comment }], { undoable: false })) return;
    this.sent = { round, score, comment };
    this.choice = null;
    this.ctx.invalidate();
  }
}

/** @param {PollView} poll @returns {number | null} the index of the open round */
function openRound(poll) {
  const last = poll.rounds.length - 1;
  return last >= 0 && poll.rounds[last].open ? last : null;
}

// Results.

/** @param {Ctx} ctx @param {string} dept */
function deptName(ctx, dept) {
  return ctx.dept(dept)?.name ?? (dept === "other" ? t("poll.dept.other") : dept);
}

/** @param {Ctx} ctx @param {PollView} poll @returns {HTMLElement} */
function drawResults(ctx, poll) {
  const out = h("div", { class: "poll-results-inner" });
  if (!poll.rounds.length) {
    out.append(h("p", { class: "poll-note", text: t("poll.no.rounds") }));
    return out;
  }
  const k = boardSettings(ctx.board()).min_group;
  const rounds = h("div", { class: "poll-rounds" }, poll.rounds.map((round, i) => drawRound(ctx, poll, round, i, k)));
  if (poll.comparison) rounds.append(drawComparison(poll, poll.comparison));
  out.append(rounds);
  if (!poll.revealed) {
    out.append(h("p", { class: "poll-note", testid: "poll-hidden", text: t("poll.hidden") }));
    return out;
  }
  const table = drawDepartments(ctx, poll);
  if (table) out.append(table);
  out.append(drawComments(poll));
  return out;
}

/**
 * One round: its answers count and, once revealed, its figures — unless fewer than k people
 * answered it, when the hub leaves the figures out (E4) and the round says so.
 * @param {Ctx} ctx @param {PollView} poll @param {PollRound} round @param {number} i @param {number} k
 */
function drawRound(ctx, poll, round, i, k) {
  const lang = getLang();
  const el = h("section", { class: `poll-round${round.open ? " is-open" : ""}`, testid: `poll-round-${i}`, data: { round: String(i) } },
    h("header", { class: "poll-round-head" },
      h("h4", { class: "poll-round-label", testid: "poll-round-title", text: round.label }),
      h("span", { class: "poll-round-state", text: round.open ? t("poll.round.open") : t("poll.round.closed") })),
    h("div", { class: "poll-responses", testid: `poll-responses-${i}`, text: t("poll.responses", { n: round.responses }) }));
  const byDept = Object.entries(round.responses_by_department ?? {});
  if (byDept.length && !poll.revealed) {
    el.append(h("div", { class: "poll-dept-counts", testid: `poll-dept-counts-${i}` },
      byDept.map(([dept, n]) => h("span", { class: "dept-count", style: { "--dept": ctx.dept(dept)?.color ?? "#94a3b8" } },
        h("span", { class: "dot" }), `${deptName(ctx, dept)} ${n}`))));
  }
  const mine = poll.mine?.answers?.[i];
  if (mine) el.append(h("div", { class: "poll-mine", testid: `poll-mine-${i}`, text: t("poll.yours", { n: mine.score }) }));
  if (poll.revealed && round.histogram) {
    el.append(
      h("div", { class: "poll-figures" },
        h("div", { class: "figure main" }, h("span", { class: "figure-value", testid: `poll-average-${i}`, text: formatScore(round.average, lang) }),
          h("span", { class: "figure-label", text: t("poll.average") })),
        h("div", { class: "figure" }, h("span", { class: "figure-value", testid: `poll-median-${i}`, text: formatScore(round.median, lang) }),
          h("span", { class: "figure-label", text: t("poll.median") }))),
      histogramSvg(round.histogram, poll.low, {
        average: round.average, tone: i === 0 ? "tone-before" : "tone-after",
        label: t("poll.histogram.label", { label: round.label, n: round.responses }),
      }));
  } else if (poll.revealed) {
    el.append(h("p", { class: "poll-note poll-few", testid: `poll-few-${i}`, text: t("poll.few", { k }) }));
  }
  return el;
}

/** Before vs after: "8.5 → 8.3 (−0.2)", and who moved which way. @param {PollView} poll @param {PollComparison} c */
function drawComparison(poll, c) {
  const lang = getLang();
  const first = poll.rounds[0].label;
  const last = poll.rounds[poll.rounds.length - 1].label;
  const trend = c.change == null || Math.abs(c.change) < 0.05 ? "flat" : c.change > 0 ? "up" : "down";
  const tile = (/** @type {typeof MOVES[number]} */ move, /** @type {string} */ arrow) =>
    h("div", { class: `move move-${move}` }, h("span", { class: "move-arrow", text: arrow }),
      h("span", { class: "move-count", testid: `poll-${move}`, text: String(c[move]) }),
      h("span", { class: "move-label", text: t(`poll.move.${move}`) }));
  // E4: with too few people in both rounds, the hub leaves the movements out.
  const moved = c.raised != null && c.lowered != null && c.kept != null;
  return h("section", { class: `poll-comparison trend-${trend}`, testid: "poll-comparison" },
    h("h4", { class: "poll-round-label", text: t("poll.compare", { first, last }) }),
    h("div", { class: "poll-change-line" },
      h("span", { class: "avg", testid: "poll-average-before", text: formatScore(c.average_before, lang) }),
      h("span", { class: "arrow", text: "→" }),
      h("span", { class: "avg", testid: "poll-average-after", text: formatScore(c.average_after, lang) }),
      h("span", { class: "change", testid: "poll-change", text: `(${formatChange(c.change, lang)})` })),
    moved
      ? h("div", { class: "poll-moves" }, tile("raised", "↑"), tile("lowered", "↓"), tile("kept", "="))
      : h("p", { class: "poll-note poll-few", testid: "poll-few-moves", text: t("poll.few.moves") }),
    c.paired != null ? h("p", { class: "poll-paired", testid: "poll-paired", text: t("poll.paired", { n: c.paired }) }) : null);
}

/**
 * By department: each round's average and, comparing, who moved which way. Groups under two
 * people are pooled or left out by the hub (E4); a breakdown it left out is not drawn.
 * @param {Ctx} ctx @param {PollView} poll
 */
function drawDepartments(ctx, poll) {
  const lang = getLang();
  const moves = poll.comparison?.by_department ?? null;
  const rounds = poll.rounds.map((r) => r.by_department ?? null);
  const depts = [...new Set([...rounds.flatMap((r) => Object.keys(r ?? {})), ...Object.keys(moves ?? {})])];
  if (!depts.length) return null;
  const order = ctx.board().departments.map((d) => d.id);
  depts.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const head = h("tr", {}, h("th", { text: t("poll.col.department") }),
    poll.rounds.map((r) => h("th", { text: r.label })),
    moves ? MOVES.map((m) => h("th", { text: t(`poll.move.${m}`) })) : null);
  const body = depts.map((dept) => h("tr", { testid: `poll-dept-${dept}` },
    h("th", { style: { "--dept": ctx.dept(dept)?.color ?? "#94a3b8" } }, h("span", { class: "dot" }), deptName(ctx, dept)),
    rounds.map((r) => h("td", { text: r?.[dept] ? formatScore(r[dept].average, lang) : "—" })),
    moves ? MOVES.map((m) => h("td", { text: String(moves[dept]?.[m] ?? "—") })) : null));
  return h("table", { class: "poll-departments", testid: "poll-by-department" }, h("thead", {}, head), h("tbody", {}, body));
}

/** The "why" comments: grouped by movement when comparing, else per round. Anonymous. @param {PollView} poll */
function drawComments(poll) {
  const el = h("div", { class: "poll-comments", testid: "poll-comments" });
  // Grouped by movement when the hub gives them so; else (no comparison, or too few people in
  // both rounds, E4) per round, for the rounds with enough answers.
  const byMove = poll.comparison?.comments ?? null;
  /** @type {[string, string, string[]][]} */
  const groups = byMove
    ? MOVES.map((m) => [`poll-comments-${m}`, t(`poll.why.${m}`), byMove[m] ?? []])
    : poll.rounds.map((r, i) => [`poll-comments-${i}`, t("poll.why.round", { label: r.label }), r.comments ?? []]);
  for (const [testid, title, comments] of groups) {
    if (!comments.length) continue;
    el.append(h("section", { class: "poll-comment-group", testid },
      h("h5", { text: title }), h("ul", {}, comments.map((c) => h("li", { text: c })))));
  }
  return el;
}
