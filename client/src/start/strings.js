// Every string the start page shows, in English and Russian (the board's own strings live in
// ../i18n.js). t("key", {n: 3}) fills {n}-style slots.

/** @typedef {"en" | "ru"} Lang */

const en = {
  "start.title": "crossboard: start",
  "start.heading": "Start a session",
  "start.lead": "Create a board for the day, open one you made, or bring one back from a backup.",
  "start.lang": "Language",

  "start.create.heading": "New board",
  "start.create.title": "Title",
  "start.create.title.placeholder": "e.g. Strategy session 2027",
  "start.create.title.default": "Strategy session",
  "start.create.departments": "Departments",
  "start.create.departments.hint": "Separated by commas. Empty: Product, Sales, Marketing.",
  "start.create.departments.placeholder": "Product, Sales, Marketing",
  "start.create.template": "Template",
  "start.template.strategy_day": "Strategy day",
  "start.template.strategy_day.about": "The whole day: expectations, how departments see each other, results, goal tree, SWOT, actions, a before/after poll and the agenda.",
  "start.template.blank": "Blank board",
  "start.template.blank.about": "One block of notes. Add the blocks you need on the board itself.",
  "start.template.retro": "Retrospective",
  "start.template.retro.about": "What went well, what to improve, ideas; a dot vote on what to change first, and an action plan.",
  "start.create.language": "Board language",
  "start.create.agenda": "Fill in the day's agenda: ten steps from the poll before to the poll after",
  "start.create.submit": "Create the board",
  "start.create.busy": "Creating…",

  "start.made.heading": "“{title}” is ready",
  "start.made.lead": "Send each group its link. The facilitator link runs the session: keep it to yourself.",
  "start.made.open": "Open the facilitator view",
  "start.role.facilitator": "Facilitator",
  "start.role.participant": "Participants",
  "start.role.screen": "Projector",
  "start.copy": "Copy",
  "start.copied": "Copied",

  "start.recent.heading": "Your boards",
  "start.recent.empty": "No boards yet.",
  "start.recent.open": "Open as facilitator",

  "start.import.heading": "Import a backup",
  "start.import.lead": "A .crossboard.json file exported from a board becomes a new board with new links.",
  "start.import.file": "Backup file",
  "start.import.submit": "Import",
  "start.import.busy": "Importing…",
  "start.import.none": "Choose a backup file first.",
  "start.import.big": "This file is over {mb} MB, the largest backup this server takes.",
  "start.import.unreadable": "This file is not a crossboard backup (it is not JSON).",

  "start.error.unauthorized": "This start page link is not valid any more. Use the one `crossboard serve` printed.",
  "start.error.need.link": "Open the start page link that `crossboard serve` printed: it ends in #admin=…",
  "start.error.network": "Cannot reach the board server. Try again.",
  "start.error.too_many": "Too many new boards from here in the last hour. Try again later.",
  "start.error.storage": "The server cannot store boards now (its disk may be full).",
  "start.error.invalid": "The server refused this: {message}",
  "start.open.kiosk": "Anyone who can open this page may create boards on this server.",
};

/** @type {Record<keyof typeof en, string>} */
const ru = {
  "start.title": "crossboard: начало",
  "start.heading": "Начать сессию",
  "start.lead": "Создайте доску на день, откройте одну из своих или восстановите доску из резервной копии.",
  "start.lang": "Язык",

  "start.create.heading": "Новая доска",
  "start.create.title": "Название",
  "start.create.title.placeholder": "например, Стратегическая сессия 2027",
  "start.create.title.default": "Стратегическая сессия",
  "start.create.departments": "Отделы",
  "start.create.departments.hint": "Через запятую. Пусто: Продукт, Продажи, Маркетинг.",
  "start.create.departments.placeholder": "Продукт, Продажи, Маркетинг",
  "start.create.template": "Шаблон",
  "start.template.strategy_day": "Стратегический день",
  "start.template.strategy_day.about": "Весь день: ожидания, взгляд отделов друг на друга, итоги, дерево целей, SWOT, план действий, опрос до и после, повестка.",
  "start.template.blank": "Пустая доска",
  "start.template.blank.about": "Один блок заметок. Нужные блоки добавите прямо на доске.",
  "start.template.retro": "Ретроспектива",
  "start.template.retro.about": "Что получилось, что улучшить, идеи; голосование точками за главные изменения и план действий.",
  "start.create.language": "Язык доски",
  "start.create.agenda": "Заполнить программу дня: десять шагов от опроса «до» до опроса «после»",
  "start.create.submit": "Создать доску",
  "start.create.busy": "Создаём…",

  "start.made.heading": "Доска «{title}» готова",
  "start.made.lead": "Отправьте каждой группе её ссылку. Ссылка фасилитатора управляет сессией: не передавайте её.",
  "start.made.open": "Открыть как фасилитатор",
  "start.role.facilitator": "Фасилитатор",
  "start.role.participant": "Участники",
  "start.role.screen": "Проектор",
  "start.copy": "Копировать",
  "start.copied": "Скопировано",

  "start.recent.heading": "Ваши доски",
  "start.recent.empty": "Досок пока нет.",
  "start.recent.open": "Открыть как фасилитатор",

  "start.import.heading": "Импорт из резервной копии",
  "start.import.lead": "Файл .crossboard.json, выгруженный из доски, станет новой доской с новыми ссылками.",
  "start.import.file": "Файл резервной копии",
  "start.import.submit": "Импортировать",
  "start.import.busy": "Импортируем…",
  "start.import.none": "Сначала выберите файл резервной копии.",
  "start.import.big": "Файл больше {mb} МБ: сервер не принимает резервные копии такого размера.",
  "start.import.unreadable": "Это не резервная копия crossboard (файл не в формате JSON).",

  "start.error.unauthorized": "Эта ссылка на стартовую страницу больше не действует. Откройте ту, что напечатал `crossboard serve`.",
  "start.error.need.link": "Откройте ссылку на стартовую страницу, которую напечатал `crossboard serve`: она заканчивается на #admin=…",
  "start.error.network": "Сервер досок недоступен. Попробуйте ещё раз.",
  "start.error.too_many": "Слишком много новых досок отсюда за последний час. Попробуйте позже.",
  "start.error.storage": "Сервер сейчас не может сохранять доски (возможно, заполнен диск).",
  "start.error.invalid": "Сервер отклонил запрос: {message}",
  "start.open.kiosk": "Любой, кто может открыть эту страницу, может создавать доски на этом сервере.",
};

/** @typedef {keyof typeof en} Key */

const STRINGS = { en, ru };
export const LANGS = /** @type {Lang[]} */ (["en", "ru"]);

/** @type {Lang} */
let current = "en";

/** The first of the browser's languages we have, else English. @param {readonly string[]} preferred @returns {Lang} */
export function detectLang(preferred) {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "en" || base === "ru") return base;
  }
  return "en";
}

export function getLang() {
  return current;
}

/** @param {Lang} lang */
export function setLang(lang) {
  current = lang;
}

/**
 * The string for `key` in the current language, with {name} slots filled from `vars`.
 * @param {Key} key @param {Record<string, string | number>} [vars]
 */
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}
