"""Slack message events to neutral messages: what the event says, and what the bot must ignore outright."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from model.messages import InboundMessage, Person, ThreadRef

PLATFORM = "slack"
# Plain messages, messages with files, and thread replies also sent to the channel. Everything else (edits,
# deletions, joins, bot_message, ...) is not a person talking to the bot.
ANSWERED_SUBTYPES: frozenset[str | None] = frozenset({None, "file_share", "thread_broadcast"})
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


@dataclass(frozen=True)
class SlackMessage:
    team: str
    channel: str
    user: str
    ts: str
    thread_ts: str | None
    text: str  # the bot's own mention removed, Slack's escaping undone
    direct: bool  # a DM with the bot
    mentions_bot: bool

    @property
    def thread(self) -> ThreadRef:
        """Every conversation is a thread: a top-level message starts one, and the answer goes into it."""
        return ThreadRef(PLATFORM, self.channel, self.thread_ts or self.ts)

    @property
    def key(self) -> str:
        """The dedupe key: the same message, whichever event or retry brings it, is claimed once."""
        return f"{PLATFORM}:{self.team}:{self.channel}:{self.ts}"

    @property
    def in_thread(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    def to_inbound(self, person: Person) -> InboundMessage:
        return InboundMessage(self.thread, person, self.text, event_id=self.key, direct=self.direct)


def parse_message(body: Mapping[str, Any], event: Mapping[str, Any], bot_user_id: str | None) -> SlackMessage | None:
    """The message a person sent, or None for anything the bot must ignore (bots, itself, edits, joins...)."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") not in ANSWERED_SUBTYPES:
        return None
    user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    if not (isinstance(user, str) and isinstance(channel, str) and isinstance(ts, str)) or user == bot_user_id:
        return None
    raw = str(event.get("text") or "")
    mention = bool(bot_user_id) and f"<@{bot_user_id}" in raw
    return SlackMessage(
        team=str(body.get("team_id") or event.get("team") or ""),
        channel=channel,
        user=user,
        ts=ts,
        thread_ts=event.get("thread_ts") if isinstance(event.get("thread_ts"), str) else None,
        text=clean_text(raw, bot_user_id),
        direct=event.get("channel_type") == "im",
        mentions_bot=mention or event.get("type") == "app_mention",
    )


def clean_text(text: str, bot_user_id: str | None) -> str:
    """The words addressed to the bot: its own mention removed and Slack's &lt; &gt; &amp; undone."""
    if bot_user_id:
        text = re.sub(rf" ?<@{re.escape(bot_user_id)}(?:\|[^>]*)?>:? ?", " ", text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text.strip()
