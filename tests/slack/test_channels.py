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
    """In a channel scoped to 'everyone', an SRE's question is answered from what everyone may read; in a channel
    with no scope, from unrestricted documents only."""
    assert POLICY.audience(SRE, "C0PUBLIC") == {"everyone"}
    assert POLICY.audience(SRE, "C0OTHER") == frozenset()


def test_a_scope_never_widens_what_the_asker_may_read() -> None:
    """A channel scoped to sre does not let someone outside sre read sre documents there."""
    policy = ChannelPolicy({"C0SRE": ChannelRules(knowledge_groups=["sre"])})
    assert policy.audience(Person("U0DEV", frozenset({"everyone"})), "C0SRE") == frozenset()
    assert policy.audience(SRE, "C0SRE") == {"sre"}
