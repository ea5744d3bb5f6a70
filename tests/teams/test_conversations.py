"""Teams conversations end to end: signed activities posted to /api/messages, answers delivered to the fake
connector in the right chat or reply chain, once."""

from __future__ import annotations

from tests.teams import activities
from tests.teams.harness import TeamsHarness


async def test_a_direct_message_gets_a_cited_answer_in_the_chat(teams: TeamsHarness) -> None:
    """A 1:1 question is answered in that chat, with numbered citations naming the runbook, the AI label and 👍/👎."""
    await teams.say(activities.personal(teams.service_url, "my VPN keeps disconnecting, what do I do?"))
    [answer] = teams.messages()
    assert answer.conversation_id == "a:1personalann"
    assert "[1]" in answer.body["text"]
    [message_entity] = [e for e in answer.body["entities"] if e.get("@type") == "Message"]
    titles = [c["appearance"]["name"] for c in message_entity["citation"]]
    assert "VPN keeps disconnecting" in titles
    assert message_entity["additionalType"] == ["AIGeneratedContent"]
    assert answer.body["channelData"]["feedbackLoop"] == {"type": "default"}


async def test_a_channel_mention_is_answered_in_its_reply_chain_and_a_follow_up_without_one(
    teams: TeamsHarness,
) -> None:
    """An @mention in a channel is answered in the reply chain it started; a later reply there needs no mention."""
    post = activities.channel(teams.service_url, "VPN keeps disconnecting")
    await teams.say(post)
    chain = f"{activities.CHANNEL};messageid={post['id']}"
    await teams.say(activities.channel(teams.service_url, "still disconnecting", root=post["id"], mention_bot=False))
    assert [m.conversation_id for m in teams.messages()] == [chain, chain]


async def test_a_group_chat_is_answered_only_when_the_bot_is_mentioned(teams: TeamsHarness) -> None:
    """In a group chat the bot answers @mentions and stays out of the rest of the conversation."""
    await teams.say(activities.group_chat(teams.service_url, "VPN keeps disconnecting"))
    await teams.say(activities.group_chat(teams.service_url, "lunch at noon?", mention_bot=False))
    assert [m.conversation_id for m in teams.messages()] == [activities.GROUP_CHAT]


async def test_a_redelivered_activity_is_answered_once(teams: TeamsHarness) -> None:
    """Teams redelivers an activity with the same id when it saw no ack in time: one answer, however many copies."""
    body = activities.personal(teams.service_url, "VPN keeps disconnecting")
    for _ in range(3):
        await teams.say(body)
    assert len(teams.messages()) == 1


async def test_the_typing_indicator_shows_while_a_turn_runs(teams: TeamsHarness) -> None:
    """Before the answer arrives, the chat shows that Opsbot is typing."""
    await teams.say(activities.personal(teams.service_url, "VPN keeps disconnecting"))
    kinds = [s.body.get("type") for s in teams.fake.delivered()]
    assert kinds.index("typing") < kinds.index("message")


async def test_an_unauthenticated_post_is_refused_and_nothing_is_sent(teams: TeamsHarness) -> None:
    """Without a Bot Framework token: 401, no turn, nothing delivered."""
    status, _ = await teams.post(activities.personal(teams.service_url, "VPN keeps disconnecting"), token=None)
    await teams.settle()
    assert (status, teams.fake.sent) == (401, [])


async def test_malformed_bodies_and_unknown_types_get_4xx_and_the_bot_keeps_serving(teams: TeamsHarness) -> None:
    """Garbage, a non-activity and an unknown activity type are refused with 400, and the next message is answered."""
    unknown = activities.personal(teams.service_url, "hi") | {"type": "hologram"}
    for body in (b"{not json", {"hello": "world"}, unknown):
        status, _ = await teams.post(body)
        assert 400 <= status < 500, body
    await teams.say(activities.personal(teams.service_url, "VPN keeps disconnecting"))
    assert len(teams.messages()) == 1


async def test_a_throttled_connector_is_retried_after_retry_after(teams: TeamsHarness) -> None:
    """429 and 503 from the Bot Connector are retried after Retry-After, and the answer still arrives once."""
    teams.fake.fail_next(429, retry_after="0", times=1)
    teams.fake.fail_next(503, retry_after="0", times=1)
    await teams.say(activities.personal(teams.service_url, "VPN keeps disconnecting"))
    statuses = [s.status for s in teams.fake.sent]
    assert statuses[:2] == [429, 503]
    assert len(teams.messages()) == 1
