import { test } from "node:test";
import assert from "node:assert/strict";
import { detectLang, pluralIndex, setLang, STRINGS, t } from "../src/i18n.js";

test("every key exists in every language, with the same {slots} and plural shape", () => {
  const keys = Object.keys(STRINGS.en);
  for (const [lang, table] of Object.entries(STRINGS)) {
    assert.deepEqual(Object.keys(table).sort(), [...keys].sort(), `keys of ${lang}`);
    for (const key of keys) {
      const a = /** @type {any} */ (STRINGS.en)[key];
      const b = /** @type {any} */ (table)[key];
      assert.equal(Array.isArray(a), Array.isArray(b), `${lang} ${key} plural shape`);
      const slots = (/** @type {any} */ v) => [...String(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(slots(b), slots(a), `${lang} ${key} slots`);
      assert.ok(String(b).trim().length > 0, `${lang} ${key} is not empty`);
    }
  }
});

test("the browser's language picks the UI language, English otherwise", () => {
  assert.equal(detectLang(["ru-RU", "en"]), "ru");
  assert.equal(detectLang(["de-DE", "ru"]), "ru");
  assert.equal(detectLang(["fr"]), "en");
  assert.equal(detectLang([]), "en");
});

test("Russian plurals have three forms", () => {
  assert.deepEqual([1, 2, 5, 11, 21, 22, 25, 111, 104].map((n) => pluralIndex("ru", n)), [0, 1, 2, 2, 0, 1, 2, 2, 1]);
  setLang("ru");
  assert.equal(t("block.items", { n: 3 }), "3 элемента");
  assert.equal(t("block.items", { n: 5 }), "5 элементов");
  setLang("en");
  assert.equal(t("block.items", { n: 1 }), "1 item");
  assert.equal(t("block.items", { n: 2 }), "2 items");
});

test("no UI string outside i18n.js: views pass keys, not words", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { ROOT } = await import("./vectors.js");
  const dir = join(ROOT, "client", "src", "views");
  for (const file of readdirSync(dir)) {
    const code = readFileSync(join(dir, file), "utf8");
    // textContent / title / placeholder assigned a literal with letters is a hard-coded string.
    const bad = code.match(/(textContent|title|placeholder|ariaLabel)\s*=\s*["'`][^"'`]*[A-Za-zА-Яа-я]{3,}/g);
    assert.equal(bad, null, `${file}: ${bad}`);
  }
});
