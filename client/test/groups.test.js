import { test } from "node:test";
import assert from "node:assert/strict";
import { inverseOf } from "../src/inverse.js";
import { boxSize, GROUP_HEADER, groupFootprint, NOTE_H, NOTE_W } from "../src/layout.js";
import { itemLabel, voteResults, votableItems } from "../src/votes.js";
import { groupDrop, memberSpot } from "../src/views/groups.js";
import { tidyBlocked, tidyOrder } from "../src/views/tidy.js";

const DEPTS = [{ id: "product" }, { id: "sales" }, { id: "marketing" }];
const note = (id, extra = {}) => ({ id, kind: "note", block: "exp", text: id, department: "sales", x: 0, y: 0, on: null, group: null, ...extra });
const group = (id, extra = {}) => ({ id, kind: "group", block: "exp", title: "", x: 0, y: 0, collapsed: false, ...extra });

/** @returns {any} */
function boardOf(/** @type {any[]} */ items, extra = {}) {
  return {
    id: "b", title: "", seq: 0, departments: [{ id: "product", name: "Product" }, { id: "sales", name: "Sales" }],
    blocks: {
      exp: { id: "exp", kind: "notes", title: "", x: 0, y: 0, w: 1200, h: 800 },
      goals: { id: "goals", kind: "goal_tree", title: "", x: 0, y: 900, w: 1200, h: 800 },
      res: { id: "res", kind: "results", title: "", x: 1300, y: 0, w: 1200, h: 800 },
    },
    items: Object.fromEntries(items.map((it) => [it.id, it])),
    ...extra,
  };
}

test("members sit inside the group's footprint: header, then a grid of up to 3 columns", () => {
  for (let k = 1; k <= 10; k += 1) {
    const box = boxSize(groupFootprint(false, k));
    for (let i = 0; i < k; i += 1) {
      const s = memberSpot(i);
      assert.ok(s.y >= GROUP_HEADER && s.x >= 0, `member ${i} of ${k} below the header`);
      assert.ok(s.x + NOTE_W <= box.w && s.y + NOTE_H <= box.h, `member ${i} of ${k} inside ${box.w}x${box.h}`);
      for (let j = 0; j < i; j += 1) {
        const o = memberSpot(j);
        const apart = s.x >= o.x + NOTE_W || o.x >= s.x + NOTE_W || s.y >= o.y + NOTE_H || o.y >= s.y + NOTE_H;
        assert.ok(apart, `members ${i} and ${j} overlap`);
      }
    }
  }
});

test("a note dropped on a loose note starts a group there, holding both, in one step", () => {
  const board = boardOf([note("a", { x: 24, y: 84 }), note("b", { x: 472, y: 234 })]);
  const made = groupDrop(board, "b", board.items.a, () => "g-1");
  assert.deepEqual(made, {
    group: "g-1", created: true,
    ops: [
      { kind: "item.add", id: "g-1", block: "exp", item: { kind: "group", title: "", x: 24, y: 84, collapsed: false } },
      { kind: "item.move", id: "a", group: "g-1" },
      { kind: "item.move", id: "b", group: "g-1" },
    ],
  });
});

test("a note dropped on a group, or on a note in one, joins that group", () => {
  const board = boardOf([group("g"), note("a", { group: "g" }), note("b"), note("c", { group: "g" })]);
  assert.deepEqual(groupDrop(board, "b", board.items.g, () => "x")?.ops, [{ kind: "item.move", id: "b", group: "g" }]);
  assert.deepEqual(groupDrop(board, "b", board.items.a, () => "x")?.ops, [{ kind: "item.move", id: "b", group: "g" }]);
  assert.equal(groupDrop(board, "c", board.items.a, () => "x"), null, "already in it: nothing to do");
  assert.equal(groupDrop(board, "c", board.items.g, () => "x"), null);
});

