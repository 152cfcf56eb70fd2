// Pan and zoom of the canvas. The world element holds the blocks in board coordinates; the
// viewport maps them to the screen: screen = board * zoom + offset.

import { isTyping } from "./dom.js";

export const MIN_ZOOM = 0.08;
export const MAX_ZOOM = 3;

/** @typedef {{x: number, y: number, w: number, h: number}} Rect */

/** Elements a press should not pan from: things you click, type in or drag. */
const INTERACTIVE = "button, input, textarea, select, a, [data-nopan], .note, .goal, .swot-card, .menu, .actions-table tbody";

export class Viewport {
  /** @param {HTMLElement} el the visible area @param {HTMLElement} world the transformed layer */
  constructor(el, world) {
    this.el = el;
    this.world = world;
    this.x = 0;
    this.y = 0;
    this.zoom = 1;
    /** @type {Set<() => void>} */
    this._listeners = new Set();
    this._spaceDown = false;
    /** @type {number | null} */
    this._anim = null;
    // The size is cached (read once, then kept by a ResizeObserver): reading clientWidth
    // while hundreds of items wait for layout would force that layout early.
    this._size = { w: el.clientWidth, h: el.clientHeight };
    new ResizeObserver(() => {
      this._size = { w: el.clientWidth, h: el.clientHeight };
      for (const fn of [...this._listeners]) fn();
    }).observe(el);
    this._bind();
  }

  /** @param {() => void} fn */
  subscribe(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }

