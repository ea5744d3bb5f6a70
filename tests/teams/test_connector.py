"""Outbound: replies reach the activity's serviceUrl with a bot token; throttling is waited out, failures named."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.teams.config import TeamsConfig
from bot.teams.connector import Connector, ConnectorError
from bot.teams.render import build_reply
from bot.teams.retry import retry_after
from bot.teams.tokens import BotTokens, TokenUnavailable
from model.replies import Reply, ReplyKind
from tests.teams.fake_botframework import FakeBotFramework

CHAT = "a:1personalann"
THREAD = "19:a1b2c3d4e5f6@thread.tacv2;messageid=1700000000001"


@pytest.fixture
async def connector(config: TeamsConfig) -> AsyncIterator[Connector]:
    tokens = BotTokens(config)
    sender = Connector(tokens)
    yield sender
    await sender.close()
    await tokens.close()


def answer(text: str = "Restart with systemctl restart nginx.") -> Reply:
    return Reply(ReplyKind.ANSWER, text)


async def test_send_reply_update_and_typing_reach_the_connector_with_a_bot_token(
    fake: FakeBotFramework, connector: Connector
) -> None:
    """Each call lands at the serviceUrl's conversation, with a bot token from the Entra endpoint (fetched once)."""
    posted = await connector.send(fake.service_url, THREAD, build_reply(answer()))
    await connector.reply(fake.service_url, CHAT, "1700000000009", build_reply(answer("In the chat.")))
    await connector.update(fake.service_url, THREAD, posted, build_reply(answer("Updated.")))
    await connector.typing(fake.service_url, CHAT)
    kinds = [(s.kind, s.conversation_id, s.body["type"]) for s in fake.delivered()]
    assert kinds == [
        ("send", THREAD, "message"),
        ("reply", CHAT, "message"),
        ("update", THREAD, "message"),
        ("send", CHAT, "typing"),
    ]
    assert fake.delivered("reply")[0].body["replyToId"] == "1700000000009"
    assert fake.delivered("update")[0].activity_id == posted
    assert len(fake.token_requests) == 1 and fake.token_requests[0]["scope"] == "https://api.botframework.com/.default"
    assert {s.token for s in fake.delivered()} <= fake.issued


@pytest.mark.parametrize("status", [429, 503])
async def test_throttling_is_retried_after_retry_after(
    fake: FakeBotFramework, connector: Connector, status: int
) -> None:
    """A 429 or 503 with Retry-After: 1 is waited out and the message is delivered once."""
    fake.fail_next(status, retry_after="1", times=2)
    await connector.send(fake.service_url, CHAT, build_reply(answer()))
    tries = [s for s in fake.sent if s.kind == "send"]
    assert [s.status for s in tries] == [status, status, 200]
    assert tries[1].at - tries[0].at >= 0.99 and tries[2].at - tries[1].at >= 0.99
    assert len(fake.delivered()) == 1


async def test_throttling_that_does_not_end_is_a_delivery_error(fake: FakeBotFramework, connector: Connector) -> None:
    """After four attempts the caller gets a ConnectorError with a reference to tell the person; nothing is sent."""
    fake.fail_next(429, retry_after="0", times=10)
    with pytest.raises(ConnectorError) as raised:
        await connector.send(fake.service_url, CHAT, build_reply(answer()))
    assert (raised.value.status, len(fake.sent)) == (429, 4)
    assert raised.value.reference in raised.value.user_text


async def test_a_retry_after_beyond_thirty_seconds_is_not_waited(fake: FakeBotFramework, connector: Connector) -> None:
    """A Retry-After of minutes would hold the turn: it fails at once instead, for the caller to report."""
    fake.fail_next(429, retry_after="120")
    with pytest.raises(ConnectorError):
        await connector.send(fake.service_url, CHAT, build_reply(answer()))
    assert len(fake.sent) == 1


async def test_typing_is_best_effort(fake: FakeBotFramework, connector: Connector) -> None:
    """A typing indicator that cannot be shown does not fail the turn."""
    fake.fail_next(403, retry_after=None)
    await connector.typing(fake.service_url, CHAT)
    assert fake.delivered() == []


async def test_a_wrong_client_secret_is_a_clear_error(fake: FakeBotFramework, config: TeamsConfig) -> None:
    """Entra refuses the secret: the caller learns that signing in to Teams failed; no activity is attempted."""
    tokens = BotTokens(TeamsConfig(config.app_id, "wrong", config.tenant_id, token_url=fake.token_url))
    sender = Connector(tokens)
    with pytest.raises(TokenUnavailable) as raised:
        await sender.send(fake.service_url, CHAT, build_reply(answer()))
    assert "sign in to Microsoft Teams" in raised.value.user_text and fake.sent == []
    await sender.close()
    await tokens.close()


def test_retry_after_reads_seconds_and_http_dates() -> None:
    """Retry-After in seconds or as an HTTP date; missing or unreadable means one second."""
    assert retry_after("3") == 3.0
    assert retry_after("Wed, 01 Dec 2026 09:00:05 GMT", now=lambda: 1796115600.0) == 5.0
    assert retry_after(None) == retry_after("soon") == 1.0
