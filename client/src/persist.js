// What the browser remembers. localStorage (per browser, every tab): who I am on a board
// (the credential the hub issued, per board and role, I1, and the name it knows me by), my
// name and department as a default for the next board, the language, collapsed goal nodes.
// sessionStorage (per tab, survives a reload): my replica, my unsent ops, following. All
// best effort.

/** @typedef {{name: string, department: string | null}} Identity */

const session = () => globalThis.sessionStorage;
const local = () => globalThis.localStorage;

/** @param {() => Storage} store @param {string} key */
function read(store, key) {
  try {
    const raw = store().getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** @param {() => Storage} store @param {string} key @param {unknown} value */
function write(store, key, value) {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // quota, private mode: the tab still works, it just forgets on reload
  }
}

/**
 * The credential the hub issued this browser on a board for a role (I1): whoever sends it in
 * a hello is that participant, so every tab and every reload is the same person.
 * @param {string} board @param {string} role @returns {string | null}
 */
export function loadCredential(board, role) {
  try {
    return local().getItem(`crossboard:credential:${board}:${role}`) || null;
  } catch {
    return null;
  }
}
/** @param {string} board @param {string} role @param {string} credential */
export function saveCredential(board, role, credential) {
  try {
    local().setItem(`crossboard:credential:${board}:${role}`, credential);
    return true;
  } catch {
    return false;
  }
}
/** The hub refused it (4014, I2): the next hello joins as a new person. @param {string} board @param {string} role */
export function forgetCredential(board, role) {
  try {
    local().removeItem(`crossboard:credential:${board}:${role}`);
  } catch { /* nothing stored */ }
}

/**
 * The name (and department) this browser goes by on a board in a role, shared by its tabs.
 * @param {string} board @param {string} role @returns {Identity | null}
 */
export const loadIdentity = (board, role) => {
  const value = read(local, `crossboard:me:${board}:${role}`);
  return value && typeof value.name === "string" && value.name ? { name: value.name, department: value.department ?? null } : null;
};
/** @param {string} board @param {string} role @param {Identity} identity */
export const saveIdentity = (board, role, identity) =>
  write(local, `crossboard:me:${board}:${role}`, { name: identity.name, department: identity.department });
/** @param {string} board @param {string} role */
export const forgetIdentity = (board, role) => write(local, `crossboard:me:${board}:${role}`, null);

/**
 * Did this tab already reload after the hub refused its identity (4014)? Then it does not
 * reload again (no loop) until a welcome clears the mark.
 * @param {string} board @param {string} role
 */
export const loadRefused = (board, role) => read(session, `crossboard:refused:${board}:${role}`) === true;
/** @param {string} board @param {string} role @param {boolean} refused */
export const saveRefused = (board, role, refused) => write(session, `crossboard:refused:${board}:${role}`, refused ? true : null);

/** @param {string} board */
export const loadReplica = (board) => read(session, `crossboard:replica:${board}`);
/** @param {string} board @param {unknown} replica */
export const saveReplica = (board, replica) => write(session, `crossboard:replica:${board}`, replica);

/** @param {string} board */
export const loadPending = (board) => read(session, `crossboard:pending:${board}`) ?? [];
/** @param {string} board @param {any[]} pending */
export const savePending = (board, pending) => write(session, `crossboard:pending:${board}`, pending.length ? pending : null);

/** @returns {{name?: string, department?: string | null} | null} */
export const recallMe = () => read(local, "crossboard:me");
/** @param {{name: string, department: string | null}} me */
export const rememberMe = (me) => write(local, "crossboard:me", me);

/** @returns {string | null} */
export const loadLang = () => read(local, "crossboard:lang");
/** @param {string} lang */
export const saveLang = (lang) => write(local, "crossboard:lang", lang);

/** @param {string} board @returns {string[]} */
export const loadCollapsed = (board) => read(local, `crossboard:collapsed:${board}`) ?? [];
/** @param {string} board @param {string[]} ids */
export const saveCollapsed = (board, ids) => write(local, `crossboard:collapsed:${board}`, ids);

/** Does this tab follow the facilitator (spotlights)? On unless turned off. @param {string} board */
export const loadFollowing = (board) => read(session, `crossboard:follow:${board}`) !== false;
/** @param {string} board @param {boolean} on */
export const saveFollowing = (board, on) => write(session, `crossboard:follow:${board}`, on);
