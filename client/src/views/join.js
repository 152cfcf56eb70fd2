// The join page: the board's title, your name, your department (its colour is yours). A link
// that fixes the department (I6) says which one instead of offering a choice; on a board where
// the link decides (`department_choice: "link"`), the plain participant link offers none.

import { getLang, LANGS, setLang, t } from "../i18n.js";
import { h, inkOn } from "./dom.js";
import { MAX_TITLE } from "../protocol.gen.js";

/**
 * @typedef {{name: string, department: string | null}} JoinChoice
 * @typedef {import("../api.js").BoardSummary} BoardSummary
 */

/**
 * Show the join form; resolves with the choice when the person joins.
 * @param {HTMLElement} root @param {BoardSummary} board @param {{name?: string, department?: string | null} | null} remembered
 * @returns {Promise<JoinChoice>}
 */
export function showJoin(root, board, remembered) {
  return new Promise((resolve) => {
    const facilitator = board.role === "facilitator";
    const fixed = !facilitator && board.department
      ? board.departments.find((d) => d.id === board.department) ?? { id: board.department, name: board.department, color: "#64748b" }
      : null;
    const noChoice = fixed !== null || (!facilitator && board.department_choice === "link");
    /** @type {string | null} */
    let department = fixed ? fixed.id
      : noChoice ? null
      : board.departments.some((d) => d.id === remembered?.department) ? remembered?.department ?? null : null;

    const draw = () => {
      while (root.firstChild) root.firstChild.remove();
      const error = h("p", { class: "join-error", testid: "join-error", attrs: { role: "alert" } });
      const name = /** @type {HTMLInputElement} */ (h("input", {
        class: "text-input", id: "join-name", type: "text", maxLength: MAX_TITLE, autocomplete: "name",
        placeholder: t("join.name.placeholder"), value: remembered?.name ?? "", testid: "join-name",
      }));
      const options = [...board.departments.map((d) => ({ id: /** @type {string | null} */ (d.id), name: d.name, color: d.color }))];
      if (facilitator) options.push({ id: null, name: t("join.department.none"), color: "#64748b" });
      const choices = h("div", { class: "dept-choices", attrs: { role: "radiogroup", "aria-label": t("join.department") } },
        options.map((d) => {
          const el = h("button", {
            class: `dept-choice${department === d.id ? " chosen" : ""}`, type: "button",
            testid: `join-dept-${d.id ?? "none"}`, attrs: { role: "radio", "aria-checked": String(department === d.id) },
            on: {
              click: () => {
                department = d.id;
                chosen = true;
                for (const c of choices.children) { c.classList.remove("chosen"); c.setAttribute("aria-checked", "false"); }
                el.classList.add("chosen");
                el.setAttribute("aria-checked", "true");
              },
            },
          }, h("span", { class: "swatch" }), h("span", { class: "dept-name", text: d.name }), h("span", { class: "check", text: "✓" }));
          el.style.setProperty("--dept", d.color);
          el.style.setProperty("--ink", inkOn(d.color));
          return el;
        }));
      let chosen = noChoice || department !== null || (facilitator && remembered?.department === null);
      const submit = (/** @type {Event} */ e) => {
        e.preventDefault();
        const value = name.value.trim();
        if (!value) { error.textContent = t("join.need.name"); name.focus(); return; }
        if (!chosen && !facilitator) { error.textContent = t("join.need.department"); return; }
        resolve({ name: value, department });
      };
      const form = h("form", { class: "join-card", testid: "join-form", on: { submit } },
        h("div", { class: "brand brand-large" }, logo(), h("span", { text: t("app.name") })),
        h("p", { class: "join-board-title", testid: "join-board-title", text: board.title }),
        h("h1", { text: t("join.heading") }),
        h("p", { class: "join-lead", text: noChoice ? t("join.lead.name") : t("join.lead") }),
        facilitator ? h("p", { class: "join-role", testid: "join-role", text: t("join.as.facilitator") }) : null,
        fixed ? fixedLine(fixed) : null,
        h("label", { class: "field-label", htmlFor: "join-name", text: t("join.name") }),
        name,
        noChoice ? null : h("div", { class: "field-label", text: t("join.department") }),
        noChoice ? null : choices,
        error,
        h("button", { class: "button primary big", type: "submit", testid: "join-submit", text: t("join.submit") }));
      root.append(h("div", { class: "join-page" }, langSwitch(draw), form));
      name.focus();
    };
    draw();
  });
}

/** "You join as Sales", on the department's colour (I6). @param {{name: string, color: string}} dept */
function fixedLine(dept) {
  const el = h("p", { class: "join-fixed", testid: "join-fixed-department" },
    h("span", { class: "swatch" }), h("span", { text: t("join.as.department", { dept: dept.name }) }));
  el.style.setProperty("--dept", dept.color);
  return el;
}

/**
 * A centred message page (bad link, board gone, loading).
 * @param {HTMLElement} root @param {string} message @param {string} [testid]
 */
export function showMessage(root, message, testid = "message") {
  while (root.firstChild) root.firstChild.remove();
  root.append(h("div", { class: "join-page" },
    h("div", { class: "join-card message-card" },
      h("div", { class: "brand brand-large" }, logo(), h("span", { text: t("app.name") })),
      h("p", { class: "message", testid, text: message }))));
}

/** The language buttons (EN / RU). @param {() => void} redraw */
export function langSwitch(redraw) {
  return h("div", { class: "lang-switch", testid: "lang-switch", attrs: { role: "group", "aria-label": t("lang.switch") } },
    LANGS.map((lang) => h("button", {
      class: `lang${getLang() === lang ? " active" : ""}`, type: "button", testid: `lang-${lang}`,
      title: t(`lang.${lang}`), text: lang.toUpperCase(),
      on: { click: () => { setLang(lang); redraw(); } },
    })));
}

/** The crossboard mark: three overlapping squares in department colours. */
export function logo() {
  const mark = h("span", { class: "logo", attrs: { "aria-hidden": "true" } });
  for (const c of ["a", "b", "c"]) mark.append(h("span", { class: `logo-${c}` }));
  return mark;
}
