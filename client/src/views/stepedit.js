// The rules of one agenda entry (PROTOCOL.md E8), in the facilitator's agenda draft: whether
// the entry sets the room at all, who writes in its block, whether notes are private, the
// other blocks locked, a dot vote, a poll round, what the projector shows, stopping at 0:00,
// the chime, and what moving on does. It edits the draft entry's copy of the step; the agenda
// block's "Save agenda" sends it (views/agenda.js).

import { t } from "../i18n.js";
import { END_ACTIONS, newStep, newStepVote } from "../steps.js";
import { MAX_DOTS, MAX_TITLE } from "../protocol.gen.js";
import { clear, h } from "./dom.js";

/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").StepSettings} StepSettings */
/** @typedef {import("../types.js").StepVote} StepVote */
/**
 * @typedef {{id: string, title: string, minutes: number, block: string | null,
 *   step: StepSettings | null, spareVote: StepVote | null, rulesOpen: boolean}} DraftEntry
 *   `spareVote`: the vote the facilitator unticked, kept so that ticking it again keeps its id
 *   (and the dots cast in it, when the step ran before).
 */

/** What the projector may be told to show, "" leaving it as it is. */
const SCREENS = /** @type {const} */ (["", "follow", "block", "results", "join"]);

/**
 * The rules panel of one draft entry. `draw()` again when the entry's block changes.
 * @param {DraftEntry} entry @param {{board: () => Board, newId: (prefix: string) => string}} ctx
 */
export function stepEditor(entry, ctx) {
  const el = h("div", { class: "step-editor", testid: "step-editor" });
  const draw = () => {
    const focused = document.activeElement instanceof HTMLElement && el.contains(document.activeElement)
      ? document.activeElement.dataset.testid : undefined;
    clear(el);
    fill(el, entry, ctx, draw);
    if (focused) /** @type {HTMLElement | null} */ (el.querySelector(`[data-testid="${focused}"]`))?.focus();
  };
  draw();
  return { el, draw };
}

/**
 * @param {HTMLElement} el @param {DraftEntry} entry
 * @param {{board: () => Board, newId: (prefix: string) => string}} ctx @param {() => void} redraw
 */
