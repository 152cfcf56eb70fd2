// The board screen: a session (store, connection, presence) drawn as a canvas of blocks, with
// the facilitator's panels, the people online and their cursors, and the room's shared view.

import { fetchLinks } from "./api.js";
import { FollowSync } from "./board/follow.js";
import { boardContext } from "./board/ctx.js";
import { Navigator } from "./board/navigate.js";
import { BoardVerbs } from "./board/verbs.js";
import { FollowPolicy, Throttle } from "./facilitation.js";
import { onLangChange } from "./i18n.js";
import { loadFollowing, saveFollowing } from "./persist.js";
import { viewSwitch } from "./phone/mode.js";
import { boardRefusal } from "./refusals.js";
import { Renderer } from "./schedule.js";
import { Session } from "./session.js";
import { BoardView } from "./views/board.js";
import { CursorsView } from "./views/cursors.js";
import { DeviceLink } from "./views/device.js";
import { DoneWidget } from "./views/done.js";
import { FacilitationBar } from "./views/facilitator.js";
import { helpOverlay } from "./views/help.js";
import { HistoryPanel, historyApi } from "./views/history.js";
import { installKeys } from "./views/keys.js";
import { LinksPanel } from "./views/links.js";
import { Minimap } from "./views/minimap.js";
import { PeoplePanel } from "./views/people.js";
import { PresenceView } from "./views/presenceview.js";
import { Presenter } from "./views/present.js";
import { PresentPanel } from "./views/presentpanel.js";
import { RovingFocus } from "./views/roving.js";
import { SessionChrome } from "./views/sessionchrome.js";
import { buildShell } from "./views/shell.js";
import { StepBanner } from "./views/stepbanner.js";
import { StepChime, TopbarTimer } from "./views/timer.js";
import { Toasts } from "./views/toast.js";
import { Viewport } from "./views/viewport.js";

/** @typedef {import("./api.js").BoardSummary} BoardSummary */
/** @typedef {import("./persist.js").Identity} Identity */

const CURSOR_EVERY_MS = 50; // at most 20 cursor frames a second

/**
 * Open the board screen for a joined person.
 * @param {HTMLElement} root @param {{boardId: string, token: string, summary: BoardSummary, identity: Identity}} options
 */
