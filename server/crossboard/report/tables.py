"""The action plan as CSV: one row per action, owners joined, UTF-8 with a BOM so that
spreadsheet programs open Cyrillic and emoji text correctly."""

from __future__ import annotations

import csv
import io

from .content import Action

HEADER = ["Action", "Kind", "Owners", "Who", "Cadence / due", "Status"]


def action_plan_csv(actions: list[Action]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for a in actions:
        writer.writerow([a.title, a.action_kind, "; ".join(a.owners), a.assignee, a.when, a.status])
    return "\ufeff" + out.getvalue()
