// The facilitation bar in the top bar. Everyone sees the spotlight ("Spotlight: SWOT", click
// to go there) and, when the facilitator locked the board, a lock. Participants get the
// "follow the facilitator" toggle. The facilitator gets the board lock, "Add block", the
// Departments panel, and the People and Links panels.

import { t } from "../i18n.js";
import { BlockMenu } from "./blockmenu.js";
import { DepartmentsPanel } from "./departments.js";
import { clear, h, setText, svg, toggleClass } from "./dom.js";
import { icon } from "./icons.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("./people.js").PeoplePanel} PeoplePanel */
/** @typedef {import("./links.js").LinksPanel} LinksPanel */
/** @typedef {import("./history.js").HistoryPanel} HistoryPanel */

export class FacilitationBar {
  /**
   * @param {Ctx} ctx
   * @param {{role: string, following: () => boolean, setFollowing: (on: boolean) => void, goToBlock: (id: string) => void,
   *   people: PeoplePanel | null, links: LinksPanel | null, history?: HistoryPanel | null,
   *   waiting?: () => number}} options
   */
  constructor(ctx, options) {
    this.ctx = ctx;
    this.options = options;
    this.role = options.role;
    const facilitator = options.role === "facilitator";
    const button = (/** @type {string} */ cls, /** @type {string} */ testid, /** @type {() => void} */ run) =>
      /** @type {HTMLButtonElement} */ (h("button", { class: cls, type: "button", testid, on: { click: run } }));
    this.spotText = h("span");
    this.spotGo = button("chip-button spotlight-chip", "spotlight-chip", () => {
      const id = ctx.board().spotlight;
      if (id) options.goToBlock(id);
    });
    this.spotGo.append(icon("spotlight", 16), this.spotText);
    this.spotEnd = facilitator
      ? button("icon-button spotlight-end", "spotlight-end", () => ctx.perform([{ kind: "board.spotlight", block: null }]))
      : null;
    this.spotEnd?.append(icon("close", 16));
    this.spot = h("span", { class: "spotlight-wrap hidden" }, this.spotGo, this.spotEnd);
    this.boardLocked = h("span", { class: "board-locked hidden", testid: "board-locked" });
    this.follow = options.role === "participant" ? button("chip-button follow-toggle", "follow-toggle", () => {
      options.setFollowing(!options.following());
      this.render();
    }) : null;
    /** @type {HTMLElement[]} */
    const fac = [];
    this.lockBoard = null;
    /** @type {BlockMenu | null} */
    this.blockMenu = null;
    /** @type {DepartmentsPanel | null} */
    this.departments = null;
    if (facilitator) {
      this.blockMenu = new BlockMenu(ctx, { goToBlock: options.goToBlock });
      this.departments = new DepartmentsPanel(ctx);
      this.lockBoard = button("chip-button board-lock collapsible", "board-lock-toggle", () => {
        ctx.perform([{ kind: "board.lock", locked: !ctx.board().locked }]);
      });
      const popover = (/** @type {HTMLButtonElement} */ trigger, /** @type {{el: HTMLElement}} */ panel) => {
        const wrap = h("span", { class: "popover-wrap" }, trigger, panel.el);
        window.addEventListener("pointerdown", (e) => {
          if (e.target instanceof Node && !wrap.contains(e.target) && !(e.target instanceof Element && e.target.closest(".menu"))) {
            panel.el.classList.add("hidden");
          }
        });
        return wrap;
      };
      const others = (/** @type {{close: () => void} | null | undefined} */ keep) => {
        for (const panel of [this.blockMenu, this.departments, options.people, options.links, options.history]) {
          if (panel && panel !== keep) panel.close();
        }
      };
      this.addBlockButton = button("chip-button collapsible add-block-button", "add-block-button", () => { others(this.blockMenu); this.blockMenu?.toggle(); });
      this.departmentsButton = button("chip-button collapsible", "departments-button", () => { others(this.departments); this.departments?.toggle(); });
      this.peopleButton = button("chip-button collapsible", "people-button", () => { others(options.people); options.people?.toggle(); });
      this.linksButton = button("chip-button collapsible", "links-button", () => { others(options.links); options.links?.toggle(); });
      this.reportButton = button("chip-button collapsible", "report-button", () => { others(options.history); options.history?.toggle(); });
      fac.push(popover(this.addBlockButton, this.blockMenu), popover(this.departmentsButton, this.departments), this.lockBoard);
      if (options.people) fac.push(popover(this.peopleButton, options.people));
      if (options.links) fac.push(popover(this.linksButton, options.links));
      if (options.history) fac.push(popover(this.reportButton, options.history));
    }
    this.el = h("div", { class: "facilitation-bar", testid: "facilitation-bar" }, this.spot, this.boardLocked, this.follow, ...fac);
    this.key = "";
  }

