// The facilitator leads the room's views (A4, A7): their client says where they look (volatile
// `viewport` frames, ~10 a second), and the projector and following participants go there, or
// to the spotlighted block.

import { FollowPolicy, isRect, screenOf, Throttle, viewportFrame } from "../facilitation.js";

/** @typedef {import("../facilitation.js").Rect} Rect */
/** @typedef {import("../session.js").Session} Session */
/** @typedef {import("../views/viewport.js").Viewport} Viewport */

const VIEWPORT_EVERY_MS = 100; // the facilitator's viewport, ~10 frames a second (A4)
const VIEWPORT_SETTLE_MS = 400;

export class FollowSync {
  /**
   * @param {Session} session @param {Viewport} viewport @param {FollowPolicy} policy
   * @param {(blockId: string, instant?: boolean) => void} goToBlock
   */
  constructor(session, viewport, policy, goToBlock) {
    this.session = session;
    this.viewport = viewport;
    this.policy = policy;
    this.goToBlock = goToBlock;
    this.leads = session.role === "facilitator";
    /** @type {string | null | undefined} the spotlight last acted on; undefined before the first render */
    this.lastSpotlight = undefined;
    /** @type {string | undefined} what the projector showed when last acted on (A7); undefined before the first render */
    this.lastScreenMode = undefined;
    /** @type {Rect | null} the facilitator's view as last heard (A4) */
    this.lastFollow = null;
    /** @type {Throttle<Rect>} */
    this.sender = new Throttle((rect) => { session.send(viewportFrame(rect)); }, VIEWPORT_EVERY_MS);
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.settle = undefined;
    session.subscribe((event) => {
      if (event.type === "welcome" && this.leads) this.sender.push(viewport.visible());
      if (event.type === "frame") this._frame(event.frame);
    });
  }

  /** After each draw of the board: act on a new spotlight or screen mode. @param {boolean} first */
  render(first) {
    this._spotlight(first);
    this._screenMode(first);
  }

  /** The view moved: the facilitator says where it is now. */
  moved() {
    if (!this.leads) return;
    this.sender.push(this.viewport.visible());
    // Once the view rests, say it once more: a frame dropped by the hub's volatile rate limit
    // (shared with the cursor) must not leave the projector a step behind.
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this._sayView(), VIEWPORT_SETTLE_MS);
  }

  _sayView() {
    this.session.send(viewportFrame(this.viewport.visible()));
  }

  // A decoded hub frame, untyped at this boundary: read by `type`; a follow frame's rectangle is checked by isRect.
  /** @param {any} frame */
  _frame(frame) {
    if (frame.type === "presence" && this.leads && (frame.joined ?? []).some((/** @type {import("../types.js").Actor} */ p) => p.role === "screen")) {
      this.sender.push(this.viewport.visible()); // a projector that just joined fits our view
    }
    if (frame.type !== "follow" || !isRect(frame)) return;
    this.lastFollow = { x: frame.x, y: frame.y, w: frame.w, h: frame.h };
    if (this.policy.view(this.session.store.view)) this.viewport.fit(frame, { margin: 0 });
  }

  /**
   * A new spotlight brings the view to its block (A4): the projector's and every following
   * participant's, never the facilitator's own (they present one block and look around
   * elsewhere; agenda "Next" does not pull them away). On the first render, an active
   * spotlight is where followers start. When it ends, the projector follows the
   * facilitator's view again, so the facilitator says where that is.
   * @param {boolean} first
   */
  _spotlight(first) {
    const view = this.session.store.view;
    const id = view?.spotlight ?? null;
    if (id === this.lastSpotlight) return;
    this.lastSpotlight = id;
    if (!id) {
      if (this.leads && !first) this._sayView();
      // The facilitator's view may have come before the spotlight's end (a volatile frame
      // goes out at the hub's next tick, an op once stored): fit the one last heard.
      else if (this.session.role === "screen" && !first && this.lastFollow && this.policy.view(view)) {
        this.viewport.fit(this.lastFollow, { margin: 0 });
      }
      return;
    }
    if (this.policy.spotlight(view)) this.goToBlock(id, first);
  }

  /**
   * The facilitator sent the projector back to their view (A7): it catches up at once — the
   * spotlighted block if there is one (A4), else the facilitator's view as last heard, which
   * the facilitator's client also says again. Nobody else's view moves.
   * @param {boolean} first
   */
  _screenMode(first) {
    const view = this.session.store.view;
    const mode = screenOf(view).mode;
    if (mode === this.lastScreenMode) return;
    this.lastScreenMode = mode;
    if (first || mode !== "follow") return;
    if (this.leads) this._sayView();
    if (this.session.role !== "screen") return;
    const spot = view?.spotlight;
    if (spot) this.goToBlock(spot);
    else if (this.lastFollow) this.viewport.fit(this.lastFollow, { margin: 0 });
  }
}
