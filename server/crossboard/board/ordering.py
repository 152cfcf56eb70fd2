"""Fractional-index keys: strings over 0-9A-Za-z that sort siblings, with a key between any two.

Keys compare as plain strings (byte order of this alphabet is its digit order). A key never
ends in "0", so there is always room below it. The JS client has the same function.
"""

from __future__ import annotations

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
_VALUE = {c: i for i, c in enumerate(DIGITS)}


def key_between(before: str | None, after: str | None) -> str:
    """A key strictly between `before` and `after` (None means open end).

    Raises ValueError when `before >= after` or a key ends in the smallest digit.
    """
    if before is not None and after is not None and before >= after:
        raise ValueError(f"no key between {before!r} and {after!r}")
    for key in (before, after):
        if key is not None and (not key or key[-1] == DIGITS[0] or set(key) - set(DIGITS)):
            raise ValueError(f"not a valid order key: {key!r}")
    lo = before or ""
    hi = after
    out = []
    i = 0
    while True:
        a = _VALUE[lo[i]] if i < len(lo) else 0
        b = _VALUE[hi[i]] if hi is not None and i < len(hi) else _BASE
        if b - a > 1:
            out.append(DIGITS[(a + b) // 2])
            return "".join(out)
        # No room at this digit: keep lo's digit and look further down.
        out.append(DIGITS[a])
        if b - a == 1:
            hi = None  # anything after this prefix is below `after`
        i += 1


def keys_after(before: str | None, count: int) -> list[str]:
    """`count` increasing keys after `before`, for laying out a template or an import."""
    keys: list[str] = []
    last = before
    for _ in range(count):
        last = key_between(last, None)
        keys.append(last)
    return keys
