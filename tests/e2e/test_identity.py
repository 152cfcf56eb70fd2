"""Identities the hub issues (PROTOCOL.md, "Identity and trust"), in real Chromium: a second
tab is the same person, another browser a new one; personal links; department links; the
lobby. In English and in Russian where a person reads the words."""

from __future__ import annotations

from typing import Any

import msgpack
import pytest
from playwright.async_api import Page, expect

from ..support import HubProcess
from .pages import WAIT_MS, join, open_page, wait_ready

SAW_JOIN_FORM = """
new MutationObserver(() => {
  if (document.querySelector("[data-testid=join-form]")) window.__sawJoinForm = true;
}).observe(document, {subtree: true, childList: true});
"""


def record_hellos(page: Page) -> list[dict[str, Any]]:
    """Every hello the page sends, decoded."""
    hellos: list[dict[str, Any]] = []

    def sent(payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            frame = msgpack.unpackb(payload, raw=False)
            if isinstance(frame, dict) and frame.get("type") == "hello":
                hellos.append(frame)

    page.on("websocket", lambda ws: ws.on("framesent", sent))
    return hellos


async def eventually(page: Page, script: str, want: Any) -> None:
    """Wait until a value of the page (one not in the DOM) is `want` (JSON-comparable)."""
    await page.wait_for_function(
        f"(want) => JSON.stringify({script}) === JSON.stringify(want)", arg=want, timeout=WAIT_MS
    )


async def you(page: Page) -> dict[str, Any]:
    return dict(await page.evaluate("crossboard.store.you"))


async def test_a_second_tab_is_the_same_person_and_another_browser_a_new_one(
    hub: HubProcess, browser: Any
) -> None:
    """I1, I2, I8: the credential from the first welcome makes every tab and reload of that
    browser the same participant, without the join form; hellos carry the credential and
    never a participant id. A second browser with the plain join link is a new person. A
    personal link ("continue on another device") makes a third browser the same person, and
    leaves no credential in its address bar."""
    board = hub.new_board(title="Strategy day")
    link = board["links"]["participant"]
    ana = await join(browser, link, "Ana", "product")
    first = await you(ana)
    stored = await ana.evaluate(
        f"localStorage.getItem('crossboard:credential:{board['id']}:participant')"
    )
    assert isinstance(stored, str) and stored

    tab = await ana.context.new_page()
    hellos = record_hellos(tab)
    await tab.add_init_script(SAW_JOIN_FORM)
    await tab.goto(link)
    await wait_ready(tab)
    assert await tab.evaluate("window.__sawJoinForm === undefined"), "no join form the second time"
    assert await you(tab) == first
    assert hellos and all(h.get("credential") and "participant" not in h for h in hellos)
    await expect(tab.get_by_test_id("presence")).to_contain_text("1 online")
    await tab.reload()
    await wait_ready(tab)
    assert (await you(tab))["id"] == first["id"]

    other = await open_page(browser, link)
    await expect(other.get_by_test_id("join-form")).to_be_visible()
    await other.get_by_test_id("join-name").fill("Boris")
    await other.get_by_test_id("join-dept-sales").click()
    await other.get_by_test_id("join-submit").click()
    await wait_ready(other)
    assert (await you(other))["id"] != first["id"]
    await expect(ana.get_by_test_id("presence")).to_contain_text("2 online", timeout=WAIT_MS)

    # Continue on another device: Ana's own link opens the board as Ana elsewhere.
    await ana.get_by_test_id("device-button").click()
    personal = await ana.get_by_test_id("device-link").input_value()
    assert personal.startswith(f"{hub.url}/b/{board['id']}#") and "c=" in personal
    elsewhere_context = await browser.new_context(viewport={"width": 1280, "height": 800})
    elsewhere = await elsewhere_context.new_page()
    await elsewhere.add_init_script(SAW_JOIN_FORM)
    await elsewhere.goto(personal)
    await wait_ready(elsewhere)
    assert await elsewhere.evaluate("window.__sawJoinForm === undefined")
    assert await you(elsewhere) == first
    assert "c=" not in elsewhere.url and "#t=" in elsewhere.url, elsewhere.url
    await expect(ana.get_by_test_id("presence")).to_contain_text("2 online")
    for page in (ana, other):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


DEPARTMENT_CASES = [
    pytest.param(
        "en-US",
        None,
        {
            "label": "Participants — Sales only",
            "fixed": "You join as Sales.",
            "group": "Sales",
            "joined": "Joined by the Sales link: 1",
            "choice": "Who picks the department",
            "lead": "Enter your name to join.",
        },
        id="en",
    ),
    pytest.param(
        "ru-RU",
        ["Продукт", "Продажи", "Маркетинг"],
        {
            "label": "Участники — только Продажи",
            "fixed": "Вы входите от отдела «Продажи».",
            "group": "Продажи",
            "joined": "Вошли по ссылке отдела «Продажи»: 1",
            "choice": "Кто выбирает отдел",
            "lead": "Введите имя, чтобы войти.",
        },
        id="ru",
    ),
]


@pytest.mark.parametrize(("locale", "departments", "words"), DEPARTMENT_CASES)
async def test_a_department_link_fixes_the_department(
    hub: HubProcess,
    browser: Any,
    locale: str,
    departments: list[str] | None,
    words: dict[str, str],
) -> None:
    """I6, I3: the Links panel shows one link per department; a person joining by the Sales
    link is not asked for a department and is in Sales. With "the link picks the department"
    (I7), the plain participant link offers no choice and gives none."""
    body: dict[str, Any] = {"title": "Strategy day"}
    if departments:
        body["departments"] = departments
    board = hub.new_board(**body)
    sales = board["departments"][1]["id"]
    fay = await join(browser, board["links"]["facilitator"], "Fay", None, locale=locale)
    await fay.get_by_test_id("links-button").click()
    panel = fay.get_by_test_id("links-panel")
    row = panel.get_by_test_id(f"link-row-dept-{sales}")
    await expect(row).to_contain_text(words["label"])
    sales_link = await row.get_by_test_id(f"link-dept-{sales}").input_value()
    assert sales_link.startswith(f"{hub.url}/b/{board['id']}#t=")
    assert sales_link != await panel.get_by_test_id("link-participant").input_value()

    newcomer = await open_page(browser, sales_link, locale=locale)
    await expect(newcomer.get_by_test_id("join-fixed-department")).to_have_text(words["fixed"])
    await expect(newcomer.locator("[data-testid^=join-dept-]")).to_have_count(0)
    await newcomer.get_by_test_id("join-name").fill("Dana")
    await newcomer.get_by_test_id("join-submit").click()
    await wait_ready(newcomer)
    assert (await you(newcomer))["department"] == sales

    await fay.get_by_test_id("people-button").click()
    people = fay.get_by_test_id("people-panel")
    group = people.get_by_test_id(f"people-group-{sales}")
    await expect(group).to_contain_text("Dana", timeout=WAIT_MS)
    await expect(group).to_contain_text(words["group"])
    await expect(people.get_by_test_id(f"lobby-joined-participant:{sales}")).to_have_text(
        words["joined"], timeout=WAIT_MS
    )

    # The link picks the department: the plain participant link gives none.
    await expect(people.get_by_test_id("room-settings")).to_contain_text(words["choice"])
    await people.get_by_test_id("settings-department-choice").select_option("link")
    await eventually(fay, "crossboard.store.confirmed.settings.department_choice", "link")
    plain = await open_page(browser, board["links"]["participant"], locale=locale)
    await expect(plain.get_by_text(words["lead"])).to_be_visible()
    await expect(plain.locator("[data-testid^=join-dept-]")).to_have_count(0)
    await expect(plain.get_by_test_id("join-fixed-department")).to_have_count(0)
    await plain.get_by_test_id("join-name").fill("Eli")
    await plain.get_by_test_id("join-submit").click()
    await wait_ready(plain)
    assert (await you(plain))["department"] is None
    for page in (fay, newcomer, plain):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


LOBBY_CASES = [
    pytest.param(
        "en-US",
        {
            "lobby": "Lobby: new people wait to be let in",
            "waiting": "Waiting for the facilitator to let you in…",
            "you": "You are joining as Ana.",
            "section": "Waiting to be let in",
            "badge": "1 waiting",
            "admit": "Let in",
            "away": "Turn away",
            "turned": "The facilitator did not let you in.",
            "joined": "Joined by the participant link: 2",
        },
        id="en",
    ),
    pytest.param(
        "ru-RU",
        {
            "lobby": "Зал ожидания: новых участников впускает фасилитатор",
            "waiting": "Ждём, когда фасилитатор впустит вас…",
            "you": "Вы входите как Ana.",
            "section": "Ждут входа",
            "badge": "1 ждёт",
            "admit": "Впустить",
            "away": "Отказать",
            "turned": "Фасилитатор не впустил вас на доску.",
            "joined": "Вошли по ссылке для участников: 2",
        },
        id="ru",
    ),
]


@pytest.mark.parametrize(("locale", "words"), LOBBY_CASES)
async def test_the_lobby_lets_people_in_or_turns_them_away(
    hub: HubProcess, browser: Any, locale: str, words: dict[str, str]
) -> None:
    """I5, I7: the facilitator turns the lobby on; a newcomer waits without a board until let
    in, then the board opens on the same page (and a reload does not wait again); another is
    turned away and told so."""
    board = hub.new_board(title="Strategy day")
    link = board["links"]["participant"]
    fay = await join(browser, board["links"]["facilitator"], "Fay", None, locale=locale)
    await fay.get_by_test_id("people-button").click()
    people = fay.get_by_test_id("people-panel")
    settings = people.get_by_test_id("room-settings")
    await expect(settings).to_contain_text(words["lobby"])
    await settings.get_by_test_id("settings-lobby").check()
    await eventually(fay, "crossboard.store.confirmed.settings.lobby", True)

    ana = await waiting_newcomer(browser, link, "Ana", locale)
    await expect(ana.get_by_test_id("lobby-heading")).to_have_text(words["waiting"])
    await expect(ana.get_by_test_id("lobby-you")).to_have_text(words["you"])
    assert await ana.evaluate("crossboard.store.view") is None, "no board while waiting"
    await expect(ana.locator("html[data-ready='1']")).to_have_count(0)

    waiting = people.get_by_test_id("people-waiting")
    await expect(waiting).to_contain_text(words["section"], timeout=WAIT_MS)
    await expect(fay.get_by_test_id("people-waiting-count")).to_have_text(words["badge"])
    ana_row = waiting.get_by_test_id("lobby-person").filter(has_text="Ana")
    await expect(ana_row.get_by_test_id("lobby-admit")).to_have_text(words["admit"])
    await ana_row.get_by_test_id("lobby-admit").click()
    await expect(ana.get_by_test_id("lobby-waiting")).to_have_count(0, timeout=WAIT_MS)
    await wait_ready(ana)
    await expect(people.get_by_test_id("people-row").filter(has_text="Ana")).to_be_visible(
        timeout=WAIT_MS
    )
    await ana.reload()
    await wait_ready(ana)  # admitted: no waiting the second time

    boris = await waiting_newcomer(browser, link, "Boris", locale)
    boris_row = waiting.get_by_test_id("lobby-person").filter(has_text="Boris")
    await expect(boris_row.get_by_test_id("lobby-turn-away")).to_have_text(words["away"])
    await boris_row.get_by_test_id("lobby-turn-away").click()
    await expect(boris.get_by_test_id("lobby-heading")).to_have_text(
        words["turned"], timeout=WAIT_MS
    )
    assert await boris.evaluate("crossboard.store.view") is None
    await expect(waiting.get_by_test_id("lobby-person")).to_have_count(0, timeout=WAIT_MS)
    await expect(people.get_by_test_id("lobby-joined-participant")).to_have_text(words["joined"])
    for page in (fay, ana, boris):
        assert page.errors == [], page.errors  # type: ignore[attr-defined]


async def waiting_newcomer(browser: Any, link: str, name: str, locale: str) -> Page:
    """Join by the participant link and land in the lobby."""
    page = await open_page(browser, link, locale=locale)
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id("join-dept-sales").click()
    await page.get_by_test_id("join-submit").click()
    await expect(page.get_by_test_id("lobby-waiting")).to_be_visible(timeout=2 * WAIT_MS)
    return page
