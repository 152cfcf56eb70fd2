import { test } from "node:test";
import assert from "node:assert/strict";
import { doneCounts } from "../src/views/done.js";

const DEPTS = [{ id: "product" }, { id: "sales" }, { id: "marketing" }];
const person = (id, department, role = "participant") => ({ id, name: id.toUpperCase(), department, role });

test("done counts only participants online, overall and per department in board order", () => {
  const online = [
    person("s1", "sales"), person("p1", "product"), person("p2", "product"), person("x", null),
    person("fay", null, "facilitator"), person("tv", null, "screen"),
  ];
  const done = { p1: "product", s1: "sales", gone: "sales", fay: null };
  const counts = doneCounts(done, online, DEPTS);
  assert.equal(counts.done, 2);
  assert.equal(counts.total, 4, "not the facilitator, not the projector");
  assert.deepEqual(counts.byDepartment, [
    { department: "product", done: 1, total: 2 },
    { department: "sales", done: 1, total: 1 },
    { department: null, done: 0, total: 1 },
  ], "marketing has nobody online; someone who left does not count");
  assert.deepEqual(counts.waiting.map((p) => p.id), ["p2", "x"]);
});

test("nobody online, nobody done", () => {
  assert.deepEqual(doneCounts(undefined, [], DEPTS), { done: 0, total: 0, byDepartment: [], waiting: [] });
});
