"""Per-channel settings: which channels answer untagged messages, and what knowledge answers there may use."""

from __future__ import annotations

from bot.core.channels import ChannelPolicy, ChannelRules
from model.messages import Person

POLICY = ChannelPolicy(
    {"C0HELP": ChannelRules(answer_untagged=True), "C0PUBLIC": ChannelRules(knowledge_groups=["everyone"])}
)
SRE = Person("U0SRE", frozenset({"everyone", "sre"}))


def test_only_configured_channels_answer_untagged_messages() -> None:
    """By default a top-level message needs an @mention; a helpdesk channel can opt out of that."""
    assert POLICY.answers_untagged("C0HELP") and not POLICY.answers_untagged("C0OTHER")


def test_a_public_channel_can_limit_answers_to_knowledge_everyone_may_read() -> None:
    """In a channel scoped to 'everyone', an SRE's question is answered from what everyone may read."""
    assert POLICY.scoped(SRE, "C0PUBLIC").groups == {"everyone"}
    assert POLICY.scoped(SRE, "C0OTHER") == SRE
