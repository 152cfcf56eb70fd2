// Presentation mode: what the projector (the `screen` role) shows the room. No editor chrome;
// type sized for the back row (item text at least 28 px at 1920x1080 for up to 24 items: the
// layout shrinks, the type does not); the agenda's countdown at least 64 px; vote and poll
// results as large charts; a high-contrast theme; cursors hidden unless the facilitator turns them on.
//
// What it shows is the facilitator's choice, `board.screen` (A7, set from their Present panel,
// so it survives a reload of this page): the canvas following the facilitator's view (A4:
// held on a spotlighted block while there is one), one block as a slide, the join slide (a QR
// code and a short code), or a block's vote or poll results. Cursors are drawn only when the
// facilitator turned them on. Two small switches on the projector itself (J, C) override the
// join slide and the cursors on this screen only, until the facilitator chooses again or the
// page reloads.

import { currentEntry, formatClock, remainingMs, serverClock } from "../clock.js";
import { getLang, t, tk } from "../i18n.js";
import { screenOf } from "../facilitation.js";
import { HIDDEN } from "../reducer.js";
import { itemLabel, voteOfBlock, voteResults } from "../votes.js";
import { formatScore, histogramSvg } from "./charts.js";
import { clear, h, setText, toggleClass } from "./dom.js";
import { everyTick } from "./timer.js";

/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").Item} Item */
/** @typedef {{code: string, url: string, join_url: string, version: number, qr: string}} JoinInfo */

/**
 * How many columns a slide of `n` cards takes on a 16:9 screen, cards about 4:3: 24 cards are
 * 6 x 4, 12 are 4 x 3. The type size stays; the cards get smaller.
 * @param {number} n
 */
export function slideColumns(n) {
  if (n <= 1) return 1;
  if (n <= 3) return n;
  return Math.min(8, Math.ceil(Math.sqrt(n * (16 / 9) * (3 / 4))));
}

/**
 * The item type size on a 1920-wide slide for `n` items (px): larger for few, never under 28.
 * @param {number} n
 */
export function slideFont(n) {
  if (n <= 4) return 44;
  if (n <= 9) return 36;
  if (n <= 16) return 32;
  return 28;
}

/**
 * The join slide's data (`GET /api/boards/{id}/join`, the projector's or facilitator's token).
 * @param {string} boardId @param {string} token @returns {Promise<JoinInfo | null>}
 */
export async function fetchJoinInfo(boardId, token) {
  try {
    const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/join`, {
      headers: { Authorization: `Bearer ${token}` }, cache: "no-store",
    });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** The QR code as an image (the hub made the SVG; CSP allows data: images). @param {JoinInfo} info */
export function qrImage(info) {
  return h("img", {
    class: "join-qr", testid: "join-qr", alt: t("present.join.qr", { url: info.url }),
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(info.qr)}`,
  });
}

/**
 * The join slide: scan the code, or type the short code at <hub>/join.
 * @param {JoinInfo | null} info
 */
