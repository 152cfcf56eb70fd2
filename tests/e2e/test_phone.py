"""A participant on a phone (issue 9): the phone view follows the facilitator, answers a poll
round, casts dots up to the budget, writes into the spotlighted block and says "I'm done" —
each seen on a laptop: notes, spotlights and "done" within 1 s; the figures a ballot changes
in the next coalesced `exercise` frame (E7, at most one a second), waited for with the
scaled test timeout — keeps an answer given offline and delivers it exactly once, reads any
block as a searchable live list, and switches to the full board and back.

The facilitator is a raw protocol client (tests/support.py): it sets up polls, votes and
spotlights with the ops of PROTOCOL.md "Facilitation" and "Exercises".

`.venv/bin/python -m tests.e2e.test_phone [path]` takes docs/phone.png."""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.async_api import Page, async_playwright, expect

from ..support import TIMEOUT, Client, HubProcess
from .conftest import ARGS, CHROMIUM
from .pages import WAIT_MS, join, note, wait_ready
from .seed import note_op, seed_story, send_all, swot_op

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
RECONNECT_MS = 10_000 + WAIT_MS
"""The client's backoff is capped at 10 s ("online" retries at once); then the reconnect."""


async def open_phone(browser: Any, url: str, *, locale: str = "en-US") -> Page:
    """A phone in portrait: 390x844, touch, mobile viewport, 2x pixels."""
    context = await browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2, locale=locale
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(url)
    return page


async def join_phone(browser: Any, url: str, name: str, department: str) -> Page:
    """Open the join link on a phone, tap through the join page, land on the phone view."""
    page = await open_phone(browser, url)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id(f"join-dept-{department}").tap()
    await page.get_by_test_id("join-submit").tap()
    await wait_ready(page)
    await expect(page.get_by_test_id("phone")).to_be_visible()
    return page


async def seen(page: Page, expression: str) -> None:
    """The laptop's replica, which its board is drawn from, says so within 1 s."""
    await page.wait_for_function(f"() => ({expression})", timeout=WAIT_MS)


async def tallied(page: Page, expression: str) -> None:
    """The laptop's replica says so once the figures a ballot changed reached it: someone
    else's dots and answers come in the room's next `exercise` frame (E7, coalesced, at most
    one a second), so this is a correctness wait with the scaled timeout, not a latency goal."""
    await page.wait_for_function(f"() => ({expression})", timeout=WAIT_MS)


async def setup(hub: HubProcess, ops: list[dict[str, Any]]) -> tuple[dict[str, Any], Client]:
    board = hub.new_board(title="Strategy day")
    fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    await send_all(fay, ops)
    return board, fay


