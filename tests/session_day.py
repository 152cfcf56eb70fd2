"""The seed scenario of the session story, played over real websockets: 3 departments (in
Russian, as the real session was), a goal tree with hung notes, a SWOT with a dot vote, 6
actions, a before/after poll and an agenda. Returns what the test expects to find in the
report, computed here from the inputs, not from the server."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from .e2e.seed import action_op, goal_op, note_op, send_all, swot_op
from .support import Client, HubProcess

DEPARTMENTS = ["Продукт", "Продажи", "Маркетинг"]  # ids dept1, dept2, dept3
PEOPLE = [
    ("Анна", "dept1"),
    ("Антон", "dept1"),
    ("Борис", "dept2"),
    ("Белла", "dept2"),
    ("Вера", "dept3"),
    ("Виктор", "dept3"),
]
SWOT = {
    "s1": ("S", "Сильная продуктовая команда 💪"),
    "s2": ("W", "Медленный онбординг"),
    "o1": ("O", "Рынок СНГ"),
    "t1": ("T", "Конкуренты демпингуют"),
}
DOTS = {  # person index -> swot items (one dot each)
    0: ["s1", "s1", "o1"],
    1: ["s1", "o1", "o1"],
    2: ["s2", "o1"],
    3: ["t1"],
    4: ["s1"],
    5: ["o1", "t1"],
}
ACTIONS = [
    ("a1", "Еженедельная синхронизация отделов", "process", ["dept1", "dept2"], "weekly", None),
    ("a2", "Запустить партнёрскую программу", "goal", ["dept2"], None, "2026-03-01"),
    ("a3", "Переписать онбординг", "task", ["dept1"], None, "2026-01-15"),
    ("a4", "Кампания для рынка СНГ", "task", ["dept3"], None, "2026-02-01"),
    ("a5", "Общий дашборд метрик", "task", ["dept1", "dept3"], "monthly", None),
    ("a6", "Ревью ценообразования", "process", ["dept2", "dept3"], "quarterly", None),
]
BEFORE = [9, 8, 9, 8, 9, 8]
AFTER = [8, 9, 7, 8, 9, 7]
WHY = {0: "Слишком много целей", 1: "Дерево целей помогло", 2: "Продажи перегружены"}
AGENDA = [("ag1", "Дерево целей", 60, "goals"), ("ag2", "SWOT", 45, "swot")]


@dataclass
class Expected:
    """What the report must show, from the scenario's own inputs."""

    people: dict[str, list[str]] = field(default_factory=dict)
    dots: dict[str, int] = field(default_factory=dict)
    actions: list[tuple[str, ...]] = field(default_factory=list)
    before: float = 0.0
    after: float = 0.0
    raised: int = 0
    lowered: int = 0
    kept: int = 0
    histogram_before: list[int] = field(default_factory=list)
    histogram_after: list[int] = field(default_factory=list)


def expected() -> Expected:
    names = {f"dept{i + 1}": name for i, name in enumerate(DEPARTMENTS)}
    out = Expected()
    for person, dep in PEOPLE:
        out.people.setdefault(names[dep], []).append(person)
    for items in DOTS.values():
        for item in items:
            out.dots[SWOT[item][1]] = out.dots.get(SWOT[item][1], 0) + 1
    for _, title, kind, owners, cadence, due in ACTIONS:
        owner_names = "; ".join(names[o] for o in owners)
        out.actions.append((title, kind, owner_names, "", cadence or due or "", "todo"))
    out.before, out.after = statistics.fmean(BEFORE), statistics.fmean(AFTER)
    pairs = list(zip(BEFORE, AFTER, strict=True))
    out.raised = sum(a > b for b, a in pairs)
    out.lowered = sum(a < b for b, a in pairs)
    out.kept = sum(a == b for b, a in pairs)
    out.histogram_before = [BEFORE.count(s) for s in range(1, 11)]
    out.histogram_after = [AFTER.count(s) for s in range(1, 11)]
    return out


async def play(hub: HubProcess) -> tuple[dict[str, Any], Client]:
    """Create the board and play the day; returns the board (with tokens) and the
    facilitator's client."""
    board = hub.new_board(title="Стратегическая сессия 2026", departments=DEPARTMENTS)
    fay = await Client.join(hub, board, role="facilitator", name="Фасилитатор", department=None)
    people = [await Client.join(hub, board, name=n, department=d) for n, d in PEOPLE]
    items = [{"id": i, "title": t, "minutes": m, "block": b} for i, t, m, b in AGENDA]
    await send_all(fay, [{"kind": "agenda.set", "items": items}, {"kind": "agenda.start"}])
    await send_all(
        fay,
        [
            goal_op("g1", "Выручка +30%", None, "V"),
            goal_op("g2", "Новые рынки", "g1", "V"),
            goal_op("g3", "Удержание клиентов", "g1", "k"),
            goal_op("g4", "Партнёрская сеть", "g2", "V"),
            note_op("n1", "goals", "Нужен CRM", "dept2", 0, 0, on="g3"),
        ],
        window=1,
    )
    await send_all(fay, [{"kind": "agenda.next"}])
    order = iter("VWXYZ")
    await send_all(
        fay, [swot_op(i, q, text, "dept1", next(order)) for i, (q, text) in SWOT.items()]
    )
    await send_all(fay, [{"kind": "vote.start", "id": "v1", "block": "swot", "budget": 3}])
    for index, picks in DOTS.items():
        casts = [{"kind": "vote.cast", "vote": "v1", "item": item} for item in picks]
        await send_all(people[index], casts, window=1)
    await send_all(fay, [{"kind": "vote.close", "id": "v1"}])
    await send_all(
        fay,
        [
            action_op(i, t, k, owners, "V" + "abcdef"[n], cadence=c, due=d)
            for n, (i, t, k, owners, c, d) in enumerate(ACTIONS)
        ],
    )
    question = "Насколько достижимой кажется стратегическая цель компании?"
    poll = {"kind": "poll.create", "id": "q1", "block": "poll", "question": question}
    await send_all(fay, [poll, {"kind": "poll.open", "poll": "q1", "label": "До"}])
    for index, score in enumerate(BEFORE):
        await send_all(people[index], [{"kind": "poll.answer", "poll": "q1", "score": score}])
    await send_all(
        fay,
        [
            {"kind": "poll.close", "poll": "q1"},
            {"kind": "poll.open", "poll": "q1", "label": "После"},
        ],
    )
    for index, score in enumerate(AFTER):
        answer = {
            "kind": "poll.answer",
            "poll": "q1",
            "score": score,
            "comment": WHY.get(index, ""),
        }
        await send_all(people[index], [answer])
    await send_all(fay, [{"kind": "poll.close", "poll": "q1"}, {"kind": "agenda.next"}])
    for client in people:
        await client.close()
    return board, fay
