import { test } from "node:test";
import assert from "node:assert/strict";
import { setLang } from "../src/i18n.js";
import { addBlocked, breakdownDepartments, canTakeBack, mineOf, RESULTS_GAP, RESULTS_SIZE, resultsPlace, voteOfBlock, voteResults, votableItems } from "../src/votes.js";
import { voteRefusal } from "../src/views/dots.js";

const DEPTS = [{ id: "product" }, { id: "sales" }, { id: "marketing" }];
const swot = (id, quadrant, order, department = "sales") => ({ id, kind: "swot", block: "swot", quadrant, order, text: id, department });

/** @returns {any} */
const vote = (extra = {}) => ({
  id: "v1", block: "swot", budget: 3, max_per_item: 2, live: false, open: true,
  voters: 0, dots_placed: 0, totals: null, by_department: null, ...extra,
});

test("a block shows its open vote, else its latest closed one", () => {
  const board = /** @type {any} */ ({ votes: {
    a: vote({ id: "a", open: false }), b: vote({ id: "b", open: false }), c: vote({ id: "c", block: "notes" }),
  } });
  assert.equal(voteOfBlock(board, "swot")?.id, "b");
  board.votes.d = vote({ id: "d" });
  board.votes.e = vote({ id: "e", open: false });
  assert.equal(voteOfBlock(board, "swot")?.id, "d", "the open one wins over a later closed one");
  assert.equal(voteOfBlock(board, "goals"), null);
});

test("without `mine` nothing is placed and the whole budget is left (E1)", () => {
  assert.deepEqual(mineOf(vote()), { dots: {}, left: 3 });
  assert.deepEqual(mineOf(vote({ mine: { dots: { a: 2 }, left: 1 } })), { dots: { a: 2 }, left: 1 });
});

test("a dot is greyed out at the budget, at the per-item maximum and once closed", () => {
  const v = vote({ mine: { dots: { a: 2, b: 0 }, left: 1 } });
  assert.equal(addBlocked(v, "a"), "max");
  assert.equal(addBlocked(v, "b"), null);
  assert.equal(addBlocked(vote({ mine: { dots: { a: 1, b: 2 }, left: 0 } }), "a"), "budget");
  assert.equal(addBlocked(vote({ open: false }), "a"), "closed");
  assert.equal(canTakeBack(v, "a"), true);
  assert.equal(canTakeBack(v, "b"), false);
  assert.equal(canTakeBack(vote({ open: false, mine: { dots: { a: 1 }, left: 2 } }), "a"), false);
});

test("items are voted on in the block's reading order; placeholders are left out", () => {
  const items = [
    swot("t", "T", "V"), swot("s2", "S", "k"), swot("s1", "S", "F"), swot("o", "O", "V"),
    /** @type {any} */ ({ id: "h", kind: "hidden", block: "swot", author_department: "sales" }),
  ];
  assert.deepEqual(votableItems(items, DEPTS).map((it) => it.id), ["s1", "s2", "o", "t"]);
  const goals = [
    { id: "c2", kind: "goal", block: "g", parent: "r", order: "k" }, { id: "r", kind: "goal", block: "g", parent: null, order: "V" },
    { id: "c1", kind: "goal", block: "g", parent: "r", order: "F" }, { id: "c1a", kind: "goal", block: "g", parent: "c1", order: "V" },
    { id: "n", kind: "note", block: "g", department: "product", x: 0, y: 0 },
  ];
  assert.deepEqual(votableItems(goals, DEPTS).map((it) => it.id), ["r", "c1", "c1a", "c2", "n"], "depth first, then notes");
  const notes = [
    { id: "m", kind: "note", department: "marketing", x: 0, y: 0 }, { id: "p2", kind: "note", department: "product", x: 0, y: 300 },
    { id: "p1", kind: "note", department: "product", x: 500, y: 100 }, { id: "x", kind: "note", department: null, x: 0, y: 0 },
  ];
  assert.deepEqual(votableItems(/** @type {any} */ (notes), DEPTS).map((it) => it.id), ["p1", "p2", "m", "x"]);
});

