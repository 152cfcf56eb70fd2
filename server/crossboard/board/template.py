"""Board templates: the strategy-session day, a blank board and a retrospective, laid out
in the board's language (block titles in English or Russian)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
) -> Board:
    """A new board laid out as template `name`. Given a `language`, the block titles are in
    it and so is `settings.language` (what the report and the page's new blocks follow);
    without one, English titles and the default settings."""
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
    return board


def strategy_day(board_id: str, title: str, departments: list[Department] | None = None) -> Board:
    """A new board laid out for the day, in English: one block of every kind."""
    return from_template("strategy_day", board_id, title, departments)


def departments_from_names(names: list[str]) -> list[Department]:
    """ "Product, Sales" -> departments with slug ids and palette colours, in order."""
    out: list[Department] = []
    for index, name in enumerate(names):
        slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-") or f"dept{index + 1}"
        while any(d.id == slug for d in out):
            slug += "-2"
        out.append(Department(slug, name.strip(), PALETTE[index % len(PALETTE)]))
    return out
