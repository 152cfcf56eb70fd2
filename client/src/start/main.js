// The start page (`/`): for whoever holds the admin link that `crossboard serve` prints. Create a
// board (title, departments, template, language), see your boards with their facilitator
// links, import a backup: a facilitator never needs the command line.

import { createBoard, forgetAdminToken, importBackup, listBoards, startInfo, takeAdminToken } from "./api.js";
import { detectLang, getLang, LANGS, setLang, t } from "./strings.js";
import { MAX_TITLE } from "../protocol.gen.js";

/** @typedef {import("./strings.js").Key} Key */
/** @typedef {import("./strings.js").Lang} Lang */
/** @typedef {import("./api.js").MadeBoard} MadeBoard */
/** @typedef {import("./api.js").Answer} Answer */

const LANG_KEY = "crossboard:lang"; // the board page reads the same key (../persist.js)

/**
 * The templates a board may start from, each with a thumbnail of its blocks (x, y, w, h as
 * fractions of the board; board/template.py lays them out).
 * @type {{name: "strategy_day" | "blank" | "retro", blocks: number[][]}[]}
 */
const TEMPLATES = [
  { name: "strategy_day", blocks: [0, 1, 2, 3].flatMap((c) => [[c * 0.255, 0, 0.235, 0.46], [c * 0.255, 0.54, 0.235, 0.46]]) },
  { name: "blank", blocks: [[0.2, 0.12, 0.6, 0.76]] },
  {
    name: "retro",
    blocks: [[0, 0, 0.31, 0.5], [0.345, 0, 0.31, 0.5], [0.69, 0, 0.31, 0.5], [0, 0.56, 0.47, 0.44], [0.5, 0.56, 0.5, 0.44]],
  },
];

/**
 * An element with text, attributes, a test id, listeners and children. Text is always text.
 * @param {string} tag
 * @param {{class?: string, text?: string, testid?: string, attrs?: Record<string, string>,
 *   on?: Record<string, (e: Event) => void>}} [props]
 * @param {(Node | null)[]} children
 * @returns {HTMLElement}
 */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.testid) node.dataset.testid = props.testid;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [name, listener] of Object.entries(props.on ?? {})) node.addEventListener(name, listener);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** @returns {Lang} */
function savedLang() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    const lang = saved ? JSON.parse(saved) : null;
    if (lang === "en" || lang === "ru") return lang;
  } catch { /* nothing kept */ }
  return detectLang(navigator.languages ?? [navigator.language]);
}

/** @param {Lang} lang */
function saveLang(lang) {
  try {
    localStorage.setItem(LANG_KEY, JSON.stringify(lang));
  } catch { /* the board will guess from the browser */ }
}

/** The message for a refused call. @param {Answer} answer */
function problem(answer) {
  if (answer.ok) return "";
  if (answer.status === 0) return t("start.error.network");
  if (answer.status === 401) return t("start.error.unauthorized");
  if (answer.status === 429) return t("start.error.too_many");
  if (answer.status === 503) return t("start.error.storage");
  return t("start.error.invalid", { message: answer.message || String(answer.status) });
}

class StartPage {
  /** @param {HTMLElement} root @param {string | null} token */
  constructor(root, token) {
    this.root = root;
    this.token = token;
    /** @type {import("./api.js").StartInfo | null} */
    this.info = null;
    /** @type {import("./api.js").ListedBoard[]} */
    this.boards = [];
    /** @type {MadeBoard | null} */
    this.made = null;
    /** @type {Lang} */
    this.boardLang = getLang();
    this.template = "strategy_day";
    this.error = "";
  }

  async load() {
    const answer = await startInfo(this.token);
    if (!answer.ok) {
      this.error = problem(answer);
      return this.draw();
    }
    this.info = answer.value;
    if (this.token && !answer.value.admin) {
      forgetAdminToken();
      this.token = null;
      this.error = t("start.error.unauthorized");
    }
    if (answer.value.admin) await this.loadBoards();
    this.draw();
  }

  async loadBoards() {
    const answer = await listBoards(this.token);
    if (answer.ok) this.boards = answer.value.boards;
  }

  /** The board page opens in the language the board was made in. @param {Lang} lang */
  rememberLang(lang) {
    saveLang(lang);
  }

  draw() {
    document.documentElement.lang = getLang();
    document.title = t("start.title");
    const may = Boolean(this.info && (this.info.admin || this.info.open_board_creation));
    const page = el("main", { class: "start-page" },
      el("header", { class: "start-header" },
        el("div", { class: "start-brand", text: "crossboard" }),
        this.langSwitch()),
      el("section", { class: "start-intro" },
        el("h1", { text: t("start.heading") }),
        el("p", { class: "start-lead", text: t("start.lead") })),
      this.error ? el("p", { class: "start-message", testid: "start-message", text: this.error, attrs: { role: "alert" } }) : null,
      !may && !this.error && this.info ? el("p", { class: "start-message", testid: "start-message", text: t("start.error.need.link") }) : null,
      may && this.info && !this.info.admin ? el("p", { class: "start-note", text: t("start.open.kiosk") }) : null,
      this.made ? this.madeCard(this.made) : null,
      may ? el("div", { class: "start-grid" }, this.createCard(), this.importCard()) : null,
      this.info?.admin ? this.recentCard() : null);
    this.root.replaceChildren(page);
  }

