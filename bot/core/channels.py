"""Per-channel rules (config `slack_channels:` today, any platform's channels tomorrow): whether untagged messages
get an answer, and whose knowledge answers there may draw on. Everyone in a channel reads its answers, so a scope
is a security rule, not a preference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pydantic import BaseModel

from model.messages import Person


class ChannelRules(BaseModel):
    model_config = {"extra": "forbid"}

    answer_untagged: bool = False  # answer top-level messages that do not mention the bot
    knowledge_groups: list[str] | None = None  # answers here only use knowledge these groups may read


class ChannelPolicy:
    def __init__(self, channels: Mapping[str, ChannelRules]) -> None:
        self._channels = dict(channels)

    def answers_untagged(self, channel: str) -> bool:
        """Whether top-level messages that do not mention the bot get an answer here (default: no)."""
        rules = self._channels.get(channel)
        return rules is not None and rules.answer_untagged

    def scoped(self, person: Person, channel: str) -> Person:
        """In a channel with a knowledge scope, answers only draw on what those groups may read: everyone there
        sees the answer, whatever the asker may read elsewhere."""
        rules = self._channels.get(channel)
        if rules is None or rules.knowledge_groups is None:
            return person
        return replace(person, groups=person.groups & frozenset(rules.knowledge_groups))
