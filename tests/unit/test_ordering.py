"""Fractional-index keys (R11): a key strictly between any two, over a fixed alphabet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from crossboard.board.ordering import DIGITS, key_between, keys_after
from crossboard.protocol.ops import OrderKey

# A valid key: digits of the alphabet, not ending in the smallest one.
keys = st.builds(
    lambda body, last: body + last,
    st.text(alphabet=DIGITS, max_size=8),
    st.sampled_from(DIGITS[1:]),
)
order_keys: TypeAdapter[str] = TypeAdapter(OrderKey)


def assert_valid(key: str) -> None:
    assert key, "a key is never empty"
    assert set(key) <= set(DIGITS), f"{key!r} uses characters outside the alphabet"
    assert key[-1] != DIGITS[0], f"{key!r} ends in the smallest digit"


def test_alphabet_sorts_in_digit_order() -> None:
    """R11: keys compare as plain strings, so the alphabet must be in code-point order."""
    assert list(DIGITS) == sorted(DIGITS)
    assert len(set(DIGITS)) == 62


def test_first_key_is_the_middle_digit() -> None:
    """R11: an empty list starts in the middle, leaving room on both sides (the ops' default
    order is this key)."""
    assert key_between(None, None) == "V"
    assert order_keys.validate_python("V") == "V"


@settings(max_examples=300)
@given(keys, keys)
def test_key_between_is_strictly_between(a: str, b: str) -> None:
    """R11: for any two different keys, the new key sorts strictly between them."""
    if a == b:
        return
    low, high = min(a, b), max(a, b)
    key = key_between(low, high)
    assert low < key < high
    assert_valid(key)


@settings(max_examples=200)
@given(keys)
def test_key_between_open_ends(a: str) -> None:
    """R11: None is an open end: a key before the first or after the last."""
    before, after = key_between(None, a), key_between(a, None)
    assert before < a < after
    assert_valid(before)
    assert_valid(after)


@settings(max_examples=100)
@given(keys, st.lists(st.booleans(), min_size=1, max_size=40))
def test_repeated_insertion_stays_ordered(start: str, lefts: list[bool]) -> None:
    """R11: inserting again and again into the same gap (a drag back and forth) always finds
    room and keeps every key valid and the list sorted."""
    keys_so_far = [start, key_between(start, None)]
    for left in lefts:
        index = 0 if left else len(keys_so_far) - 2
        new = key_between(keys_so_far[index], keys_so_far[index + 1])
        keys_so_far.insert(index + 1, new)
        assert_valid(new)
    assert keys_so_far == sorted(keys_so_far)
    assert len(set(keys_so_far)) == len(keys_so_far)


@settings(max_examples=100)
@given(st.none() | keys, st.integers(min_value=0, max_value=50))
def test_keys_after_are_increasing(before: str | None, count: int) -> None:
    """R11: keys_after gives `count` valid keys, increasing, all after `before`."""
    out = keys_after(before, count)
    assert len(out) == count
    for key in out:
        assert_valid(key)
    assert out == sorted(out) and len(set(out)) == count
    if before is not None and out:
        assert before < out[0]


@pytest.mark.parametrize(
    ("before", "after"),
    [("V", "V"), ("k", "V"), ("", None), (None, ""), ("V0", None), (None, "10"), ("a-b", None)],
)
def test_key_between_refuses_bad_bounds(before: str | None, after: str | None) -> None:
    """R11: equal or reversed bounds, empty keys, keys ending in "0" and characters outside
    the alphabet are errors, not silently wrong keys."""
    with pytest.raises(ValueError):
        key_between(before, after)


@settings(max_examples=300)
@given(st.text(alphabet=DIGITS + "-_ ", min_size=0, max_size=6))
def test_ops_accept_exactly_the_keys_ordering_can_work_with(key: str) -> None:
    """R11: an order key the op models accept is one key_between can place items around, and
    the other way round. (A stored key like "10" would leave no room below it: nothing sorts
    between "1" and "10".)"""
    try:
        order_keys.validate_python(key)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    try:
        key_between(key, None)
        key_between(None, key)
    except ValueError:
        usable = False
    else:
        usable = True
    assert accepted == usable, f"{key!r}: ops accept it: {accepted}, ordering can use it: {usable}"
