// The cards a phone shows for a block: its open poll rounds, its dot vote, and the form to
// write into it. One keyed list, so a card someone is typing in survives live updates.

import { Keyed } from "./context.js";
import { PollCard } from "./poll.js";
import { VoteCard } from "./vote.js";
import { WriteCard } from "./write.js";
import { pollsOfBlock, voteOfBlock, writeKind } from "./now.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */
/** @typedef {import("../types.js").Block} Block */
/** @typedef {[string, any]} CardEntry a key ("poll:<id>", "vote:<id>", "write:<block>") and its view */

/**
 * The cards of a block, in the order a participant acts: polls, the vote, writing.
 * @param {import("../types.js").Board} board @param {Block} block @returns {CardEntry[]}
 */
export function cardsOf(board, block) {
  /** @type {CardEntry[]} */
  const out = pollsOfBlock(board, block.id).map((poll) => [`poll:${poll.id}`, poll]);
  const vote = voteOfBlock(board, block.id);
  if (vote) out.push([`vote:${vote.id}`, vote]);
  if (writeKind(block.kind)) out.push([`write:${block.id}`, block]);
  return out;
}

/**
 * A keyed list of cards inside `parent`.
 * @param {PhoneCtx} ctx @param {HTMLElement} parent @returns {Keyed<any>}
 */
export function cardList(ctx, parent) {
  return new Keyed(parent, (key) => {
    const [kind, id] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
    /** @type {import("./context.js").Part<any>} */
    const card = kind === "poll" ? new PollCard(ctx, id) : kind === "vote" ? new VoteCard(ctx, id) : new WriteCard(ctx, id);
    return card;
  });
}
