// Entry point: read the join link, ask the hub about the board, show the join page (once per
// browser: a person the hub already knows here goes straight in), then the board.

import { fetchSummary, parseJoinLink, withoutCredential } from "./api.js";
import { openBoard } from "./app.js";
import { detectLang, getLang, onLangChange, setLang, t } from "./i18n.js";
import {
  loadCredential, loadIdentity, loadLang, recallMe, rememberMe, saveCredential, saveIdentity, saveLang,
} from "./persist.js";
import { openPhone } from "./phone/app.js";
import { viewFor } from "./phone/mode.js";
import { showJoin, showMessage } from "./views/join.js";

async function main() {
  const root = /** @type {HTMLElement} */ (document.getElementById("app"));
  const saved = loadLang();
  setLang(saved === "en" || saved === "ru" ? saved : detectLang(navigator.languages ?? [navigator.language]));
  document.documentElement.lang = getLang();
  onLangChange(() => {
    saveLang(getLang());
    document.documentElement.lang = getLang();
  });

  const { boardId, token, credential, name } = parseJoinLink(location);
  // A personal link ("continue on another device") names a person: take that out of the
  // address bar at once, so copying the address shares the board and not the person.
  const plain = withoutCredential(location);
  if (plain) history.replaceState(history.state, "", plain);
  if (!boardId || !token) {
    showMessage(root, t("join.error.nolink"), "join-message");
    return;
  }
  showMessage(root, t("join.loading"), "join-message");

  let summary = null;
  for (let attempt = 0; !summary; attempt += 1) {
    const result = await fetchSummary(boardId, token);
    if (result.ok) summary = result.board;
    else if (result.reason === "token") return showMessage(root, t("join.error.token"), "join-message");
    else if (result.reason === "board") return showMessage(root, t("join.error.board"), "join-message");
    else {
      showMessage(root, t("join.error.network"), "join-message");
      await new Promise((r) => setTimeout(r, Math.min(10000, 500 * 2 ** attempt)));
    }
  }
  document.title = `${summary.title} · crossboard`;
  performance.mark("crossboard-summary");

  const role = summary.role;
  if (credential) {
    // This browser now is the person the link continues (I1).
    saveCredential(boardId, role, credential);
    if (name) saveIdentity(boardId, role, { name, department: null });
  }
  let identity = loadIdentity(boardId, role);
  const remembered = recallMe();
  if (role === "screen") {
    identity = identity ?? { name: t("role.screen"), department: null };
  } else if (loadCredential(boardId, role) && (identity || remembered?.name)) {
    // Known here (I1): no join form; the hub says the department in its welcome.
    identity = identity ?? { name: String(remembered?.name), department: remembered?.department ?? null };
  } else {
    // A new person (or one whose name this browser forgot): the join form. The hub decides
    // the department of a person it already knows, whatever the form says.
    const choice = await showJoin(root, summary, remembered);
    identity = { name: choice.name, department: choice.department };
    rememberMe(choice);
  }
  saveIdentity(boardId, role, identity);
  // A phone in portrait gets the phone view, unless its person switched to the full board.
  const open = viewFor(role) === "phone" ? openPhone : openBoard;
  // A handle for the browser console and for tests: the store, connection (and viewport).
  Object.assign(globalThis, { crossboard: open(root, { boardId, token, summary, identity }) });
}

main();
