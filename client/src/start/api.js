// The start page's side of the hub's HTTP API (shared/PROTOCOL.md, "HTTP"): who this visitor
// is, the admin's boards, a new board, an import. Every call sends the admin token, if any.

/**
 * @typedef {{admin: boolean, open_board_creation: boolean, max_backup_bytes: number, templates?: string[], languages?: string[]}} StartInfo
 * @typedef {{id: string, title: string, departments: {id: string, name: string, color: string}[],
 *   links: {facilitator: string, participant: string, screen: string}}} MadeBoard
 * @typedef {{id: string, title: string, created: number, links: {facilitator: string}}} ListedBoard
 * @typedef {{ok: true, value: any} | {ok: false, status: number, code: string, message: string}} Answer
 */

const ADMIN_KEY = "crossboard:admin";

/**
 * The admin token: from the link's fragment (`#admin=…`, then taken out of the address bar and
 * kept in this browser), else the one this browser kept. Null when there is none.
 * @param {Location} loc @param {History} history
 * @returns {string | null}
 */
export function takeAdminToken(loc, history) {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ""));
  const given = params.get("admin");
  if (given) {
    try {
      localStorage.setItem(ADMIN_KEY, given);
    } catch { /* private mode: the token lives as long as the tab */ }
    history.replaceState(history.state, "", `${loc.pathname}${loc.search}`);
    return given;
  }
  try {
    return localStorage.getItem(ADMIN_KEY);
  } catch {
    return null;
  }
}

/** Forget a token the hub refused. */
export function forgetAdminToken() {
  try {
    localStorage.removeItem(ADMIN_KEY);
  } catch { /* nothing kept */ }
}

/**
 * One call to the hub; the answer or the error it gave (network trouble is status 0).
 * @param {string | null} token @param {string} path @param {RequestInit} [init]
 * @returns {Promise<Answer>}
 */
async function call(token, path, init = {}) {
  /** @type {Record<string, string>} */
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { ...init, headers, cache: "no-store" });
  } catch {
    return { ok: false, status: 0, code: "network", message: "" };
  }
  let body = null;
  try {
    body = await response.json();
  } catch { /* not JSON: the status says enough */ }
  if (response.ok) return { ok: true, value: body };
  return {
    ok: false,
    status: response.status,
    code: typeof body?.code === "string" ? body.code : "error",
    message: typeof body?.message === "string" ? body.message : response.statusText,
  };
}

/** What the start page may offer. @param {string | null} token */
export const startInfo = (token) => call(token, "/api/start");

/** The admin's boards, newest first. @param {string | null} token */
export const listBoards = (token) => call(token, "/api/boards");

/**
 * A new board. @param {string | null} token
 * @param {{title: string, departments?: string[], template: string, language: string, agenda?: boolean}} spec
 */
export const createBoard = (token, spec) =>
  call(token, "/api/boards", { method: "POST", body: JSON.stringify(spec) });

/** A new board from a backup (already parsed). @param {string | null} token @param {unknown} backup */
export const importBackup = (token, backup) =>
  call(token, "/api/boards", { method: "POST", body: JSON.stringify({ backup }) });
