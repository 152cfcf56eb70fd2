// Every string the UI shows, in English and Russian. Nothing else in the client holds words.
//
// t("key", {n: 3}) fills {n}-style slots. Plurals: a value may be [one, few, many] (Russian
// needs three forms, English uses the first and last); the count comes from `n`.

const en = {
  "app.name": "crossboard",
  "lang.en": "English",
  "lang.ru": "Русский",
  "lang.switch": "Language",

  "join.loading": "Opening the board…",
  "join.heading": "Join the session",
  "join.lead": "Pick your name and department. Your notes take its colour.",
  "join.name": "Your name",
  "join.name.placeholder": "e.g. Anna Petrova",
  "join.department": "Your department",
  "join.department.none": "No department",
  "join.submit": "Join the board",
  "join.as.facilitator": "You are joining as the facilitator: you run the session.",
  "join.as.screen": "Projector view: read-only, for the shared screen.",
  "join.need.name": "Please enter your name.",
  "join.need.department": "Please pick your department.",
  "join.error.token": "This link is not valid or has been replaced. Ask the facilitator for a new one.",
  "join.error.board": "This board does not exist (any more). Check the link with the facilitator.",
  "join.error.nolink": "Open the join link the facilitator sent you: it ends in #t=…",
  "join.error.network": "Cannot reach the board server. Retrying…",

  "role.facilitator": "Facilitator",
  "role.participant": "Participant",
  "role.screen": "Projector",

  "status.connecting": "Connecting…",
  "status.live": "Live",
  "status.saving": ["Saving {n} change…", "Saving {n} changes…", "Saving {n} changes…"],
  "status.reconnecting": "Reconnecting…",
  "status.offline": "Offline",
  "status.unsent": ["{n} unsent", "{n} unsent", "{n} unsent"],
  "status.stopped": "Disconnected",
  "status.retry": "Retry now",
  "status.tooltip.live": "Connected. Every change is saved on the server.",
  "status.tooltip.offline": "No connection. Keep working: your changes are kept and sent when the connection is back.",

  "stop.unauthorized": "This link is no longer valid. Ask the facilitator for a new one.",
  "stop.protocol": "The board was updated. Reload the page to continue.",
  "stop.bad_hello": "The board refused this session. Reload the page.",
  "stop.not_found": "This board no longer exists.",
  "stop.reload": "Reload",

  "stop.link_rotated": "This link was replaced. Ask the facilitator for the new one.",
  "stop.removed": "The facilitator removed you from this board.",
  "stop.readonly": "You are no longer connected to this board.",

  "fac.lock.block": "Lock this block: participants can look, not edit",
  "fac.unlock.block": "Unlock this block",
  "fac.lock.board": "Lock board",
  "fac.unlock.board": "Unlock board",
  "fac.lock.board.title": "Lock the whole board: participants can look, not edit",
  "fac.private": "Private writing",
  "fac.private.title": "Private writing: who sees what is written in this block",
  "fac.private.off": "Everyone sees everything",
  "fac.private.own": "Each person sees only their own",
  "fac.private.department": "Each department sees only its own",
  "fac.private.short.own": "Private: each alone",
  "fac.private.short.department": "Private: by department",
  "fac.reveal": "Reveal",
  "fac.reveal.title": "Show everything in this block to everyone",
  "fac.spotlight": "Bring everyone's view to this block",
  "fac.spotlight.off": "End the spotlight",
  "fac.people": "People",
  "fac.people.title": "Participants: rename, move to another department, remove",
  "fac.links": "Links",
  "fac.links.title": "Join links: copy or replace",

  "lock.block": "Locked",
  "lock.block.title": "The facilitator locked this block: you can look, not edit.",
  "lock.board": "Board locked",
  "lock.board.title": "The facilitator locked the board: you can look, not edit.",

  "private.label": "Private",
  "private.banner.own": "Private writing: only you see your notes until the facilitator reveals them.",
  "private.banner.department": "Private writing: only your department sees its notes until the facilitator reveals them.",
  "private.banner.facilitator.own": "Private writing, each person alone: you see everything, participants only their own.",
  "private.banner.facilitator.department": "Private writing by department: you see everything, each department only its own.",
  "private.banner.screen": "Private writing: the notes stay hidden until the reveal.",
  "private.count.notes": ["{n} note from {dept}", "{n} notes from {dept}", "{n} notes from {dept}"],
  "private.count.items": ["{n} item from {dept}", "{n} items from {dept}", "{n} items from {dept}"],
  "private.count.notes.nodept": ["{n} note without a department", "{n} notes without a department", "{n} notes without a department"],
  "private.count.items.nodept": ["{n} item without a department", "{n} items without a department", "{n} items without a department"],
  "private.nothing": "Nothing written yet.",
  "private.revealed": "Revealed!",

  "spotlight.chip": "Spotlight: {title}",
  "spotlight.go": "Go to the spotlighted block",
  "follow.on": "Following",
  "follow.off": "Not following",
  "follow.title": "Follow the facilitator: spotlights bring your view to the block. Click to turn off or on.",

  "people.title": "Participants online",
  "people.empty": "No participant is online.",
  "people.rename": "Rename",
  "people.name": "Name",
  "people.department": "Department",
  "people.nodept": "No department",
  "people.remove": "Remove from the board",
  "people.remove.confirm": "Click again to remove {name}",
  "people.removed": "{name} was removed. To keep them out for good, also replace the participant link.",

  "links.title": "Join links",
  "links.participant": "Participants",
  "links.screen": "Projector",
  "links.copy": "Copy",
  "links.copied": "Link copied.",
  "links.rotate": "Replace link",
  "links.rotate.confirm": "Click again: everyone who joined with this link is disconnected",
  "links.rotated": "New link: share it again.",
  "links.loading": "Loading the links…",
  "links.error": "Could not load the links.",
  "links.hint": "Replacing a link stops the old one at once, also for people already on the board.",

  "presence.online": ["{n} online", "{n} online", "{n} online"],
  "presence.title": "Who is here",
  "presence.you": "you",
  "presence.nodept": "No department",
  "presence.editing": "{name} is typing…",

  "toolbar.note": "Note",
  "toolbar.note.title": "Add a sticky note (N)",
  "toolbar.undo": "Undo (Ctrl+Z)",
  "toolbar.redo": "Redo (Ctrl+Shift+Z)",
  "toolbar.help": "Keyboard shortcuts (?)",
  "zoom.in": "Zoom in (+)",
  "zoom.out": "Zoom out (−)",
  "zoom.fit": "Fit all (F)",
  "zoom.fit.label": "Fit",
  "minimap.title": "Overview: click to go there",

  "block.items": ["{n} item", "{n} items", "{n} items"],
  "block.rename": "Double-click to rename",
  "block.soon": "This part of the day arrives in a later version.",
  "block.notes.empty": "Double-click anywhere here to add a note",
  "block.notes.empty.readonly": "No notes yet",

  "note.placeholder": "Type your note…",
  "note.by": "by {name}",
  "note.delete": "Delete note",
  "note.color": "Department colour",
  "note.cannot.drop": "A note cannot go there.",

  "goal.add.root": "Add goal",
  "goal.add.child": "Add sub-goal (Tab)",
  "goal.add.sibling": "Add goal beside (Enter)",
  "goal.to.action": "Make an action from this goal",
  "goal.delete": "Delete goal and its sub-goals",
  "goal.collapse": "Collapse",
  "goal.expand": "Expand",
  "goal.new": "New goal",
  "goal.hidden": ["+{n} hidden", "+{n} hidden", "+{n} hidden"],
  "goal.more.notes": ["+{n} more", "+{n} more", "+{n} more"],
  "goal.empty": "No goals yet. Start with the strategic goal.",
  "goal.move.up": "Move up (Alt+↑)",
  "goal.move.down": "Move down (Alt+↓)",

  "swot.S": "Strengths",
  "swot.W": "Weaknesses",
  "swot.O": "Opportunities",
  "swot.T": "Threats",
  "swot.add": "Add",
  "swot.placeholder": "Type and press Enter…",
  "swot.filter.all": "All departments",
  "swot.to.action": "Make an action from this item",
  "swot.delete": "Delete item",
  "swot.department": "Department",

  "action.add": "Add action",
  "action.col.title": "Action",
  "action.col.kind": "Kind",
  "action.col.owners": "Owners",
  "action.col.assignee": "Assignee",
  "action.col.when": "Cadence / due",
  "action.col.status": "Status",
  "action.col.source": "From",
  "action.kind.process": "Regular process",
  "action.kind.task": "Task",
  "action.kind.goal": "Goal",
  "action.status.todo": "To do",
  "action.status.doing": "In progress",
  "action.status.done": "Done",
  "action.status.dropped": "Dropped",
  "action.cadence.placeholder": "e.g. every 2 weeks",
  "action.assignee.placeholder": "Who",
  "action.title.placeholder": "What will be done",
  "action.source.swot": "SWOT",
  "action.source.goal": "Goal",
  "action.source.gone": "source removed",
  "action.delete": "Delete action",
  "action.empty": "No actions yet. Add one, or make one from a SWOT item or a goal.",
  "action.created": "Action created in the action plan.",
  "action.show": "Show",
  "action.owners.need": "An action needs at least one owner department.",

  "edit.delete": "Delete",
  "edit.done": "Done",

  "reject.prefix": "Your change was undone:",
  "reject.refused": "That didn't work:",
  "reject.cycle": "a goal cannot move under one of its own sub-goals.",
  "reject.not_found": "someone else removed it in the meantime.",
  "reject.forbidden": "your role may not do that.",
  "reject.duplicate_id": "it already exists.",
  "reject.wrong_block": "that kind of item does not belong there.",
  "reject.text_too_long": "the text is too long.",
  "reject.rate_limited": "too many changes at once. Please slow down a little.",
  "reject.board_full": "the board is full.",
  "reject.invalid_patch": "that field cannot change this way.",
  "reject.invalid_op": "the change was not valid.",
  "reject.storage_unavailable": "the server could not save it. It will be retried.",
  "reject.locked": "the facilitator locked this block.",
  "reject.private_block": "items cannot move into or out of private writing before the reveal.",
  "reject.other": "{message}",
  "undo.nothing": "Nothing to undo.",
  "redo.nothing": "Nothing to redo.",
  "undo.failed": "Can't undo:",

  "help.title": "Keyboard shortcuts",
  "help.close": "Close",
  "help.section.board": "Board",
  "help.section.items": "Notes and items",
  "help.section.tree": "Goal tree",
  "help.pan": "Pan",
  "help.pan.keys": "Drag the background, Space + drag, or scroll",
  "help.zoom": "Zoom",
  "help.zoom.keys": "Ctrl + scroll, or + / −",
  "help.fit": "Fit all",
  "help.goto": "Go to block 1–8",
  "help.note": "New note",
  "help.note.keys": "N, or double-click a notes area",
  "help.edit": "Edit the selected item",
  "help.dblclick": "double-click",
  "help.delete": "Delete the selected item",
  "help.finish": "Finish editing",
  "help.finish.keys": "Esc, Ctrl + Enter, or click outside",
  "help.undo": "Undo your last change",
  "help.redo": "Redo",
  "help.child": "Add sub-goal",
  "help.sibling": "Add goal beside",
  "help.reorder": "Move among siblings",
  "help.collapse": "Collapse / expand",
  "help.reparent": "Reparent",
  "help.reparent.keys": "Drag a goal onto another goal",
  "help.hang": "Hang a note on a goal",
  "help.hang.keys": "Drag the note onto the goal",
  "help.help": "This help",
};

