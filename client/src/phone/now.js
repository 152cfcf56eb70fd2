// What the facilitator asks for now, read off the board (PROTOCOL.md A4, E2, E3, E5): the
// block a phone's "Now" screen shows, the polls and votes open anywhere, what one may write
// in a block. Pure: no DOM, no store; the phone views ask, these answer.

import { actualMs, allowedMs } from "../clock.js";

/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {import("../types.js").AgendaItem} AgendaItem */
/** @typedef {import("../types.js").PollView} PollView */
/** @typedef {import("../types.js").VoteView} VoteView */
/**
 * @typedef {{block: Block | null, source: "spotlight" | "agenda" | null, agendaItem: AgendaItem | null}} Now
 *   `block` is null when nothing is spotlighted and the current agenda item (if any) names no block.
 * @typedef {{kind: "poll", id: string, block: string, poll: PollView}
 *   | {kind: "vote", id: string, block: string, vote: VoteView}} OpenExercise
 * @typedef {"note" | "swot" | "action" | null} WriteKind
 */

/** Block kinds whose items are sticky notes (R4). */
const NOTE_BLOCKS = new Set(["notes", "goal_tree", "perception", "results"]);

/**
 * The block everyone is asked to look at: the spotlight (A4) wins; else the current agenda
 * item's block (E5). The current agenda item comes along either way, for its title and timer.
 * @param {Board} board @returns {Now}
 */
export function nowOf(board) {
  const agenda = board.agenda;
  const agendaItem = agenda?.current ? agenda.items.find((it) => it.id === agenda.current) ?? null : null;
  const spot = board.spotlight ? board.blocks[board.spotlight] : undefined;
  if (spot) return { block: spot, source: "spotlight", agendaItem };
  if (agendaItem) {
    const block = agendaItem.block ? board.blocks[agendaItem.block] ?? null : null;
    return { block, source: "agenda", agendaItem };
  }
  return { block: null, source: null, agendaItem: null };
}

/** The index of a poll's open round (always the last one, E3), or -1. @param {PollView} poll */
export function openRound(poll) {
  const last = poll.rounds.length - 1;
  return last >= 0 && poll.rounds[last].open ? last : -1;
}

/**
 * The polls a block shows: those with an open round, else the newest one (to show "wait for
 * the next round" and one's own answers), in the order the board keeps them.
 * @param {Board} board @param {string} blockId @returns {PollView[]}
 */
export function pollsOfBlock(board, blockId) {
  const polls = Object.values(board.polls ?? {}).filter((p) => p.block === blockId);
  const open = polls.filter((p) => openRound(p) >= 0);
  return open.length ? open : polls.slice(-1);
}

/**
 * The vote a block shows: the open one (one per block, E2), else the newest closed one.
 * @param {Board} board @param {string} blockId @returns {VoteView | null}
 */
export function voteOfBlock(board, blockId) {
  const votes = Object.values(board.votes ?? {}).filter((v) => v.block === blockId);
  return votes.find((v) => v.open) ?? votes[votes.length - 1] ?? null;
}

/**
 * Every poll round and dot vote open now, anywhere on the board: polls first, then votes, each
 * in the order the board keeps them (the order they were created).
 * @param {Board} board @returns {OpenExercise[]}
 */
export function openExercises(board) {
  /** @type {OpenExercise[]} */
  const out = [];
  for (const poll of Object.values(board.polls ?? {})) {
    if (openRound(poll) >= 0 && board.blocks[poll.block]) out.push({ kind: "poll", id: poll.id, block: poll.block, poll });
  }
  for (const vote of Object.values(board.votes ?? {})) {
    if (vote.open && board.blocks[vote.block]) out.push({ kind: "vote", id: vote.id, block: vote.block, vote });
  }
  return out;
}

/**
 * What a phone may add to a block of this kind: a note, a SWOT item (with its quadrant), an
 * action; nothing in poll and agenda blocks.
 * @param {string} blockKind @returns {WriteKind}
 */
export function writeKind(blockKind) {
  if (NOTE_BLOCKS.has(blockKind)) return "note";
  if (blockKind === "swot") return "swot";
  if (blockKind === "action_plan") return "action";
  return null;
}

/**
 * Milliseconds left on an agenda item (E5, E8): planned plus the time the facilitator added,
 * minus banked, minus the running stretch, by the server's clock. Negative once it overran.
 * @param {AgendaItem} item @param {import("../types.js").Agenda} agenda @param {number} serverNow
 */
export function timeLeft(item, agenda, serverNow) {
  return allowedMs(item) - actualMs(agenda, item, serverNow);
}
