"""Join tokens: signed, scoped to board and role and version, and they expire (A5)."""

from __future__ import annotations

import pytest

from crossboard.hub.links import BadToken, Links


def test_a_token_names_its_board_role_and_version() -> None:
    links = Links("secret")
    grant = links.verify(links.token("b1", "screen", 3), "b1")
    assert (grant.board, grant.role, grant.version) == ("b1", "screen", 3)


@pytest.mark.parametrize(
    "bad",
    [
        lambda links: links.token("b2", "participant"),  # another board
        lambda links: Links("other secret").token("b1", "facilitator"),  # forged
        lambda links: links.token("b1", "participant")[:-2] + "xx",  # tampered
        lambda links: "garbage",
    ],
)
def test_a_token_for_another_board_or_tampered_is_refused(bad) -> None:  # type: ignore[no-untyped-def]
    links = Links("secret")
    with pytest.raises(BadToken):
        links.verify(bad(links), "b1")


def test_tokens_expire() -> None:
    """A5: a link older than its max age is refused as expired (time moved, not slept)."""
    now = [1_700_000_000.0]
    links = Links("secret", max_age=60, clock=lambda: now[0])
    token = links.token("b1", "participant")
    now[0] += 60
    assert links.verify(token, "b1").role == "participant"
    now[0] += 2
    with pytest.raises(BadToken, match="expired"):
        links.verify(token, "b1")


def test_links_carry_the_current_versions() -> None:
    links = Links("secret")
    made = links.links("http://x", "b1", {"participant": 2})
    token = made["participant"].split("#t=")[1]
    assert links.verify(token, "b1").version == 2
    assert made["participant"].startswith("http://x/b/b1#t=")
