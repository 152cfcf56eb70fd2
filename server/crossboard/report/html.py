"""The session report as one standalone HTML page that prints well to PDF.

No script, no external file: styles and charts (SVG) are inline, so the page can be saved,
mailed and printed as is. Every text from the board goes through `html.escape`. Each
section starts a new printed page; tables and charts do not break across pages. Headings
and labels are in the board's language (`words.py`); codes appear only in `data-*`
attributes, for machines.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .content import GoalNode, NoteEntry, Report
from .words import Words

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
.figures + .figures { margin-top: .5rem; }
.chart { margin: .5rem 0 1rem; }
.change { color: #1d4ed8; }
ul.notes { padding-left: 1.2rem; }
ul.notes > li { margin: .25rem 0; }
ul.notes ul { padding-left: 1.4rem; margin: .15rem 0 .4rem; }
.group-title { font-weight: 600; }
.count { color: #555; font-size: .9rem; }
.dots { display: inline-block; margin-left: .4rem; padding: 0 .45rem; border-radius: .7rem;
  background: #e0e7ff; color: #1e3a8a; font-size: .85rem; white-space: nowrap; }
section, table, figure, .quadrants > div { break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; }
  section.page { break-before: page; }
  section.page:first-of-type { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def render(report: Report) -> str:
    w = report.words
    parts = [
        "<!doctype html>",
        f'<html lang="{w.language}"><head><meta charset="utf-8">',
        f"<title>{escape(report.title)} — {escape(report.date)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f'<header><h1 data-section="title">{escape(report.title)}</h1>',
        f'<p class="meta">{escape(w("report"))} · <time>{escape(report.date)}</time></p></header>',
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
    w = report.words
    rows = "".join(
        f'<tr><td>{escape(dep)}</td><td class="num">{len(people)}</td>'
        f"<td>{escape(', '.join(people))}</td></tr>"
        for dep, people in report.departments
    )
    facilitators = ", ".join(report.facilitators) or "—"
    body = (
        f"<p>{escape(w('facilitator'))}: {escape(facilitators)}</p>"
        f'<table data-table="participants"><thead><tr><th>{escape(w("col.department"))}</th>'
        f'<th class="num">{escape(w("col.people"))}</th><th>{escape(w("col.names"))}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    return _section("participants", w("sections.participants"), body)


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
    w = report.words
    return _section("goals", w("sections.goals"), body or f"<p>{escape(w('empty.goals'))}</p>")


def _swot(report: Report) -> str:
    w = report.words
    head = "".join(f"<th>{escape(w(k))}</th>" for k in ("col.item", "col.department"))
    cells = []
    for letter, name, entries in report.swot:
        rows = "".join(
            f"<tr><td>{escape(e.text)}</td><td>{escape(e.department)}</td>"
            f'<td class="num">{e.dots}</td></tr>'
            for e in entries
        )
        cells.append(
            f'<div data-quadrant="{letter}"><h3>{escape(name)}</h3>'
            f'<table><thead><tr>{head}<th class="num">{escape(w("col.dots"))}</th></tr>'
            f"</thead><tbody>{rows}</tbody></table></div>"
        )
    return _section("swot", w("sections.swot"), f'<div class="quadrants">{"".join(cells)}</div>')


def _actions(report: Report) -> str:
    w = report.words
    head = "".join(
        f"<th>{escape(w(k))}</th>"
        for k in ("col.action", "col.kind", "col.who", "col.when", "col.status")
    )
    groups = []
    for owners, actions in report.actions:
        rows = "".join(
            f"<tr><td>{escape(a.title)}</td><td>{escape(a.kind)}</td>"
            f"<td>{escape(a.assignee)}</td><td>{escape(a.when)}</td><td>{escape(a.status)}</td></tr>"
            for a in actions
        )
        groups.append(
            f'<h3>{escape(owners)}</h3><table data-owners="{escape(owners)}"><thead><tr>'
            f"{head}</tr></thead><tbody>{rows}</tbody></table>"
        )
    empty = f"<p>{escape(w('empty.actions'))}</p>"
    return _section("actions", w("sections.actions"), "".join(groups) or empty)


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


def _figure(label: str, key: str, value: str) -> str:
    return f'<span>{escape(label)} <b data-figure="{key}">{escape(value)}</b></span>'


def _polls(report: Report) -> str:
    w = report.words
    blocks = []
    for poll in report.polls:
        rounds = []
        for index, r in enumerate(poll["rounds"]):
            chart = (
                histogram(r["histogram"], poll["low"], w("poll.histogram", label=r["label"]))
                if r["histogram"] is not None
                else f"<p data-withheld>{escape(w('poll.withheld', k=poll['min_group']))}</p>"
            )
            rounds.append(
                f'<figure data-round="{index}"><h3>{escape(r["label"])}</h3><div class="figures">'
                + _figure(w("poll.answers"), "responses", str(r["responses"]))
                + _figure(w("poll.average"), "average", w.number(r["average"]))
                + _figure(w("poll.median"), "median", w.median(r["median"]))
                + f"</div>{chart}</figure>"
            )
        blocks.append(
            f'<div data-poll="{escape(poll["id"])}"><h3>{escape(poll["question"])}</h3>'
            f"{''.join(rounds)}{_comparison(poll.get('comparison'), poll['min_group'], w)}</div>"
        )
    empty = f"<p>{escape(w('empty.polls'))}</p>"
    return _section("polls", w("sections.polls"), "".join(blocks) or empty)


def _comparison(c: dict[str, Any] | None, k: int, w: Words) -> str:
    """The first round against the last: both averages to two decimals and the change, then
    who moved which way, or why that is withheld (E4)."""
    if c is None:
        return ""
    averages = (
        _figure(w("poll.before"), "before", w.number(c["average_before"]))
        + f'<span>→ {escape(w("poll.after"))} <b data-figure="after">'
        f"{escape(w.number(c['average_after']))}</b></span>"
        + f'<span class="change">{escape(w("poll.change"))} <b data-figure="change">'
        f"{escape(w.change(c['change']))}</b></span>"
    )
    head = f"<div data-comparison><h3>{escape(w('poll.compare'))}</h3>"
    if c["raised"] is None:
        withheld = escape(w("poll.paired_withheld", n=c["paired"], k=k))
        return f'{head}<div class="figures">{averages}</div><p data-withheld>{withheld}</p></div>'
    moves = "".join(_figure(w(f"poll.{m}"), m, str(c[m])) for m in ("raised", "lowered", "kept"))
    comments = "".join(
        f"<h4>{escape(w(f'poll.why.{kind}'))}</h4>{_list(c['comments'][kind])}"
        for kind in ("raised", "lowered", "kept")
        if c["comments"][kind]
    )
    figures = f'<div class="figures">{averages}</div><div class="figures">{moves}</div>'
    return f"{head}{figures}{comments}</div>"


def _agenda(report: Report) -> str:
    w = report.words
    if not report.agenda:
        return _section("agenda", w("sections.agenda"), f"<p>{escape(w('empty.agenda'))}</p>")
    rows = "".join(
        f'<tr><td>{escape(a.title)}</td><td class="num">{a.planned_min:.0f}</td>'
        f'<td class="num">{a.actual_min:.0f}</td><td class="num">{a.share * 100:.0f}%</td></tr>'
        for a in report.agenda
    )
    head = f"<th>{escape(w('col.agenda_item'))}</th>" + "".join(
        f'<th class="num">{escape(w(k))}</th>' for k in ("col.planned", "col.actual", "col.share")
    )
    body = f'<table data-table="agenda"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    return _section("agenda", w("sections.agenda"), body)


def _notes(report: Report) -> str:
    """Note blocks: each group once, with its title, its dots and its notes beneath."""
    w = report.words
    blocks = "".join(
        f'<h3>{escape(block.title)}</h3><ul class="notes" data-notes>'
        + "".join(_entry(e, w) for e in block.entries)
        + "</ul>"
        for block in report.notes
        if block.entries
    )
    return _section("notes", w("sections.notes"), blocks) if blocks else ""


def _entry(entry: NoteEntry, w: Words) -> str:
    dots = (
        f' <span class="dots" data-dots="{entry.dots}">{escape(w.count("count.dots", entry.dots))}'
        "</span>"
        if entry.dots
        else ""
    )
    if entry.members is None:
        return f'<li data-entry="note">{escape(entry.text)}{dots}</li>'
    members = "".join(_entry(m, w) for m in entry.members)
    count = escape(w.count("count.notes", len(entry.members)))
    return (
        f'<li data-entry="group"><span class="group-title">{escape(entry.text)}</span> '
        f'<span class="count">· {count}</span>{dots}'
        + (f"<ul>{members}</ul>" if members else "")
        + "</li>"
    )


def _list(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ul>"
