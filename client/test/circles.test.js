// E9, 1-2-4-All on the client: who may see (and so edit) a note of a block written in
// pairs or fours, as the block's `circles` say; the hub decides, this replica agrees.
import test from "node:test";
import assert from "node:assert/strict";
import { canSee } from "../src/reducer.js";

/** @param {"pair" | "four"} mode */
function board(mode) {
  return /** @type {any} */ ({
    blocks: { b: { id: "b", kind: "notes", private: mode, circles: { ana: { pair: 1, four: 1 }, ben: { pair: 1, four: 1 }, cy: { pair: 2, four: 1 }, dee: { pair: 3, four: 2 } } } },
  });
}
const item = { id: "n", block: "b", kind: "note", author: "ana" };
const viewer = (/** @type {string} */ id) => ({ id, department: "sales", role: "participant" });

test("E9: in pairs a note is its author's and their pair's", () => {
  assert.equal(canSee(board("pair"), item, viewer("ana")), true);
  assert.equal(canSee(board("pair"), item, viewer("ben")), true);
  assert.equal(canSee(board("pair"), item, viewer("cy")), false);
  assert.equal(canSee(board("pair"), item, viewer("eve")), false); // not placed: alone
});

test("E9: in fours the pair's four sees it too, the facilitator always", () => {
  assert.equal(canSee(board("four"), item, viewer("cy")), true);
  assert.equal(canSee(board("four"), item, viewer("dee")), false);
  assert.equal(canSee(board("four"), item, { id: "fay", department: null, role: "facilitator" }), true);
});
