"""Dot voting in real Chromium (PROTOCOL.md E1, E2, E4, E7): the facilitator votes the SWOT,
four people from two departments place their dots, the hub refuses what is over the budget or
the per-item maximum and the page says why, nobody sees anyone's dots while the vote is open
(not even on the wire: someone else's dot arrives without author or item, the figures in a
coalesced `exercise` frame; only the facilitator learns how many people voted), and on close
every page shows the same ranked results with the department breakdown — departments of two
people, shown because the facilitator set the smallest group shown (k) to 2."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess
from .pages import WAIT_MS, Wire, clear_toasts, go_to_block, join, set_min_group, toast
from .seed import send_all, swot_op

SWOT = [
    ("s-1", "S", "Fast release cadence", "product"),
    ("s-2", "W", "No shared launch calendar", "marketing"),
    ("s-3", "O", "Mid-market is under-served", "sales"),
    ("s-4", "T", "Competitor bundles for free", "marketing"),
]

# Who places which dots (budget 3, at most 2 on one item), in order: "-" takes one back, "!"
# is a click the hub refuses (the page greys the button, the person clicks it anyway).
PLAN = {
    "ana": ["s-2", "s-2", "s-1", "!s-3", "-s-2"],
    "anton": ["s-3", "s-3", "s-2"],
    "boris": ["s-3", "s-3", "s-4"],
    "bella": ["s-3", "s-3", "!s-3", "s-2"],
}
REFUSED = {
    "ana": "No dots left: all 3 of your dots are placed",
    "bella": "At most 2 of your dots can go on one item",
}
RANKED = [("s-3", 6), ("s-2", 3), ("s-1", 1), ("s-4", 1)]  # ties in board order: S before T
BREAKDOWN = {"s-3": {"product": 2, "sales": 4}, "s-2": {"product": 2, "sales": 1}}


def in_swot(page: Page, testid: str) -> Any:
    return page.get_by_test_id("block-swot").get_by_test_id(testid)


def vote_item(page: Page, item: str) -> Any:
    return page.get_by_test_id("block-swot").locator(f"[data-testid=vote-item][data-item='{item}']")


async def cast(page: Page, step: str, mine: dict[str, int]) -> None:
    """One click on + (or − for "-item"), then wait until the hub's answer shows."""
    item = step.lstrip("-")
    delta = -1 if step.startswith("-") else 1
    row = vote_item(page, item)
    await row.get_by_test_id("vote-remove" if delta < 0 else "vote-add").click()
    mine[item] = mine.get(item, 0) + delta
    await expect(row).to_have_attribute("data-mine", str(mine[item]), timeout=WAIT_MS)


