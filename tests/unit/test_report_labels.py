"""Issue 17, the report side: what a person reads in the report, the Markdown and the CSV
is labels in the board's language (never `todo`, `goal` or `dept1`), poll averages to two
decimals with the change between the first and the last round, groups of notes shown once
with their notes beneath and their dots, and nothing of a removed item.

Boards are built directly as wire dicts (the state every replica holds), as an old stored
board or a new one with `settings.language` and group items would arrive."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any, get_args

import pytest

from crossboard.board.state import Board
from crossboard.protocol.ops import ActionKind, ActionStatus, Quadrant
from crossboard.report import html, markdown, tables
from crossboard.report.content import action_rows, build
from crossboard.report.words import EN, RU, Words, words_for

DEPARTMENTS = [
    {"id": "dept1", "name": "Продукт", "color": "#2563eb"},
    {"id": "dept2", "name": "Продажи", "color": "#16a34a"},
    {"id": "dept3", "name": "Маркетинг", "color": "#db2777"},
]
PEOPLE = {f"p{i}": (f"Участник {i}", f"dept{i % 3 + 1}") for i in range(9)}
CODES = (
    "todo", "doing", "done", "dropped", "process", "task", "goal", "group", "note", "notes",
    "action", "dept1", "dept2", "dept3", "raised", "lowered", "kept", "other",
)  # fmt: skip


def _block(bid: str, kind: str, title: str, y: int = 0) -> dict[str, Any]:
    return {"id": bid, "kind": kind, "title": title, "x": 0, "y": y, "w": 1200, "h": 800}


def _note(nid: str, block: str, text: str, x: int, y: int, **more: Any) -> dict[str, Any]:
    note = {"id": nid, "block": block, "kind": "note", "text": text, "department": None,
            "x": x, "y": y, "on": None, "author": "p0", "author_department": "dept1",
            "author_name": "Участник 0"}  # fmt: skip
    return note | more


def _action(aid: str, title: str, kind: str, owners: list[str], status: str) -> dict[str, Any]:
    return {"id": aid, "block": "plan", "kind": "action", "title": title, "action_kind": kind,
            "owners": owners, "assignee": "Анна", "cadence": None, "due": "2027-03-01",
            "status": status, "source": None, "order": aid, "author": "p0",
            "author_department": "dept1"}  # fmt: skip


def _answers(scores: list[int]) -> dict[str, dict[str, Any]]:
    return {
        f"p{i}": {"score": s, "comment": "", "department": PEOPLE[f"p{i}"][1]}
        for i, s in enumerate(scores)
    }


def wire(language: str | None = "ru") -> dict[str, Any]:
    """A board after a day: SWOT with a closed vote, every action kind and status, a
    before/after poll (averages 6.20 and 8.56), a notes block with a group of three notes
    voted on, and dots left on items that were removed since."""
    items = [
        {"id": "s1", "block": "swot", "kind": "swot", "quadrant": "S", "text": "Сильная команда",
         "department": "dept1", "order": "V"},
        {"id": "s2", "block": "swot", "kind": "swot", "quadrant": "T", "text": "Демпинг",
         "department": "dept2", "order": "V"},
        _action("a1", "Синхронизация отделов", "process", ["dept1", "dept2"], "todo"),
        _action("a2", "Партнёрская программа", "goal", ["dept2"], "doing"),
        _action("a3", "Переписать онбординг", "task", ["dept1"], "done"),
        _action("a4", "Старый прайс", "task", ["dept3"], "dropped"),
        {"id": "grp", "block": "ideas", "kind": "group", "title": "Цены", "x": 24, "y": 84,
         "collapsed": False, "author": "p0", "author_department": "dept1"},
        _note("n1", "ideas", "Скидки за объём", 500, 500, group="grp"),
        _note("n2", "ideas", "Годовая подписка", 0, 0, group="grp"),
        _note("n3", "ideas", "Бесплатный тариф", 900, 900, group="grp"),
        _note("n4", "ideas", "Сертификация партнёров", 248, 84, group=None),
        _note("n5", "ideas", "Вебинары", 24, 234),
    ]  # fmt: skip
    a = next(it for it in items if it["id"] == "a1")
    a["source"] = "s-removed"  # its SWOT item was removed: the action stays, the text not
    board: dict[str, Any] = {
        "id": "b1",
        "title": "Стратегическая сессия",
        "departments": DEPARTMENTS,
        "blocks": {
            b["id"]: b
            for b in (
                _block("swot", "swot", "SWOT"),
                _block("plan", "action_plan", "План", 900),
                _block("poll", "poll", "Опрос", 1800),
                _block("ideas", "notes", "Идеи по росту", 2700),
            )
        },
        "items": {it["id"]: it for it in items},
        "roster": {pid: {"name": n, "department": d, "role": "participant"}
                   for pid, (n, d) in PEOPLE.items()},
        "votes": {
            "v-swot": {"id": "v-swot", "block": "swot", "budget": 3, "max_per_item": 3,
                       "live": False, "open": False,
                       "dots": {"p0": {"s1": 2, "s-removed": 1}, "p1": {"s2": 1}},
                       "departments": {"p0": "dept1", "p1": "dept2"}},
            "v-ideas": {"id": "v-ideas", "block": "ideas", "budget": 5, "max_per_item": 5,
                        "live": False, "open": False,
                        "dots": {"p0": {"grp": 2, "n-removed": 3}, "p1": {"grp": 1, "n5": 1},
                                 "p2": {"grp": 2, "n2": 1}},
                        "departments": {"p0": "dept1", "p1": "dept2", "p2": "dept3"}},
        },
        "polls": {
            "q": {"id": "q", "block": "poll", "question": "Насколько достижима цель?",
                  "low": 1, "high": 10, "comment": True, "revealed": True,
                  "rounds": [
                      {"label": "До", "open": False, "answers": _answers([6, 6, 7, 6, 6])},
                      {"label": "После", "open": False,
                       "answers": _answers([9, 9, 9, 9, 9, 8, 8, 8, 8])},
                  ]},
        },
        "settings": {"department_choice": "person", "lobby": False, "min_group": 3},
    }  # fmt: skip
    if language is not None:
        board["settings"]["language"] = language
    return board


def board_of(language: str | None = "ru") -> Board:
    return Board.from_wire(wire(language))


class Visible(HTMLParser):
    """The text a person sees on the page (not styles, not attributes)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def outputs(board: Board) -> dict[str, str]:
    report = build(board, "2026-12-02")
    return {
        "html": Visible(html.render(report)).text,
        "md": markdown.render(report),
        "csv": tables.action_plan_csv(action_rows(board), words_for(board)),
    }


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


