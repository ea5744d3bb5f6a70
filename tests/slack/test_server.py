"""The HTTP endpoint as Slack meets it: signatures, stale timestamps, health, acks, and App Home."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.serving import start_http
from bot.slack.server import EVENTS_PATH
from model.errors import StartupError
from store import pending
from store.db import Database
from store.models import utcnow
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import Harness, build_pipeline_and_bot, slack_settings
from tests.slack.signed import event_body, mention, send

CHANNEL = "C0GENERAL"


async def test_a_bad_signature_is_rejected_and_nothing_happens(slack: Harness) -> None:
    """A request signed with the wrong secret gets 401 and no answer."""
    sent = await slack.send(event_body(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "300.1")), secret="x")
    await slack.settle()
    assert sent.status == 401 and not slack.posts()


async def test_a_stale_timestamp_is_rejected_even_when_correctly_signed(slack: Harness) -> None:
    """A replayed request older than five minutes gets 401, though its signature is valid."""
    sent = await slack.send(event_body(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "300.2")), age=301)
    await slack.settle()
    assert sent.status == 401 and not slack.posts()


async def test_slack_url_verification_gets_its_challenge_back(slack: Harness) -> None:
    """Saving the Request URL in the app settings works: the signed challenge is echoed."""
    sent = await slack.send(('{"type": "url_verification", "token": "t", "challenge": "c4ll3ng3"}', "application/json"))
    assert sent.status == 200 and "c4ll3ng3" in sent.body


async def test_health_says_ready_once_started(slack: Harness) -> None:
    """GET /healthz answers 200 when the app has loaded its directory and started."""
    async with slack.session.get(f"http://127.0.0.1:{slack.server.port}/healthz") as response:
        assert response.status == 200 and (await response.json()) == {"ready": True}


async def test_the_ack_does_not_wait_for_the_answer(slack: Harness) -> None:
    """Slack gets its 200 at once, while the answer (here held back by a slow Slack API) is still on its way."""
    slack.fake.rate_limit_next("chat.postMessage", retry_after=1)
    sent = await slack.send(event_body(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "300.3")))
    assert sent.status == 200 and sent.seconds < 0.5 and slack.bot.worker.busy == 1
    await slack.settle()


async def test_a_second_replica_does_not_answer_a_message_again(tmp_path: Path, slack: Harness) -> None:
    """Another process on the same database (a replica, or after a restart) skips a message already answered."""
    request = event_body(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "300.4"))
    await slack.send(request)
    await slack.settle()
    settings = slack_settings(tmp_path, slack.fake.base_url)
    replica = build_pipeline_and_bot(settings, slack.database)
    server = await start_http(replica, host="127.0.0.1", port=0)
    try:
        sent = await send(slack.session, f"http://127.0.0.1:{server.port}{EVENTS_PATH}", request, retry=1)
        assert await replica.worker.drain(10)
    finally:
        await server.close()
    assert sent.status == 200 and len(slack.posts(CHANNEL)) == 1


async def test_app_home_lists_pending_and_recent_actions(slack: Harness) -> None:
    """Opening the Home tab publishes the person's waiting confirmations and recent actions."""
    with slack.database.transaction() as session:
        pending.create_pending(
            session, expires_at=utcnow(), action="create_ticket", params={"title": "VPN down"},
            requester="U0BOB", risk="low", confirm_by="requester",
        )  # fmt: skip
    event = {"type": "app_home_opened", "user": "U0BOB", "channel": "D0BOB", "tab": "home"}
    await slack.event(event)
    await slack.settle()
    [published] = slack.fake.calls_to("views.publish")
    assert published.args["user_id"] == "U0BOB"
    assert "`create_ticket` title=VPN down" in str(published.args["view"]["blocks"])


async def test_a_token_slack_rejects_stops_start_up_with_a_clear_error(tmp_path: Path, fake_slack: FakeSlack) -> None:
    """If auth.test refuses the bot token, serving does not start and the error names SLACK_BOT_TOKEN."""
    settings = slack_settings(tmp_path, fake_slack.base_url, SLACK_BOT_TOKEN="xoxb-revoked")
    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    service = build_pipeline_and_bot(settings, database)
    with pytest.raises(StartupError, match=r"SLACK_BOT_TOKEN \(invalid_auth\)"):
        await start_http(service, host="127.0.0.1", port=0)
    service.worker.close()
    database.dispose()
