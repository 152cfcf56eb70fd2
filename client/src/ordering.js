// Fractional-index keys: strings over 0-9A-Za-z that sort siblings, with a key between any two.
// An exact port of server/crossboard/board/ordering.py: keys compare as plain strings, and a
// key never ends in "0", so there is always room below it.

export const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE = DIGITS.length;
const VALID = /^[0-9A-Za-z]+$/;

/** @param {string} c */
const value = (c) => DIGITS.indexOf(c);

/**
 * A key strictly between `before` and `after` (null means open end).
 * Throws RangeError when `before >= after` or a key is not valid.
 * @param {string | null} before
 * @param {string | null} after
 * @returns {string}
 */
export function keyBetween(before, after) {
  if (before != null && after != null && before >= after) {
    throw new RangeError(`no key between ${before} and ${after}`);
  }
  for (const key of [before, after]) {
    if (key != null && (!key || key[key.length - 1] === DIGITS[0] || !VALID.test(key))) {
      throw new RangeError(`not a valid order key: ${key}`);
    }
  }
  const lo = before ?? "";
  let hi = after;
  let out = "";
  for (let i = 0; ; i += 1) {
    const a = i < lo.length ? value(lo[i]) : 0;
    const b = hi != null && i < hi.length ? value(hi[i]) : BASE;
    if (b - a > 1) return out + DIGITS[Math.floor((a + b) / 2)];
    // No room at this digit: keep lo's digit and look further down.
    out += DIGITS[a];
    if (b - a === 1) hi = null; // anything after this prefix is below `after`
  }
}

/**
 * `count` increasing keys after `before`.
 * @param {string | null} before
 * @param {number} count
 * @returns {string[]}
 */
export function keysAfter(before, count) {
  const keys = [];
  let last = before;
  for (let i = 0; i < count; i += 1) {
    last = keyBetween(last, null);
    keys.push(last);
  }
  return keys;
}

/**
 * Compare two siblings the way every replica sorts them: by order key, then by id.
 * @param {{order?: string, id: string}} a
 * @param {{order?: string, id: string}} b
 */
export function bySiblingOrder(a, b) {
  const x = a.order ?? "";
  const y = b.order ?? "";
  if (x !== y) return x < y ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * The order key for a new sibling at `index` of `siblings` (sorted by bySiblingOrder), plus
 * new keys for the siblings after it when its neighbours share a key (defaults, old data):
 * ties are broken by id, so nothing fits between them without re-keying.
 * @param {{id: string, order?: string}[]} siblings
 * @param {number} index
 * @returns {{order: string, rekey: {id: string, order: string}[]}}
 */
export function orderAt(siblings, index) {
  const before = index > 0 ? siblings[index - 1].order ?? null : null;
  const after = index < siblings.length ? siblings[index].order ?? null : null;
  if (before == null || after == null || before < after) {
    return { order: keyBetween(before, after), rekey: [] };
  }
  const rest = siblings.slice(index);
  const keys = keysAfter(before, rest.length + 1);
  return { order: keys[0], rekey: rest.map((s, i) => ({ id: s.id, order: keys[i + 1] })) };
}
