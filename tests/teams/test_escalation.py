"""Escalation in Teams: on-call mentioned in the escalation channel with a link to the reply chain, silence in
that chain until someone hands it back (button or `@Opsbot hand back`), re-pings, and 👍/👎 stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from store.models import Feedback
from tests.teams import activities
from tests.teams.fake_botframework import Sent
from tests.teams.harness import ESCALATION_CHANNEL, ONCALL_TAG, TeamsHarness

ANN = activities.ANN["aadObjectId"]


async def escalated(teams: TeamsHarness) -> tuple[dict[str, Any], str]:
    """Ann asks for a human in a channel; the post that started the reply chain, and the chain's conversation id."""
    post = activities.channel(teams.service_url, "I need a human please, the VPN is down for everyone")
    await teams.say(post)
    return post, f"{activities.CHANNEL};messageid={post['id']}"


def notices(teams: TeamsHarness) -> list[Sent]:
    return teams.messages(lambda s: s.conversation_id == ESCALATION_CHANNEL)


async def test_on_call_is_mentioned_in_the_escalation_channel_with_a_link_to_the_reply_chain(
    teams: TeamsHarness,
) -> None:
    """The on-call tag is mentioned (a real mention entity), with a deep link to Ann's reply chain."""
    post, _ = await escalated(teams)
    [notice] = notices(teams)
    [mention] = [e for e in notice.body["entities"] if e["type"] == "mention"]
    assert mention["mentioned"] == {"id": ONCALL_TAG, "name": "on-call", "type": "tag"}
    assert notice.body["text"].startswith("<at>on-call</at>")
    assert "https://teams.microsoft.com/l/message/" in notice.body["text"]
    assert f"parentMessageId={post['id']}" in notice.body["text"]


async def test_the_bot_is_silent_in_an_escalated_chain_until_it_is_handed_back(teams: TeamsHarness) -> None:
    """After escalating, replies in the chain are left to the humans; `@Opsbot hand back` returns it to the bot."""
    post, chain = await escalated(teams)
    in_chain = lambda s: s.conversation_id == chain  # noqa: E731
    said = len(teams.messages(in_chain))
    await teams.say(activities.channel(teams.service_url, "VPN keeps disconnecting", root=post["id"]))
    assert len(teams.messages(in_chain)) == said
    await teams.say(activities.channel(teams.service_url, "hand back", root=post["id"]))
    assert "I'm back" in teams.messages(in_chain)[-1].body["text"]
    await teams.say(activities.channel(teams.service_url, "VPN keeps disconnecting", root=post["id"]))
    assert "[1]" in teams.messages(in_chain)[-1].body["text"]


async def test_the_hand_back_button_returns_the_chain_and_closes_its_card(teams: TeamsHarness) -> None:
    """Clicking Hand back on the escalation reply updates that card for everyone and the bot answers again."""
    _, chain = await escalated(teams)
    reply = next(s for s in teams.messages(lambda s: s.conversation_id == chain) if s.body.get("attachments"))
    target = {"id": reply.id, "conversation": chain}
    body = activities.card_action(teams.service_url, target, "handback", "")
    body["conversation"]["conversationType"] = "channel"
    status, answer = await teams.post(body)
    await teams.settle()
    assert status == 200 and "Handed back to Opsbot" in str(answer["value"])
    [update] = teams.fake.delivered("update")
    assert update.activity_id == reply.id
    assert "I'm back" in teams.messages(lambda s: s.conversation_id == chain)[-1].body["text"]


async def test_on_call_is_pinged_again_when_nobody_answered(teams: TeamsHarness) -> None:
    """The re-ping job mentions on-call again, proactively, through the stored conversation reference."""
    await escalated(teams)
    pinged = await teams.service.worker.run(teams.box.escalation.reping_unanswered(after=timedelta(0)))
    assert pinged == 1
    _, again = notices(teams)
    assert again.body["text"].startswith("<at>on-call</at> Still waiting")


async def test_thumbs_up_and_down_are_stored_like_slack_feedback(teams: TeamsHarness) -> None:
    """Teams' feedback loop on an answer stores +1 / -1 for the person; their free text is not kept."""
    await teams.say(activities.personal(teams.service_url, "VPN keeps disconnecting"))
    [answer] = teams.messages()
    for reaction in ("like", "dislike"):
        status, _ = await teams.post(activities.feedback(teams.service_url, answer.id or "", reaction))
        assert status == 200
        await teams.settle()
    with teams.database.transaction() as session:
        stored = [(f.user_id, f.value) for f in session.scalars(select(Feedback))]
    assert stored == [(ANN, 1), (ANN, -1)]


async def test_the_talk_to_a_human_button_escalates_from_an_i_dont_know(teams: TeamsHarness) -> None:
    """An answer without knowledge offers Talk to a human; clicking it tells on-call and says so in the chat."""
    await teams.say(activities.personal(teams.service_url, "what is the recipe for sourdough bread?"))
    [answer] = teams.messages()
    card = answer.body["attachments"][0]["content"]
    [button] = [a for e in card["body"] if e["type"] == "ActionSet" for a in e["actions"] if a["verb"] == "human"]
    body = activities.card_action(teams.service_url, answer.posted(), "human", button["data"]["id"])
    status, response = await teams.post(body)
    await teams.settle()
    assert (status, response["type"]) == (200, "application/vnd.microsoft.activity.message")
    [notice] = notices(teams)
    assert "asked for a human" in notice.body["text"]
    assert "on-call team" in teams.messages(lambda s: s.conversation_id == "a:1personalann")[-1].body["text"]