POLL = [
    {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable is the goal?"},
    {"kind": "poll.open", "poll": "q", "label": "Before"},
    {"kind": "board.spotlight", "block": "poll"},
]


async def test_a_phone_answers_votes_writes_and_is_done_each_seen_on_a_laptop(
    hub: HubProcess, browser: Any
) -> None:
    """E3, E2, A4, E6 from a phone; O3: "sent ✓" once the hub acknowledged the answer; E7:
    the laptop learns the figures (a response, dots placed), never whose they are."""
    board, fay = await setup(
        hub,
        [
            swot_op("s-1", "S", "Fast release cadence", "product", "F"),
            swot_op("s-2", "W", "No shared launch calendar", "marketing", "G"),
            swot_op("s-3", "O", "Mid-market is under-served", "sales", "H"),
            *POLL,
        ],
    )
    links = board["links"]
    laptop = await join(browser, links["participant"], "Boris", "sales")
    phone = await join_phone(browser, links["participant"], "Ana", "product")
    now = phone.get_by_test_id("phone-now")
    await expect(now.get_by_test_id("phone-now-title")).to_have_text(
        "How achievable is the goal? (before / after)"
    )

    # The poll round: a score, a why, send; the laptop counts the response.
    poll = now.get_by_test_id("phone-poll")
    await expect(poll.get_by_test_id("phone-poll-round")).to_have_text("Poll · Before")
    await poll.get_by_test_id("phone-score-8").tap()
    await poll.get_by_test_id("phone-why").fill("We finally plan together")
    await poll.get_by_test_id("phone-send").tap()
    await expect(poll.get_by_test_id("phone-sent")).to_have_text("Sent ✓ · your answer: 8")
    await tallied(laptop, "crossboard.store.view.polls.q.rounds[0].responses === 1")
    await expect(laptop.get_by_test_id("poll-responses-0")).to_have_text("1 answer")  # on screen

    # A dot vote on the SWOT, spotlighted: 3 dots, at most 2 on one item.
    await send_all(
        fay,
        [
            {"kind": "vote.start", "id": "v", "block": "swot", "budget": 3, "max_per_item": 2},
            {"kind": "board.spotlight", "block": "swot"},
        ],
    )
    await expect(now.get_by_test_id("phone-now-title")).to_have_text("SWOT", timeout=WAIT_MS)
    vote = now.get_by_test_id("phone-vote")
    left = vote.get_by_test_id("phone-dots-left")
    await expect(left).to_have_text("3 dots left")

    def item(item_id: str) -> Any:
        return vote.locator(f"[data-testid=phone-vote-item][data-id='{item_id}']")

    await item("s-1").get_by_test_id("phone-dot-plus").tap()
    await item("s-1").get_by_test_id("phone-dot-plus").tap()
    message = phone.get_by_test_id("phone-message")
    await item("s-1").get_by_test_id("phone-dot-plus").tap()
    await expect(message).to_have_text("At most 2 of your dots can go on one item.")
    await item("s-3").get_by_test_id("phone-dot-plus").tap()
    await expect(left).to_have_text("0 dots left")
    await tallied(laptop, "crossboard.store.view.votes.v.dots_placed === 3")
    progress = laptop.locator("[data-testid=vote-panel]:not(.hidden) [data-testid=vote-progress]")
    await expect(progress).to_have_text("3 dots")  # the laptop's vote panel, on screen
    # E7: a participant learns how many dots, not how many people (nor whose they are).
    assert await laptop.evaluate("crossboard.store.view.votes.v.voters") is None
    # The next dot is refused with a visible message, by the page at once...
    await item("s-2").get_by_test_id("phone-dot-plus").tap()
    await expect(message).to_have_text(
        "No dots left: all 3 are placed. Take one back to move it.", timeout=WAIT_MS
    )
    # ...and by the hub when the page is bypassed (E2: budgets are the server's).
    await phone.evaluate(
        """crossboard.store.perform(
             [{kind: "vote.cast", vote: "v", item: "s-2", delta: 1}], {undoable: false})"""
    )
    await expect(message).to_have_text(
        "That dot was not counted: no dots left, or the item already has your maximum.",
        timeout=WAIT_MS,
    )
    await expect(item("s-1").get_by_test_id("phone-my-dots")).to_have_attribute("data-n", "2")
    await expect(item("s-2").get_by_test_id("phone-my-dots")).to_have_attribute("data-n", "0")

    # The facilitator closes the vote: the totals reach the laptop and the phone.
    await send_all(fay, [{"kind": "vote.close", "id": "v"}])
    await tallied(
        laptop,
        """(() => { const t = crossboard.store.view.votes.v.totals;
              return t && t["s-1"] === 2 && t["s-3"] === 1 && !t["s-2"]; })()""",
    )
    await expect(item("s-1").get_by_test_id("phone-vote-total")).to_have_text("2 dots in all")

    # A SWOT item in the quadrant picked, then a note in the spotlighted notes block.
    write = now.get_by_test_id("phone-write")
    await write.get_by_test_id("phone-quadrant-T").tap()
    await write.get_by_test_id("phone-note-text").fill("Key engineers leaving")
    await write.get_by_test_id("phone-note-add").tap()
    card = laptop.get_by_test_id("swot-item").filter(has_text="Key engineers leaving")
    await expect(card).to_have_count(1, timeout=WAIT_MS)
    assert (
        await laptop.evaluate(
            """Object.values(crossboard.store.view.items).find(
             (it) => it.text === "Key engineers leaving").quadrant"""
        )
        == "T"
    )

    await send_all(fay, [{"kind": "board.spotlight", "block": "expectations"}])
    await expect(now.get_by_test_id("phone-now-title")).to_have_text(
        "Icebreaker & expectations", timeout=WAIT_MS
    )
    write = now.get_by_test_id("phone-write")
    await expect(write.get_by_test_id("phone-dept-product")).to_have_attribute(
        "aria-checked", "true"
    )
    await write.get_by_test_id("phone-note-text").fill("Coffee ☕ and honest talk")
    await write.get_by_test_id("phone-note-add").tap()
    await expect(note(laptop, "Coffee ☕ and honest talk")).to_be_visible(timeout=WAIT_MS)
    await expect(note(laptop, "Coffee ☕ and honest talk")).to_have_attribute(
        "title", "Ana · Product"
    )
    mine = write.get_by_test_id("phone-mine-item").filter(has_text="Coffee")
    await expect(mine.get_by_test_id("phone-sent")).to_have_text("sent ✓")
    await expect(write.get_by_test_id("phone-note-text")).to_have_value("")

    # "I'm done" (E6): on the laptop's board at once, and back.
    ana = await phone.evaluate("crossboard.store.you.id")
    await now.get_by_test_id("phone-done").tap()
    await seen(laptop, f"'{ana}' in (crossboard.store.view.done ?? {{}})")
    await expect(now.get_by_test_id("phone-done")).to_have_attribute("aria-pressed", "true")
    for page in (phone, laptop):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def test_an_answer_given_offline_waits_and_arrives_exactly_once(
    hub: HubProcess, browser: Any
) -> None:
    """S1/O4 on a phone: offline, the answer is kept ("waiting for connection…"); back online
    it is sent and the hub applies it once — one poll.answer in the log, one response in the
    round. E7: the facilitator hears of the ballot without its author, its score or a view;
    the figures come in the next `exercise` frame."""
    board, fay = await setup(hub, POLL)
    phone = await join_phone(browser, board["links"]["participant"], "Ana", "product")
    ana = await phone.evaluate("crossboard.store.you.id")
    poll = phone.get_by_test_id("phone-now").get_by_test_id("phone-poll")
    status = phone.get_by_test_id("status")

    await phone.context.set_offline(True)
    await expect(status).to_have_attribute("data-state", re.compile("offline|reconnecting"))
    await poll.get_by_test_id("phone-score-3").tap()
    await poll.get_by_test_id("phone-why").fill("Too many moving parts")
    await poll.get_by_test_id("phone-send").tap()
    waiting = poll.get_by_test_id("phone-waiting")
    await expect(waiting).to_have_attribute("data-state", "waiting")
    await expect(waiting).to_contain_text("Waiting for connection…")
    await expect(status).to_contain_text("1 unsent")
    await phone.wait_for_timeout(1000)  # retries fail meanwhile (backoff 0.5 s, 1 s)
    await expect(waiting).to_have_attribute("data-state", "waiting")  # still kept, not lost

    await phone.context.set_offline(False)
    await expect(poll.get_by_test_id("phone-sent")).to_have_text(
        "Sent ✓ · your answer: 3", timeout=RECONNECT_MS
    )
    await expect(status).to_have_attribute("data-state", "live")

    # Everything the facilitator heard up to the hub's head (a second facilitator's welcome
    # says where that is): exactly one poll.answer, anonymous (E7), and, in an `exercise`
    # frame, one response in the round.
    again = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    answers: list[dict[str, Any]] = []
    views: list[dict[str, Any]] = []
    deadline = asyncio.get_running_loop().time() + 2 * TIMEOUT
    while fay.seq < again.seq or not views or views[-1]["rounds"][0]["responses"] < 1:
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, (fay.seq, again.seq, views)
        frame = await fay.recv(timeout=left)
        if frame["type"] == "applied" and frame["op"]["kind"] == "poll.answer":
            answers.append(frame)
        elif frame["type"] == "exercise" and "q" in frame.get("polls", {}):
            views.append(frame["polls"]["q"])
    assert len(answers) == 1, answers
    assert answers[0]["by"] is None and answers[0]["cid"] is None, answers[0]
    assert answers[0]["op"] == {"kind": "poll.answer", "poll": "q"}, answers[0]
    assert "exercise" not in answers[0], answers[0]
    assert views[-1]["rounds"][0]["responses"] == 1
    assert "mine" not in views[-1]
    assert ana not in str(answers) + str(views), "the facilitator's frames do not name Ana"
    # A welcome carries the figures as last published (E7): once the frame went out, a
    # facilitator joining now is told of the one response too.
    later = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
    assert later.welcome["board"]["polls"]["q"]["rounds"][0]["responses"] == 1
    # A reload of the phone resumes: still answered once, shown as sent.
    await phone.reload()
    await wait_ready(phone)
    await expect(poll.get_by_test_id("phone-sent")).to_have_text("Sent ✓ · your answer: 3")
    assert phone.errors == [], phone.errors  # type: ignore[attr-defined]


async def test_a_phone_reads_any_block_live_searches_it_and_switches_to_the_full_board(
    hub: HubProcess, browser: Any
) -> None:
    """The read-only list follows the board live and filters as one types; "Open now" holds
    the polls and votes open elsewhere; every target is thumb-sized and no input zooms; the
    switch goes to the full board and back, remembered across reloads."""
    board, fay = await setup(
        hub,
        [
            note_op("n-1", "expectations", "Leave with one shared goal", "product", 40, 100),
            note_op("n-2", "expectations", "Понять приоритеты продукта", "sales", 280, 100),
            note_op("n-3", "expectations", "Coffee and honest talk", "marketing", 520, 100),
            {"kind": "poll.create", "id": "q", "block": "poll", "question": "How achievable?"},
            {"kind": "poll.open", "poll": "q", "label": "Before"},
            {"kind": "vote.start", "id": "v", "block": "swot", "budget": 3},
        ],
    )
    phone = await join_phone(browser, board["links"]["participant"], "Chloé", "marketing")
    # Private perception writing (A2): a guess about another department, as the board files it
    # (views/perception.js: `department` is whom the note is about).
    await send_all(
        fay,
        [
            {"kind": "block.private", "id": "perception", "mode": "department"},
            {"kind": "board.spotlight", "block": "perception"},
        ],
    )
    write = phone.get_by_test_id("phone-now").get_by_test_id("phone-write")
    await expect(write.get_by_test_id("phone-private")).to_contain_text("only your department")
    await expect(write.get_by_test_id("phone-dept-product")).to_have_attribute(
        "aria-checked", "true"
    )
    await write.get_by_test_id("phone-dept-sales").tap()
    await write.get_by_test_id("phone-note-text").fill("Sales wants discounts to close faster")
    await write.get_by_test_id("phone-note-add").tap()
    added = await fay.recv_until(
        lambda f: f["type"] == "applied" and f["op"].get("block") == "perception"
    )
    assert added["op"]["item"]["department"] == "sales"
    assert added["by"]["department"] == "marketing"
    await send_all(fay, [{"kind": "board.spotlight", "block": None}])

    # Nothing spotlighted: the Now screen says so; "Open now" lists the poll and the vote.
    await expect(phone.get_by_test_id("phone-now-empty")).to_be_visible()
    await expect(phone.get_by_test_id("phone-open-count")).to_have_text("2")
    await phone.get_by_test_id("phone-tab-open").tap()
    opened = phone.get_by_test_id("phone-open")
    await expect(opened.get_by_test_id("phone-poll")).to_have_count(1)
    await expect(opened.get_by_test_id("phone-vote")).to_have_count(1)

    # Read a block: its items, live, and a search.
    await phone.get_by_test_id("phone-tab-list").tap()
    reading = phone.get_by_test_id("phone-list-screen")
    await reading.get_by_test_id("phone-list-block-expectations").tap()
    texts = reading.get_by_test_id("phone-list-text")
    await expect(texts).to_have_count(3)
    await send_all(fay, [note_op("n-4", "expectations", "A calendar we trust", "sales", 40, 300)])
    await expect(texts).to_have_count(4, timeout=WAIT_MS)
    await reading.get_by_test_id("phone-search").fill("ПРИОРИТЕТ")
    await expect(texts).to_have_text(["Понять приоритеты продукта"])
    await reading.get_by_test_id("phone-search").fill("sales")  # a department's name
    await expect(texts).to_have_text(["Понять приоритеты продукта", "A calendar we trust"])
    await send_all(fay, [{"kind": "item.remove", "id": "n-4"}])
    await expect(texts).to_have_text(["Понять приоритеты продукта"], timeout=WAIT_MS)

    # Touch-friendly: every visible target at least 44x44 px, every input at 16 px or more.
    for tab in ("now", "open", "list"):
        await phone.get_by_test_id(f"phone-tab-{tab}").tap()
        small = await phone.evaluate(
            """[...document.querySelector("[data-testid=phone]")
                    .querySelectorAll("button, input, textarea")]
                 .filter((el) => el.offsetParent !== null)
                 .map((el) => [el.dataset.testid || el.textContent, el.getBoundingClientRect(),
                               parseFloat(getComputedStyle(el).fontSize), el.tagName])
                 .filter(([, r, size, tag]) => r.height < 44 || r.width < 44
                         || (tag !== "BUTTON" && size < 16))
                 .map(([name, r, size]) => `${name}: ${r.width}x${r.height} @${size}px`)"""
        )
        assert small == [], f"{tab}: {small}"
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "nothing sticks out sideways in portrait"

    # The full board, remembered across a reload; and back to the phone view.
    async with phone.expect_navigation():
        await phone.get_by_test_id("view-switch").tap()
    await wait_ready(phone)
    await expect(phone.get_by_test_id("viewport")).to_be_visible()
    await expect(phone.get_by_test_id("phone")).to_have_count(0)
    await phone.reload()
    await wait_ready(phone)
    await expect(phone.get_by_test_id("viewport")).to_be_visible()
    async with phone.expect_navigation():
        await phone.get_by_test_id("view-switch").tap()
    await wait_ready(phone)
    await expect(phone.get_by_test_id("phone")).to_be_visible()
    await expect(phone.get_by_test_id("phone-you")).to_have_text("Chloé · Marketing")
    assert phone.errors == [], phone.errors  # type: ignore[attr-defined]


async def screenshot(out: str) -> None:
    """docs/phone.png: the Now screen of a phone (390x844 at 2x) while the "before" round of
    the poll is open, on a board in full swing (tests/e2e/seed.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp) / "data").start()
        try:
            board = hub.new_board(title="Strategy day 2025")
            await seed_story(hub, board)
            question = "On a 10-point scale, how achievable does our strategic goal seem to you?"
            fay = await Client.join(hub, board, role="facilitator", name="Fay", department=None)
            await send_all(
                fay,
                [
                    {"kind": "poll.create", "id": "q", "block": "poll", "question": question},
                    {"kind": "poll.open", "poll": "q", "label": "Before"},
                    {
                        "kind": "agenda.set",
                        "items": [
                            {"id": "a-1", "title": "Poll: before", "minutes": 10, "block": "poll"},
                            {"id": "a-2", "title": "Icebreaker", "minutes": 30},
                        ],
                    },
                    {"kind": "agenda.start", "item": "a-1"},
                    {"kind": "board.spotlight", "block": "poll"},
                ],
            )
            async with async_playwright() as p:
                browser = await p.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=ARGS
                )
                phone = await join_phone(
                    browser, board["links"]["participant"], "Chloé", "marketing"
                )
                poll = phone.get_by_test_id("phone-now").get_by_test_id("phone-poll")
                await poll.get_by_test_id("phone-score-8").tap()
                await poll.get_by_test_id("phone-why").fill(
                    "For the first time we plan it together"
                )
                await phone.evaluate("document.activeElement.blur()")
                await phone.wait_for_timeout(300)  # a picture, not a check: transitions end
                await phone.screenshot(path=out)
                await browser.close()
        finally:
            hub.stop()


if __name__ == "__main__":  # .venv/bin/python -m tests.e2e.test_phone [docs/phone.png]
    asyncio.run(screenshot(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "docs" / "phone.png")))
