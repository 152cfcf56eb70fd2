"""The before/after poll of the session story (PROTOCOL.md E3, E4): "How achievable does the
company's strategic goal seem to you?" — 8.5 at the start of the day, 8.3 at the end — run by
the facilitator and answered by seven participants from three departments, each in a real
Chromium page. Departments of two are pooled as "Other" under the default smallest group
(k = 3) until the facilitator lowers k to 2 to compare the departments (I7)."""

from __future__ import annotations

import asyncio
import re
import statistics
from typing import Any

from playwright.async_api import Page, expect

from ..support import HubProcess
from .pages import WAIT_MS, go_to_block, join, set_min_group

POLL_BLOCK = 7  # the poll is the 7th block of the strategy day
QUESTION = "How achievable does the company's strategic goal seem to you?"

# name -> (department, Before score or None, After score, After "why")
PEOPLE: dict[str, tuple[str, int | None, int, str]] = {
    "Ana": ("product", 9, 10, "For the first time we work as one team"),
    "Pavel": ("product", 8, 7, "The wider view shows how hard it really is"),
    "Boris": ("sales", 9, 9, "Same as this morning"),
    "Sofia": ("sales", 8, 7, ""),
    "Chloé": ("marketing", 9, 10, "<b>Now</b> I see the roadmap"),
    "Mila": ("marketing", 8, 8, ""),
    "Lev": ("sales", None, 7, "Joined after lunch"),  # late: only the After round
}
BEFORE_WHY = {"Chloé": "The goal is clear"}


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def histogram(scores: list[int]) -> dict[int, int]:
    return {score: scores.count(score) for score in range(1, 11)}


async def answer(page: Page, score: int, why: str = "") -> None:
    """Pick a score, say why, send; the page shows it sent once the hub confirmed it."""
    await page.get_by_test_id(f"poll-score-{score}").click()
    if why:
        await page.get_by_test_id("poll-why").fill(why)
    await page.get_by_test_id("poll-submit").click()
    await expect(page.get_by_test_id("poll-status")).to_have_attribute("data-state", "sent")


async def dept_counts(page: Page, round_index: int, want: dict[str, int]) -> None:
    """The round's answers per department, as the page shows them (in any order)."""
    chips = page.get_by_test_id(f"poll-dept-counts-{round_index}").locator(".dept-count")
    await expect(chips).to_have_count(len(want), timeout=WAIT_MS)
    for name, n in want.items():
        await expect(chips.filter(has_text=re.compile(rf"^{name} {n}$"))).to_have_count(1)


async def bars(page: Page, round_index: int) -> dict[int, int]:
    cells = page.get_by_test_id(f"poll-round-{round_index}").get_by_test_id("poll-bar")
    out: dict[int, int] = {}
    for cell in await cells.all():
        score = await cell.get_attribute("data-score")
        count = await cell.get_attribute("data-count")
        assert score is not None and count is not None
        out[int(score)] = int(count)
    return out


