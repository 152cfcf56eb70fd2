// Placement in a block's flow (R13, R14): hand-computed from the wire contract, so the JS
// layout is held to the numbers, not only to the Python port.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CELL_H, CELL_W, GAP, Grid, NOTE_H, NOTE_W, boxSize, columns, elements, flowSpot, footprint,
  groupFootprint, growth, occupancy, slotSpot, tidy,
} from "../src/layout.js";
import { apply } from "../src/reducer.js";
import { emptyBoard } from "./vectors.js";

/** @typedef {import("../src/types.js").Board} Board */

/** A board with blocks and no items. @param {Record<string, any>[]} blocks @returns {Board} */
function boardOf(...blocks) {
  /** @type {Record<string, any>} */
  const byId = {};
  for (const b of blocks) byId[b.id] = { kind: "notes", title: "", x: 0, y: 0, w: 1200, h: 800, locked: false, private: null, ...b };
  return { id: "b", title: "", departments: [], blocks: byId, items: {}, seq: 0 };
}

/** Add a note where the flow puts it, as the reducer does. @param {Board} board @param {string} blockId @param {string} id */
function addPlaced(board, blockId, id) {
  const block = board.blocks[blockId];
  const spot = flowSpot(board, block, { cols: 1, rows: 2 });
  board.items[id] = { id, block: blockId, kind: "note", text: "", department: null, x: spot.x, y: spot.y, on: null, group: null };
  return spot;
}

/** @param {{x: number, y: number, w: number, h: number}} a @param {{x: number, y: number, w: number, h: number}} b */
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test("columns: a 1200-wide block has 5, a narrow one still 1", () => {
  assert.equal(columns({ w: 1200 }), 5);
  assert.equal(columns({ w: 480 }), 2); // (480 - 48 + 16) / 224 = 2
  assert.equal(columns({ w: 471 }), 1); // 439 / 224 < 2
  assert.equal(columns({ w: 100 }), 1);
});

test("footprints: a note is 1x2 (208x134); a group grows by rows of three notes", () => {
  assert.equal(NOTE_W, CELL_W - GAP);
  assert.equal(NOTE_H, 2 * CELL_H - GAP);
  assert.deepEqual(boxSize({ cols: 1, rows: 2 }), { w: 208, h: 134 });
  assert.deepEqual(groupFootprint(true, 9), { cols: 1, rows: 2 });
  assert.deepEqual(groupFootprint(false, 0), { cols: 1, rows: 3 });
  assert.deepEqual(groupFootprint(false, 2), { cols: 2, rows: 3 });
  assert.deepEqual(groupFootprint(false, 3), { cols: 3, rows: 3 });
  assert.deepEqual(groupFootprint(false, 4), { cols: 3, rows: 5 });
  assert.deepEqual(groupFootprint(false, 7), { cols: 3, rows: 7 });
  // Header 59 px, then a 150 px row per line of members.
  assert.deepEqual(boxSize(groupFootprint(false, 4)), { w: 656, h: 359 });
});

test("notes fill the first row left to right, the 6th starts the next row at (24, 234)", () => {
  const board = boardOf({ id: "n" });
  const spots = [];
  for (let i = 0; i < 6; i += 1) spots.push(addPlaced(board, "n", `a${i}`));
  assert.deepEqual(spots.map(({ x, y }) => [x, y]), [[24, 84], [248, 84], [472, 84], [696, 84], [920, 84], [24, 234]]);
});

test("12 placed notes never overlap and stay inside the block's width", () => {
  const board = boardOf({ id: "n" });
  for (let i = 0; i < 12; i += 1) addPlaced(board, "n", `a${String(i).padStart(2, "0")}`);
  const boxes = Object.values(board.items).map((it) => ({ x: it.x, y: it.y, w: NOTE_W, h: NOTE_H }));
  for (let i = 0; i < boxes.length; i += 1) {
    assert.ok(boxes[i].x >= 24 && boxes[i].x + NOTE_W <= 1200 - 24);
    for (let j = i + 1; j < boxes.length; j += 1) assert.ok(!overlap(boxes[i], boxes[j]), `${i} and ${j} overlap`);
  }
  assert.deepEqual([board.items.a11.x, board.items.a11.y], [248, 384]); // third line, second column
});

