"""Every heading, column header and label of the report, the Markdown and the CSV, in the
board's language (`board.settings["language"]`, "en" by default, or "ru").

One table per language with the same keys, so the three formats say the same thing in the
same words, and the labels match the page's own (client/src/i18n.js): a person reads "To do"
or "К выполнению", never the stored code `todo`. Counts that agree with their number
("1 dot", "5 dots"; "1 точка", "2 точки", "5 точек") are tuples of plural forms.
"""

from __future__ import annotations

from typing import Any

Phrase = str | tuple[str, ...]

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"

EN: dict[str, Phrase] = {
    "report": "Session report",
    "sections.participants": "Participants",
    "sections.goals": "Goal tree",
    "sections.swot": "SWOT",
    "sections.actions": "Action plan",
    "sections.polls": "Polls",
    "sections.agenda": "Agenda: planned vs actual",
    "sections.notes": "Notes",
    "facilitator": "Facilitator",
    "no_department": "No department",
    "col.department": "Department",
    "col.people": "People",
    "col.names": "Names",
    "col.item": "Item",
    "col.dots": "Dots",
    "col.action": "Action",
    "col.kind": "Kind",
    "col.owners": "Owners",
    "col.who": "Who",
    "col.when": "Cadence / due",
    "col.status": "Status",
    "col.agenda_item": "Item",
    "col.planned": "Planned, min",
    "col.actual": "Actual, min",
    "col.share": "Share of the day",
    "empty.goals": "No goal tree.",
    "empty.actions": "No actions.",
    "empty.polls": "No polls.",
    "empty.agenda": "No agenda.",
    "quadrant.S": "Strengths",
    "quadrant.W": "Weaknesses",
    "quadrant.O": "Opportunities",
    "quadrant.T": "Threats",
    "action.kind.process": "Regular process",
    "action.kind.task": "Task",
    "action.kind.goal": "Goal",
    "action.status.todo": "To do",
    "action.status.doing": "In progress",
    "action.status.done": "Done",
    "action.status.dropped": "Dropped",
    "poll.answers": "Answers",
    "poll.average": "Average",
    "poll.median": "Median",
    "poll.histogram": "{label}: answers per score",
    "poll.withheld": (
        "Fewer than {k} answers: the figures are withheld so that no one's score can be "
        "read from them."
    ),
    "poll.compare": "Before → after",
    "poll.before": "Average before",
    "poll.after": "after",
    "poll.change": "Change",
    "poll.paired_withheld": (
        "{n} answered both rounds, fewer than {k}: who raised, lowered or kept their score "
        "is withheld."
    ),
    "poll.raised": "Raised",
    "poll.lowered": "Lowered",
    "poll.kept": "Kept",
    "poll.why.raised": "Why they raised it",
    "poll.why.lowered": "Why they lowered it",
    "poll.why.kept": "Why they kept it",
    "md.round": "{n} answers, average {average}, median {median} ({distribution})",
    "md.round_withheld": "{n} answers (fewer than {k}: the figures are withheld)",
    "md.no_answers": "no answers",
    "md.averages": "average {before} → {after} (change {change})",
    "md.moves": "raised {raised}, lowered {lowered}, kept {kept}",
    "md.moves_withheld": "{n} answered both rounds (fewer than {k}: movements withheld)",
    "group.untitled": "Untitled group",
    "count.notes": ("{n} note", "{n} notes"),
    "count.dots": ("{n} dot", "{n} dots"),
    "file.actions": "actions",
}

