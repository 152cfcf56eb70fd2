// What the board and the phone say when an own op is refused (refusals.js), and the perception
// note both of them write (views/perception.js: one op, one first guess).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setLang, t } from "../src/i18n.js";
import { boardRefusal, phoneRefusal } from "../src/refusals.js";
import { Store } from "../src/store.js";
import { firstGuess, perceptionNote } from "../src/views/perception.js";
import { emptyBoard } from "./vectors.js";

const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };
const BOB = { id: "p-bob", name: "Bob", department: "sales", role: "participant" };

/** A board with Bob's note on it, as Ana sees it. */
function withBobsNote() {
  const board = emptyBoard();
  board.settings = { ...board.settings, editing: "own" }; // A8's default: each edits their own
  board.items.n1 = { id: "n1", kind: "note", block: "expectations", text: "Bob's", department: "sales", x: 0, y: 0, on: null, author: BOB.id, author_department: "sales" };
  return board;
}

test("a change to someone else's item is explained as theirs, on the board and on the phone alike", () => {
  setLang("en");
  const board = withBobsNote();
  const refusal = { type: /** @type {const} */ ("rejected"), code: "forbidden", message: "no", op: { kind: "item.update", id: "n1", set: { text: "x" } } };
  const said = `${t("reject.prefix")} ${t("own.refused")}`;
  assert.equal(boardRefusal(refusal, board, ANA), said);
  assert.equal(phoneRefusal(refusal, board, ANA), said);
});

test("other refusals: the code's sentence; votes in each view's own words", () => {
  setLang("en");
  const board = emptyBoard();
  const full = { type: /** @type {const} */ ("refused"), code: "board_full", message: "full", op: { kind: "item.add", id: "n9" } };
  assert.equal(boardRefusal(full, board, ANA), `${t("reject.refused")} ${t("reject.board_full")}`);
  assert.equal(phoneRefusal(full, board, ANA), `${t("reject.refused")} ${t("reject.board_full")}`);
  const cast = { type: /** @type {const} */ ("rejected"), code: "closed", message: "closed", op: { kind: "vote.cast", vote: "v", item: "n1" } };
  assert.equal(boardRefusal(cast, board, ANA), t("vote.refused.closed"));
  assert.equal(phoneRefusal(cast, board, ANA), t("phone.vote.blocked.closed"));
  const unknown = { type: /** @type {const} */ ("rejected"), code: "brand_new_code", message: "the hub's words", op: null };
  assert.equal(boardRefusal(unknown, board, ANA), `${t("reject.prefix")} the hub's words`);
});

test("a perception note is about the first other department, and the reducer takes it", () => {
  assert.equal(firstGuess(["product", "sales"], "product"), "sales");
  assert.equal(firstGuess(["product"], "product"), "product", "alone: your own real goals");
  assert.equal(firstGuess([], null), null);
  const store = new Store({ send: () => true });
  store.welcome({ you: ANA, epoch: "e", seq: 0, board: emptyBoard() });
  const op = perceptionNote("perception", "n-1", "They want growth", firstGuess(["product", "sales"], ANA.department));
  assert.ok(store.perform([op]).ok);
  const note = store.view.items["n-1"];
  assert.equal(note.department, "sales");
  assert.equal(note.author_department, "product");
  assert.equal(note.text, "They want growth");
});
