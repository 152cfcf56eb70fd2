"""Board content for the e2e tests, the screenshot and the load bench, sent as real ops.

Ops go through the protocol `Client` helper (a real websocket), so what the browser loads
is exactly what a session would have produced.
"""

from __future__ import annotations

from typing import Any

from ..support import Client, HubProcess

PEOPLE = {
    "product": ("Ana", "Product"),
    "sales": ("Boris", "Sales"),
    "marketing": ("Chloé", "Marketing"),
}

PERCEPTION = {
    # The perception exercise: writer -> department written about -> texts, in the order
    # written. A department writing about itself writes its real goals.
    "product": {
        "product": ["Ship what customers recommend", "Onboarding in one day"],
        "sales": ["Close deals at any discount"],
        "marketing": ["Likes and press mentions"],
    },
    "sales": {
        "sales": ["€3.5M new ARR"],
        "product": ["Build what is fun to build"],
        "marketing": ["Pretty slides for events"],
    },
    "marketing": {
        "marketing": ["3,000 qualified leads"],
        "product": ["A roadmap nobody shares"],
        "sales": ["Hit the quarter, whatever it takes"],
    },
}


async def send_all(client: Client, ops: list[dict[str, Any]], window: int = 200) -> None:
    """Send ops with at most `window` unacknowledged; fail on any refusal. The hub pre-checks
    an op against the log before the sender's ops in flight, so ops that need an item made by
    an earlier one (a child goal, a hung note) go with `window=1`."""
    pending: set[str] = set()
    queue = list(ops)
    while queue or pending:
        while queue and len(pending) < window:
            pending.add(await client.send_op(queue.pop(0)))
        frame = await client.recv()
        if frame["type"] == "applied" and frame["cid"] in pending:
            pending.discard(frame["cid"])
        elif frame["type"] == "rejected":
            raise AssertionError(f"seed op refused: {frame}")


def note_op(
    item_id: str, block: str, text: str, dept: str | None, x: float, y: float, on: str | None = None
) -> dict[str, Any]:
    return {
        "kind": "item.add",
        "id": item_id,
        "block": block,
        "item": {"kind": "note", "text": text, "department": dept, "x": x, "y": y, "on": on},
    }


def goal_op(
    item_id: str, title: str, parent: str | None, order: str, block: str = "goals"
) -> dict[str, Any]:
    return {
        "kind": "item.add",
        "id": item_id,
        "block": block,
        "item": {"kind": "goal", "title": title, "parent": parent, "order": order},
    }


def swot_op(item_id: str, quadrant: str, text: str, dept: str | None, order: str) -> dict[str, Any]:
    return {
        "kind": "item.add",
        "id": item_id,
        "block": "swot",
        "item": {
            "kind": "swot",
            "quadrant": quadrant,
            "text": text,
            "department": dept,
            "order": order,
        },
    }


def action_op(
    item_id: str, title: str, kind: str, owners: list[str], order: str, **extra: Any
) -> dict[str, Any]:
    body = {
        "kind": "action",
        "title": title,
        "action_kind": kind,
        "owners": owners,
        "assignee": extra.get("assignee", ""),
        "cadence": extra.get("cadence"),
        "due": extra.get("due"),
        "status": extra.get("status", "todo"),
        "source": extra.get("source"),
        "order": order,
    }
    return {"kind": "item.add", "id": item_id, "block": "actions", "item": body}


