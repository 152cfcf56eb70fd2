"""Screenshots of who-is-who on a board (PROTOCOL.md "Identity and trust", E4, E7): the join
page of a department link, the waiting screen of the lobby, the facilitator's People panel
(two people waiting, joins per link, Room settings), the Links panel with the department
links, a participant's "continue on another device" dialog, and a revealed poll round with
fewer than k answers (its figures withheld) — as the facilitator and as a participant.

    .venv/bin/python -m tests.e2e.screenshot_identity [out dir] [--docs]

Every view at 1920x1080, 1440x900 and 390x844 (a phone: touch, 2x pixels), in English and
in Russian, into /tmp/shots/ unless another directory is given: `<lang>-<size>-<view>.png`;
axe-core's colour-contrast findings on each are printed (when `npm ci` installed it).
With `--docs`, also docs/lobby.png (the People panel, 1440x900, English) and
docs/waiting-phone.png (the waiting screen on a phone, English).

A real hub; the board, the people who joined by each link, the poll and the lobby are made
over the protocol (the `Client` helper and raw hellos), then Chromium looks.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import websockets
from playwright.async_api import Browser, Page, async_playwright, expect

from ..support import TIMEOUT, Client, HubProcess, pack, unpack
from .conftest import ARGS, CHROMIUM
from .pages import wait_ready
from .seed import note_op, send_all

ROOT = Path(__file__).resolve().parents[2]
OUT = Path("/tmp/shots")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

SIZES: dict[str, dict[str, Any]] = {
    "1920": {"viewport": {"width": 1920, "height": 1080}, "device_scale_factor": 1},
    "1440": {"viewport": {"width": 1440, "height": 900}, "device_scale_factor": 1},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}

LANGS: dict[str, dict[str, Any]] = {
    "en": {
        "locale": "en-US",
        "title": "Strategy day 2025",
        "question": "How achievable does the company's strategic goal seem to you?",
        "round": "Before",
        "fay": "Fay",
        "names": ["Ana Petrova", "Boris Ivanov", "Chloé Martin", "Dmitri Volkov", "Eva Lind"],
        "waiting": ["Konstantin Konstantinopolsky", "Mia"],
        "newcomer": "Dana Whitfield",
        "notes": ["Leave with one shared goal", "Fewer surprises in the roadmap", "Honest talk"],
    },
    "ru": {
        "locale": "ru-RU",
        "title": "Стратегическая сессия 2025",
        "question": "Насколько достижимой вам кажется стратегическая цель компании?",
        "round": "До",
        "fay": "Фаина",
        "names": ["Анна Петрова", "Борис Иванов", "Хлоя Мартен", "Дмитрий Волков", "Ева Линд"],
        "waiting": ["Константин Константинопольский", "Мия"],
        "newcomer": "Дарья Уитфилд",
        "notes": ["Уйти с одной общей целью", "Меньше сюрпризов в планах", "Честный разговор"],
    },
}


def current_links(hub: HubProcess, board: dict[str, Any]) -> dict[str, Any]:
    """GET /api/boards/{id}/links as the facilitator: the role links and the department links."""
    req = urllib.request.Request(
        f"{hub.url}/api/boards/{board['id']}/links",
        headers={"authorization": f"Bearer {board['tokens']['facilitator']}"},
    )
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        return json.loads(r.read())  # type: ignore[no-any-return]


def by_link(board: dict[str, Any], link: str) -> dict[str, Any]:
    """The board as a `Client` joining by `link` (a department link) sees it."""
    return {**board, "tokens": {**board["tokens"], "participant": link.split("#t=")[1]}}


async def wait_in_lobby(
    hub: HubProcess, board: dict[str, Any], name: str, department: str | None
) -> Any:
    """A newcomer whose hello is answered with `waiting` (I5); the socket stays open."""
    ws = await websockets.connect(hub.ws_url(board["id"]), max_size=None, compression=None)
    hello = {
        "type": "hello",
        "protocol": 1,
        "board": board["id"],
        "token": board["tokens"]["participant"],
        "name": name,
        "department": department,
        "resume": None,
    }
    await ws.send(pack(hello))
    frame = unpack(await asyncio.wait_for(ws.recv(), TIMEOUT))
    assert frame["type"] == "waiting", frame
    return ws


async def new_page(browser: Browser, size: str, locale: str) -> Page:
    context = await browser.new_context(locale=locale, **SIZES[size])
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


async def join_as_facilitator(
    browser: Browser, size: str, locale: str, link: str, name: str
) -> Page:
    """Open the facilitator's link, type the name, no department."""
    page = await new_page(browser, size, locale)
    await page.goto(link)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id("join-dept-none").click()
    await page.get_by_test_id("join-submit").click()
    await wait_ready(page)
    return page


