// Drawing at most once per animation frame, however many changes ask for it: the board and
// the phone view both draw through one of these. The first draw that had a board to draw
// marks the page ready (`data-ready`, which the browser tests wait for) once it is painted.

/**
 * @typedef {{
 *   frame?: (fn: () => void) => unknown,
 *   ready?: () => void,
 * }} RendererOptions
 *   frame: runs `fn` before the next paint (requestAnimationFrame; injected in tests).
 *   ready: called once, a frame after the first draw that drew something.
 */

export class Renderer {
  /**
   * @param {(first: boolean) => boolean} draw draws everything; false when there was nothing
   *   to draw yet (no board before the welcome). `first` until a draw has drawn.
   * @param {RendererOptions} [options]
   */
  constructor(draw, options = {}) {
    this.draw = draw;
    this.frame = options.frame ?? ((fn) => requestAnimationFrame(fn));
    this.ready = options.ready ?? markReady;
    this.scheduled = false;
    /** Has a draw drawn the board yet? */
    this.drawn = false;
  }

  /** Draw before the next frame; any number of calls until then make one draw. */
  soon() {
    if (this.scheduled) return;
    this.scheduled = true;
    this.frame(() => this._run());
  }

  _run() {
    this.scheduled = false;
    const first = !this.drawn;
    if (!this.draw(first) || !first) return;
    this.drawn = true;
    this.frame(() => this.ready());
  }
}

/** The page is drawn and takes input: for the browser tests and the start-up timing marks. */
export function markReady() {
  document.documentElement.dataset.ready = "1";
  performance.mark("crossboard-interactive");
}
