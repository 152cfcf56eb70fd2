"""The action plan as CSV: one row per action, owners joined, UTF-8 with a BOM so that
spreadsheet programs open Cyrillic and emoji text correctly. The header and the kind and
status of each action are labels in the board's language (`words.py`), as in the report.

Every cell is neutralised against formula injection (OWASP "CSV Injection"): a cell that
begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
spreadsheet shows it as text instead of evaluating it (`=HYPERLINK(...)` stays a string).
A cell that begins with `'` gets one too, so the rule to read a cell back exactly is
simple: if it begins with `'`, drop that one character.
"""

from __future__ import annotations

import csv
import io

from .content import Action
from .words import Words

HEADER = ("col.action", "col.kind", "col.owners", "col.who", "col.when", "col.status")
"""The columns, as keys of `words.py`."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP)."""

QUOTED = (*FORMULA_STARTS, "'")


def neutralise(cell: str) -> str:
    """`cell` with a `'` in front if a spreadsheet could take it for a formula (or it
    begins with `'` already, so that dropping one leading `'` always reads it back)."""
    return "'" + cell if cell.startswith(QUOTED) else cell


def action_plan_csv(actions: list[Action], words: Words | None = None) -> str:
    w = words or Words()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([w(key) for key in HEADER])
    for a in actions:
        row = [a.title, a.kind, "; ".join(a.owners), a.assignee, a.when, a.status]
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + out.getvalue()
