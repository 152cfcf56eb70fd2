"""The session story's day run from its agenda (PROTOCOL.md E8), in real Chromium: the
facilitator presses only "Next step"; between steps the participants act, on the page and,
like a curious participant with devtools, straight on the wire. At every step each page and
the hub's answers follow the step's rules: who may write, what is private until its reveal,
when the vote and the poll rounds are open, what the projector shows. A kill -9 mid-step
loses neither the step, its rules nor its remaining time."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from ..support import HubProcess
from .pages import WAIT_MS, Wire, add_note, go_to_block, join, note, open_page, wait_ready

RECONNECT_MS = 10_000 + 2 * WAIT_MS
"""The client's backoff is capped at 10 s; then the hub's restart and the reconnect."""

_cids = itertools.count(1)


async def hub_says(page: Page, wire: Wire, op: dict[str, Any]) -> str:
    """Send `op` from this page's connection as raw bytes would go (no client-side check):
    "ok" when the hub applied it, else the code it refused it with."""
    cid = f"devtools-{next(_cids)}"
    await page.evaluate(
        "([cid, op]) => crossboard.connection.send({type: 'op', cid, op})", [cid, op]
    )
    answer = await wire.until(
        lambda f: f.get("cid") == cid and f["type"] in ("applied", "rejected")
    )
    if answer["type"] == "applied":
        # A no-op at its turn is applied and then rejected to its author (R1).
        late = [f for f in wire.frames() if f.get("cid") == cid and f["type"] == "rejected"]
        return str(late[0]["code"]) if late else "ok"
    return str(answer["code"])


def swot(item_id: str, text: str) -> dict[str, Any]:
    body = {"kind": "swot", "quadrant": "S", "text": text}
    return {"kind": "item.add", "id": item_id, "block": "swot", "item": body}


def perception(item_id: str, text: str, about: str = "marketing") -> dict[str, Any]:
    """A guess about the goals of department `about` in the perception grid."""
    body = {"kind": "note", "text": text, "department": about}
    return {"kind": "item.add", "id": item_id, "block": "perception", "item": body}


async def on_step(pages: list[Page], step_id: str | None) -> None:
    """Every page is on the step (the hub's word, as each store confirmed it)."""
    want = "null" if step_id is None else f"'{step_id}'"
    for page in pages:
        await page.wait_for_function(
            f"() => (crossboard.store.confirmed?.agenda?.current ?? null) === {want}",
            timeout=WAIT_MS,
        )


async def next_step(fay: Page, pages: list[Page], step_id: str | None) -> None:
    """The facilitator's one click, seen through on every page."""
    await fay.get_by_test_id("topbar-next-step").click()
    await on_step([fay, *pages], step_id)


async def test_the_template_day_by_pressing_only_next_step(hub: HubProcess, browser: Any) -> None:
    """E8 acceptance: the ten steps of the strategy-day template, run by "Next step" alone.
    Writing is refused where the step says so; the perception guesses and the SWOT written
    privately by department reach no other department's page until the step's reveal; the
    dot vote is open only in its step, the poll's rounds only in theirs; the projector
    shows each step's block."""
    board = hub.new_board(title="Strategy day", agenda=True)
    links = board["links"]
    wires = {name: Wire() for name in ("ana", "boris", "chloe")}
    fay = await join(browser, links["facilitator"], "Fay", None)
    ana = await join(browser, links["participant"], "Ana", "product", on_page=wires["ana"].attach)
    boris = await join(
        browser, links["participant"], "Boris", "sales", on_page=wires["boris"].attach
    )
    chloe = await join(
        browser, links["participant"], "Chloé", "marketing", on_page=wires["chloe"].attach
    )
    screen = await open_page(browser, links["screen"])
    await wait_ready(screen)
    people = [ana, boris, chloe, screen]
    a, b, c = wires["ana"], wires["boris"], wires["chloe"]

    # Before the day starts nothing is locked; no vote, no round.
    assert await hub_says(ana, a, {"kind": "poll.answer", "poll": "goal-poll", "score": 5}) == (
        "closed"
    )

    # 1. Icebreaker & expectations: everyone writes there, every other block is locked.
    await next_step(fay, people, "step-expectations")
    banner = ana.get_by_test_id("step-banner")
    await expect(banner).to_be_visible(timeout=WAIT_MS)
    await expect(banner).to_have_attribute("data-writers", "everyone")
    await go_to_block(ana, 1)
    await add_note(ana, "A day without surprises")
    await expect(note(boris, "A day without surprises")).to_be_visible(timeout=WAIT_MS)
    assert await hub_says(boris, b, swot("sw-early", "too early")) == "locked"
    await expect(screen.get_by_test_id("present-slide")).to_have_attribute(
        "data-block", "expectations", timeout=WAIT_MS
    )

    # 2. The poll before: its round is open, nobody writes on the board.
    await next_step(fay, people, "step-poll-before")
    await expect(ana.get_by_test_id("step-banner")).to_have_attribute("data-writers", "nobody")
    for page, wire, score in ((ana, a, 9), (boris, b, 8), (chloe, c, 8)):
        assert await hub_says(page, wire, {"kind": "poll.answer", "poll": "goal-poll",
                                            "score": score}) == "ok"  # fmt: skip
    assert await hub_says(ana, a, perception("p-early", "too early")) == "locked"
    await expect(screen.get_by_test_id("present-slide")).to_have_attribute(
        "data-block", "poll", timeout=WAIT_MS
    )

    # 3. The other departments' goals, written privately by department.
    await next_step(fay, people, "step-perception")
    await expect(boris.get_by_test_id("step-banner")).to_have_attribute(
        "data-visibility", "department"
    )
    assert await hub_says(boris, b, {"kind": "poll.answer", "poll": "goal-poll",
                                     "score": 3}) == "closed"  # fmt: skip
    guess = {"ana": "PRODUCT-GUESS marketing does PR", "boris": "SALES-GUESS product ships"}
    assert await hub_says(ana, a, perception("p-ana", guess["ana"])) == "ok"
    assert await hub_says(boris, b, perception("p-boris", guess["boris"], "product")) == "ok"
    await holds(fay, "p-ana", guess["ana"])  # the facilitator sees everything
    await holds(fay, "p-boris", guess["boris"])
    await caught_up(people, await _seq(fay))
    assert not b.carries(guess["ana"]) and not c.carries(guess["ana"])
    assert not a.carries(guess["boris"]) and not c.carries(guess["boris"])

    # 4. The reveal: moving on revealed the guesses; nobody writes there any more.
    await next_step(fay, people, "step-perception-reveal")
    card = boris.get_by_test_id("perception-guess").filter(has_text=guess["ana"])
    await expect(card).to_be_visible(timeout=WAIT_MS)
    await holds(chloe, "p-boris", guess["boris"])
    assert await hub_says(chloe, c, perception("p-late", "late")) == "locked"

    # 5, 6. Results of the year, the goal tree: each opens its block and locks the others.
    await next_step(fay, people, "step-results")
    assert await hub_says(ana, a, swot("sw-early-2", "still early")) == "locked"
    await next_step(fay, people, "step-goals")
    await expect(screen.get_by_test_id("present-slide")).to_have_attribute(
        "data-block", "goals", timeout=WAIT_MS
    )

    # 7. SWOT by department: each department's items are its own until the next step.
    await next_step(fay, people, "step-swot")
    strength = {"ana": "PRODUCT-STRENGTH fast releases", "boris": "SALES-STRENGTH big deals"}
    assert await hub_says(ana, a, swot("sw-ana", strength["ana"])) == "ok"
    assert await hub_says(boris, b, swot("sw-boris", strength["boris"])) == "ok"
    assert await hub_says(chloe, c, {"kind": "vote.cast", "vote": "swot-dots",
                                     "item": "sw-ana"}) == "not_found"  # fmt: skip
    swot_seq = await _seq(fay)
    await caught_up(people, swot_seq)
    # The projector shows how much is written, not what.
    await expect(screen.get_by_test_id("present-hidden")).to_contain_text("2 items")
    assert not a.carries(strength["boris"]) and not c.carries(strength["boris"])
    assert not b.carries(strength["ana"])

    # 8. The dot vote: three dots each, writing closed, SWOT revealed.
    await next_step(fay, people, "step-swot-vote")
    await expect(ana.get_by_test_id("step-banner")).to_contain_text(re.compile("3"))
    assert a.first_seen_at(strength["boris"]) > swot_seq
    vote = {"kind": "vote.cast", "vote": "swot-dots", "item": "sw-boris"}
    for _ in range(3):
        assert await hub_says(ana, a, vote) == "ok"
    assert await hub_says(ana, a, vote | {"item": "sw-ana"}) == "budget_exceeded"
    assert await hub_says(boris, b, swot("sw-more", "one more")) == "locked"
    await expect(screen.get_by_test_id("present-slide")).to_have_attribute(
        "data-block", "swot", timeout=WAIT_MS
    )
    await screen.wait_for_function(
        "() => crossboard.store.view.screen.mode === 'results'", timeout=WAIT_MS
    )

    # 9. The action plan: the vote closed when the facilitator moved on.
    await next_step(fay, people, "step-actions")
    assert await hub_says(chloe, c, vote) == "closed"
    await fay.wait_for_function(
        "() => crossboard.store.view.votes['swot-dots'].totals?.['sw-boris'] === 3",
        timeout=WAIT_MS,
    )

    # 10. The poll after: a new round; after the last step the round closes and the poll
    # is revealed, with both rounds' figures.
    await next_step(fay, people, "step-poll-after")
    for page, wire, score in ((ana, a, 7), (boris, b, 9), (chloe, c, 8)):
        assert await hub_says(page, wire, {"kind": "poll.answer", "poll": "goal-poll",
                                            "score": score}) == "ok"  # fmt: skip
    await next_step(fay, people, None)
    assert await hub_says(ana, a, {"kind": "poll.answer", "poll": "goal-poll",
                                   "score": 1}) == "closed"  # fmt: skip
    await chloe.wait_for_function(
        """() => { const p = crossboard.store.view.polls['goal-poll'];
                   return p.revealed && p.rounds.map(r => r.label).join() === 'Before,After'
                     && p.rounds.every(r => !r.open); }""",
        timeout=WAIT_MS,
    )
    for page in (fay, ana, boris, chloe, screen):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def _seq(page: Page) -> int:
    return int(await page.evaluate("crossboard.store.confirmed.seq"))


async def holds(page: Page, item_id: str, text: str) -> None:
    """The page's board holds the item with this text (what it draws)."""
    await page.wait_for_function(
        "([id, text]) => crossboard.store.view?.items?.[id]?.text === text",
        arg=[item_id, text],
        timeout=WAIT_MS,
    )


async def caught_up(pages: list[Page], seq: int) -> None:
    """Every page's replica has reached `seq`: what the hub sent up to it has arrived."""
    for page in pages:
        await page.wait_for_function(
            f"() => (crossboard.store.confirmed?.seq ?? 0) >= {seq}", timeout=WAIT_MS
        )


@pytest.mark.slow
async def test_a_kill_9_mid_step_keeps_the_step_its_rules_and_its_time(
    hub: HubProcess, browser: Any
) -> None:
    """E8, E5: the hub dies in the perception step; after its restart every page shows the
    same step, its rules still hold at the hub (private by department, the other blocks
    locked) and the time left continues from where it was."""
    board = hub.new_board(title="Strategy day", agenda=True)
    links = board["links"]
    wire = Wire()
    fay = await join(browser, links["facilitator"], "Fay", None)
    ana = await join(browser, links["participant"], "Ana", "product", on_page=wire.attach)
    boris = await join(browser, links["participant"], "Boris", "sales")
    for step in ("step-expectations", "step-poll-before", "step-perception"):
        await next_step(fay, [ana, boris], step)
    secret = "PRODUCT-GUESS before the crash"
    assert await hub_says(ana, wire, perception("p-ana", secret)) == "ok"
    await holds(fay, "p-ana", secret)
    before = int(await ana.get_by_test_id("topbar-timer").get_attribute("data-remaining-ms") or 0)
    assert before > 0

    hub.kill9()
    hub.start()
    for page in (fay, ana, boris):
        await expect(page.get_by_test_id("status")).to_have_attribute(
            "data-state", "live", timeout=RECONNECT_MS
        )
    await on_step([fay, ana, boris], "step-perception")
    after = int(await ana.get_by_test_id("topbar-timer").get_attribute("data-remaining-ms") or 0)
    assert 0 < after <= before, (before, after)  # counted on the hub's clock, not restarted
    await expect(boris.get_by_test_id("step-banner")).to_have_attribute(
        "data-visibility", "department", timeout=WAIT_MS
    )
    assert await hub_says(ana, wire, swot("sw-x", "not now")) == "locked"
    lea_wire = Wire()
    late = await join(browser, links["participant"], "Lea", "sales", on_page=lea_wire.attach)
    await on_step([late], "step-perception")
    await expect(late.get_by_test_id("step-banner")).to_have_attribute(
        "data-visibility", "department", timeout=WAIT_MS
    )
    assert not lea_wire.carries(secret)  # private to product, restart or not
    for page in (fay, ana, boris, late):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
