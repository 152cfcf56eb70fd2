// The phone view: the same session as the full board (queue, resume, re-send with the same
// cid), drawn as three touch screens instead of a canvas. What the facilitator asks for now,
// what is open anywhere, and any block as a searchable list.

import { newId } from "../api.js";
import { serverClock } from "../clock.js";
import { canEditBlock } from "../facilitation.js";
import { onLangChange } from "../i18n.js";
import { phoneRefusal } from "../refusals.js";
import { Renderer } from "../schedule.js";
import { Session } from "../session.js";
import { DeviceLink } from "../views/device.js";
import { SessionChrome } from "../views/sessionchrome.js";
import { PhoneFrame } from "./frame.js";
import { ListScreen } from "./list.js";
import { NowScreen, OpenScreen } from "./screens.js";

/** @typedef {import("./context.js").PhoneCtx} PhoneCtx */
/** @typedef {import("./frame.js").Tab} Tab */
/** @typedef {import("../api.js").BoardSummary} BoardSummary */
/** @typedef {import("../persist.js").Identity} Identity */

const CLOCK_TICK_MS = 5000; // the agenda timer shows minutes

/**
 * Open the phone view for a joined person.
 * @param {HTMLElement} root @param {{boardId: string, token: string, summary: BoardSummary, identity: Identity}} options
 */
export function openPhone(root, { boardId, token, summary, identity }) {
  const role = summary.role;
  const session = new Session({ boardId, token, role, identity });
  const { store } = session;
  /** @type {Tab} */
  let tab = "now";

  /** @type {PhoneCtx} */
  const ctx = {
    board: () => /** @type {import("../types.js").Board} */ (store.view),
    you: () => session.you(),
    live: () => session.status === "live",
    pending: () => store.pending,
    perform: (ops) => session.perform(ops, { undoable: false }),
    canEdit: (blockId) => role !== "screen" && !session.finalStop && Boolean(store.view)
      && canEditBlock(/** @type {import("../types.js").Board} */ (store.view), blockId, ctx.you()),
    say: (message, kind = "error") => shell.say(message, kind),
    newId,
    dept: (id) => (id ? ctx.board().departments.find((d) => d.id === id) ?? null : null),
    serverNow: () => serverClock.now(),
    showList: (blockId) => { list.show(blockId); setTab("list"); },
    invalidate: () => renderer.soon(),
  };

  const chrome = new SessionChrome(session, { root, title: summary.title, stage: () => shell.el, say: (message) => ctx.say(message) });
  const now = new NowScreen(ctx);
  const open = new OpenScreen(ctx);
  const list = new ListScreen(ctx);
  // "Continue on another device": this person's own link (I1).
  const device = role === "participant" ? new DeviceLink({ link: () => session.ownLink(), toast: (message) => ctx.say(message, "info") }) : null;
  const shell = new PhoneFrame(root, {
    title: summary.title, status: chrome.badge.el,
    screens: { now: now.el, open: open.el, list: list.el },
    onTab: (next) => setTab(next), onLang: () => relabel(),
    extra: device?.el ?? null,
  });
  /** @param {Tab} next */
  const setTab = (next) => {
    tab = next;
    shell.main.scrollTo?.({ top: 0 });
    renderer.soon();
  };
  const relabel = () => {
    chrome.relabel();
    device?.relabel();
    renderer.soon();
  };
  onLangChange(relabel);

  // The list is drawn only while it is on screen.
  const renderer = new Renderer(() => {
    if (!store.view) return false;
    const you = ctx.you();
    shell.setYou(you.name, ctx.dept(you.department));
    now.update();
    open.update();
    if (tab === "list") list.update();
    shell.update(tab, open.count);
    return true;
  });
  setInterval(() => { if (store.view?.agenda?.running) renderer.soon(); }, CLOCK_TICK_MS);

  session.subscribe((event) => {
    if (event.type === "frame") return; // cursors, follow, presence: a phone shows none of them
    if (event.type === "rejected" || event.type === "refused") ctx.say(phoneRefusal(event, store.view, ctx.you()), "error");
    renderer.soon(); // also "waiting for connection…" or "sending…"
  });
  session.start();
  return { store, connection: session.connection, session };
}