# 1. Labels, not codes.


def test_a_russian_report_shows_no_code_where_a_person_reads() -> None:
    """A Russian board: no stored code (status, kind, quadrant letter, department id,
    movement) is a word anywhere a person reads the report, the Markdown or the CSV."""
    for name, text in outputs(board_of("ru")).items():
        found = [code for code in CODES if re.search(rf"\b{code}\b", text, re.IGNORECASE)]
        assert found == [], (name, found)
        assert not re.search(r"\b[SWOT] ·", text), name  # a quadrant letter as a label


def test_an_english_report_labels_kinds_statuses_and_quadrants() -> None:
    """On an English board the action cells hold labels ("To do", "Regular process"),
    the quadrants their names, owners their department names."""
    board = board_of("en")
    rows = csv_rows(outputs(board)["csv"])
    assert rows[0] == ["Action", "Kind", "Owners", "Who", "Cadence / due", "Status"]
    assert [(r[1], r[2], r[5]) for r in rows[1:]] == [
        ("Regular process", "Продукт; Продажи", "To do"),
        ("Goal", "Продажи", "In progress"),
        ("Task", "Продукт", "Done"),
        ("Task", "Маркетинг", "Dropped"),
    ]
    page = outputs(board)["html"]
    assert "Strengths" in page and "Threats" in page and "S ·" not in page
    md = outputs(board)["md"]
    assert "| Синхронизация отделов | Regular process | Анна | 2027-03-01 | To do |" in md
    assert "### Strengths" in md


