"""Board templates: the strategy-session day, a blank board and a retrospective, laid out
in the board's language (block titles in English or Russian)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from ..protocol.ops import StepSettings
from .state import Board, Department

Language = Literal["en", "ru"]
TemplateName = Literal["strategy_day", "blank", "retro"]

DEFAULT_DEPARTMENTS: tuple[Department, ...] = (
    Department("product", "Product", "#3b82f6"),
    Department("sales", "Sales", "#f59e0b"),
    Department("marketing", "Marketing", "#ec4899"),
)

PALETTE = ("#3b82f6", "#f59e0b", "#ec4899", "#10b981", "#8b5cf6", "#ef4444", "#14b8a6", "#a16207")
"""Department colours, in the order new departments take them (the page's colour picker
offers the same ones)."""


@dataclass(frozen=True)
class BlockPlan:
    """One block of a template: where it sits, how big it is, its title in each language."""

    id: str
    kind: str
    en: str
    ru: str
    x: float
    y: float
    w: float
    h: float

    def title(self, language: Language) -> str:
        return self.ru if language == "ru" else self.en


_W, _H, _GAP = 1200.0, 800.0, 100.0


def _day(index: int, block_id: str, kind: str, en: str, ru: str) -> BlockPlan:
    """The strategy day's blocks sit in a 4-wide grid, in the order of the day."""
    row, col = divmod(index, 4)
    return BlockPlan(block_id, kind, en, ru, col * (_W + _GAP), row * (_H + _GAP), _W, _H)


STRATEGY_DAY: tuple[BlockPlan, ...] = tuple(
    _day(i, *spec)
    for i, spec in enumerate(
        (
            ("expectations", "notes", "Icebreaker & expectations", "Знакомство и ожидания"),
            (
                "perception",
                "perception",
                "What are the other departments' goals?",
                "Какие цели у других отделов?",
            ),
            ("results", "results", "Results of the year", "Итоги года"),
            ("goals", "goal_tree", "Goal tree", "Дерево целей"),
            ("swot", "swot", "SWOT", "SWOT"),
            ("actions", "action_plan", "Action plan", "План действий"),
            (
                "poll",
                "poll",
                "How achievable is the goal? (before / after)",
                "Насколько достижима цель? (до / после)",
            ),
            ("agenda", "agenda", "Agenda & timer", "Повестка и таймер"),
        )
    )
)
"""The session story's day: expectations, perception, results, goals, SWOT, actions, the
before/after poll and the agenda with its timer."""

BLANK: tuple[BlockPlan, ...] = (BlockPlan("notes", "notes", "Notes", "Заметки", 0, 0, _W, _H),)
"""One block of notes; the facilitator builds the rest in the page."""

RETRO: tuple[BlockPlan, ...] = (
    BlockPlan("went_well", "notes", "What went well", "Что получилось", 0, 0, 1000, 900),
    BlockPlan("to_improve", "notes", "What to improve", "Что улучшить", 1100, 0, 1000, 900),
    BlockPlan("ideas", "notes", "Ideas", "Идеи", 2200, 0, 1000, 900),
    BlockPlan(
        "priorities",
        "notes",
        "What do we change first? Vote with dots",
        "Что меняем в первую очередь? Голосуем точками",
        0,
        1000,
        1500,
        800,
    ),
    BlockPlan("actions", "action_plan", "Action plan", "План действий", 1600, 1000, 1600, 800),
)
"""A retrospective: three columns of notes, the changes to vote on with dots, the actions
that follow. The whole board keeps a screen's 16:9 proportions."""


@dataclass(frozen=True)
class StepPlan:
    """One step of a template's agenda (shared/PROTOCOL.md E8), titled in each language."""

    id: str
    en: str
    ru: str
    minutes: float
    block: str
    step: dict[str, Any]

    def entry(self, language: Language) -> dict[str, Any]:
        """The agenda entry as `agenda.set` leaves it: the step through the op's own model,
        so every setting is spelled out with the protocol's defaults."""
        given = STEP_DEFAULTS | {"blocks": [self.block]} | self.step
        if given["poll"] is not None:
            given["poll"] = {"poll": given["poll"]["poll"], "label": given["poll"][language]}
        step = StepSettings.model_validate(given).model_dump()
        title = self.ru if language == "ru" else self.en
        entry = {"id": self.id, "title": title, "minutes": float(self.minutes), "block": self.block}
        return entry | {"step": step, "actual_ms": 0}


STEP_DEFAULTS: dict[str, Any] = {"screen": "block", "chime": True, "poll": None}
"""Where the day's steps differ from the protocol's defaults: each shows its block on the
projector and chimes there at zero."""

