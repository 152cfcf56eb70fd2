// Agenda steps (PROTOCOL.md E8) as the client reads them: a step's rules in one line for the
// agenda table, what the current step asks of one person (the participant's banner), how far
// the day runs over its plan, when the projector chimes, and each voter's own order of a
// shuffled vote's items. Pure: no DOM, no store; the views ask, these answer.

import { actualMs, allowedMs, currentEntry, remainingMs } from "./clock.js";
import { t as translate } from "./i18n.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Agenda} Agenda */
/** @typedef {import("./types.js").AgendaItem} AgendaItem */
/** @typedef {import("./types.js").StepSettings} StepSettings */
/** @typedef {import("./types.js").StepVote} StepVote */
/** @typedef {typeof translate} Translate */
/** @typedef {StepSettings["end"][number]} EndAction */
/**
 * @typedef {{entry: string, title: string, parts: string[], writers: StepSettings["writers"],
 *   visibility: StepSettings["visibility"], timeUp: boolean}} StepAsks
 *   What the current step asks of one person: `parts` in the order they read them.
 */

/** Every end action, in the order the editor and the summary list them. */
export const END_ACTIONS = /** @type {const} */ (["reveal", "close_vote", "close_round", "reveal_poll", "lock"]);

/** A vote a step opens, as the protocol's defaults have it (StepVote, E8). */
export const VOTE_BUDGET = 3;

/** A new step: the protocol's defaults (protocol/ops.py StepSettings). @returns {StepSettings} */
export function newStep() {
  return {
    blocks: [], writers: "everyone", department: null, visibility: "public", circles: "across", vote: null, poll: null,
    lock_others: true, screen: null, done_reset: true, pause_at_zero: false, chime: false, end: [],
  };
}

/** A new step vote with its id. @param {string} id @returns {StepVote} */
export function newStepVote(id) {
  return { id, budget: VOTE_BUDGET, max_per_item: 3, live: false, own_items: true, shuffle: false };
}

/** A deep copy of a step (a draft edits its copy, never the board's). @param {StepSettings | null | undefined} step */
export function copyStep(step) {
  return step ? /** @type {StepSettings} */ (structuredClone(step)) : null;
}

/** Does any entry of the agenda carry a step? @param {Agenda | null | undefined} agenda */
export function hasSteps(agenda) {
  return Boolean(agenda?.items.some((e) => e.step));
}

/**
 * Is the day over: nothing current, and time was spent on the agenda (its last entry was
 * left with "Next")? As the agenda block says "The agenda is done".
 * @param {Agenda | null | undefined} agenda
 */
export function dayOver(agenda) {
  return Boolean(agenda && agenda.current == null && agenda.items.some((e) => e.actual_ms > 0));
}

/**
 * The entry "Next" runs and what it is: "start" before the day, "next", or "finish" on the
 * last entry. Null when there is nothing to press for (no entries, the day is over).
 * @param {Agenda | null | undefined} agenda
 * @returns {{verb: "start" | "next" | "finish", entry: AgendaItem} | null}
 */
export function nextMove(agenda) {
  if (!agenda || !agenda.items.length || dayOver(agenda)) return null;
  const index = agenda.items.findIndex((e) => e.id === agenda.current);
  if (index < 0) return { verb: "start", entry: agenda.items[0] };
  const following = agenda.items[index + 1];
  return following ? { verb: "next", entry: following } : { verb: "finish", entry: agenda.items[index] };
}

/** @param {Board} board @param {string | null | undefined} id */
function deptName(board, id) {
  return board.departments.find((d) => d.id === id)?.name ?? id ?? "";
}

/**
 * A step's rules in one line, for everyone reading the agenda: "Sales writes · private per
 * department · vote: 3 dots · then reveal".
 * @param {StepSettings} step @param {Board} board @param {Translate} [t]
 */
export function stepSummary(step, board, t = translate) {
  /** @type {string[]} */
  const parts = [];
  if (step.writers === "department") parts.push(t("step.sum.writers.department", { dept: deptName(board, step.department) }));
  else parts.push(t(step.writers === "nobody" ? "step.sum.writers.nobody" : "step.sum.writers.everyone"));
  if (step.visibility === "own") parts.push(t("step.sum.private.own"));
  if (step.visibility === "department") parts.push(t("step.sum.private.department"));
  if (step.visibility === "pair" || step.visibility === "four") parts.push(t(`step.sum.private.${step.visibility}`));
  if (step.vote) parts.push(t("step.sum.vote", { n: step.vote.budget }));
  if (step.poll) parts.push(step.poll.label ? t("step.sum.poll", { label: step.poll.label }) : t("step.sum.poll.any"));
  if (step.screen === "results") parts.push(t("step.sum.screen.results"));
  if (step.screen === "join") parts.push(t("step.sum.screen.join"));
  if (step.pause_at_zero) parts.push(t("step.sum.pause"));
  const end = END_ACTIONS.filter((a) => step.end.includes(a));
  if (end.length) parts.push(t("step.sum.then", { actions: end.map((a) => t(`step.sum.end.${a}`)).join(", ") }));
  return parts.join(" · ");
}

