"""The session report as Markdown: the same content as the HTML page, for wikis and mail."""

from __future__ import annotations

import re
from typing import Any

from .content import GoalNode, Report

_MARKUP = re.compile(r"([\\`*_\[\]<>&|#~!$])")
"""ASCII punctuation that starts markup somewhere (emphasis, code, links and images, raw
HTML and entities, table cells, headings, strikethrough, math): backslash-escaped in user
text, which CommonMark allows for any ASCII punctuation."""


def _text(text: str) -> str:
    """User text as literal Markdown: markup characters escaped, line breaks flattened (a
    break could start a new block: a heading, a list, raw HTML)."""
    return _MARKUP.sub(r"\\\1", " ".join(text.splitlines()))


def _cell(text: str) -> str:
    """A table cell: user text escaped (pipes too), line breaks flattened."""
    return _text(text)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def render(report: Report) -> str:
    lines = [f"# {_text(report.title)}", "", f"Session report · {report.date}", ""]
    facilitators = _text(", ".join(report.facilitators)) or "—"
    lines += ["## Participants", "", f"Facilitator: {facilitators}", ""]
    lines += _table(
        ["Department", "People", "Names"],
        [[dep, str(len(people)), ", ".join(people)] for dep, people in report.departments],
    )
    lines += ["## Goal tree", ""]
    for title, roots in report.goal_trees:
        lines += [f"### {_text(title)}", ""]
        for root in roots:
            lines += _tree(root, 0)
        lines.append("")
    lines += ["## SWOT", ""]
    for letter, name, entries in report.swot:
        lines += [f"### {letter} · {name}", ""]
        lines += _table(
            ["Item", "Department", "Dots"], [[e.text, e.department, str(e.dots)] for e in entries]
        )
    lines += ["## Action plan", ""]
    for owners, actions in report.actions:
        lines += [f"### {_text(owners)}", ""]
        lines += _table(
            ["Action", "Kind", "Who", "Cadence / due", "Status"],
            [[a.title, a.action_kind, a.assignee, a.when, a.status] for a in actions],
        )
    lines += ["## Polls", ""]
    for poll in report.polls:
        lines += _poll(poll)
    lines += ["## Agenda: planned vs actual", ""]
    lines += _table(
        ["Item", "Planned, min", "Actual, min", "Share of the day"],
        [
            [a.title, f"{a.planned_min:.0f}", f"{a.actual_min:.0f}", f"{a.share * 100:.0f}%"]
            for a in report.agenda
        ],
    )
    return "\n".join(lines).rstrip() + "\n"


def _tree(node: GoalNode, depth: int) -> list[str]:
    pad = "  " * depth
    out = [f"{pad}- **{_text(node.title) or '—'}**"]
    out += [f"{pad}  - _{_text(text)}_" for text in node.notes]
    for child in node.children:
        out += _tree(child, depth + 1)
    return out


def _poll(poll: dict[str, Any]) -> list[str]:
    out = [f"### {_text(poll['question'])}", ""]
    k = poll["min_group"]
    for r in poll["rounds"]:
        if r["histogram"] is None:
            out += [
                f"- **{_text(r['label'])}**: {r['responses']} answers (fewer than {k}: the figures "
                "are withheld)"
            ]
            continue
        dist = ", ".join(f"{poll['low'] + i}: {n}" for i, n in enumerate(r["histogram"]) if n)
        out += [
            f"- **{_text(r['label'])}**: {r['responses']} answers, average {_fmt(r['average'])}, "
            f"median {_fmt(r['median'])} ({dist or 'no answers'})"
        ]
    c = poll.get("comparison")
    if c is not None:
        change = "—" if c["change"] is None else f"{c['change']:+.1f}"
        averages = f"{_fmt(c['average_before'])} → {_fmt(c['average_after'])} ({change})"
        if c["raised"] is None:
            out += [
                f"- **Before → after**: {averages}; {c['paired']} answered both rounds "
                f"(fewer than {k}: movements withheld)"
            ]
        else:
            out += [
                f"- **Before → after**: {averages}; raised {c['raised']}, "
                f"lowered {c['lowered']}, kept {c['kept']}"
            ]
            for kind in ("raised", "lowered", "kept"):
                out += [f"  - {kind}: {_text(text)}" for text in c["comments"][kind]]
    return [*out, ""]
