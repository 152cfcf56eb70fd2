// Entry point: read the join link, ask the hub about the board, show the join page (once
// per tab), then the board.

import { fetchSummary, parseJoinLink } from "./api.js";
import { openBoard } from "./app.js";
import { detectLang, getLang, onLangChange, setLang, t } from "./i18n.js";
import { loadIdentity, loadLang, recallMe, rememberMe, saveIdentity, saveLang } from "./persist.js";
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

  const { boardId, token } = parseJoinLink(location);
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

  let identity = loadIdentity(boardId);
  if (summary.role === "screen") {
    identity = identity ?? { name: t("role.screen"), department: null };
  } else if (!identity) {
    const choice = await showJoin(root, summary, recallMe());
    identity = { name: choice.name, department: choice.department };
    rememberMe(choice);
  }
  saveIdentity(boardId, identity);
  // A phone in portrait gets the phone view, unless its person switched to the full board.
  const open = viewFor(summary.role) === "phone" ? openPhone : openBoard;
  // A handle for the browser console and for tests: the store, connection (and viewport).
  /** @type {any} */ (globalThis).crossboard = open(root, { boardId, token, summary, identity });
}

main();
