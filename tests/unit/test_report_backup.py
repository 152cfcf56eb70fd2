"""Issue 17 in the JSON backup: a board with the new settings (language, editing), groups
of notes and a private block's flow counter exports and imports as it was; a note naming a
group that is not in its block is refused by path, like any hostile backup."""

from __future__ import annotations

from typing import Any

import pytest

from crossboard.board.state import Board
from crossboard.report import backup


def wire() -> dict[str, Any]:
    blocks = {
        "ideas": {"id": "ideas", "kind": "notes", "title": "Идеи", "x": 0, "y": 0, "w": 1200,
                  "h": 800, "locked": False, "private": None},
        "secret": {"id": "secret", "kind": "notes", "title": "Ожидания", "x": 0, "y": 900,
                   "w": 1200, "h": 800, "locked": False, "private": "own", "placed": 2},
    }  # fmt: skip
    items = {
        "grp": {"id": "grp", "block": "ideas", "kind": "group", "title": "Цены", "x": 24.0,
                "y": 84.0, "collapsed": True, "author": "p1", "author_department": "d1"},
        "n1": {"id": "n1", "block": "ideas", "kind": "note", "text": "Скидки", "department": None,
               "x": 0.0, "y": 0.0, "on": None, "group": "grp", "author": "p1",
               "author_department": "d1", "author_name": "Анна"},
        "n2": {"id": "n2", "block": "secret", "kind": "note", "text": "Жду ясности",
               "department": None, "x": 24.0, "y": 84.0, "on": None, "group": None,
               "author": "p1", "author_department": "d1", "author_name": "Анна"},
    }  # fmt: skip
    return {
        "id": "b1",
        "title": "Сессия",
        "departments": [{"id": "d1", "name": "Продукт", "color": "#2563eb"}],
        "blocks": blocks,
        "items": items,
        "settings": {
            "department_choice": "person",
            "lobby": False,
            "min_group": 3,
            "editing": "everyone",
            "language": "ru",
        },
    }


def round_trip(raw: dict[str, Any]) -> Board:
    return backup.restore(backup.export(Board.from_wire(raw), "2026-12-02T10:00:00+00:00"), "b2")


def test_groups_settings_and_the_flow_counter_survive_a_backup() -> None:
    board = Board.from_wire(wire())
    restored = round_trip(wire())
    assert restored.settings["language"] == "ru" and restored.settings["editing"] == "everyone"
    assert restored.items == board.items
    assert restored.blocks["secret"]["placed"] == 2
    assert "placed" not in restored.blocks["ideas"]  # not added where the board had none
    again = backup.export(restored, "")["board"]
    assert again == backup.export(board, "")["board"]


def test_a_board_without_the_new_settings_restores_with_the_defaults() -> None:
    raw = wire()
    raw["settings"] = {"department_choice": "person", "lobby": False, "min_group": 3}
    restored = round_trip(raw)
    assert (restored.settings["language"], restored.settings["editing"]) == ("en", "own")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda b: b["items"]["n2"].update(group="grp"), "board.items.n2.group"),  # other block
        (lambda b: b["items"]["n1"].update(group="n2"), "board.items.n1.group"),  # not a group
        (lambda b: b["items"]["grp"].update(block="secret-2"), "board.items.grp.block"),
        (lambda b: b["settings"].update(language="fr"), "board.settings.language"),
    ],
)
def test_a_bad_group_or_language_is_refused_by_path(change: Any, path: str) -> None:
    raw = wire()
    change(raw)
    data = backup.export(Board.from_wire(raw), "")
    with pytest.raises(backup.BadBackup) as refused:
        backup.restore(data, "b2")
    assert refused.value.path == path


def test_a_group_may_not_live_in_a_goal_tree() -> None:
    raw = wire()
    raw["blocks"]["ideas"]["kind"] = "goal_tree"
    raw["items"]["n1"]["group"] = None
    with pytest.raises(backup.BadBackup) as refused:
        backup.restore(backup.export(Board.from_wire(raw), ""), "b2")
    assert refused.value.path == "board.items.grp.block"


def test_the_days_steps_survive_a_backup_and_a_bad_one_is_refused_by_path() -> None:
    """E8: the template day's agenda, its steps, a vote's own-item rule, a block given to one
    department and an extension come back as they were; a step naming a block that is not
    on the board is refused where it says so."""
    from crossboard.board.template import from_template

    board = from_template("strategy_day", "b1", "Day", language="ru")
    board.agenda["items"][2] |= {"extra_ms": 60_000, "last_extra_ms": 60_000}
    board.blocks["swot"]["writers"] = "sales"
    board.votes["v"] = {"id": "v", "block": "swot", "budget": 3, "max_per_item": 3,
                        "live": False, "own_items": False, "shuffle": True, "open": True,
                        "dots": {}, "departments": {}}  # fmt: skip
    restored = backup.restore(backup.export(board, ""), "b2")
    assert restored.agenda == board.agenda and restored.votes == board.votes
    assert restored.blocks == board.blocks and restored.polls == board.polls
    board.agenda["items"][0]["step"]["blocks"] = ["gone"]
    with pytest.raises(backup.BadBackup) as refused:
        backup.restore(backup.export(board, ""), "b3")
    assert refused.value.path == "board.agenda.items.0.step.blocks"
