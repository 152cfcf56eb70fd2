// The hub's HTTP API, as far as the client needs it.

import { departmentLinks, normalizeLinks } from "./facilitation.js";

/**
 * What the join page knows before connecting. `department` is the department the link fixes
 * (I6), `department_choice` whether people pick theirs or the link decides, `lobby` whether
 * newcomers wait to be let in (I7); older hubs leave them out.
 * @typedef {{id: string, title: string, departments: import("./types.js").Department[], role: string,
 *   department?: string | null, department_choice?: "person" | "link", lobby?: boolean}} BoardSummary
 * @typedef {{ok: true, board: BoardSummary} | {ok: false, reason: "token" | "board" | "network"}} SummaryResult
 */

/**
 * What the join page needs: title, departments and the role the link grants.
 * @param {string} boardId @param {string} token
 * @returns {Promise<SummaryResult>}
 */
export async function fetchSummary(boardId, token) {
  let response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: "no-store",
    });
  } catch {
    return { ok: false, reason: "network" };
  }
  if (response.status === 401 || response.status === 403) return { ok: false, reason: "token" };
  if (response.status === 404) return { ok: false, reason: "board" };
  if (!response.ok) return { ok: false, reason: "network" };
  return { ok: true, board: await response.json() };
}

/**
 * Board id, token and, in a personal link ("continue on another device"), the credential and
 * name of the person it continues: /b/<board>#t=<token>[&c=<credential>&n=<name>].
 * @param {{pathname: string, hash: string}} loc
 * @returns {{boardId: string | null, token: string | null, credential: string | null, name: string | null}}
 */
export function parseJoinLink(loc) {
  const match = /^\/b\/([A-Za-z0-9_.:-]{1,64})\/?$/.exec(loc.pathname);
  const params = new URLSearchParams(loc.hash.replace(/^#/, ""));
  return { boardId: match ? match[1] : null, token: params.get("t"), credential: params.get("c") || null, name: params.get("n") || null };
}

/**
 * The personal link that opens the board as this same person on another device: the join
 * link plus the credential (and the name, which the new device has no other way to know).
 * @param {string} origin @param {string} boardId @param {string} token @param {string} credential @param {string} name
 */
export function personalLink(origin, boardId, token, credential, name) {
  const params = new URLSearchParams({ t: token, c: credential, n: name });
  return `${origin}/b/${encodeURIComponent(boardId)}#${params.toString()}`;
}

/**
 * The address without the personal part of a link (`c`, `n`): what stays in the address bar,
 * so that copying it shares the join link and not this person. Null when there is nothing to
 * take out.
 * @param {{pathname: string, search: string, hash: string}} loc
 */
export function withoutCredential(loc) {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ""));
  if (!params.has("c") && !params.has("n")) return null;
  params.delete("c");
  params.delete("n");
  return `${loc.pathname}${loc.search}#${params.toString()}`;
}

/** The websocket url of a board on this page's host. @param {Location} loc @param {string} boardId */
export function socketUrl(loc, boardId) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}/ws/${encodeURIComponent(boardId)}`;
}

/** A short random id for a new item, e.g. "n-k3j9x0a1b2". @param {string} prefix */
export function newId(prefix) {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36];
  return `${prefix}-${out}`;
}

/**
 * The board's current join links (`GET /api/boards/{id}/links`, the facilitator's token as
 * Bearer): after a link.rotate they carry the new version. `departments` are the participant
 * links that fix a department (I6), by department id.
 * @param {string} boardId @param {string} token
 * @returns {Promise<{ok: true, links: {participant?: string, screen?: string, facilitator?: string},
 *   departments: Record<string, string>} | {ok: false, status: number}>}
 */
export async function fetchLinks(boardId, token) {
  let response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/links`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0 };
  }
  if (!response.ok) return { ok: false, status: response.status };
  const body = await response.json();
  return { ok: true, links: normalizeLinks(body), departments: departmentLinks(body) };
}
