// The board screen: wires the store, the connection, presence and the views together.

import { fetchLinks, newId, personalLink, socketUrl } from "./api.js";
import { Connection, helloFrame } from "./connection.js";
import { canEditBlock, FollowPolicy, isRect, screenOf, Throttle, viewportFrame } from "./facilitation.js";
import { onLangChange, t } from "./i18n.js";
import { identityRefused, takeIdentity } from "./identity.js";
import {
  loadCollapsed, loadCredential, loadFollowing, loadPending, loadReplica, saveCollapsed, saveFollowing, saveIdentity, savePending, saveReplica,
} from "./persist.js";
import { Presence } from "./presence.js";
import { viewSwitch } from "./phone/mode.js";
import { Store } from "./store.js";
import { newAction } from "./views/actions.js";
import { BoardView } from "./views/board.js";
import { CursorsView } from "./views/cursors.js";
import { DeviceLink } from "./views/device.js";
import { DoneWidget } from "./views/done.js";
import { voteRefusal, withResults } from "./views/dots.js";
import { FacilitationBar } from "./views/facilitator.js";
import { LinksPanel } from "./views/links.js";
import { WaitingScreen } from "./views/lobby.js";
import { HistoryPanel, historyApi } from "./views/history.js";
import { PeoplePanel } from "./views/people.js";
import { helpOverlay } from "./views/help.js";
import { Minimap } from "./views/minimap.js";
import { PresenceView } from "./views/presenceview.js";
import { Presenter } from "./views/present.js";
import { RovingFocus } from "./views/roving.js";
import { PresentPanel } from "./views/presentpanel.js";
import { buildShell } from "./views/shell.js";
import { TopbarTimer } from "./views/timer.js";
import { serverClock } from "./clock.js";
import { isFinalStop, showStopBanner, StatusBadge, unsentChanges } from "./views/status.js";
import { Toasts } from "./views/toast.js";
import { boundsOf, Viewport } from "./views/viewport.js";
import { installKeys } from "./views/keys.js";
import { isOwnershipRefusal, mayEdit, mayRemove } from "./ownership.js";
import { ITEM_HOMES } from "./reducer.js";

/** @typedef {import("./views/context.js").Ctx} Ctx */
/** @typedef {import("./api.js").BoardSummary} BoardSummary */
/** @typedef {import("./persist.js").Identity} Identity */

