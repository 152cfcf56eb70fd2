// Who is online, grouped by department: coloured clusters of avatars in the top bar and a
// panel with every name.

import { t, tk } from "../i18n.js";
import { clear, h, initials } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("../presence.js").Presence} Presence */
/** @typedef {import("../types.js").Department} Department */

export class PresenceView {
  /** @param {Presence} presence @param {() => Department[]} departments */
  constructor(presence, departments) {
    this.presence = presence;
    this.departments = departments;
    this.clusters = h("span", { class: "presence-clusters" });
    this.total = h("span", { class: "presence-total" });
    this.button = h("button", { class: "presence", type: "button", testid: "presence", on: { click: () => this.toggle() } },
      icon("users", 18), this.total, this.clusters);
    this.panel = h("div", { class: "presence-panel hidden", testid: "presence-panel" });
    this.el = h("div", { class: "presence-wrap" }, this.button, this.panel);
    window.addEventListener("pointerdown", (e) => {
      if (e.target instanceof Node && !this.el.contains(e.target)) this.panel.classList.add("hidden");
    });
  }

  toggle() {
    this.panel.classList.toggle("hidden");
    this.render();
  }

  render() {
    const groups = this.presence.groups(this.departments());
    const total = groups.reduce((n, g) => n + g.people.length, 0);
    this.total.textContent = t("presence.online", { n: total });
    clear(this.clusters);
    for (const g of groups) {
      const dept = this.departments().find((d) => d.id === g.department);
      const cluster = h("span", { class: "cluster", title: `${dept?.name ?? t("presence.nodept")}: ${g.people.map((p) => p.name).join(", ")}` });
      cluster.style.setProperty("--dept", dept?.color ?? "#64748b");
      for (const p of g.people.slice(0, 3)) cluster.append(h("span", { class: "avatar", text: initials(p.name) }));
      if (g.people.length > 3) cluster.append(h("span", { class: "avatar more", text: `+${g.people.length - 3}` }));
      this.clusters.append(cluster);
    }
    if (this.panel.classList.contains("hidden")) return;
    clear(this.panel);
    this.panel.append(h("div", { class: "panel-title", text: t("presence.title") }));
    for (const g of groups) {
      const dept = this.departments().find((d) => d.id === g.department);
      const section = h("div", { class: "presence-group", testid: `presence-group-${g.department ?? "none"}` },
        h("div", { class: "presence-group-head" }, h("span", { class: "dot" }), h("span", { text: dept?.name ?? t("presence.nodept") }), h("span", { class: "count", text: String(g.people.length) })));
      section.style.setProperty("--dept", dept?.color ?? "#64748b");
      for (const p of g.people) {
        const editing = this.presence.editing.has(p.id);
        section.append(h("div", { class: "presence-person", testid: "presence-person" },
          h("span", { class: "avatar", text: initials(p.name) }),
          h("span", { class: "name", text: p.name }),
          p.id === this.presence.youId ? h("span", { class: "you", text: t("presence.you") }) : null,
          p.role !== "participant" ? h("span", { class: "role", text: tk(`role.${p.role}`) }) : null,
          editing ? h("span", { class: "typing", text: "✎" }) : null));
      }
      this.panel.append(section);
    }
  }
}
