// Who this browser is on a board (PROTOCOL.md, "Identity and trust"). The hub issues a
// credential with every welcome (and `waiting`); the browser keeps it per board and role and
// presents it in every hello, so each tab and each reload is the same person. When the hub
// refuses it (4014), the browser forgets it and joins again as a new person — reloading at
// most once, so a hub that keeps refusing does not make the page loop.

import {
  forgetCredential, forgetIdentity, loadRefused, saveCredential, saveIdentity, saveRefused,
} from "./persist.js";

/** @typedef {import("./persist.js").Identity} Identity */

/**
 * A `welcome` or `waiting` frame: keep the credential it carries and take name and
 * department from `you` (the hub's word, I1/I3, not what this page asked for).
 * @param {string} boardId @param {string} role @param {Identity} identity changed in place
 * @param {{type: string, credential?: unknown, you?: {name: string, department: string | null}}} frame
 */
export function takeIdentity(boardId, role, identity, frame) {
  if (typeof frame.credential === "string" && frame.credential) saveCredential(boardId, role, frame.credential);
  if (frame.you) {
    identity.name = frame.you.name;
    identity.department = frame.you.department ?? null;
  }
  saveIdentity(boardId, role, identity);
  if (frame.type === "welcome") saveRefused(boardId, role, false);
}

/**
 * The hub refused this browser's identity (4014, I2): forget it. True when the page should
 * reload into the join form now; false when it already did so once since the last welcome
 * (then it says so and leaves the reload to the person).
 * @param {string} boardId @param {string} role
 */
export function identityRefused(boardId, role) {
  forgetCredential(boardId, role);
  forgetIdentity(boardId, role);
  if (loadRefused(boardId, role)) return false;
  saveRefused(boardId, role, true);
  return true;
}
