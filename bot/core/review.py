"""The learning loop's judgement: what to review (👎 answers, unanswered and escalated questions), grouped by
topic, and which topics are runbook gaps (asked, and nothing we have answered them).

A topic is the question's most shared keyword across everything under review (ties go to the alphabetically
first), so "VPN keeps dropping" and "VPN certificate expired" land together under "vpn". Placeholders
(<PERSON_1>) never name a topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from store import review_queries
from store.review_queries import Reviewed

_PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")
_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")
_STOP_WORDS = """
    the and for with what how does this that there are was were can could should would will you your our from
    have has had not but any all get got why when where who which please help need want keeps keep still about
    into just some again after before every few minutes since today ops create_ticket title priority know tell
    show give make doing done work works working
"""
_STOP = frozenset(_STOP_WORDS.split())
KINDS = {"disliked": "d", "unanswered": "u", "escalated": "e"}
GAP_KINDS = ("unanswered", "escalated")


@dataclass(frozen=True)
class Item:
    code: str  # e.g. "d12": what `opsbot review export --select` takes
    topic: str
    entry: Reviewed


@dataclass(frozen=True)
class Topic:
    name: str
    items: tuple[Item, ...]

    @property
    def gaps(self) -> int:
        """How often a question of this topic went unanswered or to a human."""
        return sum(1 for item in self.items if item.entry.kind in GAP_KINDS)


def keywords(text: str) -> list[str]:
    words = _WORD.findall(_PLACEHOLDER.sub(" ", text).lower())
    return [w for w in dict.fromkeys(words) if w not in _STOP]


def collect(session: Session, *, since: datetime) -> list[Reviewed]:
    """Everything under review since `since`, oldest first within each kind."""
    return [
        *review_queries.disliked(session, since=since),
        *review_queries.unanswered(session, since=since),
        *review_queries.escalated(session, since=since),
    ]


def group(entries: Sequence[Reviewed]) -> list[Topic]:
    """Entries grouped by topic, the topics with most entries first."""
    counts = Counter(word for entry in entries for word in keywords(entry.question))
    topics: dict[str, list[Item]] = {}
    for entry in entries:
        words = keywords(entry.question)
        topic = min(words, key=lambda w: (-counts[w], w)) if words else "other"  # ties: the same word for all
        topics.setdefault(topic, []).append(Item(f"{KINDS[entry.kind]}{entry.id}", topic, entry))
    ranked = sorted(topics.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [Topic(name, tuple(items)) for name, items in ranked]


def gaps(topics: Sequence[Topic], *, limit: int = 5) -> list[tuple[str, int]]:
    """The topics most often asked without an answer (runbook gaps), with how often."""
    found = sorted(((t.name, t.gaps) for t in topics if t.gaps), key=lambda g: (-g[1], g[0]))
    return found[:limit]
