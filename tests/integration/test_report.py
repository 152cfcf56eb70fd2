"""What the facilitator takes home (issue: session report and data portability): the HTML
report parsed section by section against the seed scenario, Markdown, the action plan as
CSV, the JSON backup round trip (HTTP and CLI), checkpoints and restore."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest

from crossboard.report.words import Words

from .. import session_day
from ..support import Client, HubProcess

LABEL = Words("en").label
"""The session day's board is English: kinds and statuses read as their English labels."""


def labelled(action: tuple[str, ...]) -> tuple[str, ...]:
    """An expected action row with its kind and status as the report labels them."""
    title, kind, owners, who, when, status = action
    return (title, LABEL("action.kind", kind), owners, who, when, LABEL("action.status", status))


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.children, self.text = tag, attrs, [], ""

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Descendants with this tag and these attribute values ("" = present)."""
        out = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                (child.attrs.get(k.replace("_", "-")) == v)
                if v
                else (k.replace("_", "-") in child.attrs)
                for k, v in attrs.items()
            ):
                out.append(child)
            out += child.all(tag, **attrs)
        return out

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]

    def words(self) -> str:
        return " ".join((self.text + " " + " ".join(c.words() for c in self.children)).split())


class Tree(HTMLParser):
    """A small DOM: enough to find sections, tables and attributes."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "input", "link", "hr", "rect"}

    def __init__(self, page: str) -> None:
        super().__init__()
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].text += data


def get(hub: HubProcess, path: str, token: str | None, method: str = "GET", body: Any = None):  # type: ignore[no-untyped-def]
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"{hub.url}{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def rows(table: Node) -> list[list[str]]:
    return [[td.words() for td in tr.all("td")] for tr in table.all("tr") if tr.all("td")]


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One hub with the seed scenario played on it, shared by this module's tests."""
    import asyncio

    env = {"CROSSBOARD_BOARDS_PER_HOUR_PER_IP": "1000"}
    hub = HubProcess(tmp_path_factory.mktemp("report") / "data", env=env).start()

    async def play() -> dict[str, Any]:
        board, fay = await session_day.play(hub)
        await fay.close()
        return board

    try:
        yield hub, asyncio.run(play())
    finally:
        hub.stop()


