"""Teams activities to small dataclasses: who (Entra object id), where (chat or channel thread), what was said.

Parsing is the Teams SDK's (its pydantic activity models); what the bot keeps is ours. A body that is not an
activity, or of a type the Bot Framework does not define, is `Malformed` (HTTP 400). Activities the bot has
nothing to do with (installs, reactions, edits, other bots) come back as `Ignored` (HTTP 200).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from microsoft_teams.api import ActivityTypeAdapter
from microsoft_teams.api.activities.invoke.adaptive_card.action import AdaptiveCardInvokeActivity
from microsoft_teams.api.activities.invoke.message.submit_action import MessageSubmitActionInvokeActivity
from microsoft_teams.api.activities.message.message import MessageActivity
from microsoft_teams.api.models import Account, ActivityBase
from pydantic import ValidationError

from bot.teams.mentions import MentionPart, Part, TextPart, split_mentions
from bot.teams.threads import PLATFORM, split_conversation, thread_ref
from model.messages import InboundMessage, Mention, Person, ThreadRef


class Malformed(ValueError):
    """Not an activity the Bot Framework sends; the reason names the fields, never their values."""


class ConversationType(StrEnum):
    PERSONAL = "personal"
    GROUP_CHAT = "groupChat"
    CHANNEL = "channel"


@dataclass(frozen=True)
class TeamsUser:
    aad_object_id: str  # the Entra object id: who this is everywhere (approvals, groups, audit)
    teams_id: str  # the `29:...` id Teams uses inside conversations
    name: str | None

    def person(self, groups: frozenset[str] = frozenset()) -> Person:
        return Person(self.aad_object_id, groups, self.name)


@dataclass(frozen=True)
class Where:
    service_url: str  # replies go here, and nowhere else
    tenant_id: str | None
    conversation_id: str  # the chat, or the channel (without the reply chain)
    conversation_type: ConversationType
    reply_chain_id: str | None  # a channel thread's root message id
    team_id: str | None
    bot_id: str  # the bot's own `28:...` id in this conversation

    def thread(self, activity_id: str) -> ThreadRef:
        """Every channel message is in a reply chain (a new post starts one); a chat is one thread."""
        if self.conversation_type is ConversationType.CHANNEL:
            return thread_ref(self.conversation_id, self.reply_chain_id or activity_id)
        return thread_ref(self.conversation_id, self.conversation_id)


@dataclass(frozen=True)
class TeamsMessage:
    activity_id: str
    where: Where
    user: TeamsUser
    text: str  # the words addressed to the bot: its own mention removed, other mentions as @Name
    parts: tuple[Part, ...]  # the same, with mentions as structured parts
    mentions_bot: bool

    @property
    def key(self) -> str:
        """The dedupe key: Teams redelivers an activity with the same id when a delivery looked failed."""
        return f"{PLATFORM}:{self.where.tenant_id or ''}:{self.where.conversation_id}:{self.activity_id}"

    @property
    def thread(self) -> ThreadRef:
        return self.where.thread(self.activity_id)

    @property
    def direct(self) -> bool:
        return self.where.conversation_type is ConversationType.PERSONAL

    def to_inbound(self, person: Person) -> InboundMessage:
        """The neutral message. Only a channel message has an id of its own in its thread (the reply chain), so a
        follow-up there is answered without a mention; in a group chat the bot answers when mentioned."""
        in_channel = self.where.conversation_type is ConversationType.CHANNEL
        mentions = tuple(Mention(p.user_id, p.name) for p in self.parts if isinstance(p, MentionPart))
        return InboundMessage(
            self.thread,
            person,
            self.text,
            event_id=self.key,
            direct=self.direct,
            addressed=self.mentions_bot,
            message_id=self.activity_id if in_channel else None,
            mentions=mentions,
        )


@dataclass(frozen=True)
class CardAction:
    """An Action.Execute on one of our cards: a click (`manual`) or a user-specific refresh (`automatic`)."""

    activity_id: str
    where: Where
    user: TeamsUser
    verb: str
    target: str  # the opaque id the card carried (a pending action's id), nothing else
    card_activity_id: str | None  # the posted card, to update it for everyone after a decision
    automatic: bool

    @property
    def choice_value(self) -> str:
        """The neutral choice value (`verb:id`) the core decides on."""
        return f"{self.verb}:{self.target}"


@dataclass(frozen=True)
class Feedback:
    """👍/👎 from Teams' feedback loop on one of our answers. Free text, if any, is dropped here: it is unredacted."""

    activity_id: str
    where: Where
    user: TeamsUser
    answer_activity_id: str | None
    up: bool


