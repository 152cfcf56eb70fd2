// Agenda steps as the client reads them (PROTOCOL.md E8): the rules in one line, what the
// current step asks of one person, the day's overrun, the projector's chime, shuffled votes,
// the step a draft saves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setLang } from "../src/i18n.js";
import {
  chimeDue, circleNames, copyStep, dayOver, dayOverrunMs, fnv1a, hasSteps, newStep, newStepVote, nextMove, shuffledFor,
  shuffledKeepingGroups, stepAsks, stepSummary, stepToSave,
} from "../src/steps.js";
import { emptyBoard } from "./vectors.js";

/** @typedef {import("../src/types.js").StepSettings} StepSettings */
/** @typedef {import("../src/types.js").AgendaItem} AgendaItem */

/** @param {Partial<StepSettings>} fields @returns {StepSettings} */
const step = (fields = {}) => ({ ...newStep(), ...fields });
/** @param {string} id @param {number} minutes @param {Partial<AgendaItem>} [fields] @returns {AgendaItem} */
const entry = (id, minutes, fields = {}) => ({ id, title: id.toUpperCase(), minutes, block: null, actual_ms: 0, ...fields });

/** A board running the entry `current` since ts 1,000,000 (server time). */
function running(/** @type {AgendaItem[]} */ items, /** @type {string | null} */ current) {
  const board = emptyBoard();
  board.agenda = { items, current, running: current !== null, started_at: current !== null ? 1_000_000 : null };
  return board;
}

test("stepSummary: the rules in one line, in the facilitator's words, English and Russian", () => {
  const board = emptyBoard();
  const rules = step({ blocks: ["swot"], writers: "department", department: "sales", visibility: "department",
    vote: newStepVote("v"), end: ["reveal"] });
  assert.equal(stepSummary(rules, board), "Sales writes · private per department · vote: 3 dots · then reveal");
  assert.equal(stepSummary(step(), board), "Everyone writes");
  assert.equal(stepSummary(step({ writers: "nobody", visibility: "own", poll: { poll: "goal-poll", label: "Before" }, screen: "results",
    pause_at_zero: true, end: ["reveal_poll", "close_round"] }), board),
  "Nobody writes · private per person · poll round: Before · projector: results · stops at 0:00 · then close the round, show the poll");
  assert.equal(stepSummary(step({ vote: { ...newStepVote("v"), budget: 1 } }), board), "Everyone writes · vote: 1 dot");
  setLang("ru");
  try {
    assert.equal(stepSummary(rules, board), "Пишет отдел «Sales» · скрыто по отделам · голосование: 3 точки · затем открыть записи");
    assert.equal(stepSummary(step({ writers: "nobody", vote: { ...newStepVote("v"), budget: 5 } }), board), "Никто не пишет · голосование: 5 точек");
  } finally {
    setLang("en");
  }
});

test("stepAsks: who writes in the step's block, as the board stands now, for this person", () => {
  const rules = step({ blocks: ["swot"], writers: "department", department: "sales" });
  const board = running([entry("swot-step", 10, { step: rules, block: "swot" })], "swot-step");
  board.blocks.swot.writers = "sales"; // as the hub applied the step
  const sales = { id: "p-boris", department: "sales" };
  const product = { id: "p-ana", department: "product" };
  const forSales = stepAsks(board, sales, 1_000_000);
  assert.equal(forSales?.title, "SWOT-STEP");
  assert.equal(forSales?.writers, "department");
  assert.deepEqual(forSales?.parts, ["Your department writes here now"]);
  assert.deepEqual(stepAsks(board, product, 1_000_000)?.parts, ["Only Sales writes here now"]);

  board.blocks.swot.writers = null;
  assert.deepEqual(stepAsks(board, product, 1_000_000)?.parts, ["You write here"], "the facilitator opened it to everyone since");
  board.blocks.swot.locked = true;
  const nobody = stepAsks(board, product, 1_000_000);
  assert.equal(nobody?.writers, "nobody");
  assert.deepEqual(nobody?.parts, ["Nobody writes now: look and listen"]);

  board.blocks.swot.locked = false;
  board.blocks.swot.private = "department";
  assert.equal(stepAsks(board, product, 1_000_000)?.visibility, "department");
  assert.deepEqual(stepAsks(board, product, 1_000_000)?.parts, ["You write here", "Private: only your department sees your notes"]);
  board.blocks.swot.private = "own";
  assert.deepEqual(stepAsks(board, product, 1_000_000)?.parts, ["You write here", "Private: only you see your notes"]);

  board.agenda = { ...board.agenda, current: null, running: false, started_at: null };
  assert.equal(stepAsks(board, product, 1_000_000), null, "no step current: nothing to say");
  const plain = running([entry("talk", 10)], "talk");
  assert.equal(stepAsks(plain, product, 1_000_000), null, "an entry without a step asks nothing");
});

