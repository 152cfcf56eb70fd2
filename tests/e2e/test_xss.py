"""Classic XSS payloads in every text a participant (or the board's creator) can set render
as the characters typed, in real Chromium: no dialog, no injected element or handler, no
blocked inline script, and the text reads back as typed — less the bidi embeddings,
overrides and isolates the hub strips from every text (docs/reliability.md, "Text"): a
right-to-left override reads back without it, and none reaches any page.

The CSP (no inline script) would stop most of these even if the client built HTML from
them, so the test does not rely on a dialog firing: it looks for the injected elements and
attributes in the DOM and for CSP violations, either of which means text became markup.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from playwright.async_api import Page, expect

from ..support import Client, HubProcess, pack
from .pages import QUIET_MS, WAIT_MS, go_to_block, note, open_page, wait_ready
from .seed import action_op, goal_op, note_op, send_all, swot_op

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(2)>",
    "javascript:alert(3)",
    '"><script>alert(4)</script>',
    "' onmouseover='alert(5)' x='",
    '" autofocus onfocus="alert(6)',
    "</textarea><img src=x onerror=alert(7)>",
    "${alert(8)}",
    "{{constructor.constructor('alert(9)')()}}",
    '<a href="javascript:alert(10)">click</a>',
    '<iframe srcdoc="<script>alert(11)</script>"></iframe>',
    "\u202e<b>12</b>\u202d gnp.exe",  # right-to-left override around markup
    "<scr\u200bipt>alert(13)</scr\u200bipt>",  # a zero-width space inside the tag name
    "&lt;img src=x onerror=alert(14)&gt;",  # already escaped: must stay as typed
    "<style>*{display:none}</style>15",
    "</title><script>alert(16)</script>",
    '<math><mi xlink:href="javascript:alert(17)">x</mi></math>',
    "<details open ontoggle=alert(18)>",
]
BOARD_TITLE = "</title><script>alert(0)</script><img src=x onerror=alert(0)>${alert(0)}"
DEPARTMENTS = ["<img src=x onerror=alert(20)>", '"><svg onload=alert(21)>', "Sales \u202elol"]
FAY = "Fay <img src=x onerror=alert(30)>"  # typed into the join form
STRIPPED = {  # what the hub keeps of the texts with bidi overrides in them
    "\u202e<b>12</b>\u202d gnp.exe": "<b>12</b> gnp.exe",
    "Sales \u202elol": "Sales lol",
}


def kept(text: str) -> str:
    """A text as the hub stores and serves it."""
    return STRIPPED.get(text, text)


SHOWN = [kept(p) for p in PAYLOADS]
SHOWN_DEPARTMENTS = [kept(d) for d in DEPARTMENTS]
ANA = '"><script>alert(31)</script> Ana'

INJECTED = """() => {
  const bad = [];
  const tags = "img, iframe, object, embed, body style, a, b, i, math, details, marquee, "
    + "base, video, audio, script:not([src])";  // the report's own <style> is in its head
  for (const el of document.querySelectorAll(tags)) bad.push(el.outerHTML.slice(0, 120));
  const text = ["value", "title", "aria-label"];  // attributes that are only ever shown as text
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || /^\\s*javascript:/i.test(attr.value) && !text.includes(name)) {
        bad.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 60)}`);
      }
    }
  }
  return bad.concat(window.__cspViolations || []);
}"""

TEXTS = """() => {
  const all = (id, prop = "textContent") =>
    [...document.querySelectorAll(`[data-testid=${id}]`)].map((el) => el[prop]);
  return {
    notes: all("note-text"),
    goals: all("goal-title"),
    swot: all("swot-text"),
    actions: all("action-title", "value"),
    assignees: all("action-assignee", "value"),
    title: document.querySelector("[data-testid=board-title]")?.textContent,
    documentTitle: document.title,
  };
}"""

BIDI = r"""() => {
  const texts = [document.title, document.documentElement.textContent,
    ...[...document.querySelectorAll("input, textarea")].map((el) => el.value)];
  return texts.filter((text) => /[\u202a-\u202e\u2066-\u2069]/.test(text))
    .map((text) => text.slice(0, 80));
}"""
"""Texts on the page that still hold a bidi embedding, override or isolate (none should)."""

RECORD_CSP = """() => document.addEventListener("securitypolicyviolation", (e) => {
  (window.__cspViolations = window.__cspViolations || []).push(`CSP ${e.violatedDirective}`);
})"""


def seed_ops(depts: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A note, a goal node, a SWOT item and an action (title and assignee) per payload:
    the ops that need nothing else first, then the ones that go one by one."""
    free, ordered = [], []
    for i, text in enumerate(PAYLOADS):
        order = f"k{chr(ord('a') + i)}"
        dept = depts[i % len(depts)]
        x, y = 20 + i % 4 * 230, 80 + i // 4 * 130
        free.append(note_op(f"n{i}", "expectations", text, dept, x, y))
        free.append(swot_op(f"s{i}", "SWOT"[i % 4], text, dept, order))
        ordered.append(goal_op(f"g{i}", text, None, order))
        ordered.append(action_op(f"a{i}", text, "task", [dept], order, assignee=text))
    return free, ordered


def report_url(hub: HubProcess, board: dict[str, Any]) -> str:
    """The report as the facilitator opens it in a tab: with a short-lived ticket."""
    req = urllib.request.Request(
        f"{hub.url}/api/boards/{board['id']}/tickets",
        method="POST",
        headers={"authorization": f"Bearer {board['tokens']['facilitator']}"},
    )
    with urllib.request.urlopen(req) as r:
        ticket = json.loads(r.read())["ticket"]
    return f"{hub.url}/api/boards/{board['id']}/report?ticket={ticket}"


async def open_board(browser: Any, url: str, name: str, dept: str | None) -> Page:
    """The join page first (it shows the board title and the departments), then the board."""
    page = await open_page(browser, url)
    await page.evaluate(RECORD_CSP)
    await expect(page.get_by_test_id("join-board-title")).to_have_text(BOARD_TITLE)
    for department in SHOWN_DEPARTMENTS:
        await expect(page.get_by_test_id("join-form")).to_contain_text(department)
    assert await page.evaluate(INJECTED) == []
    assert await page.evaluate(BIDI) == []
    await page.get_by_test_id("join-name").fill(name)
    await page.get_by_test_id(f"join-dept-{dept or 'none'}").click()
    await page.get_by_test_id("join-submit").click()
    await wait_ready(page)
    return page


async def test_xss_payloads_in_every_text_field_render_literally(
    hub: HubProcess, browser: Any
) -> None:
    board = hub.new_board(title=BOARD_TITLE, departments=DEPARTMENTS)
    assert [d["name"] for d in board["departments"]] == SHOWN_DEPARTMENTS
    depts = [d["id"] for d in board["departments"]]
    people = [
        await Client.join(hub, board, name=name, department=depts[i % len(depts)])
        for i, name in enumerate(PAYLOADS)
    ]
    free, ordered = seed_ops(depts)
    await send_all(people[0], free)
    await send_all(people[0], ordered, window=1)

    fay = await open_board(browser, board["links"]["facilitator"], FAY, None)
    ana = await open_board(browser, board["links"]["participant"], ANA, depts[0])
    for i, person in enumerate(people):  # live cursors carry the names too
        await person.ws.send(pack({"type": "cursor", "x": 100.0 + 10 * i, "y": 200.0}))

    n = len(PAYLOADS)
    for page in (fay, ana):
        await expect(page.get_by_test_id("note")).to_have_count(n, timeout=WAIT_MS)
        await expect(page.get_by_test_id("goal-node")).to_have_count(n)
        await expect(page.get_by_test_id("swot-item")).to_have_count(n)
        await expect(page.get_by_test_id("action-row")).to_have_count(n)
        texts = await page.evaluate(TEXTS)
        for field in ("notes", "goals", "swot", "actions", "assignees"):
            assert sorted(texts[field]) == sorted(SHOWN), field
        assert texts["title"] == BOARD_TITLE
        assert texts["documentTitle"] == f"{BOARD_TITLE} · crossboard"

    # Names: typed in the join form by the two people in Chromium, sent in the hello by
    # the others; shown in the presence panel and in the facilitator's people panel.
    names = [*SHOWN, FAY, ANA]
    await ana.get_by_test_id("presence").click()
    shown = await ana.get_by_test_id("presence-person").all_text_contents()
    assert all(any(name in s for s in shown) for name in names), shown
    await fay.get_by_test_id("people-button").click()
    shown = await fay.get_by_test_id("people-name").all_text_contents()
    assert [name for name in names if name not in shown] == [FAY], "participants, not her"

    # The editor is a textarea: "</textarea>" must stay inside its value. (The facilitator
    # opens it: a participant edits only their own notes, A8.)
    await fay.keyboard.press("Escape")
    await go_to_block(fay, 1)
    await note(fay, PAYLOADS[6]).dblclick()
    await expect(fay.get_by_test_id("editor")).to_have_value(PAYLOADS[6])
    await fay.get_by_test_id("editor").press("Escape")

    # The facilitator's report is HTML made by the hub from the same texts.
    report = await open_page(browser, report_url(hub, board))
    await report.evaluate(RECORD_CSP)
    text = await report.evaluate("() => document.body.textContent")
    assert [p for p in [*SHOWN, *SHOWN_DEPARTMENTS, BOARD_TITLE] if p not in text] == [], text[
        :2000
    ]

    await ana.wait_for_timeout(QUIET_MS)  # a handler that got in would have run by now
    for page in (fay, ana, report):
        assert await page.evaluate(INJECTED) == []
        assert await page.evaluate(BIDI) == []
        assert page.errors == [], page.errors  # type: ignore[attr-defined]  # incl. dialogs
