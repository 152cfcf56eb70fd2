import { test } from "node:test";
import assert from "node:assert/strict";
import { Presence } from "../src/presence.js";

const A = { id: "a", name: "Ann", department: "product", role: "participant" };
const B = { id: "b", name: "Bob", department: "sales", role: "participant" };
const F = { id: "f", name: "Fay", department: null, role: "facilitator" };

test("online list from the welcome, joins and leaves, grouped by department", () => {
  const p = new Presence(() => 0);
  p.welcome({ you: A, online: [A, F] });
  p.presence({ joined: [B], left: [] });
  const groups = p.groups([{ id: "product" }, { id: "sales" }, { id: "marketing" }]);
  assert.deepEqual(groups.map((g) => [g.department, g.people.map((x) => x.name)]), [
    ["product", ["Ann"]], ["sales", ["Bob"]], [null, ["Fay"]],
  ]);
  p.presence({ joined: [], left: ["b"] });
  assert.equal(p.online.has("b"), false);
});

test("cursors and editing markers of others, never your own; cleared on leave", () => {
  const p = new Presence(() => 5);
  p.welcome({ you: A, online: [A, B] });
  p.cursorsFrame({ moves: { a: [1, 1], b: [10, 20] }, editing: { b: "n1", a: "n2" } });
  assert.deepEqual([...p.cursors.keys()], ["b"]);
  assert.deepEqual(p.editorsOf("n1").map((x) => x.name), ["Bob"]);
  assert.deepEqual(p.editorsOf("n2"), []);
  p.cursorsFrame({ moves: {}, editing: { b: null } });
  assert.deepEqual(p.editorsOf("n1"), []);
  p.cursorsFrame({ moves: { b: [3, 4] }, editing: { b: "n1" } });
  p.presence({ left: ["b"] });
  assert.equal(p.cursors.size, 0);
  assert.deepEqual(p.editorsOf("n1"), []);
});
