"""The session report as one standalone HTML page that prints well to PDF.

No script, no external file: styles and charts (SVG) are inline, so the page can be saved,
mailed and printed as is. Every text from the board goes through `html.escape`. Each
section starts a new printed page; tables and charts do not break across pages.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .content import GoalNode, Report

STYLE = """
:root { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #111; }
body { margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 2rem; margin-bottom: .2rem; }
h2 { font-size: 1.5rem; border-bottom: 3px solid #111; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; }
.meta { color: #444; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.4rem; margin: 0; }
ul.tree > li { padding-left: 0; }
.goal { font-weight: 600; }
.hung { color: #333; font-size: .92rem; }
.hung::before { content: "▸ "; color: #888; }
.quadrants { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.figures { display: flex; gap: 2rem; flex-wrap: wrap; font-size: 1.1rem; }
.figures b { font-size: 1.4rem; }
.chart { margin: .5rem 0 1rem; }
section, table, figure, .quadrants > div { break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; }
  section.page { break-before: page; }
  section.page:first-of-type { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def render(report: Report) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="mul"><head><meta charset="utf-8">',
        f"<title>{escape(report.title)} — {escape(report.date)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f'<header><h1 data-section="title">{escape(report.title)}</h1>',
        f'<p class="meta">Session report · <time>{escape(report.date)}</time></p></header>',
        _participants(report),
        _goals(report),
        _swot(report),
        _actions(report),
        _polls(report),
        _agenda(report),
        _notes(report),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _section(key: str, title: str, body: str) -> str:
    head = f'<section class="page" id="{key}" data-section="{key}">'
    return f"{head}<h2>{escape(title)}</h2>\n{body}</section>"


def _participants(report: Report) -> str:
    rows = "".join(
        f'<tr><td>{escape(dep)}</td><td class="num">{len(people)}</td>'
        f"<td>{escape(', '.join(people))}</td></tr>"
        for dep, people in report.departments
    )
    facilitators = ", ".join(report.facilitators) or "—"
    body = (
        f"<p>Facilitator: {escape(facilitators)}</p>"
        '<table data-table="participants"><thead><tr><th>Department</th>'
        f'<th class="num">People</th><th>Names</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return _section("participants", "Participants", body)


def _goals(report: Report) -> str:
    def node(n: GoalNode) -> str:
        notes = "".join(f'<li class="hung">{escape(t)}</li>' for t in n.notes)
        kids = "".join(node(k) for k in n.children)
        inner = f"<ul>{notes}{kids}</ul>" if notes or kids else ""
        return f'<li><span class="goal">{escape(n.title or "—")}</span>{inner}</li>'

    body = "".join(
        f'<h3>{escape(title)}</h3><ul class="tree" data-tree>{"".join(node(r) for r in roots)}</ul>'
        for title, roots in report.goal_trees
    )
    return _section("goals", "Goal tree", body or "<p>No goal tree.</p>")


def _swot(report: Report) -> str:
    cells = []
    for letter, name, entries in report.swot:
        rows = "".join(
            f"<tr><td>{escape(e.text)}</td><td>{escape(e.department)}</td>"
            f'<td class="num">{e.dots}</td></tr>'
            for e in entries
        )
        cells.append(
            f'<div data-quadrant="{letter}"><h3>{letter} · {escape(name)}</h3>'
            '<table><thead><tr><th>Item</th><th>Department</th><th class="num">Dots</th></tr>'
            f"</thead><tbody>{rows}</tbody></table></div>"
        )
    return _section("swot", "SWOT", f'<div class="quadrants">{"".join(cells)}</div>')


def _actions(report: Report) -> str:
    groups = []
    for owners, actions in report.actions:
        rows = "".join(
            f"<tr><td>{escape(a.title)}</td><td>{escape(a.action_kind)}</td>"
            f"<td>{escape(a.assignee)}</td><td>{escape(a.when)}</td><td>{escape(a.status)}</td></tr>"
            for a in actions
        )
        groups.append(
            f'<h3>{escape(owners)}</h3><table data-owners="{escape(owners)}"><thead><tr>'
            "<th>Action</th><th>Kind</th><th>Who</th><th>Cadence / due</th><th>Status</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    return _section("actions", "Action plan", "".join(groups) or "<p>No actions.</p>")


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


LABEL = 'text-anchor="middle" font-size="14"'


def histogram(counts: list[int], low: int, label: str) -> str:
    """An SVG bar chart: one bar per score, its count above it, the score below."""
    bar, gap, height = 34, 8, 160
    top = max(counts) or 1
    width = len(counts) * (bar + gap) + gap
    bars = []
    for i, count in enumerate(counts):
        h = round(count / top * (height - 40))
        x = gap + i * (bar + gap)
        y = height - 20 - h
        bars.append(
            f'<g data-score="{low + i}" data-count="{count}">'
            f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="#2563eb"/>'
            f'<text x="{x + bar / 2}" y="{y - 4}" {LABEL}>{count}</text>'
            f'<text x="{x + bar / 2}" y="{height - 4}" {LABEL}>{low + i}</text></g>'
        )
    return (
        f'<svg class="chart" role="img" aria-label="{escape(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(bars)}</svg>'
    )


def _polls(report: Report) -> str:
    blocks = []
    for poll in report.polls:
        rounds = []
        for index, r in enumerate(poll["rounds"]):
            chart = (
                histogram(r["histogram"], poll["low"], f"{r['label']}: answers per score")
                if r["histogram"] is not None
                else f"<p data-withheld>Fewer than {poll['min_group']} answers: the figures "
                "are withheld so that no one's score can be read from them.</p>"
            )
            rounds.append(
                f'<figure data-round="{index}"><h3>{escape(r["label"])}</h3><div class="figures">'
                f'<span>Answers <b data-figure="responses">{r["responses"]}</b></span>'
                f'<span>Average <b data-figure="average">{_fmt(r["average"])}</b></span>'
                f'<span>Median <b data-figure="median">{_fmt(r["median"])}</b></span></div>'
                f"{chart}</figure>"
            )
        blocks.append(
            f'<div data-poll="{escape(poll["id"])}"><h3>{escape(poll["question"])}</h3>'
            f"{''.join(rounds)}{_comparison(poll.get('comparison'), poll['min_group'])}</div>"
        )
    return _section("polls", "Polls", "".join(blocks) or "<p>No polls.</p>")


def _comparison(c: dict[str, Any] | None, k: int) -> str:
    if c is None:
        return ""
    change = "—" if c["change"] is None else f"{c['change']:+.1f}"
    averages = (
        f'<span>Average <b data-figure="before">{_fmt(c["average_before"])}</b> → '
        f'<b data-figure="after">{_fmt(c["average_after"])}</b> '
        f'(<span data-figure="change">{change}</span>)</span>'
    )
    if c["raised"] is None:
        return (
            '<div data-comparison><h3>Before → after</h3><div class="figures">'
            f"{averages}</div><p data-withheld>{c['paired']} answered both rounds, fewer "
            f"than {k}: who raised, lowered or kept their score is withheld.</p></div>"
        )
    comments = "".join(
        f"<h4>{kind.capitalize()}</h4>{_list(c['comments'][kind])}"
        for kind in ("raised", "lowered", "kept")
        if c["comments"][kind]
    )
    return (
        f'<div data-comparison><h3>Before → after</h3><div class="figures">{averages}'
        f'<span>Raised <b data-figure="raised">{c["raised"]}</b></span>'
        f'<span>Lowered <b data-figure="lowered">{c["lowered"]}</b></span>'
        f'<span>Kept <b data-figure="kept">{c["kept"]}</b></span></div>{comments}</div>'
    )


def _agenda(report: Report) -> str:
    if not report.agenda:
        return _section("agenda", "Agenda: planned vs actual", "<p>No agenda.</p>")
    rows = "".join(
        f'<tr><td>{escape(a.title)}</td><td class="num">{a.planned_min:.0f}</td>'
        f'<td class="num">{a.actual_min:.0f}</td><td class="num">{a.share * 100:.0f}%</td></tr>'
        for a in report.agenda
    )
    body = (
        '<table data-table="agenda"><thead><tr><th>Item</th><th class="num">Planned, min</th>'
        '<th class="num">Actual, min</th><th class="num">Share of the day</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return _section("agenda", "Agenda: planned vs actual", body)


def _notes(report: Report) -> str:
    blocks = "".join(
        f"<h3>{escape(title)}</h3>{_list(texts)}" for title, texts in report.loose_notes if texts
    )
    return _section("notes", "Other notes", blocks) if blocks else ""


def _list(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"