def test_the_report_holds_every_section_with_the_right_figures(day: Any) -> None:
    hub, board = day
    status, headers, page = get(
        hub, f"/api/boards/{board['id']}/report", board["tokens"]["facilitator"]
    )
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "script-src" not in headers["content-security-policy"]  # no script at all
    want = session_day.expected()
    doc = Tree(page).root
    assert doc.one("h1").words() == "Стратегическая сессия 2026"
    sections = [s.attrs["data-section"] for s in doc.all("section")]
    assert sections == ["participants", "goals", "swot", "actions", "polls", "agenda"]

    people = rows(doc.one("table", data_table="participants"))
    assert {r[0]: r[2].split(", ") for r in people} == {
        dep: sorted(names) for dep, names in want.people.items()
    }
    assert {r[0]: int(r[1]) for r in people} == {d: 2 for d in want.people}

    tree = doc.one("section", data_section="goals").one("ul", data_tree="")
    root = tree.children[0]
    assert root.children[0].words() == "Выручка +30%"
    kids = [li.children[0].words() for li in root.children[1].children]
    assert kids == ["Новые рынки", "Удержание клиентов"]
    retention = root.children[1].children[1]
    assert [li.words() for li in retention.all("li", **{"class": "hung"})] == ["Нужен CRM"]
    assert "Партнёрская сеть" in root.children[1].children[0].words()

    swot = doc.one("section", data_section="swot")
    dots = {}
    for quadrant in swot.all("div", data_quadrant=""):
        for text, _dep, n in rows(quadrant.one("table")):
            dots[text] = int(n)
    assert dots == want.dots
    strengths = rows(swot.one("div", data_quadrant="S").one("table"))
    assert strengths[0][0] == "Сильная продуктовая команда 💪"

    actions = doc.one("section", data_section="actions")
    got = {}
    for table in actions.all("table"):
        owners = table.attrs["data-owners"]
        for title, kind, _who, when, status in rows(table):
            got[title] = (kind, owners, when, status)
    assert got == {
        title: (kind, owners.replace("; ", " + "), when, status)
        for title, kind, owners, _, when, status in map(labelled, want.actions)
    }

    polls = doc.one("section", data_section="polls")
    before, after = polls.all("figure", data_round="")
    assert before.one("b", data_figure="average").words() == f"{want.before:.2f}"
    assert after.one("b", data_figure="average").words() == f"{want.after:.2f}"
    assert before.one("b", data_figure="responses").words() == "6"
    for figure, histogram in ((before, want.histogram_before), (after, want.histogram_after)):
        bars = {
            int(g.attrs["data-score"] or 0): int(g.attrs["data-count"] or 0)
            for g in figure.all("g")
        }
        assert bars == {score: histogram[score - 1] for score in range(1, 11)}
    comparison = polls.one("div", data_comparison="")
    assert comparison.one("b", data_figure="raised").words() == str(want.raised)
    assert comparison.one("b", data_figure="lowered").words() == str(want.lowered)
    assert comparison.one("b", data_figure="kept").words() == str(want.kept)
    assert comparison.one("b", data_figure="before").words() == f"{want.before:.2f}"
    assert comparison.one("b", data_figure="after").words() == f"{want.after:.2f}"
    assert comparison.one("b", data_figure="change").words() == f"{want.after - want.before:+.2f}"
    assert "Слишком много целей" in comparison.words()

    agenda = rows(doc.one("table", data_table="agenda"))
    assert [(r[0], r[1]) for r in agenda] == [("Дерево целей", "60"), ("SWOT", "45")]
    assert 99 <= sum(int(r[3].rstrip("%")) for r in agenda) <= 101


def test_only_the_facilitator_gets_the_report(day: Any) -> None:
    hub, board = day
    for role in ("participant", "screen"):
        status, _, _ = get(hub, f"/api/boards/{board['id']}/report", board["tokens"][role])
        assert status == 401
    assert get(hub, f"/api/boards/{board['id']}/report", None)[0] == 401
    assert (
        get(hub, f"/api/boards/{board['id']}/export?format=pdf", board["tokens"]["facilitator"])[0]
        == 400
    )


def test_markdown_and_csv_exports(day: Any) -> None:
    hub, board = day
    token = board["tokens"]["facilitator"]
    status, headers, text = get(hub, f"/api/boards/{board['id']}/export?format=csv", token)
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert text.startswith("\ufeff")  # spreadsheets read UTF-8 with the BOM
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0] == ["Action", "Kind", "Owners", "Who", "Cadence / due", "Status"]
    assert [tuple(r) for r in table[1:]] == [labelled(a) for a in session_day.expected().actions]
    _, _, md = get(hub, f"/api/boards/{board['id']}/export?format=md", token)
    assert md.startswith("# Стратегическая сессия 2026")
    assert "| Сильная продуктовая команда 💪 | Продукт | 4 |" in md
    want = session_day.expected()
    assert f"raised {want.raised}, lowered {want.lowered}, kept {want.kept}" in md


def backup_of(hub: HubProcess, board: dict[str, Any]) -> dict[str, Any]:
    status, _, text = get(
        hub, f"/api/boards/{board['id']}/export?format=json", board["tokens"]["facilitator"]
    )
    assert status == 200
    data: dict[str, Any] = json.loads(text)
    return data


