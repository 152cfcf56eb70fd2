// The board screen: wires the store, the connection, presence and the views together.

import { newId, socketUrl } from "./api.js";
import { Connection } from "./connection.js";
import { onLangChange, t } from "./i18n.js";
import { loadCollapsed, loadPending, loadReplica, saveCollapsed, saveIdentity, savePending, saveReplica } from "./persist.js";
import { Presence } from "./presence.js";
import { Store } from "./store.js";
import { newAction } from "./views/actions.js";
import { BoardView } from "./views/board.js";
import { CursorsView } from "./views/cursors.js";
import { helpOverlay } from "./views/help.js";
import { Minimap } from "./views/minimap.js";
import { PresenceView } from "./views/presenceview.js";
import { buildShell } from "./views/shell.js";
import { showStopBanner, StatusBadge } from "./views/status.js";
import { Toasts } from "./views/toast.js";
import { boundsOf, Viewport } from "./views/viewport.js";
import { installKeys } from "./views/keys.js";

/** @typedef {import("./views/context.js").Ctx} Ctx */
/** @typedef {import("./api.js").BoardSummary} BoardSummary */
/** @typedef {import("./persist.js").Identity} Identity */

const PROTOCOL = 1;
const CURSOR_EVERY_MS = 50; // at most 20 cursor frames a second

/**
 * Open the board screen for a joined person.
 * @param {HTMLElement} root @param {{boardId: string, token: string, summary: BoardSummary, identity: Identity}} options
 */
