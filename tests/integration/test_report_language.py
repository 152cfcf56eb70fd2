"""Issue 17 over the real hub: a board created in Russian gives a Russian report, Markdown
and CSV (headers, labels, department names, decimals with a comma); a group made and voted
on in the room shows once with its notes beneath and its dots; a note removed after the
vote comes back nowhere."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..e2e.seed import action_op, send_all
from ..support import Client, HubProcess
from .test_report import Tree, get, rows


def _add(item_id: str, block: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "item.add", "id": item_id, "block": block, "item": body}


async def play(hub: HubProcess) -> dict[str, Any]:
    board = hub.new_board(title="Сессия", language="ru")
    fay = await Client.join(hub, board, role="facilitator", name="Фая", department=None)
    people = [
        await Client.join(hub, board, name=f"Участник {i}", department=dep)
        for i, dep in enumerate(("product", "sales", "marketing"))
    ]
    await send_all(
        fay,
        [
            _add("grp", "expectations", {"kind": "group", "title": "Цены"}),
            _add("n1", "expectations", {"kind": "note", "text": "Скидки", "group": "grp"}),
            _add("n2", "expectations", {"kind": "note", "text": "Подписка", "group": "grp"}),
            _add("n3", "expectations", {"kind": "note", "text": "Черновик-удалить"}),
            _add("n4", "expectations", {"kind": "note", "text": "Вебинары"}),
            action_op("a1", "Синхронизация", "process", ["product", "sales"], "V"),
            action_op("a2", "Прайс", "task", ["marketing"], "W", status="doing"),
            {"kind": "vote.start", "id": "v1", "block": "expectations", "budget": 3},
        ],
        window=1,
    )
    for person, picks in zip(people, (["grp", "grp", "n3"], ["grp", "n4"], ["grp"]), strict=True):
        casts = [{"kind": "vote.cast", "vote": "v1", "item": item} for item in picks]
        await send_all(person, casts, window=1)
    poll = {"kind": "poll.create", "id": "q", "block": "poll", "question": "Цель достижима?"}
    await send_all(fay, [poll, {"kind": "poll.open", "poll": "q", "label": "До"}], window=1)
    for person, score in zip(people, (6, 6, 7), strict=True):
        await send_all(person, [{"kind": "poll.answer", "poll": "q", "score": score}])
    await send_all(
        fay,
        [
            {"kind": "poll.close", "poll": "q"},
            {"kind": "poll.open", "poll": "q", "label": "После"},
        ],
        window=1,
    )
    for person, score in zip(people, (9, 8, 9), strict=True):
        await send_all(person, [{"kind": "poll.answer", "poll": "q", "score": score}])
    await send_all(
        fay,
        [
            {"kind": "poll.close", "poll": "q"},
            {"kind": "vote.close", "id": "v1"},
            {"kind": "item.remove", "id": "n3"},
        ],
        window=1,
    )
    return board


async def test_a_russian_board_reports_in_russian_with_its_groups(hub: HubProcess) -> None:
    board = await play(hub)
    token = board["tokens"]["facilitator"]
    status, _, page = get(hub, f"/api/boards/{board['id']}/report", token)
    assert status == 200
    doc = Tree(page).root
    headings = [h.words() for h in doc.all("h2")]
    assert headings[:6] == [
        "Участники", "Дерево целей", "SWOT-анализ", "План действий", "Опросы",
        "Повестка: план и факт",
    ]  # fmt: skip
    actions = doc.one("section", data_section="actions")
    head = [th.words() for th in actions.all("th")][:5]
    assert head == ["Действие", "Тип", "Ответственный", "Регулярность / срок", "Статус"]
    cells = {r[0]: r[1] for table in actions.all("table") for r in rows(table)}
    assert cells.get("Синхронизация") == "Регулярный процесс"
    assert "Продукт + Продажи" in actions.words()

    comparison = doc.one("div", data_comparison="")
    assert comparison.one("b", data_figure="before").words() == "6,33"
    assert comparison.one("b", data_figure="after").words() == "8,67"
    assert comparison.one("b", data_figure="change").words() == "+2,34"

    notes = doc.one("section", data_section="notes")
    groups = notes.all("li", data_entry="group")
    assert len(groups) == 1
    group = groups[0]
    assert group.one("span", **{"class": "group-title"}).words() == "Цены"
    assert group.one("span", data_dots="").words() == "4 точки"
    assert sorted(li.words() for li in group.all("li", data_entry="note")) == [
        "Подписка",
        "Скидки",
    ]
    top = [li for li in notes.all("li", data_entry="note") if li not in group.all("li")]
    assert [li.words() for li in top] == ["Вебинары 1 точка"]
    assert page.count("Скидки") == 1 and "Черновик" not in page and "n3" not in page

    _, _, md = get(hub, f"/api/boards/{board['id']}/export?format=md", token)
    assert "## План действий" in md and "Регулярный процесс" in md
    assert "- **Цены** · 2 заметки (4 точки)" in md and "Черновик" not in md

    status, headers, text = get(hub, f"/api/boards/{board['id']}/export?format=csv", token)
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0] == [
        "Действие",
        "Тип",
        "Отделы",
        "Ответственный",
        "Регулярность / срок",
        "Статус",
    ]
    assert [r[1:3] + r[5:] for r in table[1:]] == [
        ["Регулярный процесс", "Продукт; Продажи", "К выполнению"],
        ["Задача", "Маркетинг", "В работе"],
    ]
    assert "%D0%BF%D0%BB%D0%B0%D0%BD" in headers["content-disposition"]  # "план-действий"
