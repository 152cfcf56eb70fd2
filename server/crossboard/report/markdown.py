"""The session report as Markdown: the same content as the HTML page, for wikis and mail,
with the same labels in the board's language (`words.py`)."""

from __future__ import annotations

import re
from typing import Any

from .content import GoalNode, NoteEntry, Report
from .words import Words

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


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def render(report: Report) -> str:
    w = report.words
    lines = [f"# {_text(report.title)}", "", f"{w('report')} · {report.date}", ""]
    facilitators = _text(", ".join(report.facilitators)) or "—"
    lines += [f"## {w('sections.participants')}", "", f"{w('facilitator')}: {facilitators}", ""]
    lines += _table(
        [w("col.department"), w("col.people"), w("col.names")],
        [[dep, str(len(people)), ", ".join(people)] for dep, people in report.departments],
    )
    lines += [f"## {w('sections.goals')}", ""]
    for title, roots in report.goal_trees:
        lines += [f"### {_text(title)}", ""]
        for root in roots:
            lines += _tree(root, 0)
        lines.append("")
    lines += [f"## {w('sections.swot')}", ""]
    for _letter, name, entries in report.swot:
        lines += [f"### {name}", ""]
        lines += _table(
            [w("col.item"), w("col.department"), w("col.dots")],
            [[e.text, e.department, str(e.dots)] for e in entries],
        )
    lines += [f"## {w('sections.actions')}", ""]
    for owners, actions in report.actions:
        lines += [f"### {_text(owners)}", ""]
        lines += _table(
            [w(k) for k in ("col.action", "col.kind", "col.who", "col.when", "col.status")],
            [[a.title, a.kind, a.assignee, a.when, a.status] for a in actions],
        )
    lines += [f"## {w('sections.polls')}", ""]
    for poll in report.polls:
        lines += _poll(poll, w)
    lines += [f"## {w('sections.agenda')}", ""]
    lines += _table(
        [w(k) for k in ("col.agenda_item", "col.planned", "col.actual", "col.share")],
        [
            [a.title, f"{a.planned_min:.0f}", f"{a.actual_min:.0f}", f"{a.share * 100:.0f}%"]
            for a in report.agenda
        ],
    )
    notes = [block for block in report.notes if block.entries]
    if notes:
        lines += [f"## {w('sections.notes')}", ""]
    for block in notes:
        lines += [f"### {_text(block.title)}", ""]
        for entry in block.entries:
            lines += _entry(entry, w, 0)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _entry(entry: NoteEntry, w: Words, depth: int) -> list[str]:
    """A note as a list item; a group as its title in bold, its notes indented beneath."""
    pad = "  " * depth
    dots = f" ({w.count('count.dots', entry.dots)})" if entry.dots else ""
    if entry.members is None:
        return [f"{pad}- {_text(entry.text)}{dots}"]
    count = w.count("count.notes", len(entry.members))
    out = [f"{pad}- **{_text(entry.text)}** · {count}{dots}"]
    for member in entry.members:
        out += _entry(member, w, depth + 1)
    return out


def _tree(node: GoalNode, depth: int) -> list[str]:
    pad = "  " * depth
    out = [f"{pad}- **{_text(node.title) or '—'}**"]
    out += [f"{pad}  - _{_text(text)}_" for text in node.notes]
    for child in node.children:
        out += _tree(child, depth + 1)
    return out


def _poll(poll: dict[str, Any], w: Words) -> list[str]:
    out = [f"### {_text(poll['question'])}", ""]
    k = poll["min_group"]
    for r in poll["rounds"]:
        label = f"- **{_text(r['label'])}**: "
        if r["histogram"] is None:
            out += [label + w("md.round_withheld", n=r["responses"], k=k)]
            continue
        dist = ", ".join(f"{poll['low'] + i}: {n}" for i, n in enumerate(r["histogram"]) if n)
        out += [
            label
            + w(
                "md.round",
                n=r["responses"],
                average=w.number(r["average"]),
                median=w.median(r["median"]),
                distribution=dist or w("md.no_answers"),
            )
        ]
    c = poll.get("comparison")
    if c is not None:
        averages = w(
            "md.averages",
            before=w.number(c["average_before"]),
            after=w.number(c["average_after"]),
            change=w.change(c["change"]),
        )
        if c["raised"] is None:
            moves = w("md.moves_withheld", n=c["paired"], k=k)
        else:
            moves = w("md.moves", raised=c["raised"], lowered=c["lowered"], kept=c["kept"])
        out += [f"- **{w('poll.compare')}**: {averages}; {moves}"]
        for kind in ("raised", "lowered", "kept") if c["raised"] is not None else ():
            out += [f"  - {w(f'poll.why.{kind}')}: {_text(text)}" for text in c["comments"][kind]]
    return [*out, ""]
