// Shared JSDoc types of the client. The wire shapes are those of shared/PROTOCOL.md.
//
// An item of `kind: "hidden"` is the placeholder of one the viewer may not see (A2):
// `{id, block, kind, author_department}`. On a block.private `applied` frame, `items` are the
// block's items as this receiver sees them from now on (A3).

/**
 * @typedef {{id: string, name: string, color: string}} Department
 * @typedef {{id: string, kind: string, title: string, x: number, y: number, w: number, h: number,
 *   locked?: boolean, private?: "own" | "department" | null}} Block
 * @typedef {{id: string, kind: string, block: string, [field: string]: any}} Item
 * @typedef {{name?: string, department?: string | null, removed?: boolean}} PersonOverride
 * @typedef {{id: string, title: string, departments: Department[],
 *   blocks: Record<string, Block>, items: Record<string, Item>, seq: number,
 *   locked?: boolean, spotlight?: string | null, links?: Record<string, number>,
 *   people?: Record<string, PersonOverride>}} Board
 * @typedef {{id: string, name: string, department: string | null, role: string}} Actor
 * @typedef {Record<string, any> & {kind: string}} Op
 * @typedef {{ok: boolean, code?: string, message?: string}} Outcome
 * @typedef {{type: "applied", seq: number, op: Op, by: Actor, cid: string | null, ts: number,
 *   items?: Item[] | Record<string, Item>}} AppliedFrame
 */

export {};
