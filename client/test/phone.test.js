// The phone view's pure parts: what "now" is on a board, which polls and votes are open, a
// block's items as a searchable list, and what is still on its way (issue 9).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setLang } from "../src/i18n.js";
import { blockRows, filterRows, fold, readableBlocks } from "../src/phone/items.js";
import { chooseView } from "../src/phone/mode.js";
import { nowOf, openExercises, openRound, pollsOfBlock, timeLeft, voteOfBlock, writeKind } from "../src/phone/now.js";
import { castBlocked, delivery, dotsOf, isDone, pendingAnswer, unsentItems } from "../src/phone/pending.js";
import { emptyBoard } from "./vectors.js";

const poll = (id, block, rounds, extra = {}) => ({
  id, block, question: "How achievable?", low: 1, high: 10, comment: true, revealed: false, comparison: null,
  rounds: rounds.map(([label, open]) => ({ label, open, responses: 0, responses_by_department: {} })), ...extra,
});
const vote = (id, block, open, extra = {}) => ({
  id, block, budget: 3, max_per_item: 2, live: false, open, voters: 0, dots_placed: 0, totals: null, by_department: null, ...extra,
});
const agenda = (current, running = false, items = []) => ({ items, current, running, started_at: running ? 1_000_000 : null });
const item = (id, block, kind, fields = {}) => ({ id, block, kind, author: "p-ana", author_department: "product", ...fields });

test("now is the spotlighted block, else the current agenda item's block, else nothing", () => {
  const board = emptyBoard();
  assert.deepEqual(nowOf(board), { block: null, source: null, agendaItem: null });

  const swot = { id: "a-2", title: "SWOT", minutes: 40, block: "swot", actual_ms: 0 };
  const talk = { id: "a-3", title: "Coffee break", minutes: 15, block: null, actual_ms: 0 };
  board.agenda = agenda("a-2", true, [swot, talk]);
  assert.equal(nowOf(board).block?.id, "swot");
  assert.equal(nowOf(board).source, "agenda");

  board.spotlight = "poll";
  const now = nowOf(board);
  assert.equal(now.block?.id, "poll", "the spotlight wins over the agenda");
  assert.equal(now.source, "spotlight");
  assert.equal(now.agendaItem?.id, "a-2", "the agenda item still comes along, for its timer");

  board.spotlight = "gone"; // a spotlight on a block that is no more: fall back to the agenda
  assert.equal(nowOf(board).block?.id, "swot");
  board.spotlight = null;
  board.agenda = agenda("a-3", false, [swot, talk]);
  assert.deepEqual(nowOf(board), { block: null, source: "agenda", agendaItem: talk }, "an agenda item without a block");
});

test("the agenda timer counts down by the server's clock and goes negative on overrun", () => {
  const entry = { id: "a-1", title: "Poll", minutes: 10, block: "poll", actual_ms: 60_000 };
  const running = agenda("a-1", true, [entry]);
  assert.equal(timeLeft(entry, running, 1_000_000 + 120_000), 600_000 - 60_000 - 120_000);
  assert.equal(timeLeft(entry, agenda("a-1", false, [entry]), 9e12), 540_000, "paused: only banked time counts");
  assert.ok(timeLeft(entry, running, 1_000_000 + 700_000) < 0);
});

test("open polls and votes are found anywhere; a block shows its open ones first", () => {
  const board = emptyBoard();
  board.polls = {
    old: poll("old", "poll", [["Before", false]]),
    q: poll("q", "poll", [["Before", false], ["After", true]]),
    none: poll("none", "poll", []),
  };
  board.votes = { v1: vote("v1", "swot", false), v2: vote("v2", "swot", true), v3: vote("v3", "goals", true), lost: vote("lost", "gone", true) };
  assert.equal(openRound(board.polls.q), 1);
  assert.equal(openRound(board.polls.old), -1);
  assert.equal(openRound(board.polls.none), -1);
  assert.deepEqual(openExercises(board).map((x) => `${x.kind}:${x.id}`), ["poll:q", "vote:v2", "vote:v3"], "a vote on a removed block is out of reach");
  assert.deepEqual(pollsOfBlock(board, "poll").map((p) => p.id), ["q"]);
  board.polls.q.rounds[1].open = false;
  assert.deepEqual(pollsOfBlock(board, "poll").map((p) => p.id), ["none"], "nothing open: the newest poll");
  assert.equal(voteOfBlock(board, "swot")?.id, "v2");
  board.votes.v2.open = false;
  assert.equal(voteOfBlock(board, "swot")?.id, "v2", "nothing open: the newest vote, for its results");
  assert.equal(voteOfBlock(board, "actions"), null);
});

