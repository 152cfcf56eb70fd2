// Shared JSDoc types of the client. The wire shapes are those of shared/PROTOCOL.md.
//
// An item of `kind: "hidden"` is the placeholder of one the viewer may not see (A2):
// `{id, block, kind, author_department}`. On a block.private `applied` frame, `items` are the
// block's items as this receiver sees them from now on (A3).

/**
 * @typedef {{id: string, name: string, color: string}} Department
 *   A9: the facilitator renames or recolours one with `department.update` (the id stays).
 * @typedef {{id: string, kind: string, title: string, x: number, y: number, w: number, h: number,
 *   locked?: boolean, private?: "own" | "department" | "pair" | "four" | null, placed?: number,
 *   writers?: string | null, circles?: Record<string, {pair: number, four: number}>}} Block
 *   `placed` (R13): how many items were added to this block while it was private, so every
 *   replica hands the next unplaced note the same slot; absent means 0. `writers` (E8): the
 *   one department the current agenda step lets write here; absent or null: everyone.
 *   `circles` (E9, 1-2-4-All): who is in which pair and four, numbered from 1.
 * @typedef {{id: string, kind: string, block: string, [field: string]: any}} Item
 * @typedef {{id: string, block: string, kind: "note", text: string, department: string | null,
 *   x: number, y: number, on: string | null, group: string | null, author: string,
 *   author_name: string, author_department: string | null}} NoteItem
 *   A sticky note. `on` hangs it on a goal node; `group` puts it in a group of its block,
 *   which draws it (its own x, y are ignored while grouped).
 * @typedef {{id: string, block: string, kind: "group", title: string, x: number, y: number,
 *   collapsed: boolean, author: string, author_department: string | null}} GroupItem
 *   Affinity clustering: a named group of notes in a "notes" or "results" block, moved and
 *   collapsed as one.
 * @typedef {{kind: "item.add", id: string, block: string, item: Record<string, any> & {kind: string},
 *   author?: string}} ItemAddOp
 *   A note or group without `x`/`y` is placed by the reducer (R13). `author` is the
 *   facilitator's alone: restoring someone's removed item keeps them its author (A8).
 * @typedef {{kind: "item.move", id: string, block?: string, x?: number, y?: number,
 *   parent?: string | null, order?: string, quadrant?: string, on?: string | null,
 *   group?: string | null}} ItemMoveOp
 *   `group: null` with no x/y takes a note out of its group into the flow.
 * @typedef {{kind: "block.tidy", id: string, order: string[]}} BlockTidyOp
 *   R14, the facilitator's: lay a flow block out again, `order` first, the rest by (y, x, id).
 * @typedef {{kind: "department.update", id: string, name?: string, color?: string}} DepartmentUpdateOp
 *   A9, the facilitator's: `color` is "#rrggbb".
 * @typedef {{name?: string, department?: string | null, removed?: boolean, admitted?: boolean}} PersonOverride
 * @typedef {{department_choice?: "person" | "link", lobby?: boolean, min_group?: number,
 *   editing?: "own" | "everyone", language?: "en" | "ru"}} BoardSettings
 *   I7: the room's rules; a board from before them has none (the defaults apply). `editing`
 *   (A8, default "own"): may a participant change and remove others' items. `language`
 *   (default "en"): of the board's report and template titles.
 * @typedef {{mode: "follow" | "block" | "join" | "results", block: string | null, cursors: boolean}} ScreenState
 *   A7: what the projector shows, the facilitator's choice (`screen.show`): their view, one
 *   block as a slide, the join slide, or a block's results; and whether cursors are drawn.
 *   A board from before it has none (`{mode: "follow", block: null, cursors: false}`).
 * @typedef {{id: string, title: string, departments: Department[],
 *   blocks: Record<string, Block>, items: Record<string, Item>, seq: number,
 *   locked?: boolean, spotlight?: string | null, links?: Record<string, number>,
 *   people?: Record<string, PersonOverride>, votes?: Record<string, VoteView>,
 *   polls?: Record<string, PollView>, agenda?: Agenda, done?: Record<string, string | null>,
 *   roster?: Record<string, {name: string, department: string | null, role: string}>,
 *   ballot_roster?: Record<string, {name: string, department: string | null, role: string}>,
 *   settings?: BoardSettings, screen?: ScreenState}} Board
 * @typedef {{id: string, block: string, budget: number, max_per_item: number, live: boolean,
 *   open: boolean, voters: number | null, dots_placed: number, totals: Record<string, number> | null,
 *   by_department: Record<string, Record<string, number>> | null,
 *   own_items?: boolean, shuffle?: boolean,
 *   mine?: {dots: Record<string, number>, left: number}}} VoteView
 *   E2: what anyone may see of a dot vote; `mine` is this person's own dots. `voters` is
 *   null where the hub does not tell who voted (E7). `own_items: false`: nobody may put dots
 *   on their own items; `shuffle`: each voter sees the items in an order of their own (E8).
 * @typedef {{label: string, open: boolean, responses: number,
 *   responses_by_department: Record<string, number> | null, average?: number | null,
 *   median?: number | null, histogram?: number[] | null, comments?: string[] | null,
 *   by_department?: Record<string, {responses: number, average: number | null, median: number | null}> | null}} PollRound
 * @typedef {{average_before: number | null, average_after: number | null, change: number | null,
 *   paired: number, raised: number | null, lowered: number | null, kept: number | null,
 *   by_department: Record<string, {raised: number, lowered: number, kept: number}> | null,
 *   comments: {raised: string[], lowered: string[], kept: string[]} | null}} PollComparison
 *   The movements are null when too few people answered both rounds (E4).
 * @typedef {{id: string, block: string, question: string, low: number, high: number,
 *   comment: boolean, revealed: boolean, rounds: PollRound[], comparison: PollComparison | null,
 *   mine?: {answers: ({score: number, comment: string} | null)[]}}} PollView
 *   E3: a scale poll's rounds; figures only once revealed, and only for rounds with at least
 *   k (`settings.min_group`) answers: a smaller round's figures are null.
 * @typedef {{id: string, budget: number, max_per_item: number, live: boolean, own_items: boolean, shuffle: boolean}} StepVote
 * @typedef {{blocks: string[], writers: "everyone" | "department" | "nobody", department: string | null,
 *   visibility: "public" | "own" | "department" | "pair" | "four", circles?: "across" | "within", vote: StepVote | null, poll: {poll: string, label: string} | null,
 *   lock_others: boolean, screen: "follow" | "block" | "results" | "join" | null, done_reset: boolean,
 *   pause_at_zero: boolean, chime: boolean, end: ("reveal" | "close_vote" | "close_round" | "reveal_poll" | "lock")[]}} StepSettings
 *   E8: what running an agenda entry sets in the room, and what moving on from it does.
 * @typedef {{id: string, title: string, minutes: number, block: string | null, actual_ms: number,
 *   step?: StepSettings | null, extra_ms?: number, last_extra_ms?: number}} AgendaItem
 *   `extra_ms`: the time the facilitator added (`agenda.extend`), beyond `minutes`.
 * @typedef {{items: AgendaItem[], current: string | null, running: boolean, started_at: number | null}} Agenda
 *   E5: the server's clock is the authority (`started_at` is a server `ts`).
 * @typedef {{votes?: Record<string, VoteView> | null, polls?: Record<string, PollView> | null, agenda?: Agenda,
 *   done?: Record<string, string | null>}} ExercisePart
 * @typedef {{id: string, name: string, department: string | null, role: string}} Actor
 * @typedef {Actor & {n: number}} Present
 *   P1: someone online (`welcome.you`, `welcome.online`, `presence.joined`) with their number
 *   in the room, by which `cursors.at` names them (P2).
 * @typedef {Record<string, any> & {kind: string}} Op
 * @typedef {{ok: boolean, code?: string, message?: string}} Outcome
 * @typedef {{type: "applied", seq: number, op: Op, by: Actor | null, cid: string | null, ts: number,
 *   items?: Item[] | Record<string, Item>, exercise?: ExercisePart | null, step?: StepPart | null}} AppliedFrame
 *   `by` is null on someone else's dot or poll answer (E7): who cast it is nobody's to know.
 *   `step` (E8): running a step sends every block, the spotlight, the screen and the items
 *   of the blocks whose private writing may have changed, as this receiver sees them.
 * @typedef {{blocks: Record<string, Block>, spotlight: string | null, screen: ScreenState,
 *   items?: Record<string, Item[]>}} StepPart
 * @typedef {{type?: "exercise", votes?: Record<string, VoteView> | null, polls?: Record<string, PollView> | null}} ExerciseFrame
 *   E7: the current vote and poll views, at most once a second, in place of per-ballot views.
 * @typedef {{waiting: {id: string, name: string, department: string | null}[], joined: Record<string, number>}} Lobby
 *   I5: who waits to be let in, and how many joined by each link (`participant`,
 *   `participant:<department id>`): the facilitator's `lobby` frame and `welcome.lobby`.
 */

export {};
