"""The report keeps E4 too: a round or a comparison under k says its figures are withheld
instead of printing one person's score (HTML and Markdown)."""

from __future__ import annotations

from crossboard.board.reducer import apply
from crossboard.board.state import Actor
from crossboard.board.template import strategy_day
from crossboard.protocol.codec import decode_op
from crossboard.report import html, markdown
from crossboard.report.content import build

FAY = Actor("p-fay", "Fay", None, "facilitator")


def test_a_round_of_one_answer_is_withheld_in_every_format() -> None:
    """E4: one answer of 7 with a comment: the report shows the count, never the 7."""
    board = strategy_day("b", "Day")
    ana = Actor("p-ana", "Ana", "product", "participant")
    steps = [
        (FAY, {"kind": "poll.create", "id": "q", "block": "poll", "question": "Q?"}),
        (FAY, {"kind": "poll.open", "poll": "q", "label": "Before"}),
        (ana, {"kind": "poll.answer", "poll": "q", "score": 7, "comment": "lonely-why"}),
        (FAY, {"kind": "poll.close", "poll": "q"}),
        (FAY, {"kind": "poll.open", "poll": "q", "label": "After"}),
        (ana, {"kind": "poll.answer", "poll": "q", "score": 9, "comment": "later-why"}),
    ]
    for seq, (by, op) in enumerate(steps, start=1):
        board, outcome = apply(board, decode_op(op), by, seq)
        assert outcome.ok, outcome
    report = build(board, "2026-12-02")
    page, text = html.render(report), markdown.render(report)
    for out in (page, text):
        assert "withheld" in out
        assert "lonely-why" not in out and "later-why" not in out
    assert 'data-figure="average">7' not in page and "average 7" not in text
    assert "1 answered both rounds" in page