test("what a phone writes in each kind of block", () => {
  assert.deepEqual(
    ["notes", "perception", "results", "goal_tree", "swot", "action_plan", "poll", "agenda"].map(writeKind),
    ["note", "note", "note", "note", "swot", "action", null, null],
  );
});

test("a block's rows come in its reading order, placeholders left out", () => {
  const board = emptyBoard();
  board.roster = { "p-bob": { name: "Boris", department: "sales", role: "participant" } };
  Object.assign(board.items, {
    t1: item("t1", "swot", "swot", { quadrant: "T", text: "Competitor bundles", department: "marketing", order: "V" }),
    s2: item("s2", "swot", "swot", { quadrant: "S", text: "Logos", department: "sales", order: "k" }),
    s1: item("s1", "swot", "swot", { quadrant: "S", text: "Fast releases", department: "product", order: "F", author: "p-bob" }),
    h1: { id: "h1", block: "swot", kind: "hidden", author_department: "sales" },
    g2: item("g2", "goals", "goal", { title: "Sync", parent: "g0", order: "k" }),
    g0: item("g0", "goals", "goal", { title: "Grow", parent: null, order: "V" }),
    g1: item("g1", "goals", "goal", { title: "Win mid-market", parent: "g0", order: "F" }),
    n1: item("n1", "goals", "note", { text: "Onboarding takes 9 days", department: "sales", on: "g1", author_name: "Boris" }),
    n2: item("n2", "goals", "note", { text: "Loose idea", department: null, on: null }),
    e2: item("e2", "expectations", "note", { text: "Coffee", department: "marketing", x: 0, y: 10 }),
    e1: item("e1", "expectations", "note", { text: "Clear goals", department: "product", x: 0, y: 500 }),
    e3: item("e3", "expectations", "note", { text: "Fewer surprises", department: "product", x: 0, y: 100 }),
  });
  const swot = blockRows(board, "swot");
  assert.deepEqual(swot.map((r) => r.id), ["s1", "s2", "t1"], "quadrant by quadrant, in order; no placeholder");
  assert.equal(swot[0].author, "Boris");
  assert.equal(swot[0].group, "S");
  const goals = blockRows(board, "goals");
  assert.deepEqual(goals.map((r) => [r.id, r.depth]), [["g0", 0], ["g1", 1], ["n1", 2], ["g2", 1], ["n2", 0]], "depth first, hung notes under their node");
  assert.deepEqual(blockRows(board, "expectations").map((r) => r.id), ["e3", "e1", "e2"], "by department, then top to bottom");
  assert.deepEqual(readableBlocks(board).map((b) => b.id), ["expectations", "perception", "results", "goals", "swot", "actions"]);
});

test("a search matches every word in text, author, department or quadrant, without case or accents", () => {
  setLang("en");
  const board = emptyBoard();
  Object.assign(board.items, {
    a: item("a", "swot", "swot", { quadrant: "T", text: "Competitor bundles for free", department: "marketing", order: "V" }),
    b: item("b", "swot", "swot", { quadrant: "S", text: "Понять ПРИОРИТЕТЫ продукта", department: "sales", order: "V" }),
    c: item("c", "swot", "swot", { quadrant: "O", text: "Mid-market", department: "sales", order: "V", author: "p-chloe" }),
  });
  board.people = { "p-chloe": { name: "Chloé" } };
  const rows = blockRows(board, "swot");
  const ids = (/** @type {string} */ q) => filterRows(rows, q).map((r) => r.id);
  assert.deepEqual(ids(""), ["b", "c", "a"]);
  assert.deepEqual(ids("  "), ["b", "c", "a"]);
  assert.deepEqual(ids("приоритеты"), ["b"]);
  assert.deepEqual(ids("SALES"), ["b", "c"], "a department's name");
  assert.deepEqual(ids("threats"), ["a"], "a quadrant's name");
  assert.deepEqual(ids("chloe mid"), ["c"], "every word, accents folded, the renamed author");
  assert.deepEqual(ids("chloe free"), []);
  assert.equal(fold("Ёлка Chloé"), "елка chloe");
});

