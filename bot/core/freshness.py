"""How fresh a cited source is, in words every adapter shows as given: "updated 3 months ago", and a flag when the
source is older than the configured age (`OPSBOT_STALE_AFTER_DAYS`), so nobody follows an old runbook unawares."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from model.replies import Citation, Reply

STALE = "possibly out of date"


def parse_updated(value: str | None) -> datetime | None:
    """An ISO date or datetime as stored with a source (naive means UTC); None for anything else."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value.strip()[:10]), datetime.min.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def age_text(updated: datetime, now: datetime) -> str:
    """'updated today', 'updated 5 days ago', 'updated 3 weeks ago', 'updated 4 months ago', 'updated 2 years ago'."""
    days = max((now - updated).days, 0)
    if days == 0:
        return "updated today"
    if days == 1:
        return "updated yesterday"
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        count = days // size
        if count >= (2 if size > 1 else 1) or size == 1:
            return f"updated {count} {unit}{'s' if count != 1 else ''} ago"
    return "updated today"  # pragma: no cover - the loop always returns


def annotate(citation: Citation, *, now: datetime, stale_after: timedelta) -> Citation:
    """The citation with its freshness in words; sources without a known update date are left as they are."""
    updated = parse_updated(citation.updated_at)
    if updated is None:
        return citation
    stale = now - updated > stale_after
    text = age_text(updated, now) + (f" · {STALE}" if stale else "")
    return replace(citation, freshness=text, stale=stale)


def with_freshness(reply: Reply, *, stale_after: timedelta, now: datetime | None = None) -> Reply:
    """Every citation of the reply annotated (an answer's sources)."""
    if not reply.citations:
        return reply
    when = now or datetime.now(UTC)
    return replace(reply, citations=tuple(annotate(c, now=when, stale_after=stale_after) for c in reply.citations))