test("results: most dots first, ties in board order, removed items keep their dots", () => {
  const items = [swot("s1", "S", "V"), swot("w1", "W", "V"), swot("o1", "O", "V"), swot("t1", "T", "V")];
  const v = vote({
    open: false, totals: { o1: 5, s1: 2, t1: 2, gone: 3 },
    by_department: { o1: { sales: 3, product: 2 }, s1: { other: 1, marketing: 1 }, t1: { product: 2 }, gone: { sales: 3 } },
  });
  const rows = voteResults(v, items, DEPTS, "dots");
  assert.deepEqual(rows.map((r) => [r.id, r.total]), [["o1", 5], ["gone", 3], ["s1", 2], ["t1", 2], ["w1", 0]]);
  assert.equal(rows[1].item, null, "a removed item has no item, only its dots");
  assert.deepEqual(rows[0].shares, [{ department: "product", n: 2 }, { department: "sales", n: 3 }], "breakdown in board order");
  assert.deepEqual(rows[2].shares.map((s) => s.department), ["marketing", "other"], "`other` last");
  assert.deepEqual(voteResults(v, items, DEPTS, "board").map((r) => r.id), ["s1", "w1", "o1", "t1", "gone"]);
  assert.deepEqual(breakdownDepartments(v, DEPTS), ["product", "sales", "marketing", "other"]);
  const hidden = vote({ open: false, totals: { o1: 1 }, by_department: null });
  assert.deepEqual(voteResults(hidden, items, DEPTS, "dots")[0].shares, [], "no breakdown when the hub withholds it (E4)");
  assert.deepEqual(breakdownDepartments(hidden, DEPTS), []);
});

test("a refused dot says which limit it hit", () => {
  setLang("en");
  const board = /** @type {any} */ ({ votes: { v1: vote({ mine: { dots: { a: 2 }, left: 1 } }), v2: vote({ id: "v2", mine: { dots: { a: 3 }, left: 0 } }) } });
  const cast = (/** @type {string} */ id, /** @type {string} */ item) => ({ kind: "vote.cast", vote: id, item, delta: 1 });
  assert.match(String(voteRefusal("budget_exceeded", cast("v1", "a"), board)), /At most 2 of your dots/);
  assert.match(String(voteRefusal("budget_exceeded", cast("v2", "b"), board)), /No dots left: all 3/);
  assert.match(String(voteRefusal("closed", cast("v1", "a"), board)), /closed/);
  assert.equal(voteRefusal("locked", { kind: "item.update", id: "x" }, board), null, "other ops keep the general words");
  setLang("ru");
  assert.match(String(voteRefusal("budget_exceeded", cast("v2", "b"), board)), /Точки закончились/);
  setLang("en");
});

test("results sit beside their block, on the first side free of other blocks", () => {
  // The strategy day: 1200 x 800 blocks, 100 apart, four to a row.
  const at = (/** @type {string} */ id, /** @type {number} */ col, /** @type {number} */ row) => ({ id, x: col * 1300, y: row * 900, w: 1200, h: 800 });
  const blocks = Object.fromEntries([at("a", 0, 0), at("b", 1, 0), at("c", 2, 0), at("d", 3, 0), at("swot", 0, 1), at("f", 1, 1)].map((b) => [b.id, b]));
  assert.deepEqual(resultsPlace(blocks, blocks.swot), { side: "left", x: -RESULTS_GAP - RESULTS_SIZE, y: 900, w: RESULTS_SIZE, h: 800 });
  assert.equal(resultsPlace(blocks, blocks.d).side, "right");
  assert.equal(resultsPlace(blocks, blocks.b).side, "above", "neighbours left, right and below");
  // Hemmed in on every side: the side that covers the least of the others.
  const ring = { mid: { id: "mid", x: 0, y: 0, w: 1000, h: 800 }, r: { id: "r", x: 1100, y: 0, w: 1000, h: 800 },
    l: { id: "l", x: -1100, y: 0, w: 1000, h: 800 }, t: { id: "t", x: 0, y: -700, w: 1000, h: 600 }, b: { id: "b", x: 0, y: 900, w: 1000, h: 100 } };
  assert.equal(resultsPlace(ring, ring.mid).side, "below");
});