test("stepAsks: the step's vote and poll round while they are open", () => {
  const rules = step({ blocks: ["swot"], writers: "nobody", vote: { ...newStepVote("dots"), own_items: false },
    poll: { poll: "goal-poll", label: "Before" } });
  const board = running([entry("vote", 15, { step: rules })], "vote");
  board.blocks.swot.locked = true;
  board.votes = { dots: { id: "dots", block: "swot", budget: 3, max_per_item: 3, live: false, open: true, voters: null, dots_placed: 0,
    totals: null, by_department: null, own_items: false, shuffle: true } };
  board.polls = { "goal-poll": { id: "goal-poll", block: "poll", question: "?", low: 1, high: 10, comment: true, revealed: false,
    comparison: null, rounds: [{ label: "Before", open: true, responses: 0, responses_by_department: null }] } };
  const you = { id: "p-ana", department: "product" };
  assert.deepEqual(stepAsks(board, you, 1_000_000)?.parts,
    ["Nobody writes now: look and listen", "Dot vote open: 3 dots, not on your own items", "Poll round open: Before"]);
  board.votes.dots.open = false;
  board.polls["goal-poll"].rounds[0].open = false;
  assert.deepEqual(stepAsks(board, you, 1_000_000)?.parts, ["Nobody writes now: look and listen"], "closed: not asked any more");
});

test("stepAsks: a step that stops at 0:00 says time is up once its time, extensions included, is spent", () => {
  const rules = step({ blocks: ["expectations"], pause_at_zero: true });
  const board = running([entry("write", 1, { step: rules, extra_ms: 30_000 })], "write");
  const you = { id: "p-ana", department: "product" };
  assert.equal(stepAsks(board, you, 1_000_000 + 89_999)?.timeUp, false, "60 s planned + 30 s added");
  const up = stepAsks(board, you, 1_000_000 + 90_000);
  assert.equal(up?.timeUp, true);
  assert.deepEqual(up?.parts, ["Time is up: wait for the facilitator"], "not \"you write here\": the hub takes nothing now");
  assert.equal(up?.writers, "everyone", "the step's rule, for what comes after more time");
  board.agenda.items[0].step = step({ blocks: ["expectations"] });
  assert.equal(stepAsks(board, you, 1_000_000 + 500_000)?.timeUp, false, "without pause_at_zero, only overrun");
});

test("dayOverrunMs: time spent plus what is left against the day's plan", () => {
  const items = [entry("a", 10), entry("b", 20), entry("c", 30)];
  const board = running(items, "b");
  items[0].actual_ms = 10 * 60_000;
  assert.equal(dayOverrunMs(board.agenda, 1_000_000 + 5 * 60_000), 0, "on plan");
  items[0].actual_ms = 14 * 60_000;
  assert.equal(dayOverrunMs(board.agenda, 1_000_000 + 5 * 60_000), 4 * 60_000, "the first entry took 4 min more");
  assert.equal(dayOverrunMs(board.agenda, 1_000_000 + 25 * 60_000), 9 * 60_000, "and the current one overruns by 5");
  items[1].extra_ms = 2 * 60_000;
  assert.equal(dayOverrunMs(board.agenda, 1_000_000), 6 * 60_000, "time added to the current entry is time the day takes");
  items[0].actual_ms = 0;
  items[1].extra_ms = 0;
  assert.equal(dayOverrunMs(board.agenda, 1_000_000), -10 * 60_000, "a skipped entry gives its time back");
  assert.equal(dayOverrunMs(running(items, null).agenda, 1_000_000), null, "no entry current");
  assert.equal(dayOverrunMs(undefined, 0), null);
});