test("a hand-placed note takes every cell it overlaps; touching an edge takes none", () => {
  const grid = new Grid(5);
  grid.cover(130, 100, NOTE_W, NOTE_H); // x 130..338 meets columns 0 and 1; y 100..234 rows 0 and 1
  assert.deepEqual([0, 1, 2].map((c) => grid.taken(c, 0)), [true, true, false]);
  assert.deepEqual([0, 1, 2].map((r) => grid.taken(0, r)), [true, true, false]);
  assert.deepEqual(grid.firstFit({ cols: 1, rows: 2 }), { c: 2, r: 0 });
  const edge = new Grid(5);
  edge.cover(232, 84, NOTE_W, NOTE_H); // starts where column 0's box ends (24 + 208)
  assert.equal(edge.taken(0, 0), false);
  assert.equal(edge.taken(1, 0), true);
  // Starting inside column 0's gap (232..248) and ending in column 1's (456..472): column 1 only.
  const gap = new Grid(5);
  gap.cover(240, 84, NOTE_W, NOTE_H);
  assert.deepEqual([gap.taken(0, 0), gap.taken(1, 0), gap.taken(2, 0)], [false, true, false]);
});

test("a note next to a hand-placed one goes around it, rows scanned one by one", () => {
  const board = boardOf({ id: "n", w: 480 }); // 2 columns
  board.items.h = { id: "h", block: "n", kind: "note", x: 24, y: 159, on: null, group: null }; // rows 1-2 of column 0
  assert.deepEqual(addPlaced(board, "n", "a"), { x: 248, y: 84 }); // (0, 0) alone is too short
  assert.deepEqual(addPlaced(board, "n", "b"), { x: 248, y: 234 });
  assert.deepEqual(addPlaced(board, "n", "c"), { x: 24, y: 309 }); // row 3: under the hand-placed one
});

test("grouped notes and notes on a goal node take no room; a group does", () => {
  const board = boardOf({ id: "n" });
  board.items.g = { id: "g", block: "n", kind: "group", title: "", x: 24, y: 84, collapsed: false };
  for (const id of ["m1", "m2", "m3", "m4"]) board.items[id] = { id, block: "n", kind: "note", x: 700, y: 500, on: null, group: "g" };
  assert.deepEqual(elements(board, "n").map((it) => it.id), ["g"]);
  assert.deepEqual(footprint(board, board.items.g), { cols: 3, rows: 5 });
  const grid = occupancy(board, board.blocks.n);
  assert.ok(grid.taken(2, 4) && !grid.taken(3, 0) && !grid.taken(0, 5));
  assert.deepEqual(flowSpot(board, board.blocks.n, { cols: 1, rows: 2 }), { x: 696, y: 84 });
  assert.deepEqual(flowSpot(board, board.blocks.n, { cols: 3, rows: 3 }), { x: 24, y: 459 });
});

test("a private block's slots fill the columns a note's height a line", () => {
  assert.deepEqual(slotSpot({ w: 1200 }, 0), { x: 24, y: 84 });
  assert.deepEqual(slotSpot({ w: 1200 }, 4), { x: 920, y: 84 });
  assert.deepEqual(slotSpot({ w: 1200 }, 5), { x: 24, y: 234 });
  assert.deepEqual(slotSpot({ w: 480 }, 5), { x: 248, y: 384 });
});

test("growth: the block reaches the element plus a margin, blocks below move down as far", () => {
  const board = boardOf(
    { id: "a", x: 0, y: 0, w: 1200, h: 800 },
    { id: "below", x: 100, y: 900, w: 1200, h: 800 }, // under a, overlapping in x
    { id: "side", x: 1300, y: 900, w: 1200, h: 800 }, // beside: x-ranges do not overlap
    { id: "touch", x: 1200, y: 800, w: 300, h: 300 }, // touches a's right edge only
    { id: "flush", x: 0, y: 800, w: 300, h: 300 }, // top exactly at a's old bottom
    { id: "beside", x: 0, y: 799, w: 300, h: 300 }, // top above a's old bottom
  );
  assert.deepEqual(growth(board, board.blocks.a, 776), {}, "776 + 24 = 800 fits");
  const out = growth(board, board.blocks.a, 834 + 100); // a note at y 800
  assert.deepEqual(Object.keys(out).sort(), ["a", "below", "flush"]);
  assert.equal(out.a.h, 958);
  assert.equal(out.below.y, 1058);
  assert.equal(out.flush.y, 958);
  assert.equal(board.blocks.a.h, 800, "growth changes nothing itself");
});