/** @type {typeof en} */
const ru = {
  "app.name": "crossboard",
  "lang.en": "English",
  "lang.ru": "Русский",
  "lang.switch": "Язык",

  "join.loading": "Открываем доску…",
  "join.heading": "Вход в сессию",
  "join.lead": "Укажите имя и отдел. Ваши заметки будут цвета отдела.",
  "join.name": "Ваше имя",
  "join.name.placeholder": "например, Анна Петрова",
  "join.department": "Ваш отдел",
  "join.department.none": "Без отдела",
  "join.submit": "Войти на доску",
  "join.as.facilitator": "Вы входите как фасилитатор и ведёте сессию.",
  "join.as.screen": "Вид для проектора: только просмотр, для общего экрана.",
  "join.need.name": "Пожалуйста, введите имя.",
  "join.need.department": "Пожалуйста, выберите отдел.",
  "join.error.token": "Ссылка недействительна или заменена. Попросите у фасилитатора новую.",
  "join.error.board": "Такой доски нет (больше нет). Уточните ссылку у фасилитатора.",
  "join.error.nolink": "Откройте ссылку-приглашение от фасилитатора: она заканчивается на #t=…",
  "join.error.network": "Сервер доски недоступен. Пробуем снова…",

  "role.facilitator": "Фасилитатор",
  "role.participant": "Участник",
  "role.screen": "Проектор",

  "status.connecting": "Подключение…",
  "status.live": "В сети",
  "status.saving": ["Сохраняется {n} изменение…", "Сохраняются {n} изменения…", "Сохраняются {n} изменений…"],
  "status.reconnecting": "Переподключение…",
  "status.offline": "Нет связи",
  "status.unsent": ["{n} не отправлено", "{n} не отправлено", "{n} не отправлено"],
  "status.stopped": "Отключено",
  "status.retry": "Повторить",
  "status.tooltip.live": "Подключено. Все изменения сохранены на сервере.",
  "status.tooltip.offline": "Нет связи. Продолжайте работать: изменения сохранятся и отправятся, когда связь вернётся.",

  "stop.unauthorized": "Ссылка больше не действует. Попросите у фасилитатора новую.",
  "stop.protocol": "Доска обновилась. Перезагрузите страницу.",
  "stop.bad_hello": "Доска отклонила эту сессию. Перезагрузите страницу.",
  "stop.not_found": "Этой доски больше нет.",
  "stop.reload": "Перезагрузить",

  "stop.link_rotated": "Эта ссылка заменена. Попросите у фасилитатора новую.",
  "stop.removed": "Фасилитатор удалил вас с этой доски.",
  "stop.readonly": "Вы больше не подключены к этой доске.",

  "fac.lock.block": "Заблокировать блок: участники смотрят, но не меняют",
  "fac.unlock.block": "Разблокировать блок",
  "fac.lock.board": "Заблокировать доску",
  "fac.unlock.board": "Разблокировать доску",
  "fac.lock.board.title": "Заблокировать всю доску: участники смотрят, но не меняют",
  "fac.private": "Тайное письмо",
  "fac.private.title": "Тайное письмо: кто видит написанное в этом блоке",
  "fac.private.off": "Все видят всё",
  "fac.private.own": "Каждый видит только своё",
  "fac.private.department": "Каждый отдел видит только своё",
  "fac.private.short.own": "Тайно: каждый сам",
  "fac.private.short.department": "Тайно: по отделам",
  "fac.reveal": "Открыть",
  "fac.reveal.title": "Показать всё в этом блоке всем",
  "fac.spotlight": "Перевести взгляд всех на этот блок",
  "fac.spotlight.off": "Снять фокус",
  "fac.people": "Люди",
  "fac.people.title": "Участники: переименовать, перевести в другой отдел, удалить",
  "fac.links": "Ссылки",
  "fac.links.title": "Ссылки-приглашения: скопировать или заменить",

  "lock.block": "Заблокировано",
  "lock.block.title": "Фасилитатор заблокировал этот блок: смотреть можно, менять нельзя.",
  "lock.board": "Доска заблокирована",
  "lock.board.title": "Фасилитатор заблокировал доску: смотреть можно, менять нельзя.",

  "private.label": "Тайно",
  "private.banner.own": "Тайное письмо: ваши заметки видите только вы, пока фасилитатор их не откроет.",
  "private.banner.department": "Тайное письмо: заметки видит только ваш отдел, пока фасилитатор их не откроет.",
  "private.banner.facilitator.own": "Тайное письмо, каждый сам по себе: вы видите всё, участники — только своё.",
  "private.banner.facilitator.department": "Тайное письмо по отделам: вы видите всё, каждый отдел — только своё.",
  "private.banner.screen": "Тайное письмо: заметки скрыты до раскрытия.",
  "private.count.notes": ["{n} заметка от отдела «{dept}»", "{n} заметки от отдела «{dept}»", "{n} заметок от отдела «{dept}»"],
  "private.count.items": ["{n} пункт от отдела «{dept}»", "{n} пункта от отдела «{dept}»", "{n} пунктов от отдела «{dept}»"],
  "private.count.notes.nodept": ["{n} заметка без отдела", "{n} заметки без отдела", "{n} заметок без отдела"],
  "private.count.items.nodept": ["{n} пункт без отдела", "{n} пункта без отдела", "{n} пунктов без отдела"],
  "private.nothing": "Пока ничего не написано.",
  "private.revealed": "Открыто!",

  "spotlight.chip": "В фокусе: {title}",
  "spotlight.go": "Перейти к блоку в фокусе",
  "follow.on": "Следую",
  "follow.off": "Не следую",
  "follow.title": "Следовать за фасилитатором: фокус переносит ваш взгляд на блок. Нажмите, чтобы выключить или включить.",

  "people.title": "Участники в сети",
  "people.empty": "Участников в сети нет.",
  "people.rename": "Переименовать",
  "people.name": "Имя",
  "people.department": "Отдел",
  "people.nodept": "Без отдела",
  "people.remove": "Удалить с доски",
  "people.remove.confirm": "Нажмите ещё раз, чтобы удалить: {name}",
  "people.removed": "{name}: удалён(а). Чтобы не пустить снова, замените и ссылку для участников.",

  "links.title": "Ссылки-приглашения",
  "links.participant": "Участники",
  "links.screen": "Проектор",
  "links.copy": "Копировать",
  "links.copied": "Ссылка скопирована.",
  "links.rotate": "Заменить ссылку",
  "links.rotate.confirm": "Нажмите ещё раз: все, кто вошёл по этой ссылке, будут отключены",
  "links.rotated": "Новая ссылка: разошлите её снова.",
  "links.loading": "Загружаем ссылки…",
  "links.error": "Не удалось загрузить ссылки.",
  "links.hint": "Замена ссылки сразу отключает старую, в том числе у тех, кто уже на доске.",

  "presence.online": ["{n} в сети", "{n} в сети", "{n} в сети"],
  "presence.title": "Кто здесь",
  "presence.you": "вы",
  "presence.nodept": "Без отдела",
  "presence.editing": "{name} печатает…",

  "toolbar.note": "Заметка",
  "toolbar.note.title": "Добавить стикер (N)",
  "toolbar.undo": "Отменить (Ctrl+Z)",
  "toolbar.redo": "Повторить (Ctrl+Shift+Z)",
  "toolbar.help": "Горячие клавиши (?)",
  "zoom.in": "Приблизить (+)",
  "zoom.out": "Отдалить (−)",
  "zoom.fit": "Показать всё (F)",
  "zoom.fit.label": "Всё",
  "minimap.title": "Обзор: нажмите, чтобы перейти",

  "block.items": ["{n} элемент", "{n} элемента", "{n} элементов"],
  "block.rename": "Дважды щёлкните, чтобы переименовать",
  "block.soon": "Эта часть дня появится в следующей версии.",
  "block.notes.empty": "Дважды щёлкните здесь, чтобы добавить заметку",
  "block.notes.empty.readonly": "Заметок пока нет",

  "note.placeholder": "Текст заметки…",
  "note.by": "автор: {name}",
  "note.delete": "Удалить заметку",
  "note.color": "Цвет отдела",
  "note.cannot.drop": "Сюда заметку положить нельзя.",

  "goal.add.root": "Добавить цель",
  "goal.add.child": "Добавить подцель (Tab)",
  "goal.add.sibling": "Добавить цель рядом (Enter)",
  "goal.to.action": "Сделать действие из этой цели",
  "goal.delete": "Удалить цель с подцелями",
  "goal.collapse": "Свернуть",
  "goal.expand": "Развернуть",
  "goal.new": "Новая цель",
  "goal.hidden": ["+{n} скрыта", "+{n} скрыты", "+{n} скрыто"],
  "goal.more.notes": ["ещё {n}", "ещё {n}", "ещё {n}"],
  "goal.empty": "Целей пока нет. Начните со стратегической цели.",
  "goal.move.up": "Выше (Alt+↑)",
  "goal.move.down": "Ниже (Alt+↓)",

  "swot.S": "Сильные стороны",
  "swot.W": "Слабые стороны",
  "swot.O": "Возможности",
  "swot.T": "Угрозы",
  "swot.add": "Добавить",
  "swot.placeholder": "Введите и нажмите Enter…",
  "swot.filter.all": "Все отделы",
  "swot.to.action": "Сделать действие из этого пункта",
  "swot.delete": "Удалить пункт",
  "swot.department": "Отдел",

  "action.add": "Добавить действие",
  "action.col.title": "Действие",
  "action.col.kind": "Тип",
  "action.col.owners": "Отделы",
  "action.col.assignee": "Ответственный",
  "action.col.when": "Регулярность / срок",
  "action.col.status": "Статус",
  "action.col.source": "Откуда",
  "action.kind.process": "Регулярный процесс",
  "action.kind.task": "Задача",
  "action.kind.goal": "Цель",
  "action.status.todo": "К выполнению",
  "action.status.doing": "В работе",
  "action.status.done": "Готово",
  "action.status.dropped": "Отменено",
  "action.cadence.placeholder": "например, раз в 2 недели",
  "action.assignee.placeholder": "Кто",
  "action.title.placeholder": "Что будет сделано",
  "action.source.swot": "SWOT",
  "action.source.goal": "Цель",
  "action.source.gone": "источник удалён",
  "action.delete": "Удалить действие",
  "action.empty": "Действий пока нет. Добавьте или создайте из пункта SWOT или цели.",
  "action.created": "Действие добавлено в план.",
  "action.show": "Показать",
  "action.owners.need": "У действия должен быть хотя бы один отдел.",

  "edit.delete": "Удалить",
  "edit.done": "Готово",

  "reject.prefix": "Изменение отменено:",
  "reject.refused": "Не получилось:",
  "reject.cycle": "цель нельзя перенести под её собственную подцель.",
  "reject.not_found": "кто-то уже удалил этот элемент.",
  "reject.forbidden": "вашей роли это не разрешено.",
  "reject.duplicate_id": "такой элемент уже есть.",
  "reject.wrong_block": "такому элементу здесь не место.",
  "reject.text_too_long": "слишком длинный текст.",
  "reject.rate_limited": "слишком много изменений сразу. Чуть помедленнее.",
  "reject.board_full": "доска заполнена.",
  "reject.invalid_patch": "это поле нельзя так изменить.",
  "reject.invalid_op": "изменение некорректно.",
  "reject.storage_unavailable": "сервер не смог сохранить изменение. Повторим позже.",
  "reject.locked": "фасилитатор заблокировал этот блок.",
  "reject.private_block": "до раскрытия нельзя переносить элементы в блок с тайным письмом или из него.",
  "reject.other": "{message}",
  "undo.nothing": "Отменять нечего.",
  "redo.nothing": "Повторять нечего.",
  "undo.failed": "Отменить не удалось:",

  "help.title": "Горячие клавиши",
  "help.close": "Закрыть",
  "help.section.board": "Доска",
  "help.section.items": "Заметки и элементы",
  "help.section.tree": "Дерево целей",
  "help.pan": "Сдвинуть",
  "help.pan.keys": "Тянуть фон, Пробел + тянуть или прокрутка",
  "help.zoom": "Масштаб",
  "help.zoom.keys": "Ctrl + прокрутка или + / −",
  "help.fit": "Показать всё",
  "help.goto": "К блоку 1–8",
  "help.note": "Новая заметка",
  "help.note.keys": "N или двойной щелчок по области заметок",
  "help.edit": "Изменить выбранное",
  "help.dblclick": "двойной щелчок",
  "help.delete": "Удалить выбранное",
  "help.finish": "Закончить правку",
  "help.finish.keys": "Esc, Ctrl + Enter или щелчок мимо",
  "help.undo": "Отменить своё изменение",
  "help.redo": "Повторить",
  "help.child": "Добавить подцель",
  "help.sibling": "Добавить цель рядом",
  "help.reorder": "Переставить среди соседних",
  "help.collapse": "Свернуть / развернуть",
  "help.reparent": "Перенести",
  "help.reparent.keys": "Перетащить цель на другую цель",
  "help.hang": "Прикрепить заметку к цели",
  "help.hang.keys": "Перетащить заметку на цель",
  "help.help": "Эта справка",
};

