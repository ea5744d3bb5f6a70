"""Citations say how fresh their source is, and flag sources older than the configured age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.freshness import STALE, annotate, with_freshness
from model.replies import Citation, Reply, ReplyKind

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
HALF_YEAR = timedelta(days=180)


def cited(updated_at: str | None) -> Citation:
    return Citation(source="runbooks/vpn.md", title="VPN", section="Fix", kind="runbook", updated_at=updated_at)


@pytest.mark.parametrize(
    ("updated_at", "said"),
    [
        ("2026-12-03T08:00:00+00:00", "updated today"),
        ("2026-12-02", "updated yesterday"),
        ("2026-11-28", "updated 5 days ago"),
        ("2026-11-10", "updated 3 weeks ago"),
        ("2026-09-01", "updated 3 months ago"),
        ("2024-06-01T00:00:00Z", "updated 2 years ago"),
    ],
)
def test_a_cited_source_says_when_it_was_last_updated(updated_at: str, said: str) -> None:
    """The age is said in the largest whole unit a reader would use."""
    assert annotate(cited(updated_at), now=NOW, stale_after=timedelta(days=5000)).freshness == said


def test_a_source_older_than_the_configured_age_is_flagged_possibly_out_of_date() -> None:
    """Past the configured age the citation is marked stale and says so; a newer one is not."""
    old, new = (annotate(cited(d), now=NOW, stale_after=HALF_YEAR) for d in ("2026-03-01", "2026-09-01"))
    assert old.stale and old.freshness == f"updated 9 months ago · {STALE}"
    assert not new.stale and STALE not in new.freshness


def test_a_source_without_a_readable_date_is_shown_as_before() -> None:
    """No date, or one nobody can read, adds nothing rather than guessing."""
    reply = Reply(ReplyKind.ANSWER, "x", citations=(cited(None), cited("last spring")))
    assert [c.freshness for c in with_freshness(reply, stale_after=HALF_YEAR, now=NOW).citations] == ["", ""]
