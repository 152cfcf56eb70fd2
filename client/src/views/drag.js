// Dragging with a ghost: a copy of the element follows the pointer in a screen-space layer
// above everything, so it can cross blocks; the source fades until the drop. Views decide
// what a drop means from the elements under the pointer.

const THRESHOLD = 5;

/**
 * @typedef {{
 *   onStart?: () => void,
 *   onMove?: (clientX: number, clientY: number) => void,
 *   onDrop: (clientX: number, clientY: number, grab: {x: number, y: number}) => void,
 *   onEnd?: () => void,
 * }} DragOptions
 */

/**
 * Watch a pointerdown on `source`; once the pointer moves past a few pixels, drag a ghost.
 * A press that does not move stays a click.
 * @param {PointerEvent} down @param {HTMLElement} source @param {DragOptions} options
 */
export function dragFrom(down, source, options) {
  if (down.button !== 0) return;
  const startX = down.clientX;
  const startY = down.clientY;
  /** @type {HTMLElement | null} */
  let ghost = null;
  let grab = { x: 0, y: 0 };
  let left = 0;
  let top = 0;
  let scale = 1;

  const begin = () => {
    const rect = source.getBoundingClientRect();
    scale = source.offsetWidth ? rect.width / source.offsetWidth : 1;
    grab = { x: startX - rect.left, y: startY - rect.top };
    left = rect.left;
    top = rect.top;
    ghost = /** @type {HTMLElement} */ (source.cloneNode(true));
    ghost.classList.add("drag-ghost");
    ghost.removeAttribute("data-testid");
    ghost.querySelectorAll("[data-testid]").forEach((el) => el.removeAttribute("data-testid"));
    ghost.style.width = `${source.offsetWidth}px`;
    ghost.style.height = `${source.offsetHeight}px`;
    ghost.style.left = "0px";
    ghost.style.top = "0px";
    ghost.style.transformOrigin = "0 0";
    dragLayer().appendChild(ghost);
    source.classList.add("drag-source");
    document.body.classList.add("dragging");
    options.onStart?.();
  };

  /** @param {PointerEvent} e */
  const move = (e) => {
    if (!ghost) {
      if (Math.hypot(e.clientX - startX, e.clientY - startY) < THRESHOLD) return;
      begin();
    }
    const g = /** @type {HTMLElement} */ (ghost);
    g.style.transform = `translate(${left + e.clientX - startX}px, ${top + e.clientY - startY}px) scale(${scale}) rotate(1.5deg)`;
    options.onMove?.(e.clientX, e.clientY);
  };

  /** @param {PointerEvent} e */
  const up = (e) => {
    cleanup();
    markTarget(null);
    if (!ghost) return;
    ghost.remove();
    source.classList.remove("drag-source");
    document.body.classList.remove("dragging");
    swallowClick();
    if (e.type === "pointerup") options.onDrop(e.clientX, e.clientY, { x: grab.x / scale, y: grab.y / scale });
    options.onEnd?.();
  };

  /** @param {KeyboardEvent} e */
  const key = (e) => {
    if (e.key !== "Escape" || !ghost) return;
    cleanup();
    markTarget(null);
    ghost.remove();
    source.classList.remove("drag-source");
    document.body.classList.remove("dragging");
    options.onEnd?.();
  };

  const cleanup = () => {
    window.removeEventListener("pointermove", move);
    window.removeEventListener("pointerup", up);
    window.removeEventListener("pointercancel", up);
    window.removeEventListener("keydown", key);
  };
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
  window.addEventListener("pointercancel", up);
  window.addEventListener("keydown", key);
}

/** The click that follows a drop is not a click. */
function swallowClick() {
  const stop = (/** @type {Event} */ e) => { e.stopPropagation(); e.preventDefault(); };
  window.addEventListener("click", stop, { capture: true, once: true });
  setTimeout(() => window.removeEventListener("click", stop, { capture: true }), 0);
}

function dragLayer() {
  let layer = document.getElementById("drag-layer");
  if (!layer) {
    layer = document.createElement("div");
    layer.id = "drag-layer";
    document.body.appendChild(layer);
  }
  return layer;
}

/**
 * The first element under a screen point that matches `selector` (the ghost lets the pointer
 * through), or null.
 * @param {number} clientX @param {number} clientY @param {string} selector
 * @returns {HTMLElement | null}
 */
export function hit(clientX, clientY, selector) {
  for (const el of document.elementsFromPoint(clientX, clientY)) {
    const found = el.closest(selector);
    if (found instanceof HTMLElement && !found.classList.contains("drag-source")) return found;
  }
  return null;
}

/** @type {HTMLElement | null} */
let marked = null;

/**
 * Show what a drop would land on (class `drop-target`), e.g. the group a note would join;
 * null clears it. Dragging ends with it cleared.
 * @param {HTMLElement | null} el
 */
export function markTarget(el) {
  if (el === marked) return;
  marked?.classList.remove("drop-target");
  marked = el;
  el?.classList.add("drop-target");
}
