// Loads the shared op-sequence vectors (shared/vectors/ops/*.json) for the JS tests.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXERCISE_OPS } from "../src/reducer.js";
import { mineOf } from "../src/votes.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OPS_DIR = join(ROOT, "shared", "vectors", "ops");

/** @returns {{file: string, vector: any}[]} */
export function opVectors() {
  return readdirSync(OPS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, vector: JSON.parse(readFileSync(join(OPS_DIR, file), "utf8")) }));
}

/**
 * Does the client reduce this vector's board itself? Not when it holds exercise ops: their
 * state is the hub's (E1), and the client sees it only as the views its frames carry (the
 * vector's `audience`).
 * @param {any} vector
 */
export function replayedByClient(vector) {
  return !vector.steps.some((/** @type {any} */ step) => EXERCISE_OPS.has(step.op.kind));
}

/**
 * The board with every vote and poll view's `mine` as the client reads it: a view that
 * never carried one means no dots placed (votes.js `mineOf`), and a round with no answer
 * of this person's is null (views/poll.js). A welcome spells these out; a replica fed
 * frames holds them only once its own ballots brought them.
 * @param {any} board
 */
export function asRead(board) {
  const out = structuredClone(board);
  for (const vote of Object.values(out.votes ?? {})) vote.mine = mineOf(/** @type {any} */ (vote));
  for (const poll of /** @type {any[]} */ (Object.values(out.polls ?? {}))) {
    poll.mine = { answers: poll.rounds.map((/** @type {unknown} */ _, /** @type {number} */ i) => poll.mine?.answers?.[i] ?? null) };
  }
  return out;
}

/** The strategy-day board every vector starts from, with no items. */
export function emptyBoard() {
  const [first] = opVectors();
  return structuredClone({ ...first.vector.board, items: {}, seq: 0 });
}