test("a note from another block joins with its move; no groups outside notes and results blocks", () => {
  const board = boardOf([note("a", { block: "res", x: 24, y: 84 }), note("h", { block: "goals", on: "n1" }), note("t", { block: "goals" })]);
  const made = groupDrop(board, "h", board.items.a, () => "g-2");
  assert.deepEqual(made?.ops.at(-1), { kind: "item.move", id: "h", group: "g-2", block: "res", on: null });
  assert.equal(made?.ops[0].block, "res");
  assert.equal(groupDrop(board, "a", board.items.t, () => "x"), null, "a goal-tree block has no groups");
});

test("a group is voted on as one: it leads, titled, its notes under it, then the loose notes", () => {
  const items = [
    note("n-loose", { department: "product", y: 10 }),
    note("n-2", { group: "g1" }), note("n-1", { group: "g1" }),
    group("g1", { title: "Onboarding", y: 300 }),
    group("g0", { title: "", y: 100 }),
    note("n-orphan", { group: "gone" }),
  ];
  assert.deepEqual(votableItems(items, DEPTS).map((it) => it.id), ["g0", "g1", "n-1", "n-2", "n-loose", "n-orphan"]);
  assert.equal(itemLabel(items[3]), "Onboarding");
  const rows = voteResults(/** @type {any} */ ({ totals: { g1: 2, "n-1": 1 }, by_department: null }), items, DEPTS, "dots");
  assert.deepEqual(rows.slice(0, 2).map((r) => [r.id, r.item?.title ?? r.item?.text, r.total]), [["g1", "Onboarding", 2], ["n-1", "n-1", 1]]);
});

test("tidy orders the block's notes and groups by author, department, dots or time written", () => {
  const items = [
    note("n-b", { author: "p2", author_name: "Boris", department: "sales" }),
    note("n-a", { author: "p1", author_name: "Ana", department: "sales" }),
    group("g", { author: "p2", author_name: "Boris" }),
    note("n-in", { author: "p1", author_name: "Ana", group: "g" }),
    note("n-c", { author: "p3", author_name: "Anton", department: "product" }),
    note("n-hung", { block: "goals", on: "x" }),
    note("n-other", { block: "res" }),
  ];
  const board = boardOf(items, { votes: { v: { id: "v", block: "exp", open: false, totals: { "n-c": 3, g: 2, "n-a": 0 } } } });
  const block = board.blocks.exp;
  assert.deepEqual(tidyOrder(board, block, "time"), ["g", "n-b", "n-a", "n-c"], "groups lead; notes as written");
  assert.deepEqual(tidyOrder(board, block, "author"), ["g", "n-a", "n-c", "n-b"]);
  assert.deepEqual(tidyOrder(board, block, "department"), ["g", "n-c", "n-b", "n-a"], "board department order, then as written");
  assert.deepEqual(tidyOrder(board, block, "dots"), ["n-c", "g", "n-b", "n-a"], "groups rank with the notes by dots");
  assert.equal(tidyBlocked(block), null);
  assert.equal(tidyBlocked({ ...block, private: "own" }), "tidy.private");
  assert.equal(tidyBlocked(board.blocks.goals), "tidy.wrong.block");
});

test("undo: a tidy puts every element back, a removed group takes its notes back", () => {
  const board = boardOf([group("g", { x: 500, y: 300 }), note("a", { group: "g", x: 1, y: 2 }), note("b", { x: 40, y: 90 }), note("h", { on: "z" })]);
  assert.deepEqual(inverseOf(board, { kind: "block.tidy", id: "exp", order: [] }), [
    { kind: "item.move", id: "g", x: 500, y: 300 },
    { kind: "item.move", id: "b", x: 40, y: 90 },
  ]);
  const back = inverseOf(board, { kind: "item.remove", id: "g" });
  assert.equal(back[0].kind, "item.add");
  assert.deepEqual(back.slice(1), [{ kind: "item.move", id: "a", group: "g" }]);
});
