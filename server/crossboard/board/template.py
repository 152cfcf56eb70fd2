"""The strategy-session day as a board template: one block per part of the day."""

from __future__ import annotations

import re

from .state import Board, Department

DEFAULT_DEPARTMENTS: tuple[Department, ...] = (
    Department("product", "Product", "#3b82f6"),
    Department("sales", "Sales", "#f59e0b"),
    Department("marketing", "Marketing", "#ec4899"),
)

PALETTE = ("#3b82f6", "#f59e0b", "#ec4899", "#10b981", "#8b5cf6", "#ef4444", "#14b8a6", "#a16207")

STRATEGY_DAY: tuple[tuple[str, str, str], ...] = (
    ("expectations", "notes", "Icebreaker & expectations"),
    ("perception", "perception", "What are the other departments' goals?"),
    ("results", "results", "Results of the year"),
    ("goals", "goal_tree", "Goal tree"),
    ("swot", "swot", "SWOT"),
    ("actions", "action_plan", "Action plan"),
    ("poll", "poll", "How achievable is the goal? (before / after)"),
    ("agenda", "agenda", "Agenda & timer"),
)
"""(block id, block kind, title) in the order of the day."""

_COLUMNS = 4
_W, _H, _GAP = 1200.0, 800.0, 100.0


def strategy_day(board_id: str, title: str, departments: list[Department] | None = None) -> Board:
    """A new board laid out for the day: blocks in a 4-wide grid, in the order of the day."""
    board = Board(id=board_id, title=title, departments=list(departments or DEFAULT_DEPARTMENTS))
    for index, (block_id, kind, block_title) in enumerate(STRATEGY_DAY):
        row, col = divmod(index, _COLUMNS)
        board.blocks[block_id] = {
            "id": block_id,
            "kind": kind,
            "title": block_title,
            "x": col * (_W + _GAP),
            "y": row * (_H + _GAP),
            "w": _W,
            "h": _H,
            "locked": False,
            "private": None,
        }
    return board


def departments_from_names(names: list[str]) -> list[Department]:
    """ "Product, Sales" -> departments with slug ids and palette colours, in order."""
    out: list[Department] = []
    for index, name in enumerate(names):
        slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-") or f"dept{index + 1}"
        while any(d.id == slug for d in out):
            slug += "-2"
        out.append(Department(slug, name.strip(), PALETTE[index % len(PALETTE)]))
    return out
