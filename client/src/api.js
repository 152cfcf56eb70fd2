// The hub's HTTP API, as far as the client needs it.

import { normalizeLinks } from "./facilitation.js";

/**
 * @typedef {{id: string, title: string, departments: import("./types.js").Department[], role: string}} BoardSummary
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

/** Board id and token from a join link: /b/<board>#t=<token>. @param {Location} loc */
export function parseJoinLink(loc) {
  const match = /^\/b\/([A-Za-z0-9_.:-]{1,64})\/?$/.exec(loc.pathname);
  const params = new URLSearchParams(loc.hash.replace(/^#/, ""));
  return { boardId: match ? match[1] : null, token: params.get("t") };
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
 * Bearer): after a link.rotate they carry the new version.
 * @param {string} boardId @param {string} token
 * @returns {Promise<{ok: true, links: {participant?: string, screen?: string, facilitator?: string}} | {ok: false, status: number}>}
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
  return { ok: true, links: normalizeLinks(await response.json()) };
}
