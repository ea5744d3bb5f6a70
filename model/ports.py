"""Ports: what the core needs from the outside, as protocols. Adapters are built in bot/wiring.py.

`ChatPort` is the one every chat platform implements (bot/slack/chat.py; the console needs none of it): the core
posts, updates, notifies on-call and links to threads through it, so its rules run the same on every platform.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from model.messages import InboundMessage, Person, ThreadRef
from model.outcomes import AgentResult, Outcome, ProposedAction
from model.replies import Citation, EscalationNotice, Reply, Verb


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
    # Whose knowledge the answer may use: in a shared channel, what its audience may read (bot.core.channels);
    # None in a private conversation, where the asker's own groups count. Actions always run with the asker's rights.
    audience: frozenset[str] | None = None

    @property
    def reading_groups(self) -> list[str]:
        """The groups retrieval searches with."""
        return sorted(self.user.groups if self.audience is None else self.audience)


class Agent(Protocol):
    async def respond(self, request: AgentRequest) -> AgentResult: ...


class Confirmations(Protocol):
    """Turns a proposal into a pending action with a confirmation card, and decides clicks on it."""

    async def propose(self, *, proposal: ProposedAction, requester: Person, thread: ThreadRef) -> Reply: ...

    async def decide(self, *, pending_id: str, actor: Person, choice: Verb) -> Reply: ...


class CommandRouter(Protocol):
    """Explicit commands (`/ops create_ticket title="..."`, `/ops help`): handled without any LLM."""

    def route(self, text: str, user: Person) -> Outcome | None: ...


class Names(Protocol):
    """Where a platform's directory sends people's names, so redaction knows them (redaction.Redactor)."""

    def add_names(self, names: Iterable[str]) -> None: ...


class ChatPort(Protocol):
    """A chat platform, as the core uses it. Every method delivers best effort and says whether it worked."""

    @property
    def platform(self) -> str: ...

    def person(self, user_id: str) -> Person:
        """The user with their groups now (the platform's directory plus the configured mapping)."""
        ...

    async def post(self, thread: ThreadRef, reply: Reply, *, user: str | None = None) -> str | None:
        """Post `reply` in the thread (an ephemeral one to `user` only); the posted message's id, or None."""
        ...

    async def update(self, thread: ThreadRef, message_id: str, reply: Reply) -> bool:
        """Replace a posted message (a card) with `reply`."""
        ...

    async def notify_oncall(self, notice: EscalationNotice) -> None:
        """Tell on-call in the escalation channel; raises DeliveryError when that cannot be done."""
        ...

    async def link_to(self, thread: ThreadRef) -> str | None:
        """A link people can open to reach the thread."""
        ...

    def working(self, message: InboundMessage) -> AbstractAsyncContextManager[None]:
        """Show that the bot is working on `message` for as long as the context is open."""
        ...
