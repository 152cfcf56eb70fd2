// The shared op-sequence vectors: same ops in, same board out, as the Python reducer (V2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { EXERCISE_OPS, HIDDEN, apply, check, cloneBoard } from "../src/reducer.js";
import { MAX_EXERCISES } from "../src/protocol.gen.js";
import { Store } from "../src/store.js";
import { asRead, opVectors, replayedByClient } from "./vectors.js";

const vectors = opVectors();

test("V2: there are op vectors to replay", () => {
  assert.ok(vectors.length >= 10);
});

test("V2: every vector reaches the JS reducer, as its steps or as an audience's stream", () => {
  for (const { file, vector } of vectors) assert.ok(replayedByClient(vector) || vector.audience, file);
});

/** @param {import("../src/types.js").Outcome} outcome */
const code = (outcome) => (outcome.ok ? "ok" : outcome.code);

for (const { file, vector } of vectors.filter((v) => replayedByClient(v.vector))) {
  test(`V2 ${file}: ${vector.description}`, () => {
    const board = structuredClone(vector.board);
    for (const step of vector.steps) {
      assert.equal(step.seq, board.seq + 1, "seqs are consecutive");
      const before = structuredClone(board);
      const checked = check(board, step.op, step.by);
      assert.deepEqual(board, before, "check never mutates (R10)");
      const { outcome } = apply(board, step.op, step.by, step.seq);
      assert.equal(code(outcome), step.outcome, `seq ${step.seq}: ${outcome.message ?? ""}`);
      assert.equal(code(checked), code(outcome), "check agrees with apply");
      if (!outcome.ok) assert.deepEqual(board, { ...before, seq: step.seq }, "a refusal changes only seq");
    }
    assert.deepEqual(board, vector.expected);
  });
}

for (const { file, vector } of vectors.filter((v) => v.vector.audience)) {
  const { viewer, board, frames, expected } = vector.audience;
  test(`V2, A3, E1, E7 ${file}: ${viewer.name} (${viewer.department}) gets it as the hub sends it`, () => {
    const store = new Store();
    assert.ok(store.welcome({ you: viewer, epoch: "e", seq: board.seq, board: structuredClone(board) }));
    const outcomes = new Map(vector.steps.map((/** @type {any} */ s) => [s.seq, s.outcome]));
    for (const frame of frames) {
      if (frame.type === "exercise") {
        store.exercise(structuredClone(frame));
        continue;
      }
      const replica = /** @type {import("../src/types.js").Board} */ (store.confirmed);
      assert.equal(frame.seq, replica.seq + 1, "one frame per seq, in order (O2)");
      // Whole ops with their author are judged here as at the hub; someone else's ballot
      // (no author, E7) or a redacted op is the hub's to judge: this replica takes it.
      const judged = frame.by != null && frame.op.kind !== HIDDEN && frame.op.item?.kind !== HIDDEN;
      const { outcome } = apply(cloneBoard(replica), frame.op, frame.by, frame.seq);
      assert.equal(code(outcome), judged ? outcomes.get(frame.seq) : "ok", `seq ${frame.seq}: ${outcome.message ?? ""}`);
      if (frame.by != null) {
        const checked = check(replica, frame.op, frame.by);
        // A local check leaves exercise ops to the hub (E2): a refused dot still goes there.
        const local = EXERCISE_OPS.has(frame.op.kind) && code(checked) === "ok" ? code(outcome) : code(checked);
        assert.equal(local, code(outcome), `seq ${frame.seq}: check agrees with apply`);
      }
      assert.ok(store.applied(structuredClone(frame)), `seq ${frame.seq}`);
    }
    assert.deepEqual(asRead(store.confirmed), asRead(expected));
  });
}

test("cloneBoard shares nothing the reducer mutates", () => {
  const { vector } = vectors.find((v) => v.file === "action_plan.json") ?? vectors[0];
  const board = structuredClone(vector.expected);
  const copy = cloneBoard(board);
  const id = Object.keys(copy.items)[0];
  apply(copy, { kind: "item.remove", id }, { id: "p", name: "P", department: null, role: "facilitator" }, copy.seq + 1);
  assert.deepEqual(board, vector.expected);
});