export const STRINGS = { en, ru };
/** @typedef {keyof typeof en} Key */
/** @typedef {keyof typeof STRINGS} Lang */
export const LANGS = /** @type {Lang[]} */ (Object.keys(STRINGS));

/** @type {Lang} */
let current = "en";
/** @type {Set<() => void>} */
const listeners = new Set();

/**
 * The language for a list of browser languages (navigator.languages), English by default.
 * @param {readonly string[]} preferred
 * @returns {Lang}
 */
export function detectLang(preferred) {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base in STRINGS) return /** @type {Lang} */ (base);
  }
  return "en";
}

export function getLang() {
  return current;
}

/** @param {Lang} lang */
export function setLang(lang) {
  if (!(lang in STRINGS) || lang === current) return;
  current = lang;
  for (const fn of [...listeners]) fn();
}

/** Call `fn` whenever the language changes. @param {() => void} fn */
export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Plural form index for `n`: 0 one, 1 few, 2 many (Russian rules; English uses 0 and 2).
 * @param {Lang} lang @param {number} n
 */
export function pluralIndex(lang, n) {
  const abs = Math.abs(n);
  if (lang === "ru") {
    const d10 = abs % 10;
    const d100 = abs % 100;
    if (d10 === 1 && d100 !== 11) return 0;
    if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return 1;
    return 2;
  }
  return abs === 1 ? 0 : 2;
}

/**
 * The string for `key` in the current language, with {slots} filled in.
 * @param {Key} key
 * @param {Record<string, string | number>} [vars]
 * @returns {string}
 */
export function t(key, vars = {}) {
  /** @type {string | string[] | undefined} */
  let value = STRINGS[current][key] ?? en[key];
  if (value === undefined) return key;
  if (Array.isArray(value)) value = value[pluralIndex(current, Number(vars.n ?? 0))];
  return value.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}
