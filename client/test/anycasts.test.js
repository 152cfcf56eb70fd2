// Issue 19: an `{any}` in the client's JSDoc says why nothing narrower fits, in a `//` comment
// on its line or the line above; tsc cannot hold that line, this test does.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./vectors.js";
import { isKey, setLang, t, tk } from "../src/i18n.js";

const SRC = join(ROOT, "client", "src");

/** Line numbers (1-based) of `{any}` with no `//` comment after it or on the line above. @param {string} code */
function unjustified(code) {
  const lines = code.split("\n");
  const bad = [];
  for (const [i, line] of lines.entries()) {
    const at = line.indexOf("{any}");
    if (at === -1) continue;
    const sameLine = line.indexOf("//", at) !== -1;
    const above = i > 0 && lines[i - 1].trim().startsWith("//");
    if (!sameLine && !above) bad.push(i + 1);
  }
  return bad;
}

test("the check finds an unexplained {any} and accepts an explained one", () => {
  assert.deepEqual(unjustified("const a = /** @type {any} */ (x);"), [1]);
  assert.deepEqual(unjustified("// a comment\n\nconst a = /** @type {any} */ (x);"), [3]);
  assert.deepEqual(unjustified("// x\nconst a = 1; // y\nconst b = /** @type {any} */ (x);"), [3]);
  assert.deepEqual(unjustified("const a = /** @type {any} */ (x); // decoded wire data"), []);
  assert.deepEqual(unjustified("  // decoded wire data\n  /** @param {any} frame */"), []);
});

test("every {any} under client/src is explained by a comment", () => {
  const files = readdirSync(SRC, { recursive: true }).map(String).filter((f) => f.endsWith(".js"));
  assert.ok(files.length > 20, "the client sources were found");
  const found = files.flatMap((file) => unjustified(readFileSync(join(SRC, file), "utf8")).map((n) => `${file}:${n}`));
  assert.deepEqual(found, []);
});

test("tk, for keys built at run time, says what t says and gives an unknown key back as itself", () => {
  assert.equal(tk("stop.removed"), t("stop.removed"));
  setLang("ru");
  assert.equal(tk("block.items", { n: 5 }), t("block.items", { n: 5 }));
  setLang("en");
  assert.equal(tk("stop.no_such_reason"), "stop.no_such_reason");
  assert.equal(isKey("constructor"), false); // an Object.prototype name is no key
});
