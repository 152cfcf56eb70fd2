// Loads the shared op-sequence vectors (shared/vectors/ops/*.json) for the JS tests.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OPS_DIR = join(ROOT, "shared", "vectors", "ops");

/** @returns {{file: string, vector: any}[]} */
export function opVectors() {
  return readdirSync(OPS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, vector: JSON.parse(readFileSync(join(OPS_DIR, file), "utf8")) }));
}

/** The strategy-day board every vector starts from, with no items. */
export function emptyBoard() {
  const [first] = opVectors();
  return structuredClone({ ...first.vector.board, items: {}, seq: 0 });
}