test("a narrow participant gets the phone view unless they chose; the projector never does", () => {
  assert.equal(chooseView({ role: "participant", narrow: true, saved: null }), "phone");
  assert.equal(chooseView({ role: "participant", narrow: false, saved: null }), "board");
  assert.equal(chooseView({ role: "participant", narrow: true, saved: "board" }), "board");
  assert.equal(chooseView({ role: "participant", narrow: false, saved: "phone" }), "phone");
  assert.equal(chooseView({ role: "facilitator", narrow: true, saved: null }), "board");
  assert.equal(chooseView({ role: "facilitator", narrow: true, saved: "phone" }), "phone");
  assert.equal(chooseView({ role: "screen", narrow: true, saved: "phone" }), "board");
  assert.equal(chooseView({ role: "participant", narrow: true, saved: "nonsense" }), "phone");
});

test("an answer, dots and done on their way count before the hub's views catch up (E1)", () => {
  const pending = [
    { cid: "c1", op: { kind: "poll.answer", poll: "q", score: 4, comment: "" } },
    { cid: "c2", op: { kind: "vote.cast", vote: "v", item: "s1", delta: 1 } },
    { cid: "c3", op: { kind: "poll.answer", poll: "q", score: 9, comment: "why" } },
    { cid: "c4", op: { kind: "vote.cast", vote: "v", item: "s2", delta: -1 } },
    { cid: "c5", op: { kind: "vote.cast", vote: "other", item: "s1", delta: 1 } },
    { cid: "c6", op: { kind: "item.add", id: "n1", block: "expectations", item: { kind: "note" } } },
    { cid: "c7", op: { kind: "item.update", id: "n0", set: { text: "x" } } },
  ];
  assert.deepEqual(pendingAnswer(pending, "q"), { score: 9, comment: "why" }, "answering again replaces it");
  assert.equal(pendingAnswer(pending, "other"), null);
  const v = vote("v", "swot", true, { mine: { dots: { s2: 1 }, left: 2 } });
  assert.deepEqual(dotsOf(v, pending), { dots: { s1: 1, s2: 0 }, left: 2, inFlight: 2 });
  assert.deepEqual(dotsOf(vote("v", "swot", true), []), { dots: {}, left: 3, inFlight: 0 }, "no mine yet: the whole budget");
  assert.deepEqual([...unsentItems(pending)], ["n1", "n0"]);
  assert.deepEqual([delivery(false, true), delivery(true, true), delivery(true, false)], ["sent", "sending", "waiting"]);
});

test("a dot is refused at once when none is left or the item has the maximum", () => {
  const v = vote("v", "swot", true);
  assert.equal(castBlocked(v, { dots: {}, left: 3 }, "s1"), null);
  assert.equal(castBlocked(v, { dots: { s1: 2 }, left: 1 }, "s1"), "max");
  assert.equal(castBlocked(v, { dots: { s1: 2, s2: 1 }, left: 0 }, "s3"), "budget");
  assert.equal(castBlocked({ ...v, open: false }, { dots: {}, left: 3 }, "s1"), "closed");
});

test("I'm done: the newest unsent done.set wins over the board's marks (E6)", () => {
  const board = emptyBoard();
  assert.equal(isDone(board, "p-ana", []), false);
  board.done = { "p-ana": "product" };
  assert.equal(isDone(board, "p-ana", []), true);
  assert.equal(isDone(board, "p-ana", [{ cid: "c1", op: { kind: "done.set", done: false } }]), false);
  assert.equal(isDone({ ...board, done: {} }, "p-ana", [{ cid: "c1", op: { kind: "done.set", done: false } }, { cid: "c2", op: { kind: "done.set", done: true } }]), true);
});