function fill(el, entry, ctx, redraw) {
  const board = ctx.board();
  el.append(check("step-enabled", t("step.enabled"), entry.step !== null, (on) => {
    entry.step = on ? { ...newStep(), blocks: entry.block ? [entry.block] : [] } : null;
    redraw();
  }, "step-enabled"));
  const step = entry.step;
  if (!step) {
    el.append(h("p", { class: "step-hint", text: t("step.enabled.hint") }));
    return;
  }
  const hasBlock = entry.block !== null;

  // Who writes, private notes, the other blocks.
  const writers = /** @type {HTMLSelectElement} */ (h("select", { class: "step-input", testid: "step-writers",
    on: { change: () => {
      const v = writers.value;
      step.writers = v.startsWith("dept:") ? "department" : /** @type {"everyone" | "nobody"} */ (v);
      step.department = v.startsWith("dept:") ? v.slice(5) : null;
    } } },
    h("option", { value: "everyone", text: t("step.writers.everyone"), selected: step.writers === "everyone" }),
    board.departments.map((d) => h("option", { value: `dept:${d.id}`, text: t("step.writers.department", { dept: d.name }),
      selected: step.writers === "department" && step.department === d.id })),
    h("option", { value: "nobody", text: t("step.writers.nobody"), selected: step.writers === "nobody" })));
  const visibility = /** @type {HTMLSelectElement} */ (h("select", { class: "step-input", testid: "step-visibility",
    on: { change: () => { step.visibility = /** @type {StepSettings["visibility"]} */ (visibility.value); } } },
    ["public", "own", "department", "pair", "four"].map((v) => h("option", { value: v,
      text: t(`step.visibility.${/** @type {StepSettings["visibility"]} */ (v)}`), selected: step.visibility === v }))));
  const circles = /** @type {HTMLSelectElement} */ (h("select", { class: "step-input", testid: "step-circles",
    on: { change: () => { step.circles = circles.value === "within" ? "within" : "across"; } } },
    ["across", "within"].map((v) => h("option", { value: v, text: t(`step.circles.${/** @type {"across" | "within"} */ (v)}`),
      selected: (step.circles ?? "across") === v }))));
  el.append(h("div", { class: "step-line" },
    field(t("step.writers"), writers), field(t("step.visibility"), visibility), field(t("step.circles"), circles),
    check("step-lock-others", t("step.lock_others"), step.lock_others, (on) => { step.lock_others = on; })));

  // The dot vote.
  const vote = step.vote;
  const budget = /** @type {HTMLInputElement} */ (h("input", { class: "step-input step-number", type: "number", testid: "step-vote-budget",
    min: "1", max: String(MAX_DOTS), step: "1", value: String(vote?.budget ?? 3), disabled: !vote,
    on: { input: () => {
      const n = Math.round(Number(budget.value));
      if (step.vote && n >= 1 && n <= MAX_DOTS) step.vote.budget = n;
    } } }));
  el.append(h("div", { class: "step-line" },
    check("step-vote", t("step.vote"), vote !== null, (on) => {
      if (on) step.vote = entry.spareVote ?? newStepVote(ctx.newId("vote"));
      else { entry.spareVote = step.vote; step.vote = null; }
      redraw();
    }, undefined, !hasBlock && !vote),
    h("label", { class: "step-field" }, budget, h("span", { text: t("step.vote.budget") })),
    check("step-vote-own", t("step.vote.own"), vote?.own_items === false, (on) => { if (step.vote) step.vote.own_items = !on; }, undefined, !vote),
    check("step-vote-shuffle", t("step.vote.shuffle"), Boolean(vote?.shuffle), (on) => { if (step.vote) step.vote.shuffle = on; }, undefined, !vote)));

  // The poll round.
  const polls = Object.values(board.polls ?? {});
  const poll = /** @type {HTMLSelectElement} */ (h("select", { class: "step-input", testid: "step-poll",
    on: { change: () => {
      step.poll = poll.value ? { poll: poll.value, label: step.poll?.label ?? "" } : null;
      redraw();
    } } },
    h("option", { value: "", text: t("step.poll.none") }),
    polls.map((p) => h("option", { value: p.id, text: p.question, selected: step.poll?.poll === p.id }))));
  const label = /** @type {HTMLInputElement} */ (h("input", { class: "step-input step-label", type: "text", testid: "step-poll-label",
    maxLength: MAX_TITLE, value: step.poll?.label ?? "", placeholder: t("step.poll.label"), disabled: !step.poll,
    attrs: { "aria-label": t("step.poll.label") },
    on: { input: () => { if (step.poll) step.poll.label = label.value.trim(); } } }));
  el.append(h("div", { class: "step-line" }, field(t("step.poll"), poll), label));

  // The projector, 0:00.
  const screen = /** @type {HTMLSelectElement} */ (h("select", { class: "step-input", testid: "step-screen",
    on: { change: () => { step.screen = /** @type {StepSettings["screen"]} */ (screen.value || null); } } },
    SCREENS.map((v) => h("option", { value: v, text: t(v ? `step.screen.${v}` : "step.screen.leave"), selected: (step.screen ?? "") === v }))));
  el.append(h("div", { class: "step-line" }, field(t("step.screen"), screen),
    check("step-pause", t("step.pause"), step.pause_at_zero, (on) => { step.pause_at_zero = on; }),
    check("step-chime", t("step.chime"), step.chime, (on) => { step.chime = on; }),
    check("step-done-reset", t("step.done_reset"), step.done_reset, (on) => { step.done_reset = on; })));

  // Moving on.
  el.append(h("div", { class: "step-line step-end" }, h("span", { class: "step-field-label", text: t("step.end") }),
    END_ACTIONS.map((action) => check(`step-end-${action}`, t(`step.end.${action}`), step.end.includes(action), (on) => {
      step.end = END_ACTIONS.filter((a) => (a === action ? on : step.end.includes(a)));
    }))));
  if (!hasBlock) el.append(h("p", { class: "step-hint", text: t("step.needs.block") }));
}

/**
 * A labelled checkbox.
 * @param {string} testid @param {string} text @param {boolean} checked @param {(on: boolean) => void} change
 * @param {string} [cls] @param {boolean} [disabled]
 */
function check(testid, text, checked, change, cls, disabled = false) {
  const box = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", testid, checked, disabled,
    on: { change: () => change(box.checked) } }));
  return h("label", { class: `step-check${cls ? ` ${cls}` : ""}${disabled ? " is-disabled" : ""}` }, box, h("span", { text }));
}

/** @param {string} text @param {HTMLElement} control */
function field(text, control) {
  return h("label", { class: "step-field" }, h("span", { class: "step-field-label", text }), control);
}