export function openBoard(root, { boardId, token, summary, identity }) {
  const role = summary.role;
  const canEdit = role !== "screen";
  const session = new Session({ boardId, token, role, identity });
  const { store, presence } = session;

  const shell = buildShell(root, {
    title: summary.title, role, canEdit,
    onUndo: () => verbs.undo(), onRedo: () => verbs.redo(), onHelp: () => toggleHelp(),
    onZoom: (dir) => (dir === 0 ? nav.fitAll() : viewport.zoomBy(dir > 0 ? 1.25 : 0.8)),
    onAddNote: () => verbs.addNote(), onLang: () => relabel(),
  });
  const viewport = new Viewport(shell.viewport, shell.world);
  const toasts = new Toasts(shell.stage);
  const chrome = new SessionChrome(session, {
    root, title: summary.title, stage: () => shell.stage, say: (message) => toasts.show(message, { kind: "error" }),
  });
  /** @type {string | null} a new item about to be typed in: brought into sight once drawn */
  let revealNext = null;
  const ctx = boardContext(session, {
    toast: (message, options) => toasts.show(message, options),
    toBoard: (x, y) => viewport.toBoard(x, y),
    invalidate: () => renderer.soon(),
    editSoon: (id) => { boardView.pendingEdit = id; revealNext = id; renderer.soon(); },
    focusItem: (id) => verbs.focusItem(id),
    makeAction: (source) => verbs.makeAction(source),
    removeItem: (id) => verbs.removeItem(id),
  });

  const people = new PresenceView(presence, () => ctx.board().departments);
  const follow = new FollowPolicy(role, loadFollowing(boardId));
  const peoplePanel = role === "facilitator"
    ? new PeoplePanel(ctx, presence, { onReplaceLink: () => { peoplePanel?.close(); linksPanel?.show(); }, lobby: () => session.lobby })
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
      if (on && spot) nav.goToBlockId(spot);
    },
    goToBlock: (id) => nav.goToBlockId(id),
    people: peoplePanel,
    links: linksPanel,
    history: historyPanel,
    waiting: () => session.lobby?.waiting?.length ?? 0,
  });
  shell.right.append(facBar.el, people.el, chrome.badge.el);
  // What the room's screen shows, and the join code (the facilitator's); presentation mode (the screen's).
  const presentPanel = role === "facilitator" ? new PresentPanel(ctx, { boardId, token, blocks: () => boardView.orderedBlocks() }) : null;
  if (presentPanel) facBar.el.append(presentPanel.el);
  const presenter = role === "screen" ? new Presenter(ctx, { app: /** @type {HTMLElement} */ (shell.stage.parentElement), stage: shell.stage, boardId, token }) : null;
  // "Continue on another device": this person's own link (I1).
  const device = role === "participant"
    ? new DeviceLink({ link: () => session.ownLink(), toast: (message) => toasts.show(message, { kind: "success" }) })
    : null;
  if (device) shell.right.append(device.el);
  if (role !== "screen") shell.stage.append(viewSwitch("phone")); // back to the phone view (narrow screens)
  const doneWidget = new DoneWidget(ctx, presence, role); // E6: "I'm done", and the facilitator's count
  facBar.el.before(doneWidget.el);
  // The agenda's countdown, in sight wherever the view is (E5); a click shows the agenda block.
  const topTimer = new TopbarTimer(ctx, {
    goToAgenda: () => { const agenda = boardView.orderedBlocks().find((b) => b.kind === "agenda"); if (agenda) nav.goToBlockId(agenda.id); },
  });
  shell.right.prepend(topTimer.el);
  if (topTimer.next) topTimer.el.after(topTimer.next); // the facilitator's "Next step" (E8)
  // E8: what the current step asks of a participant, in a strip over the canvas; the projector chimes at 0:00.
  const stepBanner = role === "participant"
    ? new StepBanner({ board: () => store.view, you: () => ctx.you(), onToggle: (shown) => shell.stage.classList.toggle("has-step-banner", shown) })
    : null;
  if (stepBanner) shell.stage.prepend(stepBanner.el);
  if (role === "screen") new StepChime(() => store.view);
  const boardView = new BoardView(ctx, shell.world);
  const roving = new RovingFocus(shell.world, ctx); // one Tab stop per block, arrows between its items
  const minimap = new Minimap(shell.stage, viewport, () => boardView.orderedBlocks());
  const cursors = new CursorsView(shell.viewport, presence, viewport, (dept) => ctx.dept(dept)?.color ?? "#64748b");
  const nav = new Navigator(viewport, shell.world, () => store.view, () => boardView.orderedBlocks());
  const verbs = new BoardVerbs(ctx, store, boardView, nav);
  const sync = new FollowSync(session, viewport, follow, (id, instant) => nav.goToBlockId(id, instant));

  const renderer = new Renderer((first) => {
    if (!store.view) return false;
    if (first) nav.fitAll(true); // before the items exist: nothing to lay out yet
    sync.render(first);
    boardView.render();
    if (revealNext) { nav.reveal(revealNext); revealNext = null; }
    roving.update();
    minimap.render();
    people.render();
    facBar.render();
    doneWidget.render();
    topTimer.render();
    stepBanner?.render();
    peoplePanel?.render();
    presentPanel?.render();
    presenter?.render();
    cursors.render();
    if (shell.addNote) shell.addNote.classList.toggle("hidden", Boolean(store.view.locked) && role !== "facilitator");
    shell.undo.disabled = !store.canUndo;
    shell.redo.disabled = !store.canRedo;
    return true;
  });
  const relabel = () => {
    shell.relabel();
    device?.relabel();
    chrome.relabel();
    facBar.key = "";
    linksPanel?.draw();
    boardView.frames.forEach((f) => f.el.remove());
    boardView.frames.clear();
    renderer.soon();
  };
  onLangChange(relabel);

  /** @type {string} the link versions last seen confirmed (the Links panel refetches on a change) */
  let lastLinks = "";
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
  session.subscribe((event) => {
    switch (event.type) {
      case "change": watchLinks(); renderer.soon(); return;
      case "stopped": renderer.soon(); return; // nothing is editable any more
      case "rejected": case "refused": toasts.show(boardRefusal(event, store.view, ctx.you()), { kind: "error" }); return;
    }
  });
  presence.subscribe((what) => {
    if (what === "people") renderer.soon();
    else cursors.render();
  });

  viewport.subscribe(() => {
    shell.zoomLabel.textContent = `${Math.round(viewport.zoom * 100)}%`;
    const grid = 28 * viewport.zoom;
    shell.viewport.style.backgroundSize = `${grid}px ${grid}px`;
    shell.viewport.style.backgroundPosition = `${viewport.x}px ${viewport.y}px`;
    minimap.render();
    cursors.render();
    sync.moved();
  });
  shell.viewport.addEventListener("background-press", () => ctx.select(null));
  // The canvas moves by transform only: a caret the browser scrolls into sight would shift
  // the clipped viewport out of step with the board's coordinates, so that scroll is undone.
  shell.viewport.addEventListener("scroll", () => { shell.viewport.scrollTop = 0; shell.viewport.scrollLeft = 0; });
  // Cursors: sent at most every 50 ms, the latest position wins.
  if (canEdit) {
    /** @type {Throttle<{x: number, y: number}>} */
    const cursor = new Throttle((at) => { session.send({ type: "cursor", x: Math.round(at.x), y: Math.round(at.y) }); }, CURSOR_EVERY_MS);
    shell.viewport.addEventListener("pointermove", (e) => cursor.push(viewport.toBoard(e.clientX, e.clientY)));
  }

  /** @type {HTMLElement | null} */
  let help = null;
  const toggleHelp = () => {
    if (help) { help.remove(); help = null; return; }
    help = helpOverlay(() => toggleHelp());
    document.body.append(help);
  };
  installKeys({
    ctx, store, boardView,
    undo: () => verbs.undo(), redo: () => verbs.redo(), toggleHelp, isHelpOpen: () => help !== null,
    fitAll: () => nav.fitAll(), goToBlock: (i) => nav.goToBlock(i), addNote: () => verbs.addNote(),
    zoom: (/** @type {number} */ f) => viewport.zoomBy(f),
  });

  session.start();
  return { store, connection: session.connection, presence, viewport, session };
}
