"""Who said what, and where: the neutral form every chat adapter turns its events into.

Text is plain, as a reader sees it: no platform markup. Mentions and links arrive as structured parts beside the
text (an adapter writes a mention into the text as `@name`), so redaction and the core never see `<@U…>`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThreadRef:
    """Where a conversation lives: a Slack thread, a Teams reply chain, a DM, a console session."""

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
class Mention:
    """Someone named in a message (not the bot itself): their platform user id and the name shown."""

    user_id: str
    name: str


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class InboundMessage:
    """One message from a person. `addressed`: the bot was mentioned; `message_id`: the platform's id of this
    message (the thread's root when it started the thread), for the working indicator and dedupe."""

    thread: ThreadRef
    user: Person
    text: str
    event_id: str | None = None  # the platform's delivery id, for dedupe
    direct: bool = False
    addressed: bool = False
    message_id: str | None = None
    mentions: tuple[Mention, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def in_thread(self) -> bool:
        """A follow-up inside an existing thread, rather than the message that starts one."""
        return self.message_id is not None and self.message_id != self.thread.thread