async def test_before_and_after_poll_with_seven_participants_in_real_browsers(
    hub: HubProcess, browser: Any
) -> None:
    """E3/E4: answers stay counts until the reveal (no figure in the page while a round is
    open); after it every page shows the averages, the distributions, who raised, lowered or
    kept their score, the change and the reasons, exactly as computed from the scores given;
    the late joiner counts only in the After round."""
    board = hub.new_board(title="Strategy day")
    links = board["links"]
    early = [name for name, person in PEOPLE.items() if person[1] is not None]
    fay, *joined = await asyncio.gather(
        join(browser, links["facilitator"], "Fay", None),
        *(join(browser, links["participant"], n, PEOPLE[n][0]) for n in early),
    )
    pages: dict[str, Page] = dict(zip(early, joined, strict=True))
    await asyncio.gather(*(go_to_block(page, POLL_BLOCK) for page in (fay, *pages.values())))

    # The facilitator asks the question and opens the first round, labelled "Before".
    await fay.get_by_test_id("poll-new-question").fill(QUESTION)
    await fay.get_by_test_id("poll-new-create").click()
    await expect(fay.get_by_test_id("poll-question")).to_have_text(QUESTION, timeout=WAIT_MS)
    await expect(fay.get_by_test_id("poll-round-label")).to_have_value("Before")
    await fay.get_by_test_id("poll-open").click()

    ana = pages["Ana"]
    await expect(ana.get_by_test_id("poll-score-10")).to_be_visible(timeout=WAIT_MS)
    await asyncio.gather(
        *(answer(pages[name], PEOPLE[name][1] or 0, BEFORE_WHY.get(name, "")) for name in early)
    )
    # While the round is open everyone sees how many answered, by department, no figure.
    # Others' answers reach a page in the room's next `exercise` frame (E7, at most one a
    # second): a correctness wait with the scaled timeout. Two people per department are
    # under k = 3: the three departments are pooled as one "Other" group (E4).
    for page in (ana, fay):
        await expect(page.get_by_test_id("poll-responses-0")).to_have_text(
            "6 answers", timeout=WAIT_MS
        )
        await expect(page.get_by_test_id("poll-dept-counts-0")).to_have_text("Other 6")
    for selector in ("[data-testid^='poll-average']", "[data-testid='poll-bar']"):
        await expect(ana.locator(selector)).to_have_count(0)
        await expect(fay.locator(selector)).to_have_count(0)
    await expect(ana.get_by_test_id("poll-mine-0")).to_have_text("Yours: 9")

    # To compare the departments, the facilitator lets groups of two show (Room settings).
    await set_min_group(fay, 2)

    # End of the day: round 1 closes, "After" opens, and someone who came late joins in.
    await fay.get_by_test_id("poll-close").click()
    for page in (ana, fay):  # the closed round's counts, now per department
        await dept_counts(page, 0, {"Product": 2, "Sales": 2, "Marketing": 2})
    await expect(fay.get_by_test_id("poll-round-label")).to_have_value("After")
    await fay.get_by_test_id("poll-open").click()
    pages["Lev"] = await join(browser, links["participant"], "Lev", "sales")
    await go_to_block(pages["Lev"], POLL_BLOCK)
    await expect(pages["Lev"].get_by_test_id("poll-answer")).to_contain_text("After")
    await asyncio.gather(
        *(answer(pages[name], person[2], person[3]) for name, person in PEOPLE.items())
    )
    await expect(fay.get_by_test_id("poll-responses-1")).to_have_text("7 answers", timeout=WAIT_MS)
    await dept_counts(fay, 1, {"Product": 2, "Sales": 3, "Marketing": 2})
    await fay.get_by_test_id("poll-close").click()
    await fay.get_by_test_id("poll-reveal").click()

    before = [p[1] for p in PEOPLE.values() if p[1] is not None]
    after = [p[2] for p in PEOPLE.values()]
    paired = [(p[1], p[2]) for p in PEOPLE.values() if p[1] is not None]
    moves = {
        "raised": sum(a > b for b, a in paired),
        "lowered": sum(a < b for b, a in paired),
        "kept": sum(a == b for b, a in paired),
    }
    change = round(statistics.fmean(after), 2) - round(statistics.fmean(before), 2)
    assert (one_decimal(statistics.fmean(before)), one_decimal(statistics.fmean(after))) == (
        "8.5",
        "8.3",
    )  # the story's figures
    for page in (fay, ana):
        await expect(page.get_by_test_id("poll-average-0")).to_have_text(
            one_decimal(statistics.fmean(before)), timeout=WAIT_MS
        )
        await expect(page.get_by_test_id("poll-average-1")).to_have_text(
            one_decimal(statistics.fmean(after))
        )
        await expect(page.get_by_test_id("poll-median-1")).to_have_text(
            one_decimal(statistics.median(after))
        )
        await expect(page.get_by_test_id("poll-change")).to_have_text(
            f"({'−' if change < 0 else '+'}{one_decimal(abs(change))})"
        )
        for move, count in moves.items():
            await expect(page.get_by_test_id(f"poll-{move}")).to_have_text(str(count))
        await expect(page.get_by_test_id("poll-paired")).to_contain_text("6 people")
        assert await bars(page, 0) == histogram(before)
        assert await bars(page, 1) == histogram(after)
        # E4 with k = 2: three departments of two or more people who answered both rounds.
        rows = page.get_by_test_id("poll-by-department").locator("tbody tr")
        await expect(rows).to_have_count(3)
        sales = [p for p in PEOPLE.values() if p[0] == "sales"]
        sales_moves = [(p[2] > p[1]) - (p[2] < p[1]) for p in sales if p[1] is not None]
        await expect(page.get_by_test_id("poll-dept-sales").locator("th, td")).to_have_text(
            [
                "Sales",
                one_decimal(statistics.fmean(p[1] for p in sales if p[1] is not None)),
                one_decimal(statistics.fmean(p[2] for p in sales)),
                str(sales_moves.count(1)),
                str(sales_moves.count(-1)),
                str(sales_moves.count(0)),
            ]
        )
        await expect(page.get_by_test_id("poll-comments-raised")).to_contain_text(
            "For the first time we work as one team"
        )
        await expect(page.get_by_test_id("poll-comments-lowered")).to_contain_text(
            "how hard it really is"
        )
        # A "why" is text, never markup.
        await expect(page.get_by_test_id("poll-comments-raised")).to_contain_text(
            "<b>Now</b> I see the roadmap"
        )
    # The late joiner counts only in the After round.
    lev = pages["Lev"]
    await expect(lev.get_by_test_id("poll-mine-1")).to_have_text("Yours: 7")
    await expect(lev.get_by_test_id("poll-mine-0")).to_have_count(0)
    for page in (fay, *pages.values()):
        assert page.errors == []  # type: ignore[attr-defined]