def test_an_unknown_department_id_shows_as_a_dash_not_the_id() -> None:
    raw = wire("en")
    raw["items"]["a4"]["owners"] = ["dept9"]
    raw["items"]["s2"]["department"] = "dept9"
    board = Board.from_wire(raw)
    for name, text in outputs(board).items():
        assert "dept9" not in text, name


def test_every_code_has_a_label_in_both_languages() -> None:
    for words in (Words("en"), Words("ru")):
        for prefix, codes in (
            ("action.kind", get_args(ActionKind)),
            ("action.status", get_args(ActionStatus)),
            ("quadrant", get_args(Quadrant)),
        ):
            for code in codes:
                assert words.label(prefix, code) != code, (words.language, prefix, code)


# 2. Two decimals and the change.


def test_poll_averages_have_two_decimals_and_the_change() -> None:
    """Before 6.20, after 8.56, change +2.36 (the old report showed 6.2 -> 8.6, +2.4)."""
    report = build(board_of("en"), "2026-12-02")
    page = html.render(report)
    assert 'data-figure="before">6.20<' in page
    assert 'data-figure="after">8.56<' in page
    assert 'data-figure="change">+2.36<' in page
    assert 'data-figure="average">6.20<' in page and 'data-figure="average">8.56<' in page
    md = markdown.render(report)
    assert "average 6.20 → 8.56 (change +2.36)" in md
    assert "average 6.20, median 6" in md


def test_a_russian_report_writes_decimals_with_a_comma() -> None:
    report = build(board_of("ru"), "2026-12-02")
    page = html.render(report)
    assert 'data-figure="before">6,20<' in page and 'data-figure="change">+2,36<' in page
    assert "среднее 6,20 → 8,56 (изменение +2,36)" in markdown.render(report)


def test_the_change_is_signed_and_zero_is_plain() -> None:
    w = Words("en")
    assert (w.change(2.36), w.change(-0.5), w.change(0.0), w.change(None)) == (
        "+2.36",
        "-0.50",
        "0.00",
        "—",
    )
    assert Words("ru").change(-1.25) == "-1,25"
    assert (w.median(8.0), w.median(8.5), w.number(None)) == ("8", "8.5", "—")


def test_withheld_stays_withheld_with_two_decimals() -> None:
    """E4: a first round of two answers keeps only its count; its average and the change
    stay "—" however many decimals the others get."""
    raw = wire("en")
    raw["polls"]["q"]["rounds"][0]["answers"] = _answers([6, 7])
    report = build(Board.from_wire(raw), "2026-12-02")
    page = html.render(report)
    assert 'data-figure="before">—<' in page and 'data-figure="change">—<' in page
    assert 'data-figure="average">6.50<' not in page and "6.5" not in page
    assert "withheld" in page
    md = markdown.render(report)
    assert "2 answers (fewer than 3: the figures are withheld)" in md
    assert "average — → 8.56 (change —)" in md


# 3. The board's language.


def test_headers_and_labels_follow_the_board_language() -> None:
    ru = outputs(board_of("ru"))
    for heading in ("Отчёт о сессии", "Участники", "SWOT-анализ", "План действий", "Опросы",
                    "Повестка: план и факт", "Заметки", "Сильные стороны", "Угрозы",
                    "Фасилитатор", "Среднее до", "Изменение", "Повысили"):  # fmt: skip
        assert heading in ru["html"], heading
    assert "## План действий" in ru["md"] and "## Опросы" in ru["md"]
    assert "| Действие | Тип | Ответственный | Регулярность / срок | Статус |" in ru["md"]
    assert csv_rows(ru["csv"])[0] == [
        "Действие", "Тип", "Отделы", "Ответственный", "Регулярность / срок", "Статус"
    ]  # fmt: skip
    assert [r[5] for r in csv_rows(ru["csv"])[1:]] == [
        "К выполнению", "В работе", "Готово", "Отменено"
    ]  # fmt: skip
    for english in ("Participants", "Action plan", "Polls", "Average", "Status", "Kind"):
        assert english not in ru["html"] and english not in ru["md"], english
    assert '<html lang="ru">' in html.render(build(board_of("ru"), "2026-12-02"))