test("the 31st note of a 5-column block grows it, and pushes the block below", () => {
  const board = boardOf({ id: "n", x: 0, y: 0, w: 1200, h: 800 }, { id: "s", kind: "swot", x: 0, y: 900 });
  let spot = { x: 0, y: 0 };
  for (let i = 0; i < 31; i += 1) spot = addPlaced(board, "n", `a${String(i).padStart(2, "0")}`);
  // 30 notes fill 6 lines (rows 0..11); the 31st opens row 12: y = 84 + 12 * 75 = 984.
  assert.deepEqual(spot, { x: 24, y: 984 });
  const out = growth(board, board.blocks.n, spot.y + NOTE_H);
  assert.equal(out.n.h, 984 + 134 + 24);
  assert.equal(out.s.y, 900 + (1142 - 800));
});

test("tidy: the given order first, then the rest by (y, x, id); a group takes its footprint", () => {
  const board = boardOf({ id: "n" });
  board.items.g = { id: "g", block: "n", kind: "group", title: "", x: 900, y: 900, collapsed: false };
  for (const id of ["m1", "m2", "m3", "m4"]) board.items[id] = { id, block: "n", kind: "note", x: 0, y: 0, on: null, group: "g" };
  const note = (/** @type {string} */ id, /** @type {number} */ x, /** @type {number} */ y) => {
    board.items[id] = { id, block: "n", kind: "note", x, y, on: null, group: null };
  };
  note("p", 500, 300);
  note("q", 100, 300);
  note("r", 100, 300);
  note("s", 40, 10);
  const spots = tidy(board, board.blocks.n, ["g", "nobody", "p", "g", "m1"]);
  assert.deepEqual([...spots.keys()], ["g", "p", "s", "q", "r"]);
  assert.deepEqual(spots.get("g"), { x: 24, y: 84, bottom: 84 + 359 });
  assert.deepEqual(spots.get("p"), { x: 696, y: 84, bottom: 218 });
  assert.deepEqual(spots.get("s"), { x: 920, y: 84, bottom: 218 });
  assert.deepEqual(spots.get("q"), { x: 696, y: 234, bottom: 368 });
  assert.deepEqual(spots.get("r"), { x: 920, y: 234, bottom: 368 });
});

test("tidy: a footprint wider than the flow is taken as wide as the flow", () => {
  const board = boardOf({ id: "n", w: 480 }); // 2 columns
  board.items.g = { id: "g", block: "n", kind: "group", title: "", x: 24, y: 84, collapsed: false };
  for (const id of ["m1", "m2", "m3"]) board.items[id] = { id, block: "n", kind: "note", x: 0, y: 0, on: null, group: "g" };
  board.items.z = { id: "z", block: "n", kind: "note", x: 24, y: 84, on: null, group: null };
  const spots = tidy(board, board.blocks.n, []);
  assert.deepEqual(spots.get("g"), { x: 24, y: 84, bottom: 84 + 209 });
  assert.deepEqual(spots.get("z"), { x: 24, y: 309, bottom: 443 }); // under the group's 3 rows
});

// Through the reducer: the same rules as ops apply them.

const FAY = { id: "p-fay", name: "Fay", department: null, role: "facilitator" };
const ANA = { id: "p-ana", name: "Ana", department: "product", role: "participant" };

/** Apply ops in turn, each expected to pass. @param {Board} board @param {any} by @param {...Record<string, any>} ops */
function run(board, by, ...ops) {
  for (const op of ops) {
    const { outcome } = apply(board, /** @type {any} */ (op), by, board.seq + 1);
    assert.ok(outcome.ok, `${op.kind}: ${outcome.message}`);
  }
}

/** @param {string} id @param {Record<string, any>} [body] */
const addNote = (id, body = {}) => ({ kind: "item.add", id, block: "expectations", item: { kind: "note", ...body } });

test("R13: notes added without a spot never overlap; one with a spot keeps it", () => {
  const board = emptyBoard();
  run(board, ANA, addNote("mine", { x: 700, y: 90 }));
  for (let i = 0; i < 12; i += 1) run(board, ANA, addNote(`n${String(i).padStart(2, "0")}`));
  assert.deepEqual([board.items.mine.x, board.items.mine.y], [700, 90]);
  assert.deepEqual([board.items.n00.x, board.items.n00.y], [24, 84]);
  assert.deepEqual([board.items.n03.x, board.items.n03.y], [920, 84], "column 3 is under the hand-placed note");
  const boxes = Object.values(board.items).map((it) => ({ id: it.id, x: it.x, y: it.y, w: NOTE_W, h: NOTE_H }));
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) assert.ok(!overlap(boxes[i], boxes[j]), `${boxes[i].id} and ${boxes[j].id} overlap`);
  }
  assert.equal(board.blocks.expectations.h, 800, "12 notes fit: no growth");
});

