// What to say when one of this person's ops is refused, by this page (a sure no, "refused")
// or by the hub ("rejected"): the board's words and the phone's.

import { isKey, t } from "./i18n.js";
import { isOwnershipRefusal } from "./ownership.js";
import { voteRefusal } from "./views/dots.js";

/** @typedef {import("./types.js").Board} Board */
/** @typedef {import("./types.js").Actor} Actor */
/** @typedef {import("./types.js").Op} Op */
/** @typedef {{type: "rejected" | "refused", code: string, message: string, op: Op | null}} Refusal */

/** A sentence for a refusal code. @param {string} code @param {string} message */
export function humanReason(code, message) {
  const key = `reject.${code}`; // any code the hub may send
  return isKey(key) ? t(key) : t("reject.other", { message });
}

/**
 * Why an op was refused, in words: "only its author or the facilitator…" when the item is
 * someone else's (A8; an op this page no longer holds is judged by the hub's words), else
 * the code's sentence.
 * @param {Board | null} board @param {Actor} you @param {string} code @param {string} message @param {Op | null} op
 */
export function whyRefused(board, you, code, message, op) {
  const notYours = op
    ? isOwnershipRefusal(board, code, op, you)
    : code === "forbidden" && /only its author/.test(message);
  return notYours ? t("own.refused") : humanReason(code, message);
}

/** The board's toast for a refused op. @param {Refusal} refusal @param {Board | null} board @param {Actor} you */
export function boardRefusal({ type, code, message, op }, board, you) {
  const vote = type === "rejected" ? voteRefusal(code, op, board) : null;
  return vote ?? `${t(type === "rejected" ? "reject.prefix" : "reject.refused")} ${whyRefused(board, you, code, message, op)}`;
}

/**
 * The phone's message for a refused op: the exercise ones in the phone's words (no dots
 * left, round closed), the others as on the board.
 * @param {Refusal} refusal @param {Board | null} board @param {Actor} you
 */
export function phoneRefusal({ type, code, message, op }, board, you) {
  if (op?.kind === "vote.cast" && code === "budget_exceeded") return t("phone.vote.refused.budget");
  if (op?.kind === "vote.cast" && code === "closed") return t("phone.vote.blocked.closed");
  if (op?.kind === "poll.answer" && code === "closed") return t("phone.poll.refused.closed");
  return `${t(type === "rejected" ? "reject.prefix" : "reject.refused")} ${whyRefused(board, you, code, message, op)}`;
}