  langSwitch() {
    return el("div", { class: "lang-switch", attrs: { role: "group", "aria-label": t("start.lang") } },
      ...LANGS.map((lang) => el("button", {
        class: `lang${lang === getLang() ? " active" : ""}`, text: lang.toUpperCase(), testid: `start-lang-${lang}`,
        attrs: { type: "button", "aria-pressed": String(lang === getLang()) },
        on: {
          click: () => {
            setLang(lang);
            this.boardLang = lang;
            saveLang(lang);
            if (this.error === t("start.error.need.link")) this.error = "";
            this.draw();
          },
        },
      })));
  }

  /** @param {Key} label @param {HTMLElement} control @param {string} [hint] */
  field(label, control, hint) {
    return el("label", { class: "start-field" },
      el("span", { class: "field-label", text: t(label) }),
      control,
      hint ? el("span", { class: "start-hint", text: hint }) : null);
  }

  createCard() {
    const title = /** @type {HTMLInputElement} */ (el("input", {
      class: "text-input", testid: "start-title",
      attrs: { type: "text", maxlength: String(MAX_TITLE), placeholder: t("start.create.title.placeholder") },
    }));
    const departments = /** @type {HTMLInputElement} */ (el("input", {
      class: "text-input", testid: "start-departments",
      attrs: { type: "text", placeholder: t("start.create.departments.placeholder") },
    }));
    const agenda = /** @type {HTMLInputElement} */ (el("input", { testid: "start-agenda", attrs: { type: "checkbox" } }));
    agenda.checked = true;
    const agendaField = el("label", { class: "start-field start-check" }, agenda, el("span", { text: t("start.create.agenda") }));
    const template = this.templatePicker(() => toggleHidden(agendaField, this.template !== "strategy_day"));
    toggleHidden(agendaField, this.template !== "strategy_day");
    const language = /** @type {HTMLSelectElement} */ (el("select", {
      class: "text-input", testid: "start-language", on: { change: () => { this.boardLang = language.value === "ru" ? "ru" : "en"; } },
    }, el("option", { text: "English", attrs: { value: "en" } }), el("option", { text: "Русский", attrs: { value: "ru" } })));
    language.value = this.boardLang;
    const error = el("p", { class: "start-error", testid: "start-create-error", attrs: { role: "alert" } });
    const submit = /** @type {HTMLButtonElement} */ (el("button", {
      class: "button primary", text: t("start.create.submit"), testid: "start-create", attrs: { type: "submit" },
    }));
    const form = el("form", {
      class: "start-card", testid: "start-create-form",
      on: {
        submit: async (e) => {
          e.preventDefault();
          const names = departments.value.split(/[,\n;]/).map((s) => s.trim()).filter(Boolean);
          const lang = language.value === "ru" ? "ru" : "en";
          /** @type {{title: string, departments?: string[], template: string, language: string, agenda?: boolean}} */
          const spec = { title: title.value.trim() || t("start.create.title.default"), template: this.template, language: lang };
          if (this.template === "strategy_day") spec.agenda = agenda.checked;
          if (names.length) spec.departments = names;
          submit.disabled = true;
          submit.textContent = t("start.create.busy");
          const answer = await createBoard(this.token, spec);
          submit.disabled = false;
          submit.textContent = t("start.create.submit");
          if (!answer.ok) {
            error.textContent = problem(answer);
            return;
          }
          this.made = answer.value;
          this.boardLang = lang;
          this.rememberLang(lang);
          if (this.info?.admin) await this.loadBoards();
          this.draw();
        },
      },
    },
    el("h2", { text: t("start.create.heading") }),
    this.field("start.create.title", title),
    this.field("start.create.departments", departments, t("start.create.departments.hint")),
    template,
    agendaField,
    this.field("start.create.language", language),
    error,
    submit);
    return form;
  }