export function joinSlide(info) {
  if (!info) return h("div", { class: "join-slide", testid: "join-slide" }, h("p", { class: "join-slide-lead", text: t("present.join.loading") }));
  return h("div", { class: "join-slide", testid: "join-slide" },
    h("h2", { class: "join-slide-title", text: t("present.join.title") }),
    h("div", { class: "join-slide-body" },
      qrImage(info),
      h("div", { class: "join-slide-text" },
        h("p", { class: "join-slide-lead", text: t("present.join.scan") }),
        h("p", { class: "join-slide-lead", text: t("present.join.or") }),
        h("p", { class: "join-slide-url", testid: "join-slide-url", text: info.join_url.replace(/^https?:\/\//, "") }),
        h("p", { class: "join-slide-code", testid: "join-code", attrs: { "aria-label": t("present.join.code.label", { code: info.code.split("").join(" ") }) } },
          info.code.slice(0, 3), h("span", { class: "join-code-gap", attrs: { "aria-hidden": "true" } }), info.code.slice(3)))));
}

export class Presenter {
  /**
   * @param {import("./context.js").Ctx} ctx
   * @param {{app: HTMLElement, stage: HTMLElement, boardId: string, token: string}} options
   */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.options = options;
    /**
     * What someone switched on this projector itself, for now: null follows the facilitator's
     * choice (A7). Never stored: a reload, or the facilitator's next choice, ends it.
     * @type {{join: boolean | null, cursors: boolean | null}}
     */
    this.override = { join: null, cursors: null };
    /** @type {string | null} the facilitator's choice the overrides were made against */
    this.chosen = null;
    try { localStorage.removeItem(`crossboard:present:${options.boardId}`); } catch { /* the switches this projector once kept */ }
    options.app.classList.add("presenting");
    this.title = h("h2", { class: "present-title", testid: "present-title" });
    this.countdown = h("span", { class: "present-countdown", testid: "present-timer", attrs: { role: "timer" } });
    this.entry = h("span", { class: "present-entry", testid: "present-entry" });
    this.timer = h("div", { class: "present-timer hidden" }, this.entry, this.countdown);
    this.bar = h("header", { class: "present-bar", testid: "present-bar" }, this.title, this.timer);
    this.body = h("div", { class: "present-body" });
    this.slide = h("section", { class: "present-slide hidden", testid: "present-slide", attrs: { "aria-live": "polite" } }, this.body);
    this.switchLabel = h("span", { class: "present-switches-label", testid: "present-switches-label", attrs: { "aria-hidden": "true" } });
    this.joinButton = h("button", { class: "present-switch", type: "button", testid: "present-join-toggle", on: { click: () => this.toggle("join") } });
    this.cursorButton = h("button", { class: "present-switch", type: "button", testid: "present-cursors-toggle", on: { click: () => this.toggle("cursors") } });
    this.switches = h("div", { class: "present-switches", testid: "present-switches", attrs: { role: "group" } }, this.switchLabel, this.joinButton, this.cursorButton);
    options.stage.append(this.slide, this.bar, this.switches);
    /** @type {JoinInfo | null} */
    this.join = null;
    /** @type {number | null} the participant link version the join slide was made for */
    this.joinVersion = null;
    this.key = "";
    window.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.target instanceof HTMLInputElement) return;
      if (e.code === "KeyJ") this.toggle("join");
      else if (e.code === "KeyC") this.toggle("cursors");
    });
    everyTick(this.countdown, () => this.drawTimer());
  }

  /**
   * What this projector shows: the facilitator's choice (`board.screen`, A7), unless switched
   * here for now. A new choice of the facilitator's ends the local switches.
   * @param {Board} board
   * @returns {{mode: import("../types.js").ScreenState["mode"], block: string | null, cursors: boolean, local: boolean}}
   */
  shown(board) {
    const screen = screenOf(board);
    const chosen = JSON.stringify(screen);
    if (chosen !== this.chosen) {
      this.chosen = chosen;
      this.override = { join: null, cursors: null };
    }
    const join = this.override.join ?? screen.mode === "join";
    const mode = join ? "join" : screen.mode === "join" ? "follow" : screen.mode;
    return {
      mode, block: join ? null : screen.block, cursors: this.override.cursors ?? screen.cursors,
      local: this.override.join !== null || this.override.cursors !== null,
    };
  }

  /** Switch the join slide or the cursors on this projector only, until the facilitator
   * chooses again or the page reloads. @param {"join" | "cursors"} which */
  toggle(which) {
    const board = this.ctx.board();
    if (!board) return;
    const screen = screenOf(board);
    const chosen = which === "join" ? screen.mode === "join" : screen.cursors;
    const next = !(which === "join" ? this.shown(board).mode === "join" : this.shown(board).cursors);
    this.override[which] = next === chosen ? null : next;
    this.key = "";
    this.render();
  }

  render() {
    const board = this.ctx.board();
    if (!board) return;
    const shown = this.shown(board);
    const version = board.links?.participant ?? 1;
    if (shown.mode === "join" && this.joinVersion !== version) {
      this.joinVersion = version;
      this.join = null;
      fetchJoinInfo(this.options.boardId, this.options.token).then((info) => {
        this.join = info;
        this.key = "";
        this.render();
      });
    }
    toggleClass(this.options.app, "show-cursors", shown.cursors);
    this.options.app.dataset.screen = shown.mode;
    for (const [button, on, key] of /** @type {const} */ ([[this.joinButton, shown.mode === "join", "join"], [this.cursorButton, shown.cursors, "cursors"]])) {
      setText(button, t(`present.switch.${key}`));
      button.setAttribute("aria-pressed", String(on));
    }
    setText(this.switchLabel, t("present.switch.local"));
    this.switches.setAttribute("aria-label", t("present.switches"));
    toggleClass(this.switches, "is-local", shown.local);
    this.drawTimer();
    const block = shown.block ? board.blocks[shown.block] ?? null : null;
    const spot = board.spotlight ? board.blocks[board.spotlight] ?? null : null;
    const key = `${board.seq}|${shown.mode}|${shown.block}|${board.spotlight}|${this.join?.code}|${getLang()}|${JSON.stringify(board.votes ?? {}).length}|${JSON.stringify(board.polls ?? {})}`;
    if (key === this.key) return;
    this.key = key;
    clear(this.body);
    if (shown.mode === "join") {
      setText(this.title, board.title);
      this.body.append(joinSlide(this.join));
      this.show(true, "join");
    } else if (shown.mode === "block" && block) {
      setText(this.title, block.title);
      this.body.append(this.blockSlide(board, block));
      this.show(true, "block", block);
    } else if (shown.mode === "results" && block) {
      setText(this.title, t("present.results.title", { title: block.title }));
      this.body.append(this.resultsSlide(board, block));
      this.show(true, "results", block);
    } else {
      // The facilitator's view (A4): the canvas, held on a spotlighted block while there is one.
      setText(this.title, spot ? spot.title : board.title);
      this.show(false, "follow");
    }
  }

  /** @param {boolean} on @param {string} what @param {Block | null} [block] */
  show(on, what, block = null) {
    toggleClass(this.slide, "hidden", !on);
    this.slide.dataset.show = what;
    if (block) this.slide.dataset.block = block.id; else delete this.slide.dataset.block;
    this.options.app.dataset.present = on ? "slide" : "follow";
    this.slide.setAttribute("aria-label", this.title.textContent ?? "");
  }

  drawTimer() {
    const agenda = this.ctx.board()?.agenda;
    const entry = currentEntry(agenda);
    const remaining = remainingMs(agenda, serverClock.now());
    const shown = Boolean(entry && remaining !== null);
    toggleClass(this.timer, "hidden", !shown);
    if (!shown || remaining === null || !entry || !agenda) return;
    setText(this.entry, entry.title);
    setText(this.countdown, remaining >= 0 ? formatClock(remaining) : t("timer.over", { time: formatClock(-remaining, { up: true }) }));
    this.countdown.dataset.remainingMs = String(Math.round(remaining));
    toggleClass(this.timer, "is-over", remaining < 0);
    toggleClass(this.timer, "is-paused", !agenda.running);
  }

  /** The block the facilitator put on the screen, as a slide: its content. @param {Board} board @param {Block} block */
  blockSlide(board, block) {
    const items = Object.values(board.items).filter((it) => it.block === block.id);
    switch (block.kind) {
      case "poll": return this.pollSlide(board, block);
      case "agenda": return this.agendaSlide(board);
      case "swot": return this.swotSlide(board, items);
      case "action_plan": return this.actionSlide(board, items);
      case "goal_tree": return this.cards(board, goalOrder(items));
      default: return this.cards(board, items.filter((it) => it.kind !== HIDDEN).sort((a, b) => (a.y ?? 0) - (b.y ?? 0) || (a.x ?? 0) - (b.x ?? 0)), hiddenCount(items));
    }
  }

  /** Cards in a grid sized to fit: the type keeps its size. @param {Board} board @param {Item[]} items @param {number} [hidden] */
  cards(board, items, hidden = 0) {
    const n = items.length + (hidden ? 1 : 0);
    const grid = h("div", { class: "present-cards", testid: "present-cards", style: { "--cols": String(slideColumns(n)), "--rows": String(Math.max(1, Math.ceil(n / slideColumns(n)))), "--f": String(slideFont(n)) } });
    for (const it of items) grid.append(this.card(board, it));
    if (hidden) grid.append(h("div", { class: "present-card is-hidden", testid: "present-card" }, h("p", { class: "present-text", text: t("present.hidden", { n: hidden }) })));
    if (!n) grid.append(h("p", { class: "present-empty", text: t("present.empty") }));
    return grid;
  }

  /** @param {Board} board @param {Item} it */
  card(board, it) {
    const dept = it.kind === "goal" ? null : this.ctx.dept(it.department ?? null); // a goal node belongs to no department
    const card = h("article", { class: `present-card kind-${it.kind}`, testid: "present-card", data: { id: it.id } },
      h("p", { class: "present-text", testid: "present-text", text: itemLabel(it) || "…" }),
      dept ? h("p", { class: "present-dept", text: dept.name }) : null);
    if (dept) card.style.setProperty("--dept", dept.color);
    return card;
  }

  /** @param {Board} board @param {Item[]} items */
  swotSlide(board, items) {
    const quadrants = /** @type {const} */ (["S", "W", "O", "T"]);
    const n = items.filter((it) => it.kind === "swot").length;
    const grid = h("div", { class: "present-swot", style: { "--f": String(Math.min(36, slideFont(n))) } });
    for (const q of quadrants) {
      const mine = items.filter((it) => it.kind === "swot" && it.quadrant === q).sort((a, b) => (a.order < b.order ? -1 : 1));
      grid.append(h("section", { class: `present-quadrant q-${q}` },
        h("h3", { class: "present-quadrant-title", text: t(`swot.${q}`) }),
        h("ul", { class: "present-list" }, mine.map((it) => {
          const dept = this.ctx.dept(it.department);
          return h("li", { class: "present-text", testid: "present-text", data: { id: it.id } }, itemLabel(it), dept ? h("span", { class: "present-dept inline", text: ` · ${dept.name}` }) : null);
        }))));
    }
    // Private writing (a step's SWOT by department): the room sees how much is written, not what.
    const hidden = hiddenCount(items);
    if (hidden) grid.append(h("p", { class: "present-private-count", testid: "present-hidden", text: t("present.hidden.items", { n: hidden }) }));
    return grid;
  }

  /** @param {Board} board @param {Item[]} items */
  actionSlide(board, items) {
    const actions = items.filter((it) => it.kind === "action").sort((a, b) => (a.order < b.order ? -1 : 1));
    const list = h("ol", { class: "present-actions", style: { "--f": String(slideFont(actions.length)) } });
    for (const a of actions) {
      const owners = (a.owners ?? []).map((/** @type {string} */ d) => this.ctx.dept(d)?.name ?? d).join(", ");
      list.append(h("li", { class: "present-action", data: { id: a.id } },
        h("span", { class: "present-text", testid: "present-text", text: a.title || "…" }),
        h("span", { class: "present-meta", text: [owners, a.due ?? "", tk(`action.status.${a.status}`)].filter(Boolean).join(" · ") })));
    }
    if (!actions.length) list.append(h("li", { class: "present-empty", text: t("present.empty") }));
    return list;
  }

  /**
   * A block's results as large charts: its poll's rounds (a poll block, or a block with a poll
   * and no vote), else its dot vote's ranked bars — or, while a vote hides its totals until it
   * closes, how many dots are placed so far.
   * @param {Board} board @param {Block} block
   */
  resultsSlide(board, block) {
    const items = Object.values(board.items).filter((it) => it.block === block.id);
    const vote = voteOfBlock(board, block.id);
    const hasPoll = Object.values(board.polls ?? {}).some((p) => p.block === block.id);
    if (hasPoll && (block.kind === "poll" || !vote)) return this.pollSlide(board, block);
    if (vote && vote.totals) return this.voteSlide(board, block, vote, items);
    if (vote) {
      return h("div", { class: "present-results is-waiting", testid: "present-results", data: { kind: "vote" } },
        h("p", { class: "present-results-lead", text: t("present.vote.open") }),
        h("p", { class: "present-big", testid: "present-dots", text: String(vote.dots_placed) }),
        h("p", { class: "present-results-lead", text: t("present.vote.dots", { n: vote.dots_placed }) }));
    }
    return h("p", { class: "present-empty", testid: "present-no-results", text: t("present.results.none") });
  }

  /** Results of a dot vote: ranked bars, the dots in big numbers. @param {Board} board @param {Block} block @param {import("../types.js").VoteView} vote @param {Item[]} items */
  voteSlide(board, block, vote, items) {
    const rows = voteResults(vote, items, board.departments, "dots").filter((r) => r.item).slice(0, 12);
    const top = Math.max(1, ...rows.map((r) => r.total));
    return h("div", { class: "present-results", testid: "present-results", data: { kind: "vote" } },
      h("p", { class: "present-results-lead", text: vote.open ? t("present.vote.live") : t("present.vote.closed") }),
      h("ol", { class: "present-bars" }, rows.map((r) => h("li", { class: "present-bar-row", testid: "present-result", data: { id: r.id } },
        h("span", { class: "present-text", text: r.item ? itemLabel(r.item) : "" }),
        h("span", { class: "present-bar-track" }, h("span", { class: "present-bar-fill", style: { width: `${(100 * r.total) / top}%` } })),
        h("span", { class: "present-bar-count", text: String(r.total) })))));
  }

  /** A poll: the question, the count of answers, and once revealed the average and histogram. @param {Board} board @param {Block} block */
  pollSlide(board, block) {
    const polls = Object.values(board.polls ?? {}).filter((p) => p.block === block.id);
    const poll = polls.at(-1);
    if (!poll) return h("p", { class: "present-empty", text: t("present.empty") });
    const wrap = h("div", { class: "present-results", testid: "present-results", data: { kind: "poll" } },
      h("p", { class: "present-question", text: poll.question }));
    const rounds = h("div", { class: "present-rounds" });
    for (const [i, round] of poll.rounds.entries()) {
      const figures = poll.revealed && round.histogram;
      rounds.append(h("section", { class: "present-round", testid: "present-round" },
        h("h3", { class: "present-round-label", text: round.label }),
        h("p", { class: "present-round-count", text: t("present.poll.answers", { n: round.responses }) }),
        figures ? h("p", { class: "present-average", testid: "present-average", text: formatScore(round.average, getLang()) }) : null,
        figures ? histogramSvg(/** @type {number[]} */ (round.histogram), poll.low, { average: round.average, label: t("present.poll.histogram", { label: round.label }), tone: i ? "after" : "before" }) : null));
    }
    wrap.append(rounds);
    const cmp = poll.revealed ? poll.comparison : null;
    if (cmp && cmp.raised != null) {
      wrap.append(h("p", { class: "present-compare", text: t("present.poll.moves", { up: cmp.raised ?? 0, down: cmp.lowered ?? 0, same: cmp.kept ?? 0 }) }));
    }
    return wrap;
  }

  /** The agenda: the current entry and its time left, big; the day's entries. @param {Board} board */
  agendaSlide(board) {
    const agenda = board.agenda;
    const list = h("ol", { class: "present-agenda" });
    for (const entry of agenda?.items ?? []) {
      list.append(h("li", { class: `present-text${agenda?.current === entry.id ? " is-current" : ""}` },
        entry.title, h("span", { class: "present-meta", text: ` · ${t("present.minutes", { n: entry.minutes })}` })));
    }
    return list;
  }
}

/** Goal nodes depth first, then notes hung on them. @param {Item[]} items */
function goalOrder(items) {
  const goals = items.filter((it) => it.kind === "goal");
  const ids = new Set(goals.map((g) => g.id));
  /** @type {Map<string | null, Item[]>} */
  const kids = new Map();
  for (const g of goals) {
    const p = g.parent && ids.has(g.parent) ? g.parent : null;
    kids.set(p, [...(kids.get(p) ?? []), g]);
  }
  /** @type {Item[]} */
  const out = [];
  const walk = (/** @type {string | null} */ p) => {
    for (const g of (kids.get(p) ?? []).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1))) {
      out.push(g);
      walk(g.id);
    }
  };
  walk(null);
  return [...out, ...items.filter((it) => it.kind === "note")];
}

/** @param {Item[]} items */
function hiddenCount(items) {
  return items.filter((it) => it.kind === HIDDEN).length;
}