async def shoot(page: Page, out: Path, name: str) -> Path:
    """A screenshot, and axe-core's colour-contrast findings on what it shows (printed)."""
    await page.wait_for_timeout(400)  # transitions
    path = out / f"{name}.png"
    await page.screenshot(path=str(path), animations="disabled")  # the lobby's pulse, at rest
    assert page.errors == [], page.errors  # type: ignore[attr-defined]
    print(f"wrote {path}")
    for finding in await contrast(page):
        print(f"  contrast: {finding}")
    return path


async def contrast(page: Page) -> list[str]:
    """Text below WCAG AA contrast on the page, per axe-core (when node_modules has it)."""
    if not AXE.exists():
        return []
    if not await page.evaluate("() => Boolean(window.axe)"):
        await page.evaluate(AXE.read_text())  # DevTools evaluation: the page's CSP does not apply
    found: list[str] = await page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: ["color-contrast"],
                                                resultTypes: ["violations"]});
            return r.violations.flatMap(v => v.nodes.map(n =>
                n.target.join(" ") + " :: " + (n.any[0]?.message || "")));
        }"""
    )
    return found


async def fit_block(page: Page, block: str) -> None:
    await page.evaluate(
        """id => crossboard.viewport.fit(crossboard.store.view.blocks[id],
                                         {instant: true, margin: 16})""",
        block,
    )
    await page.mouse.move(2, 2)


async def prepare(hub: HubProcess, lang: str) -> dict[str, Any]:
    """A board with notes, people who joined by the participant link and by two department
    links, a poll whose revealed round has two answers (k = 3: figures withheld), spotlighted;
    then the lobby on. Returns the board, its links and the open sockets to keep."""
    words = LANGS[lang]
    board = hub.new_board(title=words["title"], language=lang)
    depts = [d["id"] for d in board["departments"]]
    links = current_links(hub, board)
    fay = await Client.join(hub, board, role="facilitator", name=words["fay"], department=None)
    names = words["names"]
    people = [
        await Client.join(hub, board, name=names[0], department=depts[0]),
        await Client.join(hub, board, name=names[1], department=depts[2]),
        await Client.join(hub, by_link(board, links["departments"][depts[1]]), name=names[2]),
        await Client.join(hub, by_link(board, links["departments"][depts[1]]), name=names[3]),
        await Client.join(hub, by_link(board, links["departments"][depts[2]]), name=names[4]),
    ]
    await send_all(
        people[0],
        [
            note_op(f"n-{i}", "expectations", text, depts[i % 3], 40 + 240 * i, 100 + 20 * i)
            for i, text in enumerate(words["notes"])
        ],
    )
    question = {"kind": "poll.create", "id": "q", "block": "poll", "question": words["question"]}
    await send_all(fay, [question, {"kind": "poll.open", "poll": "q", "label": words["round"]}])
    for person, score in ((people[0], 8), (people[2], 6)):
        await send_all(person, [{"kind": "poll.answer", "poll": "q", "score": score}])
    await send_all(
        fay,
        [
            {"kind": "poll.close", "poll": "q"},
            {"kind": "poll.reveal", "poll": "q", "revealed": True},
            {"kind": "board.spotlight", "block": "poll"},
            {"kind": "board.settings", "lobby": True},
        ],
    )
    waiting = [
        await wait_in_lobby(hub, board, words["waiting"][0], depts[1]),
        await wait_in_lobby(hub, board, words["waiting"][1], depts[0]),
    ]
    return {"board": board, "links": links, "depts": depts, "keep": [fay, *people], "ws": waiting}


async def shots_for(browser: Browser, hub: HubProcess, lang: str, out: Path) -> list[Path]:
    words = LANGS[lang]
    locale = words["locale"]
    made = await prepare(hub, lang)
    board, links, depts = made["board"], made["links"], made["depts"]
    shots: list[Path] = []
    try:
        for size in SIZES:
            prefix = f"{lang}-{size}"
            # The facilitator: People (two waiting, joins per link, Room settings), Links,
            # and the poll block with its withheld figures.
            fay = await join_as_facilitator(
                browser, size, locale, board["links"]["facilitator"], words["fay"]
            )
            await fay.get_by_test_id("people-button").click()
            people = fay.get_by_test_id("people-panel")
            await expect(people.get_by_test_id("lobby-person")).to_have_count(2)
            await expect(people.get_by_test_id("room-settings")).to_be_visible()
            shots.append(await shoot(fay, out, f"{prefix}-people"))
            await people.get_by_test_id("room-settings").scroll_into_view_if_needed()
            shots.append(await shoot(fay, out, f"{prefix}-people-settings"))
            await fay.get_by_test_id("people-button").click()
            await fay.get_by_test_id("links-button").click()
            panel = fay.get_by_test_id("links-panel")
            await expect(panel.locator("[data-testid^=link-row-dept-]")).to_have_count(3)
            shots.append(await shoot(fay, out, f"{prefix}-links"))
            await fay.get_by_test_id("links-button").click()
            await fit_block(fay, "poll")
            await expect(fay.get_by_test_id("poll-few-0")).to_be_visible()
            shots.append(await shoot(fay, out, f"{prefix}-poll-facilitator"))
            await fay.context.close()

            # A participant who was let in earlier (a personal link: no lobby again): the
            # device dialog, and the poll as a participant sees it.
            ana = made["keep"][1]
            personal = await personal_link(hub, board, ana)
            page = await new_page(browser, size, locale)
            await page.goto(personal)
            await wait_ready(page)
            if size != "phone":
                await fit_block(page, "poll")
            await expect(page.get_by_text(poll_few_text(lang))).to_be_visible()
            shots.append(await shoot(page, out, f"{prefix}-poll-participant"))
            await page.get_by_test_id("device-button").click()
            await expect(page.get_by_test_id("device-link")).not_to_have_value("")
            shots.append(await shoot(page, out, f"{prefix}-device"))
            await page.context.close()

            # A newcomer by the Sales link: the join page (department fixed), then the lobby.
            page = await new_page(browser, size, locale)
            await page.goto(links["departments"][depts[1]])
            await expect(page.get_by_test_id("join-fixed-department")).to_be_visible()
            await page.get_by_test_id("join-name").fill(words["newcomer"])
            await page.evaluate("document.activeElement.blur()")
            shots.append(await shoot(page, out, f"{prefix}-join-department"))
            await page.get_by_test_id("join-submit").click()
            await expect(page.get_by_test_id("lobby-waiting")).to_be_visible()
            shots.append(await shoot(page, out, f"{prefix}-waiting"))
            await page.context.close()
    finally:
        for ws in made["ws"]:
            await ws.close()
        for client in made["keep"]:
            await client.close()
    return shots


def poll_few_text(lang: str) -> str:
    return {"en": "Fewer than 3 answers", "ru": "Меньше 3 ответов"}[lang]


async def personal_link(hub: HubProcess, board: dict[str, Any], client: Client) -> str:
    """The "continue on another device" link of a participant joined over the protocol: the
    join link plus their credential (I1), as views/device.js builds it."""
    fragment = urllib.parse.urlencode(
        {
            "t": board["tokens"]["participant"],
            "c": client.welcome["credential"],
            "n": client.welcome["you"]["name"],
        }
    )
    return f"{hub.url}/b/{board['id']}#{fragment}"


async def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "data").start()
        try:
            async with async_playwright() as p:
                browser = await p.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=ARGS
                )
                for lang in LANGS:
                    await shots_for(browser, hub, lang, out)
                await browser.close()
        finally:
            hub.stop()


def to_docs(out: Path) -> None:
    """docs/lobby.png (the People panel) and docs/waiting-phone.png (the waiting screen)."""
    for shot, name in (("en-1440-people", "lobby"), ("en-phone-waiting", "waiting-phone")):
        shutil.copyfile(out / f"{shot}.png", ROOT / "docs" / f"{name}.png")
        print(f"wrote {ROOT / 'docs' / name}.png")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--docs"]
    target = Path(args[0]) if args else OUT
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(target))
    if "--docs" in sys.argv[1:]:
        to_docs(target)