  _apply() {
    this.world.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.zoom})`;
    this.world.style.setProperty("--zoom", String(this.zoom));
    // Far out, titles grow so the overview stays readable (capped).
    this.world.style.setProperty("--inv-zoom", String(Math.min(3, Math.max(1, 0.6 / this.zoom))));
    this.world.classList.toggle("zoom-far", this.zoom < 0.45);
    for (const fn of [...this._listeners]) fn();
  }

  /** @param {number} x @param {number} y @param {number} zoom */
  set(x, y, zoom) {
    this.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
    this.x = x;
    this.y = y;
    this._apply();
  }

  size() {
    return this._size;
  }

  /** Screen (client) point -> board point. @param {number} clientX @param {number} clientY */
  toBoard(clientX, clientY) {
    const r = this.el.getBoundingClientRect();
    return { x: (clientX - r.left - this.x) / this.zoom, y: (clientY - r.top - this.y) / this.zoom };
  }

  /** Board point -> point inside the viewport element. @param {number} x @param {number} y */
  toScreen(x, y) {
    return { x: x * this.zoom + this.x, y: y * this.zoom + this.y };
  }

  /** The board rectangle on screen now. @returns {Rect} */
  visible() {
    const { w, h } = this.size();
    return { x: -this.x / this.zoom, y: -this.y / this.zoom, w: w / this.zoom, h: h / this.zoom };
  }

  /** @param {number} factor @param {number} [clientX] @param {number} [clientY] */
  zoomBy(factor, clientX, clientY) {
    const r = this.el.getBoundingClientRect();
    const cx = clientX ?? r.left + r.width / 2;
    const cy = clientY ?? r.top + r.height / 2;
    const before = this.toBoard(cx, cy);
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    this.set(cx - r.left - before.x * zoom, cy - r.top - before.y * zoom, zoom);
  }

  /** @param {number} dx @param {number} dy */
  panBy(dx, dy) {
    this.set(this.x + dx, this.y + dy, this.zoom);
  }

  /**
   * Show `rect` whole, centred, with a margin in screen pixels; animated unless `instant`.
   * @param {Rect} rect @param {{margin?: number, instant?: boolean, maxZoom?: number}} [options]
   */
  fit(rect, options = {}) {
    const { w, h } = this.size();
    const margin = options.margin ?? 48;
    const zoom = Math.min(
      options.maxZoom ?? MAX_ZOOM,
      Math.max(MIN_ZOOM, Math.min((w - 2 * margin) / rect.w, (h - 2 * margin) / rect.h)),
    );
    const x = (w - rect.w * zoom) / 2 - rect.x * zoom;
    const y = (h - rect.h * zoom) / 2 - rect.y * zoom;
    if (options.instant) this.set(x, y, zoom);
    else this.animateTo(x, y, zoom);
  }

  /** Centre on a board point without changing the zoom. @param {number} bx @param {number} by */
  centerOn(bx, by) {
    const { w, h } = this.size();
    this.animateTo(w / 2 - bx * this.zoom, h / 2 - by * this.zoom, this.zoom);
  }

  /** @param {number} x @param {number} y @param {number} zoom */
  animateTo(x, y, zoom) {
    if (this._anim !== null) cancelAnimationFrame(this._anim);
    const from = { x: this.x, y: this.y, zoom: this.zoom };
    const start = performance.now();
    const duration = 280;
    const step = (/** @type {number} */ now) => {
      const t = Math.min(1, (now - start) / duration);
      const e = 1 - (1 - t) ** 3;
      this.set(from.x + (x - from.x) * e, from.y + (y - from.y) * e, from.zoom + (zoom - from.zoom) * e);
      this._anim = t < 1 ? requestAnimationFrame(step) : null;
    };
    this._anim = requestAnimationFrame(step);
  }

  _bind() {
    const el = this.el;
    el.addEventListener("wheel", (e) => {
      if (e.target instanceof Element && e.target.closest(".menu, .scrolls")) return;
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        this.zoomBy(Math.exp(-e.deltaY * 0.0025), e.clientX, e.clientY);
      } else {
        const scale = e.deltaMode === 1 ? 16 : 1;
        this.panBy(-e.deltaX * scale, -e.deltaY * scale);
      }
    }, { passive: false });

    el.addEventListener("pointerdown", (e) => {
      if (e.button === 1 || (e.button === 0 && (this._spaceDown || !isInteractive(e.target)))) {
        this._pan(e);
      }
    });

    window.addEventListener("keydown", (e) => {
      if (e.code === "Space" && !isTyping(e.target) && !e.repeat) {
        this._spaceDown = true;
        el.classList.add("space-pan");
        e.preventDefault();
      }
    });
    window.addEventListener("keyup", (e) => {
      if (e.code === "Space") {
        this._spaceDown = false;
        el.classList.remove("space-pan");
      }
    });
  }

  /** A press on the background: pans once it moves (a click or double-click stays one).
   * @param {PointerEvent} e */
  _pan(e) {
    e.preventDefault();
    if (document.activeElement instanceof HTMLElement && isTyping(document.activeElement)) {
      document.activeElement.blur(); // clicking the background finishes an edit
    }
    this.el.dispatchEvent(new CustomEvent("background-press", { detail: e }));
    let lastX = e.clientX;
    let lastY = e.clientY;
    let panning = false;
    const move = (/** @type {PointerEvent} */ m) => {
      if (!panning) {
        if (Math.hypot(m.clientX - e.clientX, m.clientY - e.clientY) < 3) return;
        panning = true;
        this.el.classList.add("panning");
      }
      this.panBy(m.clientX - lastX, m.clientY - lastY);
      lastX = m.clientX;
      lastY = m.clientY;
    };
    const up = () => {
      this.el.classList.remove("panning");
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", up);
  }
}

/** @param {EventTarget | null} target */
function isInteractive(target) {
  return target instanceof Element && target.closest(INTERACTIVE) !== null;
}

/**
 * The rectangle around all blocks.
 * @param {{x: number, y: number, w: number, h: number}[]} rects
 * @returns {Rect}
 */
export function boundsOf(rects) {
  if (!rects.length) return { x: 0, y: 0, w: 1200, h: 800 };
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.w));
  const y1 = Math.max(...rects.map((r) => r.y + r.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
