"""Per-channel behaviour from the config file (`slack_channels:`): untagged messages, knowledge scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.settings import SlackChannelSpec
from model.messages import Person


class ChannelPolicy:
    def __init__(self, channels: Mapping[str, SlackChannelSpec]) -> None:
        self._channels = dict(channels)

    def answers_untagged(self, channel: str) -> bool:
        """Whether top-level messages that do not mention the bot get an answer here (default: no)."""
        spec = self._channels.get(channel)
        return spec is not None and spec.answer_untagged

    def scoped(self, person: Person, channel: str) -> Person:
        """In a channel with a knowledge scope, answers only draw on what those groups may read: everyone there
        sees the answer, whatever the asker may read elsewhere."""
        spec = self._channels.get(channel)
        if spec is None or spec.knowledge_groups is None:
            return person
        return replace(person, groups=person.groups & frozenset(spec.knowledge_groups))
