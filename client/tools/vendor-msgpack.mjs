// Refresh client/vendor/msgpack/ from node_modules/@msgpack/msgpack (run: npm install && npm run vendor).
// The browser loads the ESM build straight from the hub, so running crossboard needs no npm.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const source = join(root, "node_modules", "@msgpack", "msgpack");
const target = join(root, "client", "vendor", "msgpack");

if (!existsSync(join(source, "dist.esm"))) {
  console.error("node_modules/@msgpack/msgpack is missing: run `npm install` first");
  process.exit(1);
}

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
let count = 0;
for (const file of walk(join(source, "dist.esm"))) {
  if (!file.endsWith(".mjs")) continue; // no .d.ts, no source maps: the browser needs only code
  const out = join(target, relative(join(source, "dist.esm"), file));
  mkdirSync(dirname(out), { recursive: true });
  // Drop the sourceMappingURL comment: the maps are not vendored.
  const code = readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  writeFileSync(out, code);
  count += 1;
}
cpSync(join(source, "LICENSE"), join(target, "LICENSE"));
// The few types the client uses, so `npm run typecheck` checks our code, not the vendored build.
writeFileSync(
  join(target, "index.d.mts"),
  `// Written by client/tools/vendor-msgpack.mjs: the part of @msgpack/msgpack's API the client uses.
export class Encoder {
  constructor(options?: { ignoreUndefined?: boolean; forceFloat32?: boolean; sortKeys?: boolean });
  encode(value: unknown): Uint8Array;
}
export class Decoder {
  constructor(options?: { maxDepth?: number });
  decode(data: ArrayLike<number> | ArrayBuffer | Uint8Array): unknown;
  decodeMulti(data: ArrayLike<number> | ArrayBuffer | Uint8Array): Generator<unknown, void, unknown>;
}
export function encode(value: unknown, options?: object): Uint8Array;
export function decode(data: ArrayLike<number> | ArrayBuffer | Uint8Array, options?: object): unknown;
`,
);
const { version } = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
writeFileSync(
  join(target, "VERSION"),
  `@msgpack/msgpack ${version}: the dist.esm build, copied by \`npm run vendor\`. Do not edit.\n`,
);
console.log(`vendored @msgpack/msgpack ${version}: ${count} modules -> ${relative(root, target)}`);