const CURSOR_EVERY_MS = 50; // at most 20 cursor frames a second
const VIEWPORT_EVERY_MS = 100; // the facilitator's viewport, ~10 frames a second (A4)
const VIEWPORT_SETTLE_MS = 400;
const PRIVATE_TAB = 110; // board units above a private block for its banner and counts

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
  const follow = new FollowPolicy(role, loadFollowing(boardId));
  /** @type {import("./types.js").Lobby | null} who waits to be let in, for the facilitator (I5) */
  let lobby = null;
  const waitingScreen = new WaitingScreen(root); // a participant in the lobby (I5)
  const peoplePanel = role === "facilitator"
    ? new PeoplePanel(ctx, presence, { onReplaceLink: () => { peoplePanel?.close(); linksPanel?.show(); }, lobby: () => lobby })
    : null;
  const linksPanel = role === "facilitator" ? new LinksPanel(ctx, { load: () => fetchLinks(boardId, token) }) : null;
  const historyPanel = role === "facilitator"
    ? new HistoryPanel({ api: historyApi(boardId, token), toast: (message) => toasts.show(message) })
    : null;
  const facBar = new FacilitationBar(ctx, {
    role,
    following: () => follow.following,
    setFollowing: (on) => {
      follow.following = on;
      saveFollowing(boardId, on);
      const spot = ctx.board()?.spotlight;
      if (on && spot) goToBlockId(spot);
    },
    goToBlock: (id) => goToBlockId(id),
    people: peoplePanel,
    links: linksPanel,
    history: historyPanel,
    waiting: () => lobby?.waiting?.length ?? 0,
  });
  shell.right.append(facBar.el, people.el, badge.el);
  // What the room's screen shows, and the join code (the facilitator's); presentation mode (the screen's).
  const presentPanel = role === "facilitator" ? new PresentPanel(ctx, { boardId, token, blocks: () => boardView.orderedBlocks() }) : null;
  if (presentPanel) facBar.el.append(presentPanel.el);
  const presenter = role === "screen" ? new Presenter(ctx, { app: /** @type {HTMLElement} */ (shell.stage.parentElement), stage: shell.stage, boardId, token }) : null;
  // "Continue on another device": this person's own link (I1).
  const device = role === "participant" ? new DeviceLink({ link: () => ownLink(), toast: (message) => toasts.show(message, { kind: "success" }) }) : null;
  if (device) shell.right.append(device.el);
  if (role !== "screen") shell.stage.append(viewSwitch("phone")); // back to the phone view (narrow screens)
  const doneWidget = new DoneWidget(ctx, presence, role); // E6: "I'm done", and the facilitator's count
  facBar.el.before(doneWidget.el);
  // The agenda's countdown, in sight wherever the view is (E5); a click shows the agenda block.
  const topTimer = new TopbarTimer(ctx, {
    goToAgenda: () => { const agenda = boardView.orderedBlocks().find((b) => b.kind === "agenda"); if (agenda) goToBlockId(agenda.id); },
  });
  shell.right.prepend(topTimer.el);
  const boardView = new BoardView(ctx, shell.world);
  const roving = new RovingFocus(shell.world, ctx); // one Tab stop per block, arrows between its items
  const minimap = new Minimap(shell.stage, viewport, () => boardView.orderedBlocks());
  const cursors = new CursorsView(shell.viewport, presence, viewport, (dept) => ctx.dept(dept)?.color ?? "#64748b");

  const collapsed = new Set(loadCollapsed(boardId));
  let editCounter = 0;
  /** @type {string | null} a new item about to be typed in: brought into sight once drawn */
  let revealNext = null;
  /** @type {string | null} */
  let editingNow = null;
  let firstWelcome = true;
  /** @type {string | null | undefined} the spotlight last acted on; undefined before the first render */
  let lastSpotlight;
  /** @type {string | undefined} what the projector showed when last acted on (A7); undefined before the first render */
  let lastScreenMode;
  /** @type {import("./facilitation.js").Rect | null} the facilitator's view as last heard (A4) */
  let lastFollow = null;
  /** @type {string} the link versions last seen confirmed (the Links panel refetches on a change) */
  let lastLinks = "";
  /** @type {string | undefined} why the connection stopped for good */
  let stopReason;

  Object.assign(ctx, {
    boardId, role, canEdit, isFacilitator: role === "facilitator",
    you: () => store.you ?? { id: "", name: identity.name, department: identity.department, role },
    board: () => /** @type {any} */ (store.view),
    dept: (/** @type {string | null | undefined} */ id) => (id ? ctx.board().departments.find((d) => d.id === id) ?? null : null),
    perform: (/** @type {any} */ ops, /** @type {any} */ options) => {
      if (isFinalStop(stopReason)) {
        toasts.show(t(/** @type {any} */ (`stop.${stopReason}`)), { kind: "error" });
        return false;
      }
      return store.perform(ops, options).ok;
    },
    canEditBlock: (/** @type {string} */ blockId) => canEdit && !isFinalStop(stopReason) && Boolean(store.view)
      && canEditBlock(/** @type {any} */ (store.view), blockId, ctx.you()),
    tryEdit: (/** @type {string} */ blockId) => {
      if (ctx.canEditBlock(blockId)) return true;
      if (isFinalStop(stopReason)) toasts.show(t(/** @type {any} */ (`stop.${stopReason}`)), { kind: "error" });
      else if (canEdit) toasts.show(`${t("reject.refused")} ${humanReason("locked", "")}`, { kind: "error" });
      return false;
    },
    selected: null,
    select: (/** @type {string | null} */ id) => { if (ctx.selected !== id) { ctx.selected = id; schedule(); } },
    editSoon: (/** @type {string} */ id) => { boardView.pendingEdit = id; revealNext = id; schedule(); },
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
    mayEdit: (/** @type {import("./types.js").Item} */ item) => canEdit && Boolean(store.view) && mayEdit(/** @type {any} */ (store.view), item, ctx.you()),
    mayRemove: (/** @type {import("./types.js").Item} */ item) => canEdit && Boolean(store.view) && mayRemove(/** @type {any} */ (store.view), item, ctx.you()),
    tryChange: (/** @type {import("./types.js").Item} */ item, /** @type {"edit" | "remove" | undefined} */ how) => {
      if ((how === "remove" ? ctx.mayRemove : ctx.mayEdit)(item)) return true;
      if (canEdit) toasts.show(`${t("reject.refused")} ${t("own.refused")}`, { kind: "error" });
      return false;
    },
    removeItem: (/** @type {string} */ id) => removeItem(id),
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
    spotlight(!rendered);
    screenMode(!rendered);
    boardView.render();
    if (revealNext) { reveal(revealNext); revealNext = null; }
    roving.update();
    minimap.render();
    people.render();
    facBar.render();
    doneWidget.render();
    topTimer.render();
    peoplePanel?.render();
    presentPanel?.render();
    presenter?.render();
    cursors.render();
    if (shell.addNote) shell.addNote.classList.toggle("hidden", Boolean(store.view?.locked) && role !== "facilitator");
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
  /**
   * A new spotlight brings the view to its block (A4): the projector's and every following
   * participant's, never the facilitator's own (they present one block and look around
   * elsewhere; agenda "Next" does not pull them away). On the first render, an active
   * spotlight is where followers start. When it ends, the projector follows the
   * facilitator's view again, so the facilitator says where that is.
   * @param {boolean} first
   */
  const spotlight = (first) => {
    const id = store.view?.spotlight ?? null;
    if (id === lastSpotlight) return;
    lastSpotlight = id;
    if (!id) {
      if (role === "facilitator" && !first) connection.send(viewportFrame(viewport.visible()));
      return;
    }
    if (follow.spotlight(store.view)) goToBlockId(id, first);
  };
  /**
   * The facilitator sent the projector back to their view (A7): it catches up at once — the
   * spotlighted block if there is one (A4), else the facilitator's view as last heard, which
   * the facilitator's client also says again. Nobody else's view moves.
   * @param {boolean} first
   */
  const screenMode = (first) => {
    const mode = screenOf(store.view).mode;
    if (mode === lastScreenMode) return;
    lastScreenMode = mode;
    if (first || mode !== "follow") return;
    if (role === "facilitator") connection.send(viewportFrame(viewport.visible()));
    if (role !== "screen") return;
    const spot = store.view?.spotlight;
    if (spot) goToBlockId(spot);
    else if (lastFollow) viewport.fit(lastFollow, { margin: 0 });
  };
  const relabel = () => {
    shell.relabel();
    device?.relabel();
    waitingScreen.draw();
    facBar.key = "";
    linksPanel?.draw();
    boardView.frames.forEach((f) => f.el.remove());
    boardView.frames.clear();
    badge.set(badge.status, unsentChanges(store.pending));
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
    if (role === "facilitator") {
      viewportSender.push(viewport.visible());
      // Once the view rests, say it once more: a frame dropped by the hub's volatile rate
      // limit (shared with the cursor) must not leave the projector a step behind.
      clearTimeout(viewportSettle);
      viewportSettle = setTimeout(() => connection.send(viewportFrame(viewport.visible())), VIEWPORT_SETTLE_MS);
    }
  });
  shell.viewport.addEventListener("background-press", () => ctx.select(null));
  // The facilitator's view, for screens and followers (A4): volatile, throttled to ~10 Hz.
  // The canvas moves by transform only: a caret the browser scrolls into sight would shift
  // the clipped viewport out of step with the board's coordinates, so that scroll is undone.
  shell.viewport.addEventListener("scroll", () => { shell.viewport.scrollTop = 0; shell.viewport.scrollLeft = 0; });
  /**
   * Bring a new item into sight before typing starts in it (a note the flow placed below the
   * visible part of its block): the view pans just enough, at the same zoom.
   * @param {string} id
   */
  const reveal = (id) => {
    const el = shell.world.querySelector(`[data-id="${CSS.escape(id)}"]`);
    if (!el) return;
    const r = el.getBoundingClientRect();
    const v = shell.viewport.getBoundingClientRect();
    const m = 24;
    const dx = r.left < v.left + m ? v.left + m - r.left : r.right > v.right - m ? Math.max(v.right - m - r.right, v.left + m - r.left) : 0;
    const dy = r.top < v.top + m ? v.top + m - r.top : r.bottom > v.bottom - m ? Math.max(v.bottom - m - r.bottom, v.top + m - r.top) : 0;
    if (dx || dy) viewport.panBy(dx, dy);
  };
  /** @type {Throttle<import("./facilitation.js").Rect>} */
  const viewportSender = new Throttle((rect) => { connection.send(viewportFrame(rect)); }, VIEWPORT_EVERY_MS);
  /** @type {any} */
  let viewportSettle = null;

  // The connection.
  const connection = new Connection({
    url: socketUrl(location, boardId),
    makeHello: () => helloFrame({ boardId, token, identity, store, credential: loadCredential(boardId, role) }),
    onFrame: (frame) => onFrame(frame),
    onStatus: (status, detail) => {
      badge.set(status, unsentChanges(store.pending));
      if (status === "stopped" && detail.reason && detail.reason !== "closed") {
        // I2: the hub refused who this browser says it is: join again as a new person.
        if (detail.reason === "identity_refused" && identityRefused(boardId, role)) { location.reload(); return; }
        if (waitingScreen.shown) waitingScreen.stopped(detail.reason);
        stopReason = detail.reason;
        showStopBanner(shell.stage, detail.reason);
        for (const el of shell.stage.querySelectorAll("textarea, input")) /** @type {HTMLElement} */ (el).blur();
        schedule();
      }
    },
    onServerTime: (sent, received, server) => serverClock.sample(sent, received, server), // E5: the timer counts in server time
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
        takeIdentity(boardId, role, identity, frame); // I1, I3: the hub says who and in which department
        waitingScreen.hide();
        if (frame.lobby) lobby = frame.lobby;
        presence.welcome(frame);
        connection.ping(); // a quick round trip: a better clock sample than the welcome (E5)
        store.resendPending();
        if (editingNow) connection.send({ type: "editing", item: editingNow });
        if (role === "facilitator") viewportSender.push(viewport.visible());
        if (firstWelcome) {
          firstWelcome = false;
          performance.mark("crossboard-welcome");
        }
        schedule();
        return;
      }
      case "applied":
        if (!store.applied(frame)) { connection.reconnect(); return; }
        if (frame.op?.kind === "participant.update" && frame.op.id === store.you?.id) {
          /** @type {Record<string, any>} */
          const changes = {};
          if (typeof frame.op.name === "string") changes.name = frame.op.name;
          if (frame.op.department !== undefined) changes.department = frame.op.department;
          youChanged(changes);
        }
        return;
      case "rejected":
        store.rejected(frame);
        return;
      case "exercise": // E7: the current vote and poll views
        store.exercise(frame);
        return;
      case "waiting": // I5: in the lobby until the facilitator lets this person in
        takeIdentity(boardId, role, identity, frame);
        waitingScreen.show(identity.name, summary.title);
        return;
      case "lobby": // I5: the facilitator's view of who waits
        lobby = frame;
        schedule();
        return;
      case "presence": {
        presence.presence(frame);
        const me = (frame.joined ?? []).find((/** @type {any} */ p) => p.id === store.you?.id);
        if (me) youChanged({ name: me.name, department: me.department }); // A6: renamed or moved
        if (role === "facilitator" && (frame.joined ?? []).some((/** @type {any} */ p) => p.role === "screen")) {
          viewportSender.push(viewport.visible()); // a projector that just joined fits our view
        }
        return;
      }
      case "follow":
        if (!isRect(frame)) return;
        lastFollow = { x: frame.x, y: frame.y, w: frame.w, h: frame.h };
        if (follow.view(store.view)) viewport.fit(frame, { margin: 0 });
        return;
      case "cursors":
        presence.cursorsFrame(frame);
        return;
      default:
        return; // pong, error: nothing to show
    }
  };

  /**
   * The facilitator renamed this participant or moved them to another department (A6): own
   * ops are checked as the hub will, and the next hello says the same.
   * @param {{name?: string, department?: string | null}} changes
   */
  const youChanged = (changes) => {
    store.updateYou(changes);
    if (changes.name !== undefined) identity.name = changes.name;
    if (changes.department !== undefined) identity.department = changes.department;
    saveIdentity(boardId, role, identity);
  };
  /** The personal link for another device, once the hub issued a credential (I1). */
  const ownLink = () => {
    const credential = loadCredential(boardId, role);
    return credential ? personalLink(location.origin, boardId, token, credential, identity.name) : null;
  };
  /** After link.rotate is confirmed, the Links panel shows the new links. */
  const watchLinks = () => {
    const links = store.confirmed?.links ?? {};
    const key = JSON.stringify(links);
    if (key === lastLinks) return;
    const before = lastLinks ? JSON.parse(lastLinks) : null;
    lastLinks = key;
    if (!before || !linksPanel) return;
    const roles = Object.keys(links).filter((r) => links[r] !== before[r]);
    if (roles.length) linksPanel.rotated(roles);
  };

  store.subscribe((event) => {
    switch (event.type) {
      case "change": case "reset": watchLinks(); schedule(); return;
      case "pending":
        badge.set(connection.status, unsentChanges(store.pending));
        savePending(boardId, store.snapshot().pending);
        return;
      case "rejected":
        toasts.show(voteRefusal(event.code, event.op, store.view) ?? `${t("reject.prefix")} ${whyRefused(event.code, event.message, event.op)}`, { kind: "error" });
        return;
      case "refused":
        toasts.show(`${t("reject.refused")} ${whyRefused(event.code, event.message, event.op)}`, { kind: "error" });
        return;
    }
  });
  /**
   * Why an op was refused, in words: "only its author or the facilitator…" when the item is
   * someone else's (A8; an op this page no longer holds is judged by the hub's words), else
   * the code's sentence.
   * @param {string} code @param {string} message @param {import("./types.js").Op | null} op
   */
  const whyRefused = (code, message, op) => {
    const notYours = op
      ? isOwnershipRefusal(/** @type {any} */ (store.view), code, op, ctx.you())
      : code === "forbidden" && /only its author/.test(message);
    return notYours ? t("own.refused") : humanReason(code, message);
  };
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
  /** What to fit to show a block: a private block's tab above it too (views/privacy.js).
   * @param {import("./types.js").Block} block */
  const frameOf = (block) => withResults(shell.world, block.id, block.private ? { x: block.x, y: block.y - PRIVATE_TAB, w: block.w, h: block.h + PRIVATE_TAB } : block);
  // A vote's results came into sight beside its block (views/dots.js): whoever is looking at
  // that block sees them too.
  shell.world.addEventListener("results-beside", (e) => {
    const block = ctx.board()?.blocks[/** @type {CustomEvent} */ (e).detail.block];
    const v = viewport.visible();
    if (block && block.x + block.w / 2 > v.x && block.x + block.w / 2 < v.x + v.w && block.y + block.h / 2 > v.y && block.y + block.h / 2 < v.y + v.h) {
      viewport.fit(frameOf(block), { margin: 24 });
    }
  });
  /** @param {number} index */
  const goToBlock = (index) => {
    const block = boardView.orderedBlocks()[index];
    if (block) viewport.fit(frameOf(block), { margin: 24 });
  };
  /** @param {string} id @param {boolean} [instant] */
  const goToBlockId = (id, instant = false) => {
    const block = ctx.board()?.blocks[id];
    if (block) viewport.fit(frameOf(block), { margin: 24, instant });
  };
  /**
   * N and "+ Note": a note in the block in view, placed by that block (in a notes block the
   * hub's flow picks the spot, R13). The view never moves: the block under the middle of the
   * screen if it takes notes; seen from afar (the middle between blocks), the note-taking block
   * most of the view shows. No such block in view: a message says where notes go.
   */
  const addNoteNearCentre = () => {
    const block = blockInView();
    const view = /** @type {any} */ (block ? boardView.frames.get(block.id)?.view : null);
    if (!block || typeof view?.addNote !== "function") {
      toasts.show(t("place.nowhere"));
      return;
    }
    if (ctx.tryEdit(block.id)) view.addNote(null, null);
  };
  /** The block N writes into, or null. @returns {import("./types.js").Block | null} */
  const blockInView = () => {
    const v = viewport.visible();
    const cx = v.x + v.w / 2;
    const cy = v.y + v.h / 2;
    const blocks = boardView.orderedBlocks();
    const takes = (/** @type {import("./types.js").Block} */ b) => ITEM_HOMES.note.has(b.kind);
    const under = blocks.filter((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h);
    if (under.length) return under.find(takes) ?? null;
    const shown = (/** @type {import("./types.js").Block} */ b) =>
      Math.max(0, Math.min(b.x + b.w, v.x + v.w) - Math.max(b.x, v.x)) * Math.max(0, Math.min(b.y + b.h, v.y + v.h) - Math.max(b.y, v.y));
    let best = null;
    let most = 0;
    for (const b of blocks.filter(takes)) {
      const area = shown(b);
      if (area > most) { best = b; most = area; }
    }
    return best;
  };
  /**
   * Remove an item the viewer may remove (A8), with a toast to take it back: "Note removed ·
   * Undo". Undo there brings back this removal even after other edits; Ctrl+Z does too.
   * @param {string} id
   */
  const removeItem = (id) => {
    const item = store.view?.items[id];
    if (!item || item.kind === "hidden" || !ctx.tryEdit(item.block) || !ctx.tryChange(item, "remove")) return false;
    if (!ctx.perform([{ kind: "item.remove", id }])) return false;
    const entry = store.undoStack[store.undoStack.length - 1];
    if (ctx.selected === id) ctx.select(null);
    const what = item.kind === "note" || item.kind === "goal" || item.kind === "swot" || item.kind === "action" ? item.kind : "item";
    toasts.show(t(/** @type {any} */ (`own.removed.${what}`)), {
      timeout: 10000,
      action: { label: t("own.undo"), run: () => undoEntry(entry) },
    });
    return true;
  };
  /**
   * Undo one step of the undo history, wherever it is: it moves to the top and is undone.
   * Already undone (Ctrl+Z first): nothing to do.
   * @param {import("./store.js").UndoEntry | undefined} entry
   */
  const undoEntry = (entry) => {
    const at = entry ? store.undoStack.indexOf(entry) : -1;
    if (!entry || at < 0) return;
    store.undoStack.splice(at, 1);
    store.undoStack.push(entry);
    undo();
    schedule();
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
    if (block) viewport.fit(frameOf(block), { margin: 24 });
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
  window.addEventListener("offline", () => connection.reconnect()); // the socket is gone with the network: say so now

  connection.start();
  return { store, connection, presence, viewport };
}

/** A sentence for a refusal code. @param {string} code @param {string} message */
export function humanReason(code, message) {
  const key = /** @type {any} */ (`reject.${code}`);
  const text = t(key);
  return text === key ? t("reject.other", { message }) : text;
}