/**
 * What the current step asks of this person, read off the board as it is now (a block the
 * facilitator unlocked by hand since reads as open): who writes in the step's block, whether
 * their notes are private, the vote and the poll round it opened, and "time is up" once a
 * `pause_at_zero` step's time is spent. Null when no step is current.
 * @param {Board} board @param {{id: string, department?: string | null}} you @param {number} serverNow
 * @param {Translate} [t] @returns {StepAsks | null}
 */
export function stepAsks(board, you, serverNow, t = translate) {
  const entry = currentEntry(board.agenda);
  const step = entry?.step;
  if (!entry || !step || !board.agenda) return null;
  const blockId = step.blocks.find((b) => Object.hasOwn(board.blocks, b)) ?? null;
  const block = blockId ? board.blocks[blockId] : null;
  /** @type {StepSettings["writers"]} */
  let writers = step.writers;
  let writerDept = step.writers === "department" ? step.department : null;
  /** @type {StepSettings["visibility"]} */
  let visibility = step.visibility;
  if (block) {
    writerDept = block.writers ?? null;
    writers = board.locked || block.locked ? "nobody" : writerDept != null ? "department" : "everyone";
    visibility = block.private ?? "public";
  }
  const remaining = remainingMs(board.agenda, serverNow);
  const timeUp = Boolean(step.pause_at_zero && remaining !== null && remaining <= 0);
  /** @type {string[]} */
  const parts = [];
  // Once the time is up the hub takes no notes, dots or answers from participants: "wait"
  // replaces what the step asked them to do.
  if (timeUp) parts.push(t("step.banner.timeup"));
  else if (writers === "nobody") parts.push(t("step.banner.write.nobody"));
  else if (block && writers === "department") {
    parts.push(writerDept === (you.department ?? null) ? t("step.banner.write.yours") : t("step.banner.write.other", { dept: deptName(board, writerDept) }));
  } else if (block) parts.push(t("step.banner.write.you"));
  if (visibility === "own") parts.push(t("step.banner.private.own"));
  if (visibility === "department") parts.push(t("step.banner.private.department"));
  if ((visibility === "pair" || visibility === "four") && block) {
    const names = circleNames(board, block, you.id, visibility);
    parts.push(names.length ? t(`step.banner.private.${visibility}`, { names: names.join(", ") }) : t("step.banner.private.alone"));
  }
  const vote = step.vote ? board.votes?.[step.vote.id] : undefined;
  if (vote?.open && !timeUp) parts.push(t(vote.own_items === false ? "step.banner.vote.notown" : "step.banner.vote", { n: vote.budget }));
  const poll = step.poll ? board.polls?.[step.poll.poll] : undefined;
  const round = poll?.rounds.at(-1);
  if (round?.open && !timeUp) parts.push(t("step.banner.poll", { label: round.label }));
  return { entry: entry.id, title: entry.title, parts, writers, visibility, timeUp };
}

/**
 * E9, 1-2-4-All: the names of the others in this person's pair (four) in the block, as the
 * block's `circles` place them and the roster names them; empty when the hub placed them
 * nowhere (they had not written yet).
 * @param {Board} board @param {import("./types.js").Block} block @param {string} youId @param {"pair" | "four"} circle
 * @returns {string[]}
 */
export function circleNames(board, block, youId, circle) {
  const circles = block.circles ?? {};
  const mine = circles[youId];
  if (!mine) return [];
  return Object.entries(circles)
    .filter(([id, c]) => id !== youId && c[circle] === mine[circle])
    .map(([id]) => board.people?.[id]?.name ?? board.roster?.[id]?.name ?? "?")
    .sort((a, b) => a.localeCompare(b));
}

/**
 * How far the day runs over its plan (ms; 0 or less: on plan), null when no entry is current:
 * the time spent so far, plus what is left of the current entry and every later one (time the
 * facilitator added counts: it is time the day will take), against the planned minutes of the
 * whole agenda. An earlier entry that was skipped gives its time back; an entry that overran
 * adds its overrun.
 * @param {Agenda | null | undefined} agenda @param {number} serverNow
 */
