"""Signed activities posted to /api/messages become the Teams dataclasses the core will read."""

from __future__ import annotations

from urllib.parse import unquote

from bot.teams.inbound import ConversationType
from bot.teams.mentions import MentionPart, TextPart
from bot.teams.threads import reply_conversation
from model.messages import ThreadRef
from tests.teams import activities
from tests.teams.activities import ANN, BOB, CHANNEL, GROUP_CHAT
from tests.teams.conftest import Endpoint


async def test_a_direct_message_is_a_personal_conversation_by_entra_object_id(endpoint: Endpoint) -> None:
    """1:1: the person is their Entra object id, the chat is the thread, and it counts as direct."""
    body = activities.personal(endpoint.fake.service_url, "Where is the VPN runbook?")
    assert (await endpoint.post(body))[0] == 200
    (message,) = endpoint.handler.messages
    assert message.user.aad_object_id == ANN["aadObjectId"]
    assert message.where.conversation_type is ConversationType.PERSONAL
    assert message.direct and not message.mentions_bot
    assert message.where.service_url == endpoint.fake.service_url
    inbound = message.to_inbound(message.user.person())
    assert (inbound.user.id, inbound.user.display_name, inbound.direct) == (ANN["aadObjectId"], "Ann Example", True)
    assert reply_conversation(inbound.thread) == body["conversation"]["id"]


async def test_a_group_chat_mention_is_stripped_from_the_text(endpoint: Endpoint) -> None:
    """Group chat: the bot's own <at> mention is gone from the text and recorded as a mention of the bot."""
    await endpoint.post(activities.group_chat(endpoint.fake.service_url, "what does error 503 mean?"))
    (message,) = endpoint.handler.messages
    assert message.where.conversation_type is ConversationType.GROUP_CHAT
    assert (message.text, message.mentions_bot) == ("what does error 503 mean?", True)
    assert "<at>" not in message.text and message.parts == (TextPart(" what does error 503 mean?"),)
    assert reply_conversation(message.thread) == GROUP_CHAT


async def test_a_channel_post_starts_a_reply_chain_and_replies_go_into_it(endpoint: Endpoint) -> None:
    """A new channel post mentioning the bot is the root of its thread; the answer goes to that reply chain."""
    body = activities.channel(endpoint.fake.service_url, "is the deploy pipeline down?")
    await endpoint.post(body)
    (message,) = endpoint.handler.messages
    assert message.where.conversation_type is ConversationType.CHANNEL
    assert (message.where.conversation_id, message.where.reply_chain_id) == (CHANNEL, body["id"])
    assert message.where.team_id == "19:team0000@thread.tacv2"
    assert reply_conversation(message.thread) == f"{CHANNEL};messageid={body['id']}"


async def test_a_follow_up_without_a_mention_lands_in_the_same_thread(endpoint: Endpoint) -> None:
    """A reply in the chain (as the RSC permission delivers it) is the same thread, flagged as no mention of the bot."""
    root = activities.channel(endpoint.fake.service_url, "is the deploy pipeline down?")
    follow_up = activities.channel(endpoint.fake.service_url, "and since when?", root=root["id"], mention_bot=False)
    await endpoint.post(root)
    await endpoint.post(follow_up)
    first, second = endpoint.handler.messages
    assert second.thread == first.thread and ThreadRef.from_key(second.thread.key) == first.thread
    assert (second.mentions_bot, second.text) == (False, "and since when?")
    assert unquote(second.thread.thread) == root["id"]


async def test_other_mentions_become_structured_parts(endpoint: Endpoint) -> None:
    """A colleague's mention is a structured part (their id and name), and plain '@Name' in the text, never <at>."""
    body = activities.channel(endpoint.fake.service_url, "please check with", mentions=(BOB,))
    await endpoint.post(body)
    (message,) = endpoint.handler.messages
    assert message.text == "please check with @Bob Sample"
    assert MentionPart(BOB["id"], "Bob Sample", is_bot=False) in message.parts
    assert not any(isinstance(p, MentionPart) and p.is_bot for p in message.parts)