@dataclass(frozen=True)
class Ignored:
    reason: str
    invoke: bool = False  # invokes are answered with an (empty) invoke response


Parsed = TeamsMessage | CardAction | Feedback | Ignored


def parse_activity(body: object) -> Parsed:
    """What an inbound activity means for the bot; Malformed when it is not an activity at all."""
    if not isinstance(body, Mapping):
        raise Malformed("the body is not a JSON object")
    body, automatic = _take_trigger(body)
    try:
        activity = ActivityTypeAdapter.validate_python(body)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in e["loc"][1:2]) or "type" for e in exc.errors()})
        raise Malformed(f"not a Bot Framework activity (check: {', '.join(fields)})") from None
    user = _user(activity.from_)
    if user is None or activity.from_.id == activity.recipient.id:
        return Ignored("from a bot, or from a user without an Entra object id")
    where = _where(activity, body)
    if isinstance(activity, MessageActivity):
        return _message(activity, where, user)
    if isinstance(activity, AdaptiveCardInvokeActivity):
        return _card_action(activity, where, user, automatic)
    if isinstance(activity, MessageSubmitActionInvokeActivity):
        reaction = activity.value.action_value.reaction
        return Feedback(_id(activity), where, user, activity.reply_to_id, up=reaction == "like")
    return Ignored(f"{activity.type} activity", invoke=activity.type == "invoke")


def _message(activity: MessageActivity, where: Where, user: TeamsUser) -> TeamsMessage | Ignored:
    parts = split_mentions(activity.text or "", _mentions(activity), bot_id=where.bot_id)
    mentioned = any(isinstance(p, MentionPart) and p.is_bot for p in parts)
    kept = tuple(
        TextPart(html.unescape(p.text)) if isinstance(p, TextPart) else p
        for p in parts
        if not (isinstance(p, MentionPart) and p.is_bot)
    )
    text = "".join(p.text for p in kept).strip()
    if not text:
        return Ignored("a message without text (an attachment or a bare mention)")
    return TeamsMessage(_id(activity), where, user, text, kept, mentioned)


def _take_trigger(body: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """An Action.Execute's trigger, taken out before the SDK reads the body: Teams sends "automatic" when a card
    refreshes itself, and microsoft-teams-api 2.1.1 only admits "manual" (it would refuse every refresh)."""
    value = body.get("value")
    if body.get("name") != "adaptiveCard/action" or not isinstance(value, Mapping) or "trigger" not in value:
        return body, False
    rest = {k: v for k, v in value.items() if k != "trigger"}
    return {**body, "value": rest}, value.get("trigger") == "automatic"


def _card_action(
    activity: AdaptiveCardInvokeActivity, where: Where, user: TeamsUser, automatic: bool
) -> CardAction | Ignored:
    action = activity.value.action
    data = action.data if isinstance(action.data, Mapping) else {}
    target = data.get("id")
    if not action.verb or not isinstance(target, str):
        return Ignored("a card action that is not one of ours", invoke=True)
    return CardAction(_id(activity), where, user, action.verb, target, activity.reply_to_id, automatic)


def _where(activity: ActivityBase, body: Mapping[str, Any]) -> Where:
    if not activity.service_url:
        raise Malformed("the activity has no serviceUrl")
    conversation = activity.conversation
    base, root = split_conversation(conversation.id)
    kind = ConversationType(conversation.conversation_type or "personal")
    data = activity.channel_data
    tenant = conversation.tenant_id or (data.tenant.id if data and data.tenant else None)
    team = data.team.id if data and data.team else None
    return Where(activity.service_url, tenant, base, kind, root, team, activity.recipient.id)


def _user(account: Account) -> TeamsUser | None:
    if not account.aad_object_id or account.role == "bot":
        return None
    return TeamsUser(account.aad_object_id, account.id, account.name)


def _mentions(activity: MessageActivity) -> list[tuple[str, str, str]]:
    """(the mention's text in the message, the mentioned id, their name) for every mention entity."""
    found = []
    for entity in activity.entities or []:
        if getattr(entity, "type", None) == "mention":
            mentioned = entity.mentioned  # type: ignore[union-attr]
            found.append((entity.text or f"<at>{mentioned.name}</at>", mentioned.id, mentioned.name or ""))  # type: ignore[union-attr]
    return found


def _id(activity: ActivityBase) -> str:
    if not activity.id:
        raise Malformed("the activity has no id")
    return activity.id