  render() {
    const ctx = this.ctx;
    const board = ctx.board();
    if (!board) return;
    this.blockMenu?.render();
    this.departments?.render();
    const spot = board.spotlight ? board.blocks[board.spotlight] : null;
    const following = this.options.following();
    const waiting = this.options.waiting?.() ?? 0;
    const colors = board.departments.map((d) => d.color).join(",");
    const key = `${spot?.id}|${spot?.title}|${Boolean(board.locked)}|${following}|${waiting}|${colors}|${t("fac.lock.board")}`;
    if (key === this.key) return;
    this.key = key;
    toggleClass(this.spot, "hidden", !spot);
    setText(this.spotText, spot ? t("spotlight.chip", { title: spot.title }) : "");
    this.spotGo.title = t("spotlight.go");
    if (this.spotEnd) this.spotEnd.title = t("fac.spotlight.off");

    const lockedForMe = Boolean(board.locked) && this.role !== "facilitator";
    toggleClass(this.boardLocked, "hidden", !lockedForMe);
    clear(this.boardLocked);
    if (lockedForMe) this.boardLocked.append(icon("lock", 16), h("span", { text: t("lock.board") }));
    this.boardLocked.title = lockedForMe ? t("lock.board.title") : "";

    if (this.follow) {
      clear(this.follow);
      this.follow.append(icon("follow", 15), h("span", { text: following ? t("follow.on") : t("follow.off") }));
      this.follow.title = t("follow.title");
      this.follow.setAttribute("aria-pressed", String(following));
      toggleClass(this.follow, "active", following);
    }
    if (this.lockBoard) {
      const locked = Boolean(board.locked);
      clear(this.lockBoard);
      this.lockBoard.append(icon(locked ? "lock" : "unlock", 16), h("span", { text: locked ? t("fac.unlock.board") : t("fac.lock.board") }));
      this.lockBoard.title = locked ? t("fac.unlock.board") : t("fac.lock.board.title");
      this.lockBoard.setAttribute("aria-pressed", String(locked));
      toggleClass(this.lockBoard, "active", locked);
    }
    if (this.addBlockButton) {
      clear(this.addBlockButton);
      this.addBlockButton.append(icon("plus", 16), h("span", { text: t("blockmenu.button") }));
      this.addBlockButton.title = t("blockmenu.button.title");
    }
    if (this.departmentsButton) {
      clear(this.departmentsButton);
      // The board's department colours, at a glance: what this panel changes.
      const shown = board.departments.slice(0, 4);
      const dots = svg("svg", { class: "department-dots", width: 8 + 7 * shown.length, height: 12, viewBox: `0 0 ${8 + 7 * shown.length} 12`, "aria-hidden": "true" },
        ...shown.map((d, i) => svg("circle", { cx: 6 + 7 * i, cy: 6, r: 5, fill: d.color, stroke: "#fff", "stroke-width": 1.5 })));
      this.departmentsButton.append(dots, h("span", { text: t("departments.button") }));
      this.departmentsButton.title = t("departments.button.title");
    }
    if (this.peopleButton) {
      clear(this.peopleButton);
      this.peopleButton.append(icon("users", 16), h("span", { text: t("fac.people") }));
      // I5: people waiting in the lobby, in sight while the panel is closed.
      if (waiting > 0) this.peopleButton.append(h("span", { class: "count-badge", testid: "people-waiting-count", text: t("fac.people.waiting", { n: waiting }) }));
      this.peopleButton.title = t("fac.people.title");
    }
    if (this.reportButton) {
      clear(this.reportButton);
      this.reportButton.append(icon("report", 16), h("span", { text: t("history.button") }));
      this.reportButton.title = t("history.button.title");
    }
    if (this.linksButton) {
      clear(this.linksButton);
      this.linksButton.append(icon("link", 16), h("span", { text: t("fac.links") }));
      this.linksButton.title = t("fac.links.title");
    }
  }
}