test("R13: outside the flow blocks each missing coordinate of a note is 0", () => {
  const board = emptyBoard();
  run(board, ANA, { kind: "item.add", id: "p1", block: "perception", item: { kind: "note", y: 40 } });
  assert.deepEqual([board.items.p1.x, board.items.p1.y], [0, 40]);
});

test("R13: a full block grows and pushes the block below it down, not the one beside it", () => {
  const board = emptyBoard();
  for (let i = 0; i < 25; i += 1) run(board, ANA, addNote(`n${String(i).padStart(2, "0")}`));
  // 25 notes: rows 0..9, the last at y = 84 + 8 * 75 = 684, bottom 818 > 800 - 24.
  assert.deepEqual([board.items.n24.x, board.items.n24.y], [920, 684]);
  assert.equal(board.blocks.expectations.h, 684 + 134 + 24);
  assert.equal(board.blocks.swot.y, 900 + 42);
  assert.equal(board.blocks.actions.y, 900, "beside, not below");
  assert.equal(board.blocks.perception.y, 0);
});

test("R13: removing a group puts its notes back in the flow, in id order", () => {
  const board = emptyBoard();
  run(board, FAY, { kind: "item.add", id: "g", block: "expectations", item: { kind: "group", title: "Themes" } });
  assert.deepEqual([board.items.g.x, board.items.g.y], [24, 84]);
  run(board, ANA, addNote("b", { group: "g" }), addNote("a", { group: "g" }), addNote("c"));
  assert.deepEqual([board.items.c.x, board.items.c.y], [472, 84], "next to the group, 2x3 with two notes");
  run(board, FAY, { kind: "item.remove", id: "g" });
  assert.deepEqual([board.items.a.group, board.items.a.x, board.items.a.y], [null, 24, 84]);
  assert.deepEqual([board.items.b.x, board.items.b.y], [248, 84]);
});

test("R13: a note taken out of its group without a spot goes to the flow", () => {
  const board = emptyBoard();
  run(board, FAY, { kind: "item.add", id: "g", block: "expectations", item: { kind: "group" } });
  run(board, ANA, addNote("a", { group: "g" }), { kind: "item.move", id: "a", group: null });
  assert.deepEqual([board.items.a.group, board.items.a.x, board.items.a.y], [null, 248, 84]);
});

test("R13: in a private flow block every add takes a slot, a placeholder's too", () => {
  const board = emptyBoard();
  run(board, FAY, { kind: "block.private", id: "expectations", mode: "own" });
  run(board, ANA, addNote("a"));
  // Someone else's note, seen by this replica only as a placeholder.
  apply(board, { kind: "item.add", id: "h", block: "expectations", item: { kind: "hidden" } }, { ...ANA, id: "p-ben" }, board.seq + 1);
  run(board, ANA, addNote("b", { x: 500, y: 500 }), addNote("c"));
  assert.deepEqual([board.items.a.x, board.items.a.y], [24, 84]);
  assert.deepEqual([board.items.b.x, board.items.b.y], [500, 500]);
  assert.deepEqual([board.items.c.x, board.items.c.y], [696, 84], "slot 3: after a, the placeholder and b");
  assert.equal(board.blocks.expectations.placed, 4);
});

test("R14: block.tidy lays the block out again in the given order", () => {
  const board = emptyBoard();
  run(board, ANA, addNote("a", { x: 300, y: 500 }), addNote("b", { x: 10, y: 500 }), addNote("c", { x: 10, y: 100 }));
  run(board, FAY, { kind: "block.tidy", id: "expectations", order: ["a"] });
  assert.deepEqual(["a", "c", "b"].map((id) => [board.items[id].x, board.items[id].y]), [[24, 84], [248, 84], [472, 84]]);
  const refused = apply(board, { kind: "block.tidy", id: "swot", order: [] }, FAY, board.seq + 1).outcome;
  assert.equal(refused.code, "wrong_block");
  assert.equal(apply(board, { kind: "block.tidy", id: "expectations", order: [] }, ANA, board.seq + 1).outcome.code, "forbidden");
});