@pytest.mark.parametrize("language", [None, "fr"])
def test_an_old_board_or_an_unknown_language_reads_as_english(language: str | None) -> None:
    board = board_of(language)
    text = outputs(board)
    assert "Participants" in text["html"] and "## Action plan" in text["md"]
    assert csv_rows(text["csv"])[0][0] == "Action"


def test_the_two_tables_have_the_same_keys_and_russian_plurals_agree() -> None:
    assert set(EN) == set(RU)
    ru = Words("ru")
    got = [ru.count("count.dots", n) for n in (1, 2, 5, 11, 21, 22, 112)]
    assert got == ["1 точка", "2 точки", "5 точек", "11 точек", "21 точка", "22 точки",
                   "112 точек"]  # fmt: skip
    assert [Words("en").count("count.notes", n) for n in (1, 3)] == ["1 note", "3 notes"]


# 4. Groups.


def test_a_group_shows_once_with_its_notes_beneath_and_its_dots() -> None:
    report = build(board_of("en"), "2026-12-02")
    (block,) = report.notes
    group = block.entries[0]  # 5 dots: first
    assert (group.text, group.dots, group.is_group) == ("Цены", 5, True)
    assert [m.text for m in group.members or []] == [
        "Годовая подписка",  # 1 dot first, then by id
        "Скидки за объём",
        "Бесплатный тариф",
    ]
    assert [(e.text, e.dots) for e in block.entries[1:]] == [
        ("Вебинары", 1),
        ("Сертификация партнёров", None),
    ]
    page = html.render(report)
    for text in ("Скидки за объём", "Годовая подписка", "Бесплатный тариф"):
        assert page.count(text) == 1, text  # not listed twice
    assert '<span class="group-title">Цены</span>' in page
    assert 'data-dots="5">5 dots<' in page and "3 notes" in page
    md = markdown.render(report)
    assert "- **Цены** · 3 notes (5 dots)\n  - Годовая подписка (1 dot)\n  - Скидки за объём" in md
    assert md.count("Бесплатный тариф") == 1


def test_a_russian_group_counts_agree() -> None:
    page = outputs(board_of("ru"))["html"]
    assert "Цены · 3 заметки 5 точек" in page


def test_an_untitled_group_and_a_note_of_a_missing_group() -> None:
    """A group without a title says so; a note naming a group not on the board (an old or
    half-synced state) is listed on its own rather than lost."""
    raw = wire("ru")
    raw["items"]["grp"]["title"] = ""
    raw["items"]["n4"]["group"] = "grp-gone"
    (block,) = build(Board.from_wire(raw), "2026-12-02").notes
    assert block.entries[0].text == "Группа без названия"
    assert "Сертификация партнёров" in [e.text for e in block.entries]


def test_without_a_closed_vote_no_dots_show() -> None:
    raw = wire("en")
    raw["votes"]["v-ideas"]["open"] = True
    report = build(Board.from_wire(raw), "2026-12-02")
    assert all(e.dots is None for e in report.notes[0].entries)
    assert 'class="dots"' not in html.render(report)
    entries = report.notes[0].entries
    assert [e.text for e in entries] == ["Цены", "Сертификация партнёров", "Вебинары"]


# 5. Removed items.


def test_nothing_of_a_removed_item_comes_back() -> None:
    """Dots a vote counted on items removed since, and an action's source that was
    removed, bring neither a row nor an id into any format."""
    board = board_of("en")
    for name, text in outputs(board).items():
        assert "removed" not in text, name
    report = build(board, "2026-12-02")
    swot = {letter: entries for letter, _, entries in report.swot}
    assert [(e.text, e.dots) for e in swot["S"]] == [("Сильная команда", 2)]
    assert sum(len(entries) for entries in swot.values()) == 2
    assert sum(1 + len(e.members or []) for e in report.notes[0].entries) == 6
