// Automatic layout of a goal tree, left to right: depth is the column, leaves stack in rows,
// a parent sits level with the middle of its children. Pure: items in, boxes out.

import { bySiblingOrder } from "../ordering.js";

export const NODE_W = 248;
export const NODE_H = 60;
export const CHIP_H = 30;
export const MAX_CHIPS = 3;
export const GAP_X = 64;
export const GAP_Y = 14;
export const ROOT_GAP = 32;

/** @typedef {import("../types.js").Item} Item */
/** @typedef {{id: string, x: number, y: number, w: number, h: number, depth: number, hiddenCount: number, hasKids: boolean}} NodeBox */

/**
 * Height of a node with `hung` notes shown under its title.
 * @param {number} hung
 */
export function nodeHeight(hung) {
  if (!hung) return NODE_H;
  return NODE_H + 6 + Math.min(hung, MAX_CHIPS) * CHIP_H + (hung > MAX_CHIPS ? 22 : 0);
}

/**
 * @param {Item[]} goals the goal nodes of one block
 * @param {Map<string, number>} hung notes hung per goal id
 * @param {Set<string>} collapsed ids whose children are hidden
 * @returns {{nodes: Map<string, NodeBox>, edges: {from: string, to: string}[], width: number, height: number}}
 */
export function layoutTree(goals, hung, collapsed) {
  const ids = new Set(goals.map((g) => g.id));
  /** @type {Map<string | null, Item[]>} */
  const kids = new Map();
  for (const g of goals) {
    const parent = g.parent != null && ids.has(g.parent) ? g.parent : null;
    const list = kids.get(parent) ?? [];
    list.push(g);
    kids.set(parent, list);
  }
  for (const list of kids.values()) list.sort(bySiblingOrder);

  /** @type {Map<string, number>} */
  const sizes = new Map();
  /** @type {Map<string, number>} */
  const counts = new Map();
  const visiting = new Set();
  /** Total descendants. @param {string} id @returns {number} */
  const count = (id) => {
    if (counts.has(id)) return /** @type {number} */ (counts.get(id));
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const n = (kids.get(id) ?? []).reduce((sum, k) => sum + 1 + count(k.id), 0);
    counts.set(id, n);
    return n;
  };
  /** Vertical space of a subtree. @param {Item} node @returns {number} */
  const size = (node) => {
    const own = nodeHeight(hung.get(node.id) ?? 0);
    const children = collapsed.has(node.id) ? [] : kids.get(node.id) ?? [];
    const span = children.reduce((sum, k) => sum + size(k), 0) + GAP_Y * Math.max(0, children.length - 1);
    const total = Math.max(own, span);
    sizes.set(node.id, total);
    return total;
  };

  /** @type {Map<string, NodeBox>} */
  const nodes = new Map();
  /** @type {{from: string, to: string}[]} */
  const edges = [];
  let width = 0;
  /** @param {Item} node @param {number} top @param {number} depth */
  const place = (node, top, depth) => {
    const own = nodeHeight(hung.get(node.id) ?? 0);
    const total = /** @type {number} */ (sizes.get(node.id));
    const children = kids.get(node.id) ?? [];
    const open = !collapsed.has(node.id);
    const x = depth * (NODE_W + GAP_X);
    nodes.set(node.id, {
      id: node.id, x, y: top + (total - own) / 2, w: NODE_W, h: own, depth,
      hiddenCount: open ? 0 : count(node.id), hasKids: children.length > 0,
    });
    width = Math.max(width, x + NODE_W);
    if (!open) return;
    const span = children.reduce((sum, k) => sum + /** @type {number} */ (sizes.get(k.id)), 0) + GAP_Y * Math.max(0, children.length - 1);
    let y = top + (total - span) / 2;
    for (const child of children) {
      edges.push({ from: node.id, to: child.id });
      place(child, y, depth + 1);
      y += /** @type {number} */ (sizes.get(child.id)) + GAP_Y;
    }
  };

  let y = 0;
  for (const root of kids.get(null) ?? []) {
    size(root);
    place(root, y, 0);
    y += /** @type {number} */ (sizes.get(root.id)) + ROOT_GAP;
  }
  return { nodes, edges, width, height: Math.max(0, y - ROOT_GAP) };
}