GOAL_POLL = {
    "id": "goal-poll",
    "en": "On a 10-point scale, how achievable does the company's strategic goal seem to you?",
    "ru": "Насколько достижимой вам кажется стратегическая цель компании по 10-балльной шкале?",
}
BEFORE = {"poll": GOAL_POLL["id"], "en": "Before", "ru": "До"}
AFTER = {"poll": GOAL_POLL["id"], "en": "After", "ru": "После"}
SWOT_DOTS = {
    "id": "swot-dots", "budget": 3, "max_per_item": 3, "live": False, "own_items": True,
    "shuffle": True,
}  # fmt: skip

STRATEGY_DAY_STEPS: tuple[StepPlan, ...] = (
    StepPlan("step-expectations", "Icebreaker & expectations", "Знакомство и ожидания", 30,
             "expectations", {}),
    StepPlan("step-poll-before", "Poll: how achievable is the goal? (before)",
             "Опрос: насколько достижима цель? (до)", 10, "poll",
             {"writers": "nobody", "poll": BEFORE, "end": ["close_round"]}),
    StepPlan("step-perception", "What are the other departments' goals? (private by department)",
             "Какие цели у других отделов? (каждый отдел пишет скрыто)", 30, "perception",
             {"visibility": "department", "end": ["reveal"]}),
    StepPlan("step-perception-reveal", "The guesses beside the real goals",
             "Догадки рядом с настоящими целями", 20, "perception", {"writers": "nobody"}),
    StepPlan("step-results", "Results of the year, by department", "Итоги года по отделам", 90,
             "results", {}),
    StepPlan("step-goals", "Goal tree", "Дерево целей", 60, "goals", {}),
    StepPlan("step-swot", "SWOT by department", "SWOT по отделам", 60, "swot",
             {"visibility": "department", "end": ["reveal"]}),
    StepPlan("step-swot-vote", "Dot vote: what matters most (3 dots)",
             "Голосование точками: что важнее всего (3 точки)", 15, "swot",
             {"writers": "nobody", "vote": SWOT_DOTS, "screen": "results",
              "end": ["close_vote"]}),
    StepPlan("step-actions", "Action plan", "План действий", 90, "actions", {}),
    StepPlan("step-poll-after", "Poll: how achievable is the goal? (after)",
             "Опрос: насколько достижима цель? (после)", 10, "poll",
             {"writers": "nobody", "poll": AFTER, "screen": "results",
              "end": ["close_round", "reveal_poll"]}),
)  # fmt: skip
"""The session story's day as steps (E8): the facilitator runs it by pressing "Next step".
About seven hours of work in an eight-hour day, leaving room for breaks."""

STEPS: dict[str, tuple[StepPlan, ...]] = {"strategy_day": STRATEGY_DAY_STEPS}
"""Templates whose agenda comes filled in with steps."""

TEMPLATES: dict[str, tuple[BlockPlan, ...]] = {
    "strategy_day": STRATEGY_DAY,
    "blank": BLANK,
    "retro": RETRO,
}
"""Every template `POST /api/boards` offers, by name."""


def from_template(
    name: str,
    board_id: str,
    title: str,
    departments: list[Department] | None = None,
    language: Language | None = None,
    *,
    agenda: bool = True,
) -> Board:
    """A new board laid out as template `name`. Given a `language`, the block titles are in
    it and so is `settings.language` (what the report and the page's new blocks follow);
    without one, English titles and the default settings. With `agenda`, a template that has
    steps (`STEPS`) comes with its agenda and its poll, in the same language."""
    board = Board(id=board_id, title=title, departments=list(departments or DEFAULT_DEPARTMENTS))
    if language is not None:
        board.settings["language"] = language
    for plan in TEMPLATES[name]:
        board.blocks[plan.id] = {
            "id": plan.id,
            "kind": plan.kind,
            "title": plan.title(language or "en"),
            "x": plan.x,
            "y": plan.y,
            "w": plan.w,
            "h": plan.h,
            "locked": False,
            "private": None,
        }
    steps = STEPS.get(name, ()) if agenda else ()
    if steps:
        lang: Language = language or "en"
        board.polls[GOAL_POLL["id"]] = {
            "id": GOAL_POLL["id"],
            "block": "poll",
            "question": GOAL_POLL[lang],
            "low": 1,
            "high": 10,
            "comment": True,
            "revealed": False,
            "rounds": [],
        }
        board.agenda["items"] = [plan.entry(lang) for plan in steps]
    return board


def strategy_day(board_id: str, title: str, departments: list[Department] | None = None) -> Board:
    """The day's blocks, in English, with an empty agenda and no poll: one block of every
    kind, the board the rules' tests and vectors start from."""
    return from_template("strategy_day", board_id, title, departments, agenda=False)


def departments_from_names(names: list[str]) -> list[Department]:
    """ "Product, Sales" -> departments with slug ids and palette colours, in order."""
    out: list[Department] = []
    for index, name in enumerate(names):
        slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-") or f"dept{index + 1}"
        while any(d.id == slug for d in out):
            slug += "-2"
        out.append(Department(slug, name.strip(), PALETTE[index % len(PALETTE)]))
    return out
