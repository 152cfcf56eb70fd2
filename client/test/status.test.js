// The badge's unsent count: things changed, not ops (issue 17, 6).
import { test } from "node:test";
import assert from "node:assert/strict";
import { unsentChanges } from "../src/views/status.js";

/** @param {any[]} ops */
const pending = (ops) => ops.map((op, i) => ({ cid: `c${i}`, op, sent: false }));

test("a note written offline is one change: its add and every text update", () => {
  const ops = [];
  for (const id of ["n1", "n2", "n3"]) {
    ops.push({ kind: "item.add", id, block: "b", item: { kind: "note", text: "" } });
    ops.push({ kind: "item.update", id, set: { text: "a" } }, { kind: "item.update", id, set: { text: "ab" } });
  }
  assert.equal(unsentChanges(pending(ops)), 3);
});

test("dots count per item, other ops once per kind and target", () => {
  const ops = [
    { kind: "vote.cast", vote: "v", item: "a", delta: 1 }, { kind: "vote.cast", vote: "v", item: "a", delta: 1 },
    { kind: "vote.cast", vote: "v", item: "b", delta: 1 },
    { kind: "poll.answer", poll: "q", score: 3 },
    { kind: "board.lock", locked: true }, { kind: "board.lock", locked: false },
  ];
  assert.equal(unsentChanges(pending(ops)), 4);
  assert.equal(unsentChanges([]), 0);
});