async def seed_story(hub: HubProcess, board: dict[str, Any]) -> None:
    """A strategy day in full swing: every block kind in use, three departments."""
    clients = {
        dept: await Client.join(hub, board, name=name, department=dept)
        for dept, (name, _) in PEOPLE.items()
    }
    p, s, m = clients["product"], clients["sales"], clients["marketing"]
    await send_all(
        p,
        [
            note_op(
                "n-exp-1",
                "expectations",
                "Leave with ONE shared goal for 2025 🎯",
                "product",
                40,
                100,
            ),
            note_op("n-exp-2", "expectations", "Understand why launches slip", "product", 280, 110),
            note_op("n-res-1", "results", "Shipped 14 releases, NPS 41 → 52", "product", 40, 150),
            note_op(
                "n-per-1", "perception", "Sales wants discounts to close faster", "sales", 60, 120
            ),
        ],
    )
    await send_all(
        s,
        [
            note_op("n-exp-3", "expectations", "Fewer surprises in the roadmap", "sales", 520, 100),
            note_op("n-exp-4", "expectations", "Понять приоритеты продукта 🙂", "sales", 760, 120),
            note_op("n-res-2", "results", "Closed €3.1M new ARR (plan €2.8M)", "sales", 420, 150),
            note_op(
                "n-per-2",
                "perception",
                "Marketing measures likes, not leads",
                "marketing",
                320,
                140,
            ),
        ],
    )
    await send_all(
        m,
        [
            note_op(
                "n-exp-5",
                "expectations",
                "A launch calendar everyone trusts",
                "marketing",
                160,
                330,
            ),
            note_op("n-exp-6", "expectations", "Coffee ☕ and honest talk", "marketing", 420, 340),
            note_op("n-res-3", "results", "2,400 MQLs, CAC down 18%", "marketing", 820, 150),
            note_op(
                "n-per-3",
                "perception",
                "Product builds what is fun to build",
                "product",
                580,
                130,
            ),
        ],
    )
    await send_all(
        p,
        window=1,
        ops=[
            goal_op("g-root", "Grow ARR 40% with a product customers recommend", None, "V"),
            goal_op("g-1", "Win mid-market accounts", "g-root", "F"),
            goal_op("g-2", "Launch on a shared calendar", "g-root", "V"),
            goal_op("g-3", "Regular synchronization", "g-root", "k"),
            goal_op("g-1a", "Self-serve onboarding < 1 day", "g-1", "V"),
            goal_op("g-1b", "Reference customers in 3 verticals", "g-1", "k"),
            goal_op("g-2a", "Quarterly launch review", "g-2", "V"),
            goal_op("g-3a", "Bi-weekly product × sales sync", "g-3", "V"),
            goal_op("g-3b", "Shared pipeline dashboard", "g-3", "k"),
            note_op("n-hang-1", "goals", "Onboarding takes 9 days today", "sales", 0, 0, on="g-1a"),
            note_op("n-hang-2", "goals", "Demo stories per vertical", "marketing", 0, 0, on="g-1b"),
            note_op(
                "n-hang-3", "goals", "Roadmap changes reach sales late", "sales", 0, 0, on="g-3"
            ),
        ],
    )
    swot = [
        ("s-1", "S", "Fast release cadence", "product"),
        ("s-2", "S", "Strong enterprise logos", "sales"),
        ("s-3", "S", "Content that ranks", "marketing"),
        ("s-4", "W", "No shared launch calendar", "marketing"),
        ("s-5", "W", "Long onboarding", "product"),
        ("s-6", "O", "Mid-market is under-served", "sales"),
        ("s-7", "O", "Partner channel in DACH", "sales"),
        ("s-8", "T", "Competitor bundles for free", "marketing"),
        ("s-9", "T", "Key engineers leaving", "product"),
    ]
    await send_all(
        s, [swot_op(i, q, text, d, chr(ord("F") + n)) for n, (i, q, text, d) in enumerate(swot)]
    )
    await send_all(
        m,
        window=1,
        ops=[
            action_op(
                "a-1",
                "Bi-weekly product × sales sync",
                "process",
                ["product", "sales"],
                "V",
                cadence="every 2 weeks",
                assignee="Ana & Boris",
                status="doing",
                source="g-3a",
            ),
            action_op(
                "a-2",
                "Publish a shared launch calendar",
                "task",
                ["marketing", "product"],
                "k",
                due="2025-03-31",
                assignee="Chloé",
                source="s-4",
            ),
            action_op(
                "a-3",
                "Onboarding in under a day",
                "goal",
                ["product"],
                "s",
                due="2025-06-30",
                assignee="Product team",
                source="g-1a",
            ),
            action_op(
                "a-4",
                "Mid-market pilot offer",
                "task",
                ["sales", "marketing"],
                "u",
                due="2025-04-15",
                assignee="Boris",
                status="done",
                source="s-6",
            ),
        ],
    )
    for client in clients.values():
        await client.close()


async def seed_bulk(
    hub: HubProcess, board: dict[str, Any], notes: int = 500, goals: int = 100
) -> None:
    """`notes` notes spread over the note blocks and a `goals`-node goal tree."""
    client = await Client.join(hub, board, name="Bench", department="product")
    depts = ["product", "sales", "marketing"]
    blocks = ["expectations", "perception", "results"]
    ops: list[dict[str, Any]] = []
    waves: list[list[dict[str, Any]]] = [ops]
    for i in range(notes):
        block = blocks[i % 3]
        k = i // 3
        ops.append(
            note_op(
                f"n-{i}",
                block,
                f"Note {i}: idea number {i} — заметка",
                depts[i % 3],
                20 + (k % 5) * 230,
                80 + (k // 5) * 22,
            )
        )
    ops.append(goal_op("g-0", "Strategic goal", None, "V"))
    depth = {0: 0}
    for i in range(1, goals):
        parent = (i - 1) // 4  # four children per node, breadth first
        depth[i] = depth[parent] + 1
        while len(waves) <= depth[i]:
            waves.append([])
        waves[depth[i]].append(goal_op(f"g-{i}", f"Goal {i}", f"g-{parent}", "V" if i % 2 else "k"))
    for wave in waves:  # a level goes once its parents are in the log
        await send_all(client, wave)
    await client.close()
