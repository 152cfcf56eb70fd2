// What the tab remembers. sessionStorage (per tab, survives a reload): who I am on a board,
// my replica and my unsent ops. localStorage (per browser): my name and department as a
// default for the next board, the language, collapsed goal nodes. All best effort.

/** @typedef {{name: string, department: string | null, participant?: string}} Identity */

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

/** @param {() => Storage} store @param {string} key @param {any} value */
function write(store, key, value) {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // quota, private mode: the tab still works, it just forgets on reload
  }
}

/** @param {string} board @returns {Identity | null} */
export const loadIdentity = (board) => read(session, `crossboard:me:${board}`);
/** @param {string} board @param {Identity} identity */
export const saveIdentity = (board, identity) => write(session, `crossboard:me:${board}`, identity);

/** @param {string} board */
export const loadReplica = (board) => read(session, `crossboard:replica:${board}`);
/** @param {string} board @param {any} replica */
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
