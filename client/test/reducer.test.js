// The shared op-sequence vectors: same ops in, same board out, as the Python reducer (V2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { apply, check, cloneBoard } from "../src/reducer.js";
import { opVectors } from "./vectors.js";

const vectors = opVectors();

test("V2: there are op vectors to replay", () => {
  assert.ok(vectors.length >= 10);
});

for (const { file, vector } of vectors) {
  test(`V2 ${file}: ${vector.description}`, () => {
    const board = structuredClone(vector.board);
    for (const step of vector.steps) {
      assert.equal(step.seq, board.seq + 1, "seqs are consecutive");
      const before = structuredClone(board);
      const checked = check(board, step.op, step.by);
      assert.deepEqual(board, before, "check never mutates (R10)");
      const { outcome } = apply(board, step.op, step.by, step.seq);
      const got = outcome.ok ? "ok" : outcome.code;
      assert.equal(got, step.outcome, `seq ${step.seq}: ${outcome.message ?? ""}`);
      assert.equal(checked.ok ? "ok" : checked.code, got, "check agrees with apply");
      if (!outcome.ok) assert.deepEqual(board, { ...before, seq: step.seq }, "a refusal changes only seq");
    }
    assert.deepEqual(board, vector.expected);
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
