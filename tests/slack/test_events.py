"""Messages in, answers out: where the bot answers, what it ignores, and that each message is answered once."""

from __future__ import annotations

from tests.slack.fake_slack import BOT_ID, BOT_USER, TEAM
from tests.slack.harness import HELPDESK, Harness
from tests.slack.signed import event_body, mention, message

CHANNEL = "C0GENERAL"


async def test_a_mention_is_answered_in_its_thread_with_citations(slack: Harness) -> None:
    """A question with an @mention gets an answer in that message's thread, citing title › section with a link."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "100.000001"))
    await slack.settle()
    [answer] = slack.posts(CHANNEL)
    assert answer["thread_ts"] == "100.000001"
    assert "<https://wiki.example.test/vpn#fix|VPN keeps disconnecting › Fix>" in str(answer["blocks"])
    assert "OPS-88 VPN drops in Berlin (tickets/OPS-88)" in str(answer["blocks"])
    assert answer["text"].startswith("Here is what I found")
    values = [e["value"] for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values == ["feedback:up", "feedback:down", "human:"]


async def test_a_direct_message_is_answered_without_a_mention(slack: Harness) -> None:
    """A DM needs no @mention; the answer goes into the DM, in the message's thread."""
    await slack.event(message("D0BOB", "U0BOB", "my VPN keeps disconnecting", "101.000001"))
    await slack.settle()
    [answer] = slack.posts("D0BOB")
    assert answer["thread_ts"] == "101.000001"


async def test_a_follow_up_in_a_thread_the_bot_answered_needs_no_mention(slack: Harness) -> None:
    """Once the bot answered in a thread, later messages there are answered; other threads are left alone."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "102.000001"))
    await slack.settle()
    await slack.event(message(CHANNEL, "U0BOB", "still dropping after the VPN fix", "102.000002", "102.000001"))
    await slack.event(message(CHANNEL, "U0BOB", "lunch anyone? VPN", "103.000002", "103.000001"))
    await slack.event(message(CHANNEL, "U0BOB", "VPN is flaky", "104.000001"))
    await slack.settle()
    assert [p["thread_ts"] for p in slack.posts(CHANNEL)] == ["102.000001", "102.000001"]


async def test_a_helpdesk_channel_answers_untagged_top_level_messages(slack: Harness) -> None:
    """A channel configured with answer_untagged gets answers without an @mention."""
    await slack.event(message(HELPDESK, "U0BOB", "VPN keeps disconnecting", "105.000001"))
    await slack.settle()
    assert [p["thread_ts"] for p in slack.posts(HELPDESK)] == ["105.000001"]


async def test_a_mention_delivered_as_app_mention_and_message_is_answered_once(slack: Harness) -> None:
    """Slack sends an @mention twice (app_mention and message); one answer comes back."""
    text = f"<@{BOT_USER}> my VPN keeps disconnecting"
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "106.000001"))
    await slack.event(message(CHANNEL, "U0BOB", text, "106.000001"))
    await slack.settle()
    assert len(slack.posts(CHANNEL)) == 1


async def test_a_redelivered_event_is_answered_once(slack: Harness) -> None:
    """Slack's retries (X-Slack-Retry-Num) of an event already taken get a 200 and no second answer."""
    request = event_body(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "107.000001"))
    first = await slack.send(request)
    again = await slack.send(request, retry=1)
    await slack.settle()
    third = await slack.send(request, retry=2)
    await slack.settle()
    assert (first.status, again.status, third.status) == (200, 200, 200)
    assert len(slack.posts(CHANNEL)) == 1


async def test_bots_edits_and_the_bot_itself_are_ignored(slack: Harness) -> None:
    """Messages from bots (itself included), edits, deletions and joins never get an answer."""
    thread = "108.000001"
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", thread))
    await slack.settle()
    noise = [
        message(CHANNEL, BOT_USER, "VPN answer", "108.000003", thread, bot_id=BOT_ID),
        message(CHANNEL, "U0OTHERBOT", "VPN deploy done", "108.000004", thread, bot_id="B0DEPLOY"),
        message(CHANNEL, "", "VPN", "108.000005", thread, subtype="bot_message", bot_id="B0DEPLOY"),
        message(CHANNEL, "U0BOB", "VPN", "108.000006", thread, subtype="message_changed"),
        message(CHANNEL, "U0BOB", "VPN", "108.000007", thread, subtype="channel_join"),
        message("D0BOB", "U0BOB", "VPN keeps disconnecting", "108.000008", subtype="message_deleted"),
    ]
    for event in noise:
        await slack.event(event)
    await slack.settle()
    assert len(slack.posts()) == 1


async def test_the_working_indicator_is_removed_after_the_answer(slack: Harness) -> None:
    """While the agent runs an :eyes: reaction sits on the message; it is gone once the answer is posted."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "109.000001"))
    await slack.settle()
    [added] = slack.fake.calls_to("reactions.add")
    [removed] = slack.fake.calls_to("reactions.remove")
    assert added.args | {} == removed.args == {"channel": CHANNEL, "timestamp": "109.000001", "name": "eyes"}
    [post] = slack.fake.calls_to("chat.postMessage")
    assert added.at <= post.at <= removed.at


async def test_an_event_from_another_workspace_is_refused(slack: Harness) -> None:
    """A signed mention whose team_id is not the bot token's workspace (auth.test) gets no answer at all."""
    body, kind = event_body(mention(CHANNEL, "U0EVE", "my VPN keeps disconnecting", "900.000001"))
    foreign = body.replace(f'"team_id": "{TEAM}"', '"team_id": "T0OTHER"')
    assert foreign.count("T0OTHER") == 2
    await slack.send((foreign, kind))
    await slack.settle()
    assert slack.posts(CHANNEL) == []
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "900.000002"))
    await slack.settle()
    assert len(slack.posts(CHANNEL)) == 1


async def test_each_cited_source_says_how_fresh_it_is_and_old_ones_are_flagged(slack: Harness) -> None:
    """Sources show 'updated 3 months ago'; one older than the configured age carries a warning as well."""
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "110.000001"))
    await slack.settle()
    [answer] = slack.posts(CHANNEL)
    shown = str(answer["blocks"])
    assert "VPN keeps disconnecting › Fix> · _updated 3 months ago_" in shown
    assert "(tickets/OPS-88) · ⚠️ _updated 13 months ago · possibly out of date_" in shown