test("nextMove, dayOver, hasSteps: what the top bar's Next step does", () => {
  const items = [entry("a", 10, { step: step() }), entry("b", 20)];
  const board = running(items, null);
  assert.equal(hasSteps(board.agenda), true);
  assert.equal(hasSteps(running([entry("x", 1)], null).agenda), false);
  assert.deepEqual(nextMove(board.agenda), { verb: "start", entry: items[0] }, "before the day: the first");
  board.agenda.current = "a";
  assert.deepEqual(nextMove(board.agenda), { verb: "next", entry: items[1] });
  board.agenda.current = "b";
  assert.deepEqual(nextMove(board.agenda), { verb: "finish", entry: items[1] });
  board.agenda.current = null;
  items[0].actual_ms = 1000;
  assert.equal(dayOver(board.agenda), true);
  assert.equal(nextMove(board.agenda), null, "the day is over: nothing to press");
  assert.equal(nextMove(running([], null).agenda), null);
});

test("chimeDue: once per entry, when the time crosses 0:00 while watched", () => {
  const none = new Set();
  const on = (/** @type {number | null} */ remaining, entry = "e1", chime = true) => ({ entry, remaining, chime });
  assert.equal(chimeDue(on(400), on(-100), none), true);
  assert.equal(chimeDue(on(400), on(0), none), true);
  assert.equal(chimeDue(on(400), on(100), none), false, "not yet");
  assert.equal(chimeDue(on(-100), on(-350), none), false, "already over when first seen");
  assert.equal(chimeDue({ entry: null, remaining: null }, on(-100), none), false, "the page opened after 0:00");
  assert.equal(chimeDue(on(400, "e0"), on(-100), none), false, "another entry on the last tick");
  assert.equal(chimeDue(on(400), on(-100, "e1", false), none), false, "the step has no chime");
  assert.equal(chimeDue(on(400), on(-100), new Set(["e1"])), false, "chimed once already (time was added since)");
});

test("shuffledFor: each voter an order of their own, always the same one", () => {
  const ids = Array.from({ length: 12 }, (_, i) => `sw-${i}`);
  const ana = shuffledFor("p-ana", ids);
  assert.deepEqual(shuffledFor("p-ana", ids), ana, "the same voter, the same order");
  assert.deepEqual(shuffledFor("p-ana", [...ids].reverse()), ana, "whatever order the items come in");
  assert.notDeepEqual(shuffledFor("p-boris", ids), ana, "another voter, another order");
  assert.notDeepEqual(ana, ids, "not the board's order");
  assert.deepEqual([...ana].sort(), [...ids].sort(), "every item, once");
  // Ids that differ only in their last character still spread: many voters, many orders.
  const few = ["sw-0", "sw-1", "sw-2", "sw-3", "sw-4", "sw-5"];
  const orders = new Set(Array.from({ length: 40 }, (_, i) => shuffledFor(`voter-${i}`, few).join()));
  assert.ok(orders.size >= 30, `only ${orders.size} orders for 40 voters`);
  const firsts = new Set(Array.from({ length: 40 }, (_, i) => shuffledFor(`voter-${i}`, few)[0]));
  assert.equal(firsts.size, few.length, "every item comes first for someone");
  assert.equal(fnv1a(""), 0x811c9dc5);
  assert.equal(fnv1a("a"), 0xe40c292c);
});