  /**
   * The templates the hub offers, as cards to choose from: a thumbnail, a name, a line on each.
   * @param {() => void} [changed] called when another template is chosen
   */
  templatePicker(changed = () => {}) {
    const offered = this.info?.templates;
    const shown = TEMPLATES.filter((tpl) => !offered || offered.includes(tpl.name));
    if (!shown.some((tpl) => tpl.name === this.template)) this.template = shown[0]?.name ?? "strategy_day";
    return el("fieldset", { class: "start-field start-templates", testid: "start-template" },
      el("legend", { class: "field-label", text: t("start.create.template") }),
      el("div", { class: "template-options" }, ...shown.map((tpl) => {
        const radio = /** @type {HTMLInputElement} */ (el("input", {
          class: "template-radio", testid: `start-template-${tpl.name}`,
          attrs: { type: "radio", name: "template", value: tpl.name },
          on: { change: () => { if (radio.checked) this.template = tpl.name; changed(); } },
        }));
        radio.checked = tpl.name === this.template;
        const thumb = el("span", { class: "template-thumb", attrs: { "aria-hidden": "true" } }, ...tpl.blocks.map(([x, y, w, h]) => {
          const box = el("span");
          box.style.cssText = `left:${x * 100}%;top:${y * 100}%;width:${w * 100}%;height:${h * 100}%`;
          return box;
        }));
        return el("label", { class: "template-option" }, radio, thumb,
          el("span", { class: "template-name", text: t(/** @type {Key} */ (`start.template.${tpl.name}`)) }),
          el("span", { class: "template-about", text: t(/** @type {Key} */ (`start.template.${tpl.name}.about`)) }));
      })));
  }

  importCard() {
    const limit = this.info?.max_backup_bytes ?? 8 * 1024 * 1024;
    const file = /** @type {HTMLInputElement} */ (el("input", {
      class: "text-input", testid: "start-import-file", attrs: { type: "file", accept: ".json,application/json" },
    }));
    const error = el("p", { class: "start-error", testid: "start-import-error", attrs: { role: "alert" } });
    const submit = /** @type {HTMLButtonElement} */ (el("button", {
      class: "button primary", text: t("start.import.submit"), testid: "start-import", attrs: { type: "submit" },
    }));
    return el("form", {
      class: "start-card", testid: "start-import-form",
      on: {
        submit: async (e) => {
          e.preventDefault();
          const chosen = file.files?.[0];
          if (!chosen) return void (error.textContent = t("start.import.none"));
          if (chosen.size > limit) {
            error.textContent = t("start.import.big", { mb: Math.floor(limit / (1024 * 1024)) });
            return;
          }
          let backup;
          try {
            backup = JSON.parse(await chosen.text());
          } catch {
            error.textContent = t("start.import.unreadable");
            return;
          }
          submit.disabled = true;
          submit.textContent = t("start.import.busy");
          const answer = await importBackup(this.token, backup);
          submit.disabled = false;
          submit.textContent = t("start.import.submit");
          if (!answer.ok) {
            error.textContent = problem(answer);
            return;
          }
          this.made = answer.value;
          if (this.info?.admin) await this.loadBoards();
          this.draw();
        },
      },
    },
    el("h2", { text: t("start.import.heading") }),
    el("p", { class: "start-hint", text: t("start.import.lead") }),
    this.field("start.import.file", file),
    error,
    submit);
  }

  /** @param {MadeBoard} made */
  madeCard(made) {
    const roles = /** @type {const} */ (["facilitator", "participant", "screen"]);
    const open = el("a", {
      class: "button primary", text: t("start.made.open"), testid: "start-open-facilitator",
      attrs: { href: made.links.facilitator },
      on: { click: () => this.rememberLang(this.boardLang) },
    });
    return el("section", { class: "start-card start-made", testid: "start-made" },
      el("h2", { text: t("start.made.heading", { title: made.title }) }),
      el("p", { class: "start-hint", text: t("start.made.lead") }),
      el("dl", { class: "start-links" }, ...roles.flatMap((role) => [
        el("dt", { text: t(`start.role.${role}`) }),
        el("dd", {},
          el("input", { class: "text-input start-link", testid: `start-link-${role}`, attrs: { type: "text", readonly: "", value: made.links[role] } }),
          this.copyButton(made.links[role])),
      ])),
      open);
  }

  /** @param {string} text */
  copyButton(text) {
    const button = el("button", {
      class: "link-button", text: t("start.copy"), attrs: { type: "button" },
      on: {
        click: async () => {
          try {
            await navigator.clipboard.writeText(text);
            button.textContent = t("start.copied");
          } catch { /* no clipboard here: the field can be selected by hand */ }
        },
      },
    });
    return button;
  }

  recentCard() {
    const list = this.boards.length
      ? el("ul", { class: "start-recent-list" }, ...this.boards.map((board) => el("li", { testid: "start-recent-board" },
        el("span", { class: "start-recent-title", text: board.title }),
        el("time", { class: "start-hint", text: new Date(board.created).toLocaleString(getLang()) }),
        el("a", { class: "link-button", text: t("start.recent.open"), attrs: { href: board.links.facilitator } }))))
      : el("p", { class: "start-hint", text: t("start.recent.empty") });
    return el("section", { class: "start-card start-recent", testid: "start-recent" },
      el("h2", { text: t("start.recent.heading") }), list);
  }
}

async function main() {
  setLang(savedLang());
  const root = /** @type {HTMLElement} */ (document.getElementById("start"));
  const page = new StartPage(root, takeAdminToken(location, history));
  await page.load();
  document.documentElement.dataset.ready = "1";
}

main();

/** @param {HTMLElement} node @param {boolean} hidden */
function toggleHidden(node, hidden) {
  node.classList.toggle("hidden", hidden);
}