export function dayOverrunMs(agenda, serverNow) {
  if (!agenda) return null;
  const index = agenda.items.findIndex((e) => e.id === agenda.current);
  if (index < 0) return null;
  let spent = 0;
  let ahead = 0;
  let planned = 0;
  agenda.items.forEach((e, i) => {
    const actual = actualMs(agenda, e, serverNow);
    spent += actual;
    planned += Math.round(e.minutes * 60000);
    if (i >= index) ahead += Math.max(0, allowedMs(e) - actual);
  });
  return spent + ahead - planned;
}

/**
 * The projector's chime (E8 `chime`): due when the step of the entry watched on the last tick
 * is still current, its time went from above 0 to 0 or below between the two ticks, and this
 * entry has not chimed yet (once per entry). A page that opens after 0:00 never chimes.
 * @param {{entry: string | null, remaining: number | null}} before the last tick
 * @param {{entry: string | null, remaining: number | null, chime: boolean}} now
 * @param {ReadonlySet<string>} chimed entries that already chimed on this page
 */
export function chimeDue(before, now, chimed) {
  return Boolean(now.chime && now.entry !== null && before.entry === now.entry && !chimed.has(now.entry)
    && before.remaining !== null && now.remaining !== null && before.remaining > 0 && now.remaining <= 0);
}

/** FNV-1a (32 bits) of a string's UTF-8 bytes. @param {string} text */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Murmur3's finalizer: every input bit moves every output bit. FNV-1a alone barely mixes its
 * last byte, so ids that differ only at the end ("sw-1", "sw-2") would keep nearly the same
 * order for every voter.
 * @param {number} hash
 */
export function mix32(hash) {
  let h = hash >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A shuffled vote's items in this voter's own order (E8 `shuffle`): by the hash (FNV-1a,
 * mixed) of "voter:item", so the same voter always sees the same order, on every device, and
 * two voters different ones; an item added later lands in its place without moving the others.
 * @param {string} voterId @param {readonly string[]} itemIds @returns {string[]}
 */
export function shuffledFor(voterId, itemIds) {
  return itemIds.map((id) => /** @type {[number, string]} */ ([mix32(fnv1a(`${voterId}:${id}`)), id]))
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([, id]) => id);
}

/**
 * `shuffledFor` for a list where groups are followed by their members (votes.js
 * votableItems): the groups and loose items are shuffled, each group's members shuffled
 * under it.
 * @template {{id: string, kind: string, group?: string | null}} T
 * @param {string} voterId @param {readonly T[]} items @returns {T[]}
 */
export function shuffledKeepingGroups(voterId, items) {
  const byId = new Map(items.map((it) => [it.id, it]));
  const groups = new Set(items.filter((it) => it.kind === "group").map((it) => it.id));
  const inGroup = (/** @type {T} */ it) => it.group != null && groups.has(it.group);
  const pick = (/** @type {string[]} */ ids) => ids.map((id) => /** @type {T} */ (byId.get(id)));
  const top = pick(shuffledFor(voterId, items.filter((it) => !inGroup(it)).map((it) => it.id)));
  return top.flatMap((it) => (it.kind === "group"
    ? [it, ...pick(shuffledFor(voterId, items.filter((m) => inGroup(m) && m.group === it.id).map((m) => m.id)))]
    : [it]));
}

/**
 * The step an `agenda.set` sends for a draft entry: its first block is the entry's block
 * (`blocks[0]`), and what no longer exists on the board is dropped (a block, department or
 * poll removed since the step was written), so saving titles is never refused for it. A
 * vote needs a block: `problem: "vote_needs_block"` then.
 * @param {StepSettings} step @param {string | null} block the entry's block @param {Board} board
 * @returns {{step: StepSettings, problem: "vote_needs_block" | null}}
 */
export function stepToSave(step, block, board) {
  const out = /** @type {StepSettings} */ (structuredClone(step));
  const exists = (/** @type {string} */ id) => Object.hasOwn(board.blocks, id);
  const rest = step.blocks.slice(1).filter((b) => b !== block && exists(b));
  out.blocks = block && exists(block) ? [block, ...rest] : rest;
  if (out.writers === "department" && !board.departments.some((d) => d.id === out.department)) {
    out.writers = "everyone";
  }
  if (out.writers !== "department") out.department = null;
  if (out.poll && !Object.hasOwn(board.polls ?? {}, out.poll.poll)) out.poll = null;
  out.end = END_ACTIONS.filter((a) => step.end.includes(a));
  return { step: out, problem: out.vote && !out.blocks.length ? "vote_needs_block" : null };
}
