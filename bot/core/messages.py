"""Neutral message types: what every chat adapter turns its events into, and what it renders back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal


@dataclass(frozen=True)
class ThreadRef:
    """Where a conversation lives: a Slack thread, a DM, a console session."""

    platform: str
    channel: str
    thread: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.channel}:{self.thread}"

    @classmethod
    def from_key(cls, key: str | None) -> ThreadRef | None:
        """The reference a stored `key` names; None when it is missing or incomplete."""
        parts = (key or "").split(":", 2)
        return cls(*parts) if len(parts) == 3 and all(parts) else None


@dataclass(frozen=True)
class Person:
    """Who is talking: the platform user id, and the groups that drive ACLs and approvals."""

    id: str
    groups: frozenset[str] = frozenset()
    display_name: str | None = None


@dataclass(frozen=True)
class InboundMessage:
    thread: ThreadRef
    user: Person
    text: str
    event_id: str | None = None  # the platform's delivery id, for dedupe
    direct: bool = False


@dataclass(frozen=True)
class Citation:
    source: str
    title: str
    section: str
    kind: str
    url: str | None = None
    ref: str = ""  # the passage's id, the same in every turn of a thread (e.g. "r7kqm"); "" when not from an agent

    @property
    def label(self) -> str:
        """`title › section`, without saying the title twice when the section path already starts with it."""
        if not self.section or self.section == self.title:
            return self.title
        if self.section.startswith(f"{self.title} › "):
            return self.section
        return f"{self.title} › {self.section}"


@dataclass(frozen=True)
class Choice:
    """A button, or a numbered choice in the console. `value` is opaque to the adapter."""

    label: str
    value: str
    style: Literal["primary", "danger", "default"] = "default"


class ReplyKind(StrEnum):
    ANSWER = "answer"
    CONFIRMATION = "confirmation"
    ACTION_RESULT = "action_result"
    ESCALATION = "escalation"
    NOTICE = "notice"
    ERROR = "error"


@dataclass(frozen=True)
class ActionCard:
    """Exactly what will run if someone confirms."""

    pending_id: str
    action: str
    description: str
    params: Mapping[str, Any]
    risk: str
    who_may_confirm: str
    expires_at: datetime


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    text: str
    citations: tuple[Citation, ...] = ()
    choices: tuple[Choice, ...] = ()
    unverified: bool = False
    card: ActionCard | None = None
    reference: str | None = None
    ephemeral: bool = False  # shown only to the person who acted (refusals, errors about a click)
    extras: Mapping[str, Any] = field(default_factory=dict)
