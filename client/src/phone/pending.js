// What a phone has sent and what is still on its way. Exercise ops change nothing on the
// replica until the hub's `applied` carries the new views (E1), so a phone shows its own answer,
// dots and "I'm done" from the store's pending queue until then: "waiting for connection…"
// while offline, "sending…" while live, "sent ✓" once acknowledged (O3). Pure.

/** @typedef {import("../types.js").Board} Board */
/** @typedef {import("../types.js").Op} Op */
/** @typedef {import("../types.js").VoteView} VoteView */
/** @typedef {{cid: string, op: Op, sent?: boolean}} PendingOp */
/** @typedef {"sent" | "sending" | "waiting"} Delivery */

/**
 * Where a submission is: acknowledged, on the wire, or kept until the connection is back.
 * @param {boolean} pending its op is not acknowledged yet @param {boolean} live the connection is joined
 * @returns {Delivery}
 */
export function delivery(pending, live) {
  if (!pending) return "sent";
  return live ? "sending" : "waiting";
}

/**
 * The newest unacknowledged answer to a poll (answering again replaces it, E3), or null.
 * @param {readonly PendingOp[]} pending @param {string} pollId
 * @returns {{score: number, comment: string} | null}
 */
export function pendingAnswer(pending, pollId) {
  for (let i = pending.length - 1; i >= 0; i -= 1) {
    const op = pending[i].op;
    if (op.kind === "poll.answer" && op.poll === pollId) return { score: op.score, comment: op.comment ?? "" };
  }
  return null;
}

/**
 * This person's dots in a vote, counting the casts still on their way: per item and left of
 * the budget. A view that never carried `mine` means no dots yet (E2).
 * @param {VoteView} vote @param {readonly PendingOp[]} pending
 * @returns {{dots: Record<string, number>, left: number, inFlight: number}}
 */
export function dotsOf(vote, pending) {
  const dots = { ...(vote.mine?.dots ?? {}) };
  let left = vote.mine?.left ?? vote.budget;
  let inFlight = 0;
  for (const { op } of pending) {
    if (op.kind !== "vote.cast" || op.vote !== vote.id) continue;
    dots[op.item] = (dots[op.item] ?? 0) + op.delta;
    left -= op.delta;
    inFlight += 1;
  }
  return { dots, left, inFlight };
}

/**
 * Why one more dot on an item would be refused (E2), or null: the same answer the hub will
 * give, so a sure "no" is said at once, offline too. The hub still decides.
 * @param {VoteView} vote @param {{dots: Record<string, number>, left: number}} mine @param {string} itemId
 * @returns {"closed" | "budget" | "max" | null}
 */
export function castBlocked(vote, mine, itemId) {
  if (!vote.open) return "closed";
  if (mine.left <= 0) return "budget";
  if ((mine.dots[itemId] ?? 0) >= vote.max_per_item) return "max";
  return null;
}

/**
 * Is this person done (E6)? Their newest unacknowledged `done.set` wins over the board.
 * @param {Board} board @param {string} youId @param {readonly PendingOp[]} pending
 */
export function isDone(board, youId, pending) {
  for (let i = pending.length - 1; i >= 0; i -= 1) {
    const op = pending[i].op;
    if (op.kind === "done.set") return op.done !== false;
  }
  return Object.prototype.hasOwnProperty.call(board.done ?? {}, youId);
}

/** Ids of items that own unacknowledged ops name (an add, or typing into it). @param {readonly PendingOp[]} pending */
export function unsentItems(pending) {
  const ids = new Set();
  for (const { op } of pending) if (op.kind.startsWith("item.") && typeof op.id === "string") ids.add(op.id);
  return ids;
}
