// The phone view: the same store and connection as the full board (queue, resume, re-send
// with the same cid), drawn as three touch screens instead of a canvas. What the facilitator
// asks for now, what is open anywhere, and any block as a searchable list.

import { newId, personalLink, socketUrl } from "../api.js";
import { humanReason } from "../app.js";
import { serverClock } from "../clock.js";
import { Connection, helloFrame } from "../connection.js";
import { canEditBlock } from "../facilitation.js";
import { onLangChange, t } from "../i18n.js";
import { identityRefused, takeIdentity } from "../identity.js";
import { loadCredential, loadPending, loadReplica, saveIdentity, savePending, saveReplica } from "../persist.js";
import { Store } from "../store.js";
import { DeviceLink } from "../views/device.js";
import { WaitingScreen } from "../views/lobby.js";
import { isFinalStop, showStopBanner, StatusBadge, unsentChanges } from "../views/status.js";
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
  const store = new Store({ send: (out) => connection.send(out) });
  store.restore({ ...(loadReplica(boardId) ?? {}), pending: loadPending(boardId) });
  const badge = new StatusBadge(() => connection.nudge());
  /** @type {Tab} */
  let tab = "now";
  /** @type {string | undefined} why the connection stopped for good */
  let stopReason;

  /** @type {PhoneCtx} */
  const ctx = {
    board: () => /** @type {any} */ (store.view),
    you: () => store.you ?? { id: "", name: identity.name, department: identity.department, role },
    live: () => connection.status === "live",
    pending: () => store.pending,
    perform: (ops) => {
      if (isFinalStop(stopReason)) {
        ctx.say(t(/** @type {any} */ (`stop.${stopReason}`)), "error");
        return false;
      }
      return store.perform(ops, { undoable: false }).ok;
    },
    canEdit: (blockId) => role !== "screen" && !isFinalStop(stopReason) && Boolean(store.view) && canEditBlock(/** @type {any} */ (store.view), blockId, ctx.you()),
    say: (message, kind = "error") => shell.say(message, kind),
    newId,
    dept: (id) => (id ? ctx.board().departments.find((d) => d.id === id) ?? null : null),
    serverNow: () => serverClock.now(),
    showList: (blockId) => { list.show(blockId); setTab("list"); },
    invalidate: () => schedule(),
  };

  const now = new NowScreen(ctx);
  const open = new OpenScreen(ctx);
  const list = new ListScreen(ctx);
  // "Continue on another device": this person's own link (I1).
  const device = role === "participant" ? new DeviceLink({ link: () => ownLink(), toast: (message) => ctx.say(message, "info") }) : null;
  const shell = new PhoneFrame(root, {
    title: summary.title, status: badge.el,
    screens: { now: now.el, open: open.el, list: list.el },
    onTab: (next) => setTab(next), onLang: () => relabel(),
    extra: device?.el ?? null,
  });
  const waitingScreen = new WaitingScreen(root); // I5: in the lobby, no board yet
  /** @param {Tab} next */
  const setTab = (next) => {
    tab = next;
    shell.main.scrollTo?.({ top: 0 });
    schedule();
  };
  const relabel = () => {
    badge.set(badge.status, unsentChanges(store.pending));
    device?.relabel();
    waitingScreen.draw();
    schedule();
  };
  onLangChange(relabel);

  // Rendering: at most once per animation frame; the list only while it is on screen.
  let scheduled = false;
  let rendered = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };
  const render = () => {
    scheduled = false;
    if (!store.view) return;
    const you = ctx.you();
    shell.setYou(you.name, ctx.dept(you.department));
    now.update();
    open.update();
    if (tab === "list") list.update();
    shell.update(tab, open.count);
    if (!rendered) {
      rendered = true;
      document.documentElement.dataset.ready = "1";
    }
  };
  setInterval(() => { if (store.view?.agenda?.running) schedule(); }, CLOCK_TICK_MS);

  const connection = new Connection({
    url: socketUrl(location, boardId),
    makeHello: () => helloFrame({ boardId, token, identity, store, credential: loadCredential(boardId, role) }),
    onFrame: (message) => onFrame(message),
    onStatus: (status, detail) => {
      badge.set(status, unsentChanges(store.pending));
      if (status === "stopped" && detail.reason && detail.reason !== "closed") {
        // I2: the hub refused who this browser says it is: join again as a new person.
        if (detail.reason === "identity_refused" && identityRefused(boardId, role)) { location.reload(); return; }
        if (waitingScreen.shown) waitingScreen.stopped(detail.reason);
        stopReason = detail.reason;
        showStopBanner(shell.el, detail.reason);
      }
      schedule(); // "waiting for connection…" or "sending…"
    },
    onServerTime: (sent, received, server) => serverClock.sample(sent, received, server), // E5
    onClose: () => store.disconnected(),
  });

  /** @param {any} message */
  const onFrame = (message) => {
    switch (message.type) {
      case "welcome":
        if (!store.welcome(message)) { connection.reconnect(); return; }
        takeIdentity(boardId, role, identity, message); // I1, I3: the hub says who and in which department
        waitingScreen.hide();
        store.resendPending();
        schedule();
        return;
      case "waiting": // I5: in the lobby until the facilitator lets this person in
        takeIdentity(boardId, role, identity, message);
        waitingScreen.show(identity.name, summary.title);
        return;
      case "exercise": // E7: the current vote and poll views
        store.exercise(message);
        return;
      case "applied":
        if (!store.applied(message)) { connection.reconnect(); return; }
        if (message.op?.kind === "participant.update" && message.op.id === store.you?.id) {
          youChanged({ name: message.op.name, department: message.op.department });
        }
        return;
      case "rejected":
        store.rejected(message);
        return;
      case "presence": {
        const me = (message.joined ?? []).find((/** @type {any} */ p) => p.id === store.you?.id);
        if (me) youChanged({ name: me.name, department: me.department }); // A6: renamed or moved
        return;
      }
      default:
        return; // cursors, follow, pong: a phone shows none of them
    }
  };

  /**
   * The facilitator renamed or moved this participant (A6): own ops are checked as the hub will
   * apply them, and the next hello says the same.
   * @param {{name?: string, department?: string | null}} changes
   */
  const youChanged = (changes) => {
    /** @type {{name?: string, department?: string | null}} */
    const known = {};
    if (typeof changes.name === "string") known.name = identity.name = changes.name;
    if (changes.department !== undefined) known.department = identity.department = changes.department;
    store.updateYou(known);
    saveIdentity(boardId, role, identity);
  };
  /** The personal link for another device, once the hub issued a credential (I1). */
  const ownLink = () => {
    const credential = loadCredential(boardId, role);
    return credential ? personalLink(location.origin, boardId, token, credential, identity.name) : null;
  };

  store.subscribe((event) => {
    switch (event.type) {
      case "change": case "reset": schedule(); return;
      case "pending":
        badge.set(connection.status, unsentChanges(store.pending));
        savePending(boardId, store.snapshot().pending);
        schedule();
        return;
      case "rejected": case "refused":
        ctx.say(refusal(event.type, event.code, event.message, event.op), "error");
        schedule();
        return;
    }
  });

  // Never lose an answer: unsent ops and the replica survive a reload of the tab.
  const persist = () => {
    const snap = store.snapshot();
    savePending(boardId, snap.pending);
    if (snap.board && !saveReplica(boardId, { epoch: snap.epoch, seq: snap.seq, board: snap.board })) saveReplica(boardId, null);
  };
  window.addEventListener("pagehide", persist);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") persist(); });
  // A phone that lost its network has a dead socket even when no close arrived: drop it now,
  // so what is answered meanwhile waits in the queue, and try again once the network is back.
  window.addEventListener("offline", () => connection.reconnect());
  window.addEventListener("online", () => connection.nudge());

  connection.start();
  return { store, connection };
}

/**
 * A sentence for a refusal of one of this phone's ops: the exercise ones in the phone's words
 * (no dots left, round closed), the others as on the board.
 * @param {"rejected" | "refused"} type @param {string} code @param {string} message
 * @param {import("../types.js").Op | null} op
 */
export function refusal(type, code, message, op) {
  if (op?.kind === "vote.cast" && code === "budget_exceeded") return t("phone.vote.refused.budget");
  if (op?.kind === "vote.cast" && code === "closed") return t("phone.vote.blocked.closed");
  if (op?.kind === "poll.answer" && code === "closed") return t("phone.poll.refused.closed");
  return `${t(type === "rejected" ? "reject.prefix" : "reject.refused")} ${humanReason(code, message)}`;
}
