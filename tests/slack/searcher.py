"""An in-memory searcher: the Slack tests exercise the adapter, not retrieval."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class Passage:
    text: str
    source: str
    title: str
    section: str
    kind: str
    url: str | None = None
    acl: tuple[str, ...] = ()
    updated_at: str | None = None


def days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


@dataclass(frozen=True)
class Found:
    hits: Sequence[Passage]
    relevant: bool


RUNBOOKS = (
    Passage(
        "If the VPN keeps disconnecting every few minutes, switch the client to TCP and renew the certificate.",
        "runbooks/VPN-Keeps-Disconnecting.md",
        "VPN keeps disconnecting",
        "Fix",
        "runbook",
        "https://wiki.example.test/vpn#fix",
        updated_at=days_ago(95),
    ),
    Passage(
        "VPN drops were traced to the Berlin gateway; restarting vpn-gateway fixed it.",
        "tickets/OPS-88",
        "OPS-88 VPN drops in Berlin",
        "",
        "ticket",
        updated_at=days_ago(400),
    ),
    Passage(
        "To fail over the orders database, run patronictl failover pg-orders and confirm the new primary.",
        "runbooks/Postgres-Failover.md",
        "Postgres failover",
        "Manual failover",
        "runbook",
        acl=("sre",),
    ),
)
_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset({"the", "and", "for", "every", "keeps", "with", "what", "how", "does", "this", "that", "there"})


class WordSearcher:
    """Passages sharing a meaningful word with the query: a stand-in for the knowledge Retriever."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._passages = passages

    def search(self, query: str, *, groups: Sequence[str], kind: str | None = None, top_k: int = 5) -> Found:
        words = set(_WORD.findall(query.lower())) - _STOP
        visible = [p for p in self._passages if not p.acl or set(p.acl) & set(groups)]  # the store's ACL filter
        hits = [p for p in visible if words & set(_WORD.findall(p.text.lower() + " " + p.title.lower()))]
        return Found(hits[:top_k], bool(hits))
