// The lobby, as the facilitator sees it in the People panel (I5): who waits to be let in, each
// with "Let in" (participant.admit) and "Turn away" (participant.remove), and how many people
// joined by each link ("joined by the participant link: 12", "by the Sales link: 3").

import { boardSettings } from "../facilitation.js";
import { getLang, t } from "../i18n.js";
import { clear, h, initials, setText, toggleClass } from "./dom.js";

/** @typedef {import("./context.js").Ctx} Ctx */
/** @typedef {import("../types.js").Lobby} Lobby */

export class WaitingList {
  /** @param {Ctx} ctx @param {() => Lobby | null} lobby the latest `lobby` frame (or welcome.lobby) */
  constructor(ctx, lobby) {
    this.ctx = ctx;
    this.lobby = lobby;
    this.title = h("div", { class: "panel-title" });
    this.list = h("div", { class: "lobby-list", testid: "lobby-list" });
    this.empty = h("div", { class: "panel-empty" });
    this.joined = h("div", { class: "lobby-joined", testid: "lobby-joined" });
    this.waitingEl = h("div", { class: "lobby-section", testid: "people-waiting" }, this.title, this.list, this.empty);
    this.el = h("div", { class: "lobby-panel" }, this.waitingEl, this.joined);
    /** @type {Set<string>} people let in or turned away here, until the next lobby frame */
    this.handled = new Set();
    /** @type {Lobby | null} */
    this.last = null;
    this.key = "";
  }

  render() {
    const lobby = this.lobby();
    if (lobby !== this.last) {
      this.last = lobby;
      this.handled.clear();
    }
    const board = this.ctx.board();
    const waiting = (lobby?.waiting ?? []).filter((p) => !this.handled.has(p.id));
    const joined = joinedLines(this.ctx, lobby?.joined ?? {});
    const lobbyOn = boardSettings(board).lobby;
    const depts = board.departments.map((d) => `${d.id}:${d.name}:${d.color}`).join(",");
    const key = JSON.stringify([waiting, joined, lobbyOn, depts, getLang()]);
    if (key === this.key) return;
    this.key = key;

    toggleClass(this.waitingEl, "hidden", !lobbyOn && waiting.length === 0);
    setText(this.title, `${t("lobby.section")} · ${waiting.length}`);
    setText(this.empty, waiting.length ? "" : t("lobby.nobody"));
    toggleClass(this.empty, "hidden", waiting.length > 0);
    clear(this.list);
    for (const person of waiting) this.list.append(this._row(person));
    clear(this.joined);
    toggleClass(this.joined, "hidden", joined.length === 0);
    for (const [key, text] of joined) this.joined.append(h("div", { class: "lobby-joined-line", testid: `lobby-joined-${key}`, text }));
  }

  /** @param {{id: string, name: string, department: string | null}} person */
  _row(person) {
    const dept = this.ctx.dept(person.department);
    const act = (/** @type {"participant.admit" | "participant.remove"} */ kind) => {
      if (this.ctx.perform([{ kind, id: person.id }], { undoable: false })) {
        this.handled.add(person.id);
        this.key = "";
        this.render();
      }
    };
    const row = h("div", { class: "presence-person people-row lobby-person", testid: "lobby-person", data: { id: person.id } },
      h("span", { class: "avatar", text: initials(person.name) }),
      h("span", { class: "name", testid: "lobby-name", text: person.name, title: person.name }),
      h("span", { class: "lobby-dept", text: dept?.name ?? t("people.nodept") }),
      h("button", { class: "chip-button lobby-admit", type: "button", testid: "lobby-admit", text: t("lobby.admit"),
        on: { click: () => act("participant.admit") } }),
      h("button", { class: "chip-button lobby-turn-away", type: "button", testid: "lobby-turn-away", text: t("lobby.turn.away"),
        on: { click: () => act("participant.remove") } }));
    row.style.setProperty("--dept", dept?.color ?? "#64748b");
    return row;
  }
}

/**
 * One line per link people joined by: the participant link first, then the department links
 * in the board's order. Other links (facilitator, projector) are not counted here.
 * @param {Ctx} ctx @param {Record<string, number>} joined @returns {[string, string][]}
 */
export function joinedLines(ctx, joined) {
  const order = ["participant", ...ctx.board().departments.map((d) => `participant:${d.id}`)];
  const keys = Object.keys(joined).filter((k) => k === "participant" || k.startsWith("participant:"));
  keys.sort((a, b) => (order.indexOf(a) + 1 || order.length + 1) - (order.indexOf(b) + 1 || order.length + 1));
  return keys.map((key) => {
    const n = joined[key];
    if (key === "participant") return [key, t("lobby.joined.participant", { n })];
    const id = key.slice("participant:".length);
    return [key, t("lobby.joined.department", { n, dept: ctx.dept(id)?.name ?? id })];
  });
}