test("A8: under editing 'own' a placeholder's removal by its author still applies (the hub checked it)", () => {
  const board = structuredClone(vectors[0].vector.board);
  board.items = {};
  board.seq = 0;
  board.settings = { ...board.settings, editing: "own" };
  const ana = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
  const ben = { id: "p-ben", name: "Ben", department: "sales", role: "participant" };
  apply(board, { kind: "item.add", id: "a", block: "expectations", item: { kind: "note", text: "Ana's" } }, ana, 1);
  apply(board, { kind: "item.add", id: "h", block: "expectations", item: { kind: "hidden" } }, ben, 2);
  assert.equal(apply(board, { kind: "item.update", id: "a", set: { text: "Ben's now" } }, ben, 3).outcome.code, "forbidden");
  assert.ok(apply(board, { kind: "item.move", id: "a", x: 500, y: 500 }, ben, 4).outcome.ok, "moving is shared work");
  assert.ok(apply(board, { kind: "item.remove", id: "h" }, ben, 5).outcome.ok);
  assert.deepEqual(Object.keys(board.items), ["a"]);
});

test("A3: a hidden goal node's removal takes the placeholders it names in `subtree` along", () => {
  const board = structuredClone(vectors[0].vector.board);
  board.items = {};
  board.seq = 0;
  board.blocks.goals = { ...board.blocks.goals, private: "own" };
  const ana = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
  const hidden = { kind: "hidden", author_department: "product" };
  apply(board, { kind: "item.add", id: "g5", block: "goals", item: hidden }, ana, 1);
  apply(board, { kind: "item.add", id: "g6", block: "goals", item: hidden }, ana, 2);
  apply(board, { kind: "item.add", id: "g7", block: "goals", item: hidden }, ana, 3);
  assert.ok(apply(board, { kind: "item.remove", id: "g5", subtree: ["g6"] }, ana, 4).outcome.ok);
  assert.deepEqual(Object.keys(board.items), ["g7"], "g6 went with g5; g7 was not under it");
});

const FAY = { id: "p-fay", name: "Fay", department: null, role: "facilitator" };
const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };

/** A vote view as the hub sends it (E2), for `mine`'s holder. @param {Record<string, any>} fields */
const voteView = (fields) => ({
  id: "v1", block: "swot", budget: 2, max_per_item: 2, live: false, open: true, voters: null,
  dots_placed: 2, totals: null, by_department: null, ...fields,
});

test("E2: a local check leaves an exercise op to the hub; at its turn the replica judges it from its views", () => {
  const board = structuredClone(vectors[0].vector.board);
  board.items = { s1: { id: "s1", block: "swot", kind: "swot", quadrant: "S", text: "", department: null, order: "V", author: "p-ana", author_department: "product" } };
  board.votes = { v1: voteView({ mine: { dots: { s1: 2 }, left: 0 } }) };
  const dot = { kind: "vote.cast", vote: "v1", item: "s1", delta: 1 };
  assert.ok(check(board, dot, ANA).ok, "the hub says why, in its words");
  assert.equal(check(board, dot, { ...ANA, role: "screen" }).code, "forbidden", "who may send it is still checked");
  const votes = structuredClone(board.votes);
  assert.equal(apply(board, dot, ANA, board.seq + 1).outcome.code, "budget_exceeded");
  assert.ok(apply(board, { ...dot, delta: -1 }, ANA, board.seq + 1).outcome.ok);
  assert.equal(apply(board, { kind: "vote.start", id: "v1", block: "goals" }, FAY, board.seq + 1).outcome.code, "duplicate_id");
  assert.equal(board.roster?.["p-fay"], undefined, "a refused op enrols nobody (R12)");
  assert.ok(apply(board, { kind: "vote.start", id: "v2", block: "goals" }, FAY, board.seq + 1).outcome.ok);
  assert.ok(board.roster?.["p-fay"]);
  assert.deepEqual(board.votes, votes, "the views change only with the hub's (E1)");
});

test("E2, E3: a board keeps at most MAX_EXERCISES votes and polls (board_full), judged from the views", () => {
  const board = structuredClone(vectors[0].vector.board);
  board.votes = {};
  for (let i = 0; i < MAX_EXERCISES; i += 1) board.votes[`v${i}`] = voteView({ id: `v${i}`, open: false });
  const start = { kind: "vote.start", id: "v-new", block: "swot" };
  const poll = { kind: "poll.create", id: "q-new", block: "poll", question: "?" };
  assert.equal(apply(board, start, FAY, 1).outcome.code, "board_full");
  assert.equal(apply(board, poll, FAY, 2).outcome.code, "board_full");
  assert.equal(apply(board, { ...start, id: "v0" }, FAY, 3).outcome.code, "duplicate_id", "a taken id is said first");
  delete board.votes.v0;
  assert.ok(apply(board, poll, FAY, 4).outcome.ok);
});