test("shuffledKeepingGroups: a group's members stay under it", () => {
  const items = [
    { id: "g1", kind: "group" }, { id: "n1", kind: "note", group: "g1" }, { id: "n2", kind: "note", group: "g1" },
    { id: "n3", kind: "note", group: null }, { id: "n4", kind: "note" }, { id: "g2", kind: "group" }, { id: "n5", kind: "note", group: "g2" },
  ];
  for (const voter of ["p-1", "p-2", "p-3", "p-4"]) {
    const out = shuffledKeepingGroups(voter, items).map((it) => it.id);
    assert.deepEqual([...out].sort(), items.map((it) => it.id).sort());
    assert.ok(["n1", "n2"].every((id) => out.indexOf(id) > out.indexOf("g1") && out.indexOf(id) <= out.indexOf("g1") + 2), out.join());
    assert.equal(out.indexOf("n5"), out.indexOf("g2") + 1, out.join());
  }
});

test("stepToSave: the entry's block first; what left the board dropped; a vote needs a block", () => {
  const board = emptyBoard();
  board.polls = { "goal-poll": /** @type {any} */ ({ id: "goal-poll" }) };
  const rules = step({ blocks: ["perception", "results", "gone"], writers: "department", department: "sales", poll: { poll: "goal-poll", label: "After" },
    end: ["lock", "reveal"] });
  const saved = stepToSave(rules, "swot", board);
  assert.equal(saved.problem, null);
  assert.deepEqual(saved.step.blocks, ["swot", "results"]);
  assert.deepEqual(saved.step.end, ["reveal", "lock"]);
  assert.equal(saved.step.department, "sales");
  assert.deepEqual(rules.blocks, ["perception", "results", "gone"], "the draft is not changed");

  board.departments = board.departments.filter((d) => d.id !== "sales");
  delete board.polls["goal-poll"];
  const stale = stepToSave(rules, "swot", board).step;
  assert.equal(stale.writers, "everyone");
  assert.equal(stale.department, null);
  assert.equal(stale.poll, null);

  const vote = step({ blocks: ["swot"], vote: newStepVote("v") });
  assert.equal(stepToSave(vote, null, board).problem, "vote_needs_block");
  assert.deepEqual(stepToSave(vote, null, board).step.blocks, []);

  const copy = copyStep(vote);
  assert.notEqual(copy?.vote, vote.vote);
  assert.deepEqual(copy, vote);
  assert.equal(copyStep(null), null);
});

test("E9: a 1-2-4-All step names the others of my pair and my four, by the roster's names", () => {
  const board = /** @type {any} */ ({
    departments: [], people: { ben: { name: "Benjamin" } },
    roster: { ana: { name: "Ana" }, ben: { name: "Ben" }, cy: { name: "Cy" }, dee: { name: "Dee" } },
  });
  const block = { id: "b", circles: { ana: { pair: 1, four: 1 }, ben: { pair: 1, four: 1 }, cy: { pair: 2, four: 1 }, dee: { pair: 3, four: 2 } } };
  assert.deepEqual(circleNames(board, /** @type {any} */ (block), "ana", "pair"), ["Benjamin"]);
  assert.deepEqual(circleNames(board, /** @type {any} */ (block), "ana", "four"), ["Benjamin", "Cy"]);
  assert.deepEqual(circleNames(board, /** @type {any} */ (block), "eve", "pair"), []);
});

test("E8: Next step pressed by mistake is undone by running the step that was current again", async () => {
  const { inverseOf } = await import("../src/inverse.js");
  const agenda = { items: [{ id: "a", title: "A", minutes: 5, block: null, actual_ms: 0 }, { id: "b", title: "B", minutes: 5, block: null, actual_ms: 0 }], current: "a", running: true, started_at: 0 };
  const board = /** @type {any} */ ({ ...emptyBoard(), agenda });
  assert.deepEqual(inverseOf(board, { kind: "agenda.next" }), [{ kind: "agenda.start", item: "a" }]);
  assert.deepEqual(inverseOf(board, { kind: "agenda.start", item: "a" }), []);
  assert.deepEqual(inverseOf({ ...board, agenda: { ...agenda, current: null } }, { kind: "agenda.next" }), []);
});
