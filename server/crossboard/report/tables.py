"""The action plan as CSV: one row per action, owners joined, UTF-8 with a BOM so that
spreadsheet programs open Cyrillic and emoji text correctly.

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

HEADER = ["Action", "Kind", "Owners", "Who", "Cadence / due", "Status"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP)."""

QUOTED = (*FORMULA_STARTS, "'")


def neutralise(cell: str) -> str:
    """`cell` with a `'` in front if a spreadsheet could take it for a formula (or it
    begins with `'` already, so that dropping one leading `'` always reads it back)."""
    return "'" + cell if cell.startswith(QUOTED) else cell


def action_plan_csv(actions: list[Action]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for a in actions:
        row = [a.title, a.action_kind, "; ".join(a.owners), a.assignee, a.when, a.status]
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + out.getvalue()
