"""Token buckets that outlive connections, and the flood record of an address, on a fake
clock (the real-socket side is tests/integration/test_limits.py)."""

from __future__ import annotations

from dataclasses import replace

from crossboard.hub.config import HubConfig
from crossboard.hub.limits import Limits
from crossboard.hub.ratelimit import BucketTable, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_may_start_with_fewer_tokens_than_its_burst() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=10, burst=100, clock=clock, tokens=1)
    assert bucket.take() and not bucket.take()
    clock.now += 0.5
    assert sum(bucket.take() for _ in range(100)) == 5
    assert not bucket.full()
    clock.now += 10
    assert bucket.full()


def test_a_table_keeps_a_spent_bucket_and_forgets_it_once_full_again() -> None:
    clock = Clock()
    table: BucketTable[str] = BucketTable(rate=10, burst=20, clock=clock)
    assert sum(table.take("ann") for _ in range(30)) == 20
    assert not table.take("ann"), "the same key gets the same, spent bucket"
    assert table.take("bob"), "another key has its own"
    clock.now += 2.5  # both full again by now; the next new key sweeps them away
    assert table.take("eve") and len(table) == 1
    assert sum(table.take("ann") for _ in range(30)) == 20, "forgotten means full"


def test_a_new_key_may_start_without_its_burst() -> None:
    table: BucketTable[str] = BucketTable(rate=10, burst=20, clock=Clock())
    assert sum(table.take("ann", start=1) for _ in range(30)) == 1
    assert sum(table.take("ann", start=20) for _ in range(30)) == 0, "start is for new keys"


def limits(**changes: float) -> tuple[Limits, Clock]:
    clock = Clock()
    settings = {"flood_cooldown": 5, "flood_cooldown_max": 60, "flood_memory": 600, **changes}
    config = replace(HubConfig(), **settings)
    return Limits(config, clock), clock


def test_each_flood_doubles_the_cooldown_up_to_the_maximum() -> None:
    lim, clock = limits()
    assert lim.cooldown("1.2.3.4") == 0 and not lim.on_probation("1.2.3.4")
    cooldowns = []
    for _ in range(6):
        cooldowns.append(lim.flooded("1.2.3.4"))
        assert lim.cooldown("1.2.3.4") == cooldowns[-1]
        assert lim.cooldown("5.6.7.8") == 0, "other addresses are not touched"
        clock.now += cooldowns[-1]
        assert lim.cooldown("1.2.3.4") == 0
    assert cooldowns == [5, 10, 20, 40, 60, 60]
    assert lim.on_probation("1.2.3.4")


def test_a_flood_is_forgotten_after_the_memory() -> None:
    lim, clock = limits()
    lim.flooded("1.2.3.4")
    lim.flooded("1.2.3.4")
    clock.now += 599
    assert lim.on_probation("1.2.3.4")
    clock.now += 2
    assert not lim.on_probation("1.2.3.4")
    assert lim.flooded("1.2.3.4") == 5, "counted from one again"
    assert lim.flooded("9.9.9.9") == 5 and "1.2.3.4" in lim._strikes
    clock.now += 601
    lim.flooded("9.9.9.9")
    assert "1.2.3.4" not in lim._strikes, "old records are dropped"


def test_a_zero_cooldown_refuses_nothing() -> None:
    lim, _ = limits(flood_cooldown=0)
    assert lim.flooded("1.2.3.4") == 0 and lim.cooldown("1.2.3.4") == 0


def test_op_buckets_are_per_participant_and_per_address_and_outlive_connections() -> None:
    lim, clock = limits(ops_per_second=30, ops_burst=120, ip_ops_per_second=200)
    lim.admit("1.2.3.4", "b")
    assert sum(lim.take_op("1.2.3.4", "b", "ann") for _ in range(150)) == 120
    lim.release("1.2.3.4", "b")  # ann's connection ends; she comes back at once
    lim.admit("1.2.3.4", "b")
    assert not lim.take_op("1.2.3.4", "b", "ann")
    assert lim.take_op("1.2.3.4", "other-board", "ann"), "per board"
    assert sum(lim.take_op("1.2.3.4", "b", "bob") for _ in range(150)) == 79, (
        "the address's 200 are shared: 120 + 1 spent, 79 left"
    )
    clock.now += 1
    assert lim.take_op("1.2.3.4", "b", "ann")


def test_on_probation_a_new_participant_gets_one_op_then_the_rate() -> None:
    lim, clock = limits()
    assert sum(lim.take_op("ip", "b", "new", probation=True) for _ in range(50)) == 1
    clock.now += 1
    assert sum(lim.take_op("ip", "b", "new", probation=True) for _ in range(50)) == 30
    assert sum(lim.take_op("ip", "b", "known") for _ in range(50)) == 50
    assert sum(lim.take_op("ip", "b", "known", probation=True) for _ in range(90)) == 70, (
        "a participant already known keeps the bucket they have"
    )
