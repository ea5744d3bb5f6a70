"""Ports: what the core needs from the outside, as protocols. Adapters are built in bot/wiring.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.core.messages import Citation, Person, Reply, ThreadRef
from bot.core.outcomes import AgentResult, Outcome, ProposedAction


class RedactedText(Protocol):
    @property
    def text(self) -> str: ...


class Redactor(Protocol):
    """Replaces PII and secrets with stable per-thread placeholders (see redaction.Redactor)."""

    def redact(self, text: str, *, scope: str | None = None) -> RedactedText: ...

    def restore(self, text: str, *, scope: str) -> str: ...


@dataclass(frozen=True)
class HistoryTurn:
    role: str  # user | assistant | action (an action's proposal, decision or result, recorded by the system)
    text: str
    citations: tuple[Citation, ...] = ()  # an answer's citations in the order of its [1], [2], ... marks


@dataclass(frozen=True)
class AgentRequest:
    text: str  # redacted
    thread: ThreadRef
    user: Person
    history: Sequence[HistoryTurn] = ()


class Agent(Protocol):
    async def respond(self, request: AgentRequest) -> AgentResult: ...


class Confirmations(Protocol):
    """Turns a proposal into a pending action with a confirmation card, and decides clicks on it."""

    async def propose(self, *, proposal: ProposedAction, requester: Person, thread: ThreadRef) -> Reply: ...

    async def decide(self, *, pending_id: str, actor: Person, choice: str) -> Reply: ...


class CommandRouter(Protocol):
    """Explicit commands (`/ops create_ticket title="..."`, `/ops help`): handled without any LLM."""

    def route(self, text: str, user: Person) -> Outcome | None: ...
