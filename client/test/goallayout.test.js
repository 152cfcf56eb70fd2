import { test } from "node:test";
import assert from "node:assert/strict";
import { layoutTree, NODE_H, NODE_W, GAP_X } from "../src/views/goallayout.js";

const g = (id, parent = null, order = "V") => ({ id, kind: "goal", block: "goals", title: id, parent, order });

test("children sit one column right, a parent level with the middle of its children", () => {
  const { nodes, edges } = layoutTree([g("r"), g("a", "r", "F"), g("b", "r", "k")], new Map(), new Set());
  const [r, a, b] = ["r", "a", "b"].map((id) => /** @type {any} */ (nodes.get(id)));
  assert.equal(a.x, NODE_W + GAP_X);
  assert.ok(a.y < b.y, "sibling order is top to bottom");
  assert.equal(r.y + r.h / 2, (a.y + b.y + NODE_H) / 2);
  assert.deepEqual(edges, [{ from: "r", to: "a" }, { from: "r", to: "b" }]);
});

test("collapsed nodes hide their subtree and count it", () => {
  const goals = [g("r"), g("a", "r"), g("b", "a"), g("c", "a", "k")];
  const { nodes } = layoutTree(goals, new Map(), new Set(["a"]));
  assert.deepEqual([...nodes.keys()], ["r", "a"]);
  assert.equal(nodes.get("a")?.hiddenCount, 2);
});

test("no two nodes overlap, 100 nodes, hung notes make nodes taller", () => {
  const goals = [g("n0")];
  for (let i = 1; i < 100; i += 1) goals.push(g(`n${i}`, `n${Math.floor((i - 1) / 4)}`, String.fromCharCode(65 + (i % 20))));
  const hung = new Map([["n5", 2], ["n50", 7]]);
  const { nodes } = layoutTree(goals, hung, new Set());
  assert.equal(nodes.size, 100);
  const boxes = [...nodes.values()];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i], b = boxes[j];
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      assert.ok(!overlap, `${a.id} and ${b.id} overlap`);
    }
  }
  assert.ok((nodes.get("n50")?.h ?? 0) > (nodes.get("n5")?.h ?? 0));
});
