"""In-memory fakes for the agent's ports: a searcher, and a redactor that hides e-mail addresses."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from model.messages import Person, ThreadRef
from model.ports import AgentRequest, HistoryTurn


@dataclass(frozen=True)
class FakeHit:
    text: str
    title: str
    section: str = ""
    source: str = "runbooks/misc.md"
    kind: str = "runbook"
    url: str | None = None
    score: float = 0.9


@dataclass(frozen=True)
class FakeFound:
    hits: list[FakeHit]
    relevant: bool = True
    confidence: float = 0.9


DISK = FakeHit(
    "When /var is full, run `journalctl --vacuum-size=500M`, then check `du -sh /var/*`.",
    "Disk full",
    "Free space",
    source="runbooks/linux/disk-full.md",
    url="https://wiki.example/disk-full",
)
VPN = FakeHit("Restart the VPN client, then sign in again with SSO.", "VPN", "Reconnect", source="runbooks/vpn.md")
TICKET = FakeHit(
    "OPS-7: disk full on db-2, fixed by vacuuming the journal. Reported by alice@example.com.",
    "OPS-7",
    kind="ticket",
    source="tickets/OPS-7",
)


@dataclass
class FakeSearcher:
    """Returns the same hits for every query (or raises); records each call's query, groups and kind."""

    hits: list[FakeHit] = field(default_factory=lambda: [DISK, VPN])
    relevant: bool = True
    error: Exception | None = None
    delay: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)

    def search(self, query: str, *, groups: Sequence[str], kind: str | None = None, top_k: int = 5) -> FakeFound:
        self.calls.append({"query": query, "groups": list(groups), "kind": kind, "top_k": top_k})
        time.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return FakeFound(self.hits[:top_k], relevant=self.relevant)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def fake_redact(text: str, scope: str) -> str:
    """E-mail addresses become <EMAIL_ADDRESS_1>: enough to prove that tool output is redacted before the LLM."""
    return _EMAIL.sub("<EMAIL_ADDRESS_1>", text)


def request(text: str, *, groups: Sequence[str] = ("sre",), history: Sequence[HistoryTurn] = ()) -> AgentRequest:
    return AgentRequest(
        text=text,
        thread=ThreadRef("test", "C1", "1700000000.000100"),
        user=Person("U1", frozenset(groups)),
        history=tuple(history),
    )
