// What every view gets: the board, who you are, and the few verbs that change things.
// `canEditBlock` says whether this viewer may change items in a block now (not a screen, not
// locked for them, A1); `tryEdit` says the same, and when the answer is no, says why in a toast.
// `mayEdit` / `mayRemove` say whether an item is theirs to change (A8; `tryChange` says why not);
// `removeItem` removes one with an undo toast.

/**
 * @typedef {import("../types.js").Board} Board
 * @typedef {import("../types.js").Item} Item
 * @typedef {import("../types.js").Actor} Actor
 * @typedef {import("../types.js").Op} Op
 * @typedef {import("../types.js").Department} Department
 * @typedef {{
 *   boardId: string,
 *   role: string,
 *   canEdit: boolean,
 *   isFacilitator: boolean,
 *   you: () => Actor,
 *   board: () => Board,
 *   dept: (id: string | null | undefined) => Department | null,
 *   perform: (ops: Op[], options?: {undoable?: boolean, mergeKey?: string}) => boolean,
 *   canEditBlock: (blockId: string) => boolean,
 *   tryEdit: (blockId: string) => boolean,
 *   selected: string | null,
 *   select: (id: string | null) => void,
 *   editSoon: (id: string) => void,
 *   setEditing: (id: string | null) => void,
 *   focusItem: (id: string) => void,
 *   makeAction: (source: Item) => void,
 *   editorsOf: (id: string) => Actor[],
 *   toBoard: (clientX: number, clientY: number) => {x: number, y: number},
 *   toast: (message: string, options?: import("./toast.js").ToastOptions) => void,
 *   invalidate: () => void,
 *   collapsed: Set<string>,
 *   toggleCollapsed: (id: string, collapsed?: boolean) => void,
 *   swotFilter: string | null,
 *   setSwotFilter: (dept: string | null) => void,
 *   newId: (prefix: string) => string,
 *   editSession: () => number,
 *   dropUndo: (mergeKey: string) => void,
 *   mayEdit: (item: Item) => boolean,
 *   mayRemove: (item: Item) => boolean,
 *   tryChange: (item: Item, how?: "edit" | "remove") => boolean,
 *   removeItem: (id: string) => boolean,
 * }} Ctx
 */

/**
 * A kind view draws the inside of one block and keeps it in step with the board.
 * @typedef {{
 *   update: (board: Board, block: import("../types.js").Block, items: Item[]) => void,
 *   edit?: (id: string) => boolean,
 *   onKey?: (e: KeyboardEvent, item: Item) => boolean,
 *   tools?: HTMLElement,
 *   addNote?: (bx: number | null, by: number | null) => void,
 * }} KindView
 */

export {};
