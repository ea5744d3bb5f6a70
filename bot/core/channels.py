"""Per-channel rules (config `slack_channels:` today, any platform's channels tomorrow): whether untagged messages
get an answer, and whose knowledge answers there may draw on. Everyone in a channel reads its answers, so a scope
is a security rule, not a preference: a channel without one is answered from unrestricted documents only."""

from __future__ import annotations

from collections.abc import Mapping

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

    def audience(self, person: Person, channel: str) -> frozenset[str]:
        """The groups whose knowledge an answer in this shared channel may use: everyone there sees the answer,
        whatever the asker may read elsewhere. The configured scope (as far as the asker may read it), or none:
        then only unrestricted documents."""
        rules = self._channels.get(channel)
        if rules is None or rules.knowledge_groups is None:
            return frozenset()
        return person.groups & frozenset(rules.knowledge_groups)