async def test_a_redelivered_activity_has_the_same_dedupe_key(endpoint: Endpoint) -> None:
    """Teams retries deliver the same activity id again: both deliveries carry one key for the core to claim once."""
    body = activities.personal(endpoint.fake.service_url, "hello")
    await endpoint.post(body)
    await endpoint.post(body)
    first, second = endpoint.handler.messages
    assert first.key == second.key and body["id"] in first.key


async def test_a_card_click_carries_only_the_verb_and_the_id(endpoint: Endpoint) -> None:
    """Action.Execute arrives as an invoke; its answer is the invoke response in the HTTP 200 body."""
    posted = {"id": "1700000000042", "conversation": "a:1personalann"}
    status, body = await endpoint.post(activities.card_action(endpoint.fake.service_url, posted, "confirm", "p-123"))
    assert status == 200
    assert body == {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": "confirm p-123"}
    (action,) = endpoint.handler.actions
    assert (action.choice_value, action.card_activity_id, action.automatic) == ("confirm:p-123", "1700000000042", False)
    assert action.user.aad_object_id == ANN["aadObjectId"]


async def test_feedback_keeps_the_reaction_and_drops_the_free_text(endpoint: Endpoint) -> None:
    """👎 from the feedback loop reaches the core as 'down' for that answer; the typed comment (unredacted) does not."""
    status, _ = await endpoint.post(activities.feedback(endpoint.fake.service_url, "1700000000007", "dislike"))
    assert status == 200
    (feedback,) = endpoint.handler.feedback
    assert (feedback.up, feedback.answer_activity_id) == (False, "1700000000007")
    assert "Ann Example said" not in repr(feedback)


async def test_unknown_types_and_bodies_that_are_not_activities_get_400(endpoint: Endpoint) -> None:
    """Correctly signed but not an activity (or of a type the Bot Framework does not define): 400, never a 5xx."""
    good = activities.personal(endpoint.fake.service_url, "hi")
    for body in ({**good, "type": "somethingNew"}, {"serviceUrl": endpoint.fake.service_url}, [1, 2]):
        assert (await endpoint.post(body))[0] in (400, 401)
    assert (await endpoint.post({**good, "type": "somethingNew"}))[0] == 400
    assert (await endpoint.post({k: v for k, v in good.items() if k != "from"}))[0] == 400
    assert (await endpoint.post(b"{not json"))[0] == 401  # no serviceUrl to check the token against
    assert endpoint.handler.calls == 0
    assert (await endpoint.post(good))[0] == 200  # and the bot keeps serving


async def test_activities_the_bot_has_nothing_to_do_with_are_acknowledged(endpoint: Endpoint) -> None:
    """Installs, reactions and the bot's own messages get 200 and reach nobody."""
    service = endpoint.fake.service_url
    update = activities.personal(service, "x") | {"type": "conversationUpdate", "membersAdded": [{"id": "28:x"}]}
    own = activities.personal(service, "echo", user={"id": activities.BOT, "name": "Opsbot", "aadObjectId": "b"})
    bot_user = activities.personal(service, "hi", user={"id": "28:other", "name": "Other bot", "role": "bot"})
    for body in (update, own, bot_user):
        assert (await endpoint.post(body))[0] == 200
    assert endpoint.handler.calls == 0


async def test_a_card_refreshing_itself_is_an_automatic_action(endpoint: Endpoint) -> None:
    """Teams' refresh invoke (trigger "automatic") reaches the core as a refresh, not as a 400 or a click."""
    posted = {"id": "1700000000042", "conversation": "a:1personalann"}
    body = activities.card_action(endpoint.fake.service_url, posted, "refresh", "p-123", user=BOB, automatic=True)
    status, _ = await endpoint.post(body)
    assert status == 200
    (action,) = endpoint.handler.actions
    assert (action.verb, action.target, action.automatic, action.user.aad_object_id) == (
        "refresh",
        "p-123",
        True,
        BOB["aadObjectId"],
    )
