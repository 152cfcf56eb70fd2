// Live cursors of the others, drawn in screen space over the canvas (constant size at any
// zoom), coloured by department, with the person's name. Stale ones fade out.

import { h, svg } from "./dom.js";

const STALE_MS = 12000;

export class CursorsView {
  /**
   * @param {HTMLElement} parent @param {import("../presence.js").Presence} presence
   * @param {import("./viewport.js").Viewport} viewport @param {(id: string | null) => string} colorOf
   */
  constructor(parent, presence, viewport, colorOf) {
    this.presence = presence;
    this.viewport = viewport;
    this.colorOf = colorOf;
    this.el = h("div", { class: "cursors-layer" });
    parent.append(this.el);
    /** @type {Map<string, HTMLElement>} */
    this.els = new Map();
    setInterval(() => this.render(), 2000);
  }

  render() {
    const now = this.presence.now();
    const seen = new Set();
    for (const [id, pos] of this.presence.cursors) {
      const person = this.presence.online.get(id);
      if (!person || now - pos.at > STALE_MS) continue;
      seen.add(id);
      let el = this.els.get(id);
      if (!el) {
        el = h("div", { class: "cursor", testid: "cursor" },
          svg("svg", { viewBox: "0 0 24 24", width: 22, height: 22, class: "cursor-arrow" },
            svg("path", { d: "M3 2l7.5 19 2.7-8.3L21.5 10z" })),
          h("span", { class: "cursor-name", text: person.name }));
        el.style.setProperty("--dept", this.colorOf(person.department));
        this.el.append(el);
        this.els.set(id, el);
      }
      const p = this.viewport.toScreen(pos.x, pos.y);
      el.style.transform = `translate(${p.x}px, ${p.y}px)`;
    }
    for (const [id, el] of this.els) {
      if (!seen.has(id)) { el.remove(); this.els.delete(id); }
    }
  }
}
