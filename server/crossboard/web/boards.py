"""Creating boards and handing out their join links (shared by HTTP and the CLI)."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..board.state import Board, Department
from ..board.template import DEFAULT_DEPARTMENTS, PALETTE, departments_from_names, strategy_day
from ..engine.base import Engine
from ..hub.links import Links
from ..protocol.limits import MAX_DEPARTMENTS, MAX_TITLE

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class DepartmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Title
    color: Color | None = None


class NewBoard(BaseModel):
    """Body of `POST /api/boards`. Departments default to product, sales and marketing."""

    model_config = ConfigDict(extra="forbid")
    title: Title = "Strategy session"
    departments: Annotated[list[Title | DepartmentIn], Field(max_length=MAX_DEPARTMENTS)] | None = (
        None
    )


def _departments(spec: NewBoard) -> list[Department]:
    if not spec.departments:
        return list(DEFAULT_DEPARTMENTS)
    names = [d if isinstance(d, str) else d.name for d in spec.departments]
    made = departments_from_names(names)
    out = []
    for index, (dep, given) in enumerate(zip(made, spec.departments, strict=True)):
        color = given.color if isinstance(given, DepartmentIn) and given.color else None
        out.append(Department(dep.id, dep.name, color or PALETTE[index % len(PALETTE)]))
    return out


async def create_board(
    engine: Engine, links: Links, base_url: str, spec: NewBoard
) -> dict[str, Any]:
    """Store a new board laid out as the strategy-session day; return its id and links."""
    board = strategy_day(secrets.token_urlsafe(8), spec.title, _departments(spec))
    return await store_board(engine, links, base_url, board)


async def store_board(engine: Engine, links: Links, base_url: str, board: Board) -> dict[str, Any]:
    """Store `board` as a new board of the engine; what `POST /api/boards` answers."""
    info = await engine.create_board(board.to_wire())
    return {
        "id": info.id,
        "title": info.title,
        "epoch": info.epoch,
        "departments": [d.to_wire() for d in board.departments],
        "links": links.links(base_url, info.id, board.links),
    }
