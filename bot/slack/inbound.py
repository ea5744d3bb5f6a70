"""Slack message events to neutral messages: what the event says, and what the bot must ignore outright."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.slack.markup import NameOf, to_plain
from model.messages import InboundMessage, Person, ThreadRef

PLATFORM = "slack"
# Plain messages, messages with files, and thread replies also sent to the channel. Everything else (edits,
# deletions, joins, bot_message, ...) is not a person talking to the bot.
ANSWERED_SUBTYPES: frozenset[str | None] = frozenset({None, "file_share", "thread_broadcast"})


@dataclass(frozen=True)
class SlackMessage:
    team: str
    channel: str
    user: str
    ts: str
    thread_ts: str | None
    text: str  # as Slack sent it, markup and all
    direct: bool  # a DM with the bot
    mentions_bot: bool  # an app_mention event (the text may not hold the mention, e.g. /ops)

    @property
    def thread(self) -> ThreadRef:
        """Every conversation is a thread: a top-level message starts one, and the answer goes into it."""
        return ThreadRef(PLATFORM, self.channel, self.thread_ts or self.ts)

    @property
    def key(self) -> str:
        """The dedupe key: the same message, whichever event or retry brings it, is claimed once."""
        return f"{PLATFORM}:{self.team}:{self.channel}:{self.ts}"

    def to_inbound(self, person: Person, *, bot_user_id: str | None, name_of: NameOf) -> InboundMessage:
        """The neutral message: plain text, mentions and links as parts."""
        plain = to_plain(self.text, bot_user_id=bot_user_id, name_of=name_of)
        return InboundMessage(
            self.thread,
            person,
            plain.text,
            event_id=self.key,
            direct=self.direct,
            addressed=self.mentions_bot or plain.addressed,
            message_id=self.ts,
            mentions=plain.mentions,
            links=plain.links,
        )


def parse_message(body: Mapping[str, Any], event: Mapping[str, Any], bot_user_id: str | None) -> SlackMessage | None:
    """The message a person sent, or None for anything the bot must ignore (bots, itself, edits, joins...)."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") not in ANSWERED_SUBTYPES:
        return None
    user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    if not (isinstance(user, str) and isinstance(channel, str) and isinstance(ts, str)) or user == bot_user_id:
        return None
    thread_ts = event.get("thread_ts")
    return SlackMessage(
        team=str(body.get("team_id") or event.get("team") or ""),
        channel=channel,
        user=user,
        ts=ts,
        thread_ts=thread_ts if isinstance(thread_ts, str) else None,
        text=str(event.get("text") or ""),
        direct=event.get("channel_type") == "im",
        mentions_bot=event.get("type") == "app_mention",
    )


def parse_edit(body: Mapping[str, Any], event: Mapping[str, Any], bot_user_id: str | None) -> SlackMessage | None:
    """The edited message of a `message_changed` event (a person's own, with its new text); None otherwise."""
    edited = event.get("message")
    if event.get("subtype") != "message_changed" or not isinstance(edited, Mapping):
        return None
    if str(edited.get("text") or "") == str((event.get("previous_message") or {}).get("text") or ""):
        return None  # an unfurl or a reaction count changed, not the words
    inner = {**edited, "channel": event.get("channel"), "channel_type": event.get("channel_type"), "subtype": None}
    return parse_message(body, inner, bot_user_id)


def parse_deletion(event: Mapping[str, Any]) -> ThreadRef | None:
    """The thread (with the deleted message's ts as `message`) of a `message_deleted` event."""
    channel, ts, previous = event.get("channel"), event.get("deleted_ts"), event.get("previous_message") or {}
    if event.get("subtype") != "message_deleted" or not (isinstance(channel, str) and isinstance(ts, str)):
        return None
    if previous.get("bot_id") or not previous.get("user"):
        return None
    thread = previous.get("thread_ts")
    return ThreadRef(PLATFORM, channel, thread if isinstance(thread, str) else ts)
