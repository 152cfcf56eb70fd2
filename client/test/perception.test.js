import { test } from "node:test";
import assert from "node:assert/strict";
import { cellTexts, isRealGoal, perceptionGrid } from "../src/views/perception.js";

const DEPTS = [{ id: "product" }, { id: "sales" }, { id: "marketing" }];
/** @returns {any} */
const note = (id, by, about, text = id) => ({ id, kind: "note", block: "perception", author_department: by, department: about, text, x: 0, y: 0 });
/** @returns {any} */
const hidden = (id, by) => ({ id, kind: "hidden", block: "perception", author_department: by });
const PARTICIPANT = { role: "participant", department: "product" };

test("rows are who writes, columns who it is about, in board order; notes keep their order", () => {
  const items = [
    note("a", "product", "sales", "Discounts"), note("b", "sales", "sales", "€3.5M ARR"),
    note("c", "product", "sales", "Big logos"), note("d", "marketing", "product", "Fun features"),
  ];
  const grid = perceptionGrid(DEPTS, items, PARTICIPANT);
  assert.deepEqual(grid.columns, ["product", "sales", "marketing"]);
  assert.deepEqual(grid.rows.map((r) => r.department), ["product", "sales", "marketing"]);
  assert.deepEqual(cellTexts(grid, "product", "sales"), ["Discounts", "Big logos"]);
  assert.deepEqual(cellTexts(grid, "sales", "sales"), ["€3.5M ARR"]);
  assert.deepEqual(cellTexts(grid, "marketing", "product"), ["Fun features"]);
  assert.deepEqual(cellTexts(grid, "product", "product"), []);
  assert.equal(isRealGoal(items[1]), true, "the diagonal: a department about itself");
  assert.equal(isRealGoal(items[0]), false);
  assert.equal(isRealGoal(note("x", null, null)), false, "no department is nobody's real goal");
});

test("private writing: placeholders count in their author's row, never in a cell", () => {
  const items = [note("a", "product", "sales"), hidden("h1", "sales"), hidden("h2", "sales"), hidden("h3", "marketing")];
  const grid = perceptionGrid(DEPTS, items, PARTICIPANT);
  assert.deepEqual(grid.rows.map((r) => [r.department, r.visible, r.hidden]), [["product", 1, 0], ["sales", 0, 2], ["marketing", 0, 1]]);
  for (const row of grid.rows) {
    for (const list of row.cells.values()) assert.ok(list.every((it) => it.kind === "note"));
  }
});

test("a 'no department' row or column appears only when something belongs there", () => {
  const facilitator = { role: "facilitator", department: null };
  assert.deepEqual(perceptionGrid(DEPTS, [], facilitator).rows.map((r) => r.department), ["product", "sales", "marketing"]);
  const withLoose = perceptionGrid(DEPTS, [note("a", null, "sales"), note("b", "sales", null), note("c", "sales", "gone")], facilitator);
  assert.deepEqual(withLoose.rows.map((r) => r.department), ["product", "sales", "marketing", null]);
  assert.deepEqual(withLoose.columns, ["product", "sales", "marketing", null]);
  assert.deepEqual(cellTexts(withLoose, "sales", null), ["b", "c"], "an unknown department counts as none");
  const loner = perceptionGrid(DEPTS, [], { role: "participant", department: null });
  assert.deepEqual(loner.rows.map((r) => r.department), ["product", "sales", "marketing", null], "a row to write in");
});
