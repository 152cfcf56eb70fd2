"""Boards as a whole, for HTTP and the CLI alike: creating them and handing out their join
links, reading one at its log's head, rendering its exports, importing a backup."""

from __future__ import annotations

import datetime
import json
import secrets
import time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from .board.replay import apply_entry
from .board.state import Board, Department
from .board.template import (
    DEFAULT_DEPARTMENTS,
    PALETTE,
    departments_from_names,
    from_template,
)
from .board.template import TEMPLATES as BOARD_TEMPLATES
from .engine.base import Engine, read_log
from .hub.links import Links
from .protocol.limits import MAX_DEPARTMENTS, MAX_TITLE
from .protocol.text import clean_line
from .report import backup, content, html, markdown, tables
from .report.words import words_for


def _clean(value: Any) -> Any:
    return clean_line(value) if isinstance(value, str) else value


Title = Annotated[
    str,
    BeforeValidator(_clean),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE),
]
"""A board title or department name: one line, control and bidi-override characters
stripped (protocol/text.py), 1-200 characters."""
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]

TEMPLATES = tuple(BOARD_TEMPLATES)
"""The templates a new board may start from (board/template.py): the strategy day, a blank
board, a retrospective."""
LANGUAGES = ("en", "ru")

RUSSIAN_DEPARTMENTS = ("Продукт", "Продажи", "Маркетинг")


class DepartmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Title
    color: Color | None = None


class NewBoard(BaseModel):
    """Body of `POST /api/boards`. Departments default to product, sales and marketing (in
    the board's language); the template is the strategy day, a blank board with one notes
    block, or a retrospective; block titles are in the board's language."""

    model_config = ConfigDict(extra="forbid")
    title: Title = "Strategy session"
    departments: Annotated[list[Title | DepartmentIn], Field(max_length=MAX_DEPARTMENTS)] | None = (
        None
    )
    template: Literal["strategy_day", "blank", "retro"] = "strategy_day"
    language: Literal["en", "ru"] = "en"
    agenda: bool = True
    """Fill in the template's agenda and its steps (the strategy day's ten, E8); false: the
    blocks alone, for a facilitator who plans the day themselves."""


def _departments(spec: NewBoard) -> list[Department]:
    if not spec.departments:
        if spec.language == "ru":
            return [
                Department(d.id, name, d.color)
                for d, name in zip(DEFAULT_DEPARTMENTS, RUSSIAN_DEPARTMENTS, strict=True)
            ]
        return list(DEFAULT_DEPARTMENTS)
    names = [d if isinstance(d, str) else d.name for d in spec.departments]
    made = departments_from_names(names)
    out = []
    for index, (dep, given) in enumerate(zip(made, spec.departments, strict=True)):
        color = given.color if isinstance(given, DepartmentIn) and given.color else None
        out.append(Department(dep.id, dep.name, color or PALETTE[index % len(PALETTE)]))
    return out


def lay_out(board_id: str, spec: NewBoard) -> Board:
    """The new board as the spec asks: template, departments, and the language of its block
    titles, its departments' default names and its settings."""
    return from_template(
        spec.template,
        board_id,
        spec.title,
        _departments(spec),
        language=spec.language,
        agenda=spec.agenda,
    )


async def create_board(
    engine: Engine, links: Links, base_url: str, spec: NewBoard
) -> dict[str, Any]:
    """Store a new board laid out as the spec asks; return its id and links."""
    return await store_board(engine, links, base_url, lay_out(secrets.token_urlsafe(8), spec))


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


def now_ms() -> int:
    return int(time.time() * 1000)


def today() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")


async def load_board(engine: Engine, board_id: str) -> Board:
    """The board as of its log's head: newest snapshot plus the entries after it."""
    snapshot = await engine.load_snapshot(board_id)
    board = Board.from_wire(snapshot.state)
    board.seq = snapshot.seq
    async for entry in read_log(engine, board_id, board.seq):
        board = apply_entry(board, entry).board
    return board


def render(board: Board, fmt: str) -> str:
    """The board in one export format: html, md, csv (the action plan) or json (backup)."""
    if fmt == "json":
        stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        return json.dumps(backup.export(board, stamp), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return tables.action_plan_csv(content.action_rows(board), words_for(board))
    report = content.build(board, today(), now_ms())
    return html.render(report) if fmt == "html" else markdown.render(report)


async def import_board(engine: Engine, links: Links, base_url: str, raw: Any) -> dict[str, Any]:
    """Store a backup (or a checkpoint's state) as a new board; its id and links."""
    return await store_board(engine, links, base_url, backup.restore(raw, secrets.token_urlsafe(8)))
