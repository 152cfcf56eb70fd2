// The overview in the dock: every block as a small frame and the visible area as a box.
// Press or drag on it to go there. It lies in the dock under the canvas (styles/shell.css),
// so it never covers a block (issue 17, 4): at most W x H pixels, the board's proportions.

import { t } from "../i18n.js";
import { h, setText } from "./dom.js";
import { boundsOf } from "./viewport.js";

const W = 200;
const H = 40;
const PAD = 4; // the minimap's padding (styles/shell.css)

export class Minimap {
  /** @param {HTMLElement} parent @param {import("./viewport.js").Viewport} viewport @param {() => import("../types.js").Block[]} blocks */
  constructor(parent, viewport, blocks) {
    this.viewport = viewport;
    this.blocks = blocks;
    this.frame = h("div", { class: "minimap-view" });
    this.layer = h("div", { class: "minimap-blocks" });
    this.el = h("div", { class: "minimap", testid: "minimap", data: { nopan: "1" } }, this.layer, this.frame);
    parent.append(this.el);
    this.key = "";
    this.scale = 1;
    this.origin = { x: 0, y: 0 };
    this.layerSize = { w: W, h: H };
    this.el.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      this.el.setPointerCapture(e.pointerId);
      this._go(e);
      const move = (/** @type {PointerEvent} */ m) => this._go(m);
      const up = () => {
        this.el.removeEventListener("pointermove", move);
        this.el.removeEventListener("pointerup", up);
      };
      this.el.addEventListener("pointermove", move);
      this.el.addEventListener("pointerup", up);
    });
  }

  /** @param {PointerEvent} e */
  _go(e) {
    const r = this.layer.getBoundingClientRect();
    const bx = (e.clientX - r.left) / this.scale + this.origin.x;
    const by = (e.clientY - r.top) / this.scale + this.origin.y;
    const { w, h: vh } = this.viewport.size();
    const z = this.viewport.zoom;
    this.viewport.set(w / 2 - bx * z, vh / 2 - by * z, z);
  }

  render() {
    this.el.title = t("minimap.title");
    const blocks = this.blocks();
    const key = blocks.map((b) => `${b.id}:${b.x},${b.y},${b.w},${b.h}:${b.kind}`).join("|");
    if (key !== this.key) {
      this.key = key;
      const bounds = boundsOf(blocks);
      const pad = 0.04 * Math.max(bounds.w, bounds.h);
      this.origin = { x: bounds.x - pad, y: bounds.y - pad };
      this.scale = Math.min(W / (bounds.w + 2 * pad), H / (bounds.h + 2 * pad));
      this.layerSize = { w: (bounds.w + 2 * pad) * this.scale, h: (bounds.h + 2 * pad) * this.scale };
      this.layer.style.width = `${this.layerSize.w}px`;
      this.layer.style.height = `${this.layerSize.h}px`;
      while (this.layer.firstChild) this.layer.firstChild.remove();
      blocks.forEach((b, i) => {
        const el = h("div", { class: `minimap-block kind-${b.kind}` }, h("span", {}));
        setText(/** @type {HTMLElement} */ (el.firstChild), String(i + 1));
        el.style.left = `${(b.x - this.origin.x) * this.scale}px`;
        el.style.top = `${(b.y - this.origin.y) * this.scale}px`;
        el.style.width = `${b.w * this.scale}px`;
        el.style.height = `${b.h * this.scale}px`;
        this.layer.append(el);
      });
    }
    const v = this.viewport.visible();
    const x0 = Math.max(0, (v.x - this.origin.x) * this.scale);
    const y0 = Math.max(0, (v.y - this.origin.y) * this.scale);
    const x1 = Math.min(this.layerSize.w, (v.x + v.w - this.origin.x) * this.scale);
    const y1 = Math.min(this.layerSize.h, (v.y + v.h - this.origin.y) * this.scale);
    this.frame.style.left = `${PAD + x0}px`;
    this.frame.style.top = `${PAD + y0}px`;
    this.frame.style.width = `${Math.max(4, x1 - x0)}px`;
    this.frame.style.height = `${Math.max(4, y1 - y0)}px`;
  }
}