async def test_a_dot_vote_on_the_swot_from_start_to_ranked_results(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title="Strategy day")
    seeder = await Client.join(hub, board, name="Sam", department="marketing")
    await send_all(seeder, [swot_op(i, q, text, d, "V") for i, q, text, d in SWOT])
    await seeder.close()
    links = board["links"]
    wires = {name: Wire() for name in ("fay", *PLAN)}
    fay = await join(browser, links["facilitator"], "Fay", None, on_page=wires["fay"].attach)
    people: dict[str, Page] = {}
    for name, dept in (
        ("ana", "product"),
        ("anton", "product"),
        ("boris", "sales"),
        ("bella", "sales"),
    ):
        people[name] = await join(
            browser, links["participant"], name.title(), dept, on_page=wires[name].attach
        )
    ids = {name: await page.evaluate("crossboard.store.you.id") for name, page in people.items()}
    # Two people per department: the facilitator lets groups of two show (E4, I7; default 3).
    await set_min_group(fay, 2)

    # The facilitator brings everyone to the SWOT and starts a vote: 3 dots, at most 2 on one.
    await go_to_block(fay, 5)
    swot = fay.get_by_test_id("block-swot")
    await swot.get_by_test_id("block-spotlight").click()
    await swot.get_by_test_id("vote-setup").click()
    await swot.get_by_test_id("vote-budget").fill("3")
    await swot.get_by_test_id("vote-max").fill("2")
    await expect(swot.get_by_test_id("vote-live")).not_to_be_checked()
    await swot.get_by_test_id("vote-start").click()
    await expect(swot.get_by_test_id("vote-close")).to_be_visible(timeout=WAIT_MS)
    for page in people.values():
        await expect(in_swot(page, "vote-left")).to_have_text("Dots left: 3 of 3", timeout=WAIT_MS)
        await expect(in_swot(page, "vote-item")).to_have_count(len(SWOT))

    # Everyone places their dots; the page greys + out at the limits, the hub refuses.
    mine: dict[str, dict[str, int]] = {name: {} for name in PLAN}
    for name, steps in PLAN.items():
        page = people[name]
        for step in steps:
            if not step.startswith("!"):
                await cast(page, step, mine[name])
                continue
            plus = vote_item(page, step[1:]).get_by_test_id("vote-add")
            await expect(plus).to_have_attribute("aria-disabled", "true")
            await plus.click(force=True)  # a dimmed button still asks the hub, which decides
            await expect(toast(page, REFUSED[name])).to_be_visible(timeout=WAIT_MS)
            await clear_toasts(page)
            await expect(vote_item(page, step[1:])).to_have_attribute(
                "data-mine", str(mine[name].get(step[1:], 0))
            )
        left = 3 - sum(mine[name].values())
        await expect(in_swot(page, "vote-left")).to_have_text(f"Dots left: {left} of 3")

    # While open, without live totals: the dots placed, nobody's dots; how many people voted
    # only on the facilitator's page (E7). Others' dots reach a page in the room's next
    # `exercise` frame (at most one a second): a correctness wait, with the scaled timeout.
    for page, progress in (
        (fay, "4 people voted · 11 dots"),
        *((page, "11 dots") for page in people.values()),
    ):
        await expect(in_swot(page, "vote-progress")).to_have_text(progress, timeout=WAIT_MS)
        totals = in_swot(page, "vote-total")
        assert await totals.all_inner_texts() == [""] * len(SWOT)
    for name, wire in wires.items():
        own_casts = 0
        published: list[dict[str, Any]] = []
        for frame in wire.frames():
            if frame.get("type") == "exercise":
                published.extend(frame.get("votes", {}).values())
            if frame.get("type") != "applied" or frame["op"]["kind"] != "vote.cast":
                continue
            if frame["by"] is not None and frame["by"]["id"] == ids.get(name):
                own_casts += 1
                view = frame["exercise"]["votes"][frame["op"]["vote"]]
                assert view["totals"] is None and view["by_department"] is None, view
                assert "item" in frame["op"] and "mine" in view
            else:  # someone else's dot: which vote, nothing more — no author, no figures
                assert frame["op"] == {"kind": "vote.cast", "vote": frame["op"]["vote"]}, frame
                assert frame["by"] is None and frame["cid"] is None, frame
                assert "exercise" not in frame, f"{name} got figures with another's dot"
        placed = [step for step in PLAN.get(name, []) if not step.startswith("!")]
        assert own_casts == len(placed), (name, own_casts)  # a refused dot is not in the log
        assert published, f"{name} got no exercise frame"
        for view in published:
            assert view["totals"] is None and view["by_department"] is None, view
            assert "mine" not in view, f"{name} got someone's dots in an exercise frame"
            assert (view["voters"] is None) == (name != "fay"), (name, view["voters"])
        assert published[-1]["dots_placed"] == 11, (name, published[-1])

    # Closed: every page shows the same ranking, bars split by department.
    await swot.get_by_test_id("vote-close").click()
    for page in (fay, *people.values()):
        rows = in_swot(page, "vote-result")
        await expect(rows).to_have_count(len(RANKED), timeout=WAIT_MS)
        got = [
            (await r.get_attribute("data-item"), int(await r.get_attribute("data-total") or -1))
            for r in await rows.all()
        ]
        assert got == RANKED, got
        for item, split in BREAKDOWN.items():
            segments = rows.and_(page.locator(f"[data-item='{item}']")).get_by_test_id(
                "vote-segment"
            )
            shown = {
                await s.get_attribute("data-dept"): int(await s.get_attribute("data-n") or 0)
                for s in await segments.all()
            }
            assert shown == split, (item, shown)
        await expect(in_swot(page, "vote-breakdown-hidden")).to_have_count(0)
        await expect(in_swot(page, "vote-legend-chip")).to_have_text(["Product", "Sales"])
    # In board order on request; the results stay on the block.
    await in_swot(people["boris"], "vote-sort-board").click()
    board_order = in_swot(people["boris"], "vote-result")
    await expect(board_order.first).to_have_attribute("data-item", "s-1")
    assert [await r.get_attribute("data-item") for r in await board_order.all()] == [
        "s-1",
        "s-2",
        "s-3",
        "s-4",
    ]
    for page in (fay, *people.values()):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]