export function openBoard(root, { boardId, token, summary, identity }) {
  const role = summary.role;
  const canEdit = role !== "screen";
  const store = new Store({ send: (frame) => connection.send(frame) });
  const presence = new Presence();
  const saved = loadReplica(boardId);
  store.restore({ ...(saved ?? {}), pending: loadPending(boardId) });

  /** @type {Ctx} */
  const ctx = /** @type {any} */ ({});
  const shell = buildShell(root, {
    title: summary.title, role, canEdit,
    onUndo: () => undo(), onRedo: () => redo(), onHelp: () => toggleHelp(),
    onZoom: (dir) => (dir === 0 ? fitAll() : viewport.zoomBy(dir > 0 ? 1.25 : 0.8)),
    onAddNote: () => addNoteNearCentre(), onLang: () => relabel(),
  });
  const viewport = new Viewport(shell.viewport, shell.world);
  const toasts = new Toasts(shell.stage);
  const badge = new StatusBadge(() => connection.nudge());
  const people = new PresenceView(presence, () => ctx.board().departments);
  shell.right.append(people.el, badge.el);
  const boardView = new BoardView(ctx, shell.world);
  const minimap = new Minimap(shell.stage, viewport, () => boardView.orderedBlocks());
  const cursors = new CursorsView(shell.viewport, presence, viewport, (dept) => ctx.dept(dept)?.color ?? "#64748b");

  const collapsed = new Set(loadCollapsed(boardId));
  let editCounter = 0;
  /** @type {string | null} */
  let editingNow = null;
  let firstWelcome = true;

  Object.assign(ctx, {
    boardId, role, canEdit, isFacilitator: role === "facilitator",
    you: () => store.you ?? { id: "", name: identity.name, department: identity.department, role },
    board: () => /** @type {any} */ (store.view),
    dept: (/** @type {string | null | undefined} */ id) => (id ? ctx.board().departments.find((d) => d.id === id) ?? null : null),
    perform: (/** @type {any} */ ops, /** @type {any} */ options) => store.perform(ops, options).ok,
    selected: null,
    select: (/** @type {string | null} */ id) => { if (ctx.selected !== id) { ctx.selected = id; schedule(); } },
    editSoon: (/** @type {string} */ id) => { boardView.pendingEdit = id; schedule(); },
    setEditing: (/** @type {string | null} */ id) => {
      if (editingNow === id) return;
      editingNow = id;
      connection.send({ type: "editing", item: id });
    },
    focusItem: (/** @type {string} */ id) => focusItem(id),
    makeAction: (/** @type {any} */ source) => makeAction(source),
    editorsOf: (/** @type {string} */ id) => presence.editorsOf(id),
    toBoard: (/** @type {number} */ x, /** @type {number} */ y) => viewport.toBoard(x, y),
    toast: (/** @type {string} */ message, /** @type {any} */ options) => toasts.show(message, options),
    invalidate: () => schedule(),
    collapsed,
    toggleCollapsed: (/** @type {string} */ id, /** @type {boolean | undefined} */ value) => {
      const next = value ?? !collapsed.has(id);
      if (next === collapsed.has(id)) return;
      if (next) collapsed.add(id); else collapsed.delete(id);
      saveCollapsed(boardId, [...collapsed]);
      schedule();
    },
    swotFilter: null,
    setSwotFilter: (/** @type {string | null} */ dept) => { ctx.swotFilter = dept; schedule(); },
    newId,
    editSession: () => ++editCounter,
    dropUndo: (/** @type {string} */ key) => store.dropUndo(key),
  });

  // Rendering: at most once per animation frame.
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
    if (!rendered) fitAll(true); // before the items exist: nothing to lay out yet
    boardView.render();
    minimap.render();
    people.render();
    cursors.render();
    shell.undo.disabled = !store.canUndo;
    shell.redo.disabled = !store.canRedo;
    if (!rendered) {
      rendered = true;
      requestAnimationFrame(() => {
        document.documentElement.dataset.ready = "1";
        performance.mark("crossboard-interactive");
      });
    }
  };
  const relabel = () => {
    shell.relabel();
    boardView.frames.forEach((f) => f.el.remove());
    boardView.frames.clear();
    badge.set(badge.status, store.unacked);
    schedule();
  };
  onLangChange(relabel);

  viewport.subscribe(() => {
    shell.zoomLabel.textContent = `${Math.round(viewport.zoom * 100)}%`;
    const grid = 28 * viewport.zoom;
    shell.viewport.style.backgroundSize = `${grid}px ${grid}px`;
    shell.viewport.style.backgroundPosition = `${viewport.x}px ${viewport.y}px`;
    minimap.render();
    cursors.render();
  });
  shell.viewport.addEventListener("background-press", () => ctx.select(null));

  // The connection.
  const connection = new Connection({
    url: socketUrl(location, boardId),
    makeHello: () => {
      /** @type {Record<string, any>} */
      const hello = {
        type: "hello", protocol: PROTOCOL, board: boardId, token,
        name: identity.name, department: identity.department,
        resume: store.confirmed && store.epoch ? { epoch: store.epoch, seq: store.seq } : null,
      };
      if (identity.participant) hello.participant = identity.participant;
      return hello;
    },
    onFrame: (frame) => onFrame(frame),
    onStatus: (status, detail) => {
      badge.set(status, store.unacked);
      if (status === "stopped" && detail.reason && detail.reason !== "closed") showStopBanner(shell.stage, detail.reason);
    },
    onClose: () => {
      store.disconnected();
      presence.disconnected();
    },
  });

  /** @param {any} frame */
  const onFrame = (frame) => {
    switch (frame.type) {
      case "welcome": {
        if (!store.welcome(frame)) { connection.reconnect(); return; }
        identity.participant = frame.you.id;
        saveIdentity(boardId, identity);
        presence.welcome(frame);
        store.resendPending();
        if (editingNow) connection.send({ type: "editing", item: editingNow });
        if (firstWelcome) {
          firstWelcome = false;
          performance.mark("crossboard-welcome");
        }
        schedule();
        return;
      }
      case "applied":
        if (!store.applied(frame)) connection.reconnect();
        return;
      case "rejected":
        store.rejected(frame);
        return;
      case "presence":
        presence.presence(frame);
        return;
      case "cursors":
        presence.cursorsFrame(frame);
        return;
      default:
        return; // pong, error: nothing to show
    }
  };

  store.subscribe((event) => {
    switch (event.type) {
      case "change": case "reset": schedule(); return;
      case "pending":
        badge.set(connection.status, event.count);
        savePending(boardId, store.snapshot().pending);
        return;
      case "rejected":
        toasts.show(`${t("reject.prefix")} ${humanReason(event.code, event.message)}`, { kind: "error" });
        return;
      case "refused":
        toasts.show(`${t("reject.refused")} ${humanReason(event.code, event.message)}`, { kind: "error" });
        return;
    }
  });
  presence.subscribe((what) => {
    if (what === "people") schedule();
    else cursors.render();
  });

  // Cursors: sent at most every 50 ms, the latest position wins.
  let lastCursor = 0;
  /** @type {any} */
  let cursorTimer = null;
  /** @type {{x: number, y: number} | null} */
  let cursorAt = null;
  const sendCursor = () => {
    cursorTimer = null;
    if (!cursorAt) return;
    lastCursor = performance.now();
    connection.send({ type: "cursor", x: Math.round(cursorAt.x), y: Math.round(cursorAt.y) });
  };
  if (canEdit) {
    shell.viewport.addEventListener("pointermove", (e) => {
      cursorAt = viewport.toBoard(e.clientX, e.clientY);
      const wait = CURSOR_EVERY_MS - (performance.now() - lastCursor);
      if (wait <= 0) sendCursor();
      else if (!cursorTimer) cursorTimer = setTimeout(sendCursor, wait);
    });
  }

  // Verbs.
  const undo = () => {
    const out = store.undo();
    if (out === null) toasts.show(t("undo.nothing"));
    else if (!out.ok) toasts.show(`${t("undo.failed")} ${humanReason(out.code ?? "", out.message ?? "")}`, { kind: "error" });
  };
  const redo = () => {
    const out = store.redo();
    if (out === null) toasts.show(t("redo.nothing"));
    else if (!out.ok) toasts.show(`${t("undo.failed")} ${humanReason(out.code ?? "", out.message ?? "")}`, { kind: "error" });
  };
  /** @type {HTMLElement | null} */
  let help = null;
  const toggleHelp = () => {
    if (help) { help.remove(); help = null; return; }
    help = helpOverlay(() => toggleHelp());
    document.body.append(help);
  };
  const fitAll = (instant = false) => {
    const blocks = Object.values(ctx.board()?.blocks ?? {});
    viewport.fit(boundsOf(blocks), { instant, margin: 40 });
  };
  /** @param {number} index */
  const goToBlock = (index) => {
    const block = boardView.orderedBlocks()[index];
    if (block) viewport.fit(block, { margin: 24 });
  };
  const addNoteNearCentre = () => {
    const board = ctx.board();
    const v = viewport.visible();
    const cx = v.x + v.w / 2;
    const cy = v.y + v.h / 2;
    const candidates = boardView.orderedBlocks().filter((b) => ["notes", "perception", "results"].includes(b.kind));
    const dist = (/** @type {any} */ b) => Math.hypot(Math.max(b.x - cx, 0, cx - b.x - b.w), Math.max(b.y - cy, 0, cy - b.y - b.h));
    const block = candidates.sort((a, b) => dist(a) - dist(b))[0];
    if (!block || !board) return;
    if (dist(block) > 0) viewport.fit(block, { margin: 24 });
    const view = /** @type {any} */ (boardView.frames.get(block.id)?.view);
    view?.addNote(null, null);
  };
  /** @param {import("./types.js").Item} source */
  const makeAction = (source) => {
    const board = ctx.board();
    const plan = boardView.orderedBlocks().find((b) => b.kind === "action_plan");
    const owner = source.department ?? ctx.you().department ?? board.departments[0]?.id;
    if (!plan || !owner) return;
    const id = newId("a");
    const ok = ctx.perform([newAction(board, plan.id, id, {
      title: source.kind === "goal" ? source.title : source.text,
      action_kind: source.kind === "goal" ? "goal" : "task",
      owners: [owner], source: source.id,
    })]);
    if (ok) toasts.show(t("action.created"), { kind: "success", action: { label: t("action.show"), run: () => focusItem(id) } });
  };
  /** @param {string} id */
  const focusItem = (id) => {
    const board = ctx.board();
    const item = board.items[id];
    if (!item) return;
    // Open collapsed ancestors of a goal node.
    for (let p = item.kind === "goal" ? item.parent : null; p; p = board.items[p]?.parent ?? null) ctx.toggleCollapsed(p, false);
    const block = board.blocks[item.block];
    if (block) viewport.fit(block, { margin: 24 });
    ctx.select(id);
    setTimeout(() => {
      const el = shell.world.querySelector(`[data-id="${CSS.escape(id)}"]`);
      el?.classList.add("flash");
      setTimeout(() => el?.classList.remove("flash"), 1600);
    }, 320);
  };

  installKeys({
    ctx, store, boardView,
    undo, redo, toggleHelp, isHelpOpen: () => help !== null,
    fitAll: () => fitAll(), goToBlock, addNote: addNoteNearCentre,
    zoom: (/** @type {number} */ f) => viewport.zoomBy(f),
  });

  // Never lose what was typed: unsent ops and the replica survive a reload of the tab.
  const persist = () => {
    const snap = store.snapshot();
    savePending(boardId, snap.pending);
    if (snap.board && !saveReplica(boardId, { epoch: snap.epoch, seq: snap.seq, board: snap.board })) saveReplica(boardId, null);
  };
  window.addEventListener("pagehide", persist);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") persist(); });
  window.addEventListener("beforeunload", (e) => {
    if (store.unacked > 0 && connection.status !== "live") { e.preventDefault(); e.returnValue = ""; }
  });
  window.addEventListener("online", () => connection.nudge());
  window.addEventListener("offline", () => badge.set(connection.status === "live" ? "live" : "offline", store.unacked));

  connection.start();
  return { store, connection, presence, viewport };
}

/** A sentence for a refusal code. @param {string} code @param {string} message */
export function humanReason(code, message) {
  const key = /** @type {any} */ (`reject.${code}`);
  const text = t(key);
  return text === key ? t("reject.other", { message }) : text;
}
