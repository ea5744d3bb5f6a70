"""What Opsbot says back, platform-neutral: each adapter renders a Reply (Block Kit, an Adaptive Card, text).

Text is plain with a small Markdown subset (`**bold**`, `` `code` ``, code blocks, `- ` lists, `[label](url)`);
adapters translate it into their own markup. A button carries a `Verb` and an opaque target, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from model.messages import ThreadRef
from model.status import PendingStatus


@dataclass(frozen=True)
class Citation:
    source: str
    title: str
    section: str
    kind: str
    url: str | None = None
    ref: str = ""  # the passage's id, the same in every turn of a thread (e.g. "r7kqm"); "" when not from an agent
    updated_at: str | None = None  # when the source last changed (ISO 8601), as the knowledge base knows it
    freshness: str = ""  # "updated 3 months ago" (· "possibly out of date"): shown as given by every adapter
    stale: bool = False  # older than the configured age (OPSBOT_STALE_AFTER_DAYS)

    @property
    def label(self) -> str:
        """`title › section`, without saying the title twice when the section path already starts with it."""
        if not self.section or self.section == self.title:
            return self.title
        if self.section.startswith(f"{self.title} › "):
            return self.section
        return f"{self.title} › {self.section}"


class Verb(StrEnum):
    """What a button (or a numbered choice in the console) asks for."""

    CONFIRM = "confirm"
    CANCEL = "cancel"
    HUMAN = "human"
    HANDBACK = "handback"
    FEEDBACK = "feedback"


@dataclass(frozen=True)
class Choice:
    """A button. Platforms carry `value` (`verb:target`) and give it back on a click; see `parse_choice`."""

    label: str
    verb: Verb
    target: str = ""
    style: Literal["primary", "danger", "default"] = "default"

    @property
    def value(self) -> str:
        return f"{self.verb}:{self.target}"


def parse_choice(value: str) -> tuple[Verb, str] | None:
    """The verb and target of a button value; None for anything Opsbot did not put on a button."""
    verb, sep, target = value.partition(":")
    if not sep or verb not in Verb.__members__.values():
        return None
    return Verb(verb), target


class ReplyKind(StrEnum):
    ANSWER = "answer"
    CONFIRMATION = "confirmation"
    ACTION_RESULT = "action_result"
    ESCALATION = "escalation"
    NOTICE = "notice"
    ERROR = "error"


@dataclass(frozen=True)
class ActionCard:
    """Exactly what will run if someone confirms. `needs_approval_from`: the requester may not confirm this
    themselves, so a member of that group must (the pipeline brings them in)."""

    pending_id: str
    action: str
    description: str
    params: Mapping[str, Any]
    risk: str
    who_may_confirm: str
    expires_at: datetime
    needs_approval_from: str | None = None
    destination: str | None = None  # an HTTP action's method and host: "POST api.statuspage.io"


@dataclass(frozen=True)
class Decision:
    """What became of a pending action after a click: adapters show it on the card that was clicked."""

    pending_id: str
    status: PendingStatus


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
    notice: str | None = None  # a system note shown before the text ("the language model is unavailable")
    decision: Decision | None = None
    mention: str | None = None  # the user id of a person the reply speaks to (adapters write a real mention)
    follow_up: Reply | None = None  # shown after this one, e.g. the on-call notice after a card
    private: Reply | None = None  # for the asker alone (ephemeral or a DM), never in the thread or its transcript
    turn_id: int | None = None  # the stored answer: the adapter reports the posted message with Pipeline.posted
    asks_reason: int | None = None  # a 👎's feedback id: the adapter may ask "what was wrong?" (Pipeline.explain)

    @property
    def said(self) -> str:
        """Everything the reply says in words (the transcript, checks): its notice, text, and what follows it."""
        parts = [self.notice, self.text, self.follow_up.said if self.follow_up is not None else None]
        return "\n\n".join(part for part in parts if part)

    @property
    def offered(self) -> tuple[Choice, ...]:
        """Every choice on offer: this reply's, then those of what follows it."""
        return self.choices + (self.follow_up.offered if self.follow_up is not None else ())


@dataclass(frozen=True)
class EscalationNotice:
    """What on-call is told when a thread is handed to humans. `summary` is redacted; `group` is whom to mention."""

    thread: ThreadRef
    requester: str
    reason: str
    summary: str
    group: str | None
    repeat: bool = False
    ticket: str | None = None  # the ticket filed with the transcript (escalation_ticket on)
