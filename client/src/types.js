// Shared JSDoc types of the client. The wire shapes are those of shared/PROTOCOL.md.

/**
 * @typedef {{id: string, name: string, color: string}} Department
 * @typedef {{id: string, kind: string, title: string, x: number, y: number, w: number, h: number}} Block
 * @typedef {{id: string, kind: string, block: string, [field: string]: any}} Item
 * @typedef {{id: string, title: string, departments: Department[],
 *   blocks: Record<string, Block>, items: Record<string, Item>, seq: number}} Board
 * @typedef {{id: string, name: string, department: string | null, role: string}} Actor
 * @typedef {Record<string, any> & {kind: string}} Op
 * @typedef {{ok: boolean, code?: string, message?: string}} Outcome
 * @typedef {{type: "applied", seq: number, op: Op, by: Actor, cid: string | null, ts: number}} AppliedFrame
 */

export {};