def test_json_backup_round_trip(day: Any) -> None:
    """export -> import -> export gives the same JSON except the board id and the time."""
    hub, board = day
    first = backup_of(hub, board)
    assert (first["format"], first["version"]) == ("crossboard.board", 1)
    status, _, made = get(hub, "/api/boards", hub.admin_token, "POST", {"backup": first})
    assert status == 201
    copy = json.loads(made)
    copy["tokens"] = {r: link.split("#t=")[1] for r, link in copy["links"].items()}
    second = backup_of(hub, copy)
    assert copy["id"] != board["id"] and second["board_id"] == copy["id"]
    changing = {"board_id", "exported_at", "seq"}
    assert {k: v for k, v in first.items() if k not in changing} == {
        k: v for k, v in second.items() if k not in changing
    }
    bad = get(hub, "/api/boards", hub.admin_token, "POST", {"backup": {"format": "nope"}})
    assert bad[0] == 400 and json.loads(bad[2])["code"] == "invalid_backup"


async def test_an_imported_board_is_live(day: Any) -> None:
    hub, board = day
    _, _, made = get(hub, "/api/boards", hub.admin_token, "POST", {"backup": backup_of(hub, board)})
    copy = json.loads(made)
    copy["tokens"] = {r: link.split("#t=")[1] for r, link in copy["links"].items()}
    ana = await Client.join(hub, copy, name="Анна", department="dept1")
    state = ana.welcome["board"]
    assert state["votes"]["v1"]["totals"]["o1"] == 5
    assert state["polls"]["q1"]["rounds"][1]["label"] == "После"
    assert "s1" in state["items"]


def test_cli_export_and_import(day: Any, tmp_path: Path) -> None:
    hub, board = day
    cli = [sys.executable, "-m", "crossboard.cli"]
    data = ["--data-dir", str(hub.data_dir)]
    out = tmp_path / "day.json"
    subprocess.run(
        [*cli, "export", board["id"], "--format", "json", "-o", str(out), *data],
        check=True,
        timeout=60,
    )
    assert json.loads(out.read_text("utf-8"))["board"]["title"] == "Стратегическая сессия 2026"
    md = subprocess.run(
        [*cli, "export", board["id"], "--format", "md", *data],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert "## Action plan" in md.stdout.decode()
    made = subprocess.run(
        [*cli, "import", str(out), *data], check=True, capture_output=True, timeout=60
    )
    new_id = made.stdout.decode().split()[1].rstrip(":")
    assert new_id != board["id"]
    again = subprocess.run(
        [*cli, "export", new_id, "--format", "json", *data],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert json.loads(again.stdout)["board"] == json.loads(out.read_text("utf-8"))["board"]


def test_history_checkpoints_view_and_restore(day: Any) -> None:
    """One checkpoint per agenda item, one on demand; a past state reads as a report; a
    restore makes a new board and leaves the original as it was."""
    hub, board = day
    token = board["tokens"]["facilitator"]
    base = f"/api/boards/{board['id']}/checkpoints"
    status, _, _ = get(hub, base, token, "POST", {"label": "Конец дня"})
    assert status == 201
    status, _, listing = get(hub, base, token)
    found = json.loads(listing)["checkpoints"]
    labels = [c["label"] for c in found]
    assert labels == ["After: Дерево целей", "After: SWOT", "Конец дня"]
    first = found[0]["key"]
    _, _, past = get(hub, f"/api/boards/{board['id']}/report?checkpoint={first}", token)
    swot_then = Tree(past).root.one("section", data_section="swot")
    assert "Рынок СНГ" not in swot_then.words()  # the SWOT came after the goal tree
    before = backup_of(hub, board)
    status, _, restored = get(hub, f"{base}/{first}/restore", token, "POST")
    assert status == 201
    copy = json.loads(restored)
    assert copy["id"] != board["id"] and copy["title"].endswith("(After: Дерево целей)")
    after = backup_of(hub, board)
    assert before["board"] == after["board"]  # nothing destroyed by a restore
    assert get(hub, f"{base}/nope/restore", token, "POST")[0] == 404
    assert get(hub, base, board["tokens"]["participant"])[0] == 401
