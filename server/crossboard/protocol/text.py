"""What a text, a date or a list of owners may hold, for the op models, the HTTP routes and
backup imports alike (shared/PROTOCOL.md "HTTP", docs/reliability.md "Text").

Texts are cleaned, not refused: a note pasted from a word processor with a stray control
character is kept without it, rather than lost. Stripped everywhere:
- C0 control characters except tab and line feed (a CR or CR LF becomes a line feed), DEL
  and the C1 controls U+0080-U+009F: invisible, and NUL truncates text in C libraries;
- the bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069: an unclosed
  one reverses whatever is printed after the text (a file name, a CSV cell, a table row);
  the plain marks LRM/RLM/ALM stay, mixed-script text needs them and they reverse nothing;
- lone surrogates (U+D800-U+DFFF), which JSON can carry but UTF-8 cannot encode.
One-line texts (board titles, department names, people's names) also turn tabs and line
breaks into spaces. Dates must be real calendar dates; owners of an action must not repeat.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints

_STRIPPED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_BREAKS = re.compile("\r\n?")
_LINE_SPACES = re.compile("[\t\n\r]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def clean_text(value: str) -> str:
    """`value` without control, bidi-override and lone-surrogate characters; line breaks
    normalised to LF; tabs and line feeds kept (a multi-line note)."""
    return _STRIPPED.sub("", _BREAKS.sub("\n", value))


def clean_line(value: str) -> str:
    """`clean_text` for one-line texts: tabs and line breaks become spaces."""
    return _LINE_SPACES.sub(" ", _STRIPPED.sub("", _BREAKS.sub("\n", value)))


def is_clean(value: str) -> bool:
    """Would `clean_text` leave `value` as it is?"""
    return _STRIPPED.search(value) is None and "\r" not in value


def real_date(value: str) -> str:
    """`value` if it is a real YYYY-MM-DD calendar date (2024-02-29 yes, 2023-02-29 and
    2024-02-30 no); raises ValueError otherwise."""
    match = _DATE.match(value)
    if match is None:
        raise ValueError("a date is written YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    if year == 0:
        raise ValueError(f"{value} is not a date: the calendar has no year 0")
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a date: there is no month {month}")
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not 1 <= day <= days:
        raise ValueError(f"{value} is not a date: that month has {days} days")
    return value


def distinct(values: list[str]) -> list[str]:
    """`values` if none repeats (an action's owners); raises ValueError naming the first
    repeat otherwise."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is named twice")
        seen.add(value)
    return values


def _text_in(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def _line_in(value: Any) -> Any:
    return clean_line(value) if isinstance(value, str) else value


CLEAN_TEXT = BeforeValidator(_text_in)
"""Cleans a multi-line text before its type and size are checked; put it after the
constraints: `Annotated[str, StringConstraints(max_length=MAX_TEXT), CLEAN_TEXT]` (so a
long text still fails as `string_too_long`, and anything but a string is left for the
strict `str` check to refuse)."""

CLEAN_LINE = BeforeValidator(_line_in)
"""The same for a one-line text (a name): `Annotated[str, StringConstraints(min_length=1,
max_length=MAX_TITLE), CLEAN_LINE]` also refuses a name that was only control characters."""

CalendarDate = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(real_date)
]
"""A due date: YYYY-MM-DD and a real day of the calendar."""