RU: dict[str, Phrase] = {
    "report": "Отчёт о сессии",
    "sections.participants": "Участники",
    "sections.goals": "Дерево целей",
    "sections.swot": "SWOT-анализ",
    "sections.actions": "План действий",
    "sections.polls": "Опросы",
    "sections.agenda": "Повестка: план и факт",
    "sections.notes": "Заметки",
    "facilitator": "Фасилитатор",
    "no_department": "Без отдела",
    "col.department": "Отдел",
    "col.people": "Участников",
    "col.names": "Имена",
    "col.item": "Пункт",
    "col.dots": "Точек",
    "col.action": "Действие",
    "col.kind": "Тип",
    "col.owners": "Отделы",
    "col.who": "Ответственный",
    "col.when": "Регулярность / срок",
    "col.status": "Статус",
    "col.agenda_item": "Пункт повестки",
    "col.planned": "План, мин",
    "col.actual": "Факт, мин",
    "col.share": "Доля дня",
    "empty.goals": "Дерева целей нет.",
    "empty.actions": "Действий нет.",
    "empty.polls": "Опросов не было.",
    "empty.agenda": "Повестки нет.",
    "quadrant.S": "Сильные стороны",
    "quadrant.W": "Слабые стороны",
    "quadrant.O": "Возможности",
    "quadrant.T": "Угрозы",
    "action.kind.process": "Регулярный процесс",
    "action.kind.task": "Задача",
    "action.kind.goal": "Цель",
    "action.status.todo": "К выполнению",
    "action.status.doing": "В работе",
    "action.status.done": "Готово",
    "action.status.dropped": "Отменено",
    "poll.answers": "Ответов",
    "poll.average": "Среднее",
    "poll.median": "Медиана",
    "poll.histogram": "{label}: сколько раз поставили каждую оценку",
    "poll.withheld": (
        "Ответов меньше {k}: цифры скрыты, чтобы по ним нельзя было узнать ничью оценку."
    ),
    "poll.compare": "До → после",
    "poll.before": "Среднее до",
    "poll.after": "после",
    "poll.change": "Изменение",
    "poll.paired_withheld": (
        "В обоих раундах ответили: {n} — это меньше {k}, поэтому не показано, кто повысил, "
        "понизил или не изменил оценку."
    ),
    "poll.raised": "Повысили",
    "poll.lowered": "Понизили",
    "poll.kept": "Не изменили",
    "poll.why.raised": "Почему повысили оценку",
    "poll.why.lowered": "Почему понизили",
    "poll.why.kept": "Почему не изменили",
    "md.round": "ответов: {n}, среднее {average}, медиана {median} ({distribution})",
    "md.round_withheld": "ответов: {n} (меньше {k}: цифры скрыты)",
    "md.no_answers": "ответов нет",
    "md.averages": "среднее {before} → {after} (изменение {change})",
    "md.moves": "повысили: {raised}, понизили: {lowered}, не изменили: {kept}",
    "md.moves_withheld": (
        "в обоих раундах ответили: {n} (меньше {k}: кто как изменил оценку, не показано)"
    ),
    "group.untitled": "Группа без названия",
    "count.notes": ("{n} заметка", "{n} заметки", "{n} заметок"),
    "count.dots": ("{n} точка", "{n} точки", "{n} точек"),
    "file.actions": "план-действий",
}

TABLES: dict[str, dict[str, Phrase]] = {"en": EN, "ru": RU}


def language_of(board: Any) -> str:
    """The board's language; boards stored before it existed, or with a language this
    version does not know, read as English."""
    settings = getattr(board, "settings", None)
    found = settings.get("language", DEFAULT_LANGUAGE) if isinstance(settings, dict) else None
    return found if found in LANGUAGES else DEFAULT_LANGUAGE


def _plural_form(language: str, n: int) -> int:
    """Which of the language's plural forms a count takes (CLDR rules for integers)."""
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


class Words:
    """The labels of one language, looked up by key."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._table = TABLES[self.language]

    def __call__(self, key: str, **values: Any) -> str:
        phrase = self._table[key]
        text = phrase if isinstance(phrase, str) else phrase[-1]
        return text.format(**values) if values else text

    def count(self, key: str, n: int) -> str:
        """A count with its noun agreeing ("2 точки", "5 точек")."""
        phrase = self._table[key]
        forms = (phrase,) if isinstance(phrase, str) else phrase
        return forms[min(_plural_form(self.language, n), len(forms) - 1)].format(n=n)

    def label(self, prefix: str, code: str) -> str:
        """The human label of a stored code (`action.status` + `todo` -> "To do"); a code
        this version has no label for shows as is rather than vanish."""
        phrase = self._table.get(f"{prefix}.{code}")
        return phrase if isinstance(phrase, str) else code

    def number(self, value: float | None, places: int = 2) -> str:
        """A figure to `places` decimals with the language's decimal mark; "—" if none."""
        if value is None:
            return "—"
        text = f"{value:.{places}f}"
        return text.replace(".", ",") if self.language == "ru" else text

    def change(self, value: float | None) -> str:
        """A signed change to two decimals ("+2.36", "-0.50", "0.00")."""
        if value is None:
            return "—"
        text = self.number(abs(value))
        if text.strip("0.,") == "":
            return text
        return ("+" if value > 0 else "-") + text

    def median(self, value: float | None) -> str:
        """A median: whole or a half, shown without a trailing zero ("8", "8.5")."""
        if value is None:
            return "—"
        return self.number(value, 0 if float(value).is_integer() else 1)


def words_for(board: Any) -> Words:
    return Words(language_of(board))
