"""Bad input at the edge: malformed, oversized or oddly typed requests, correctly signed, never get a 5xx (Slack
would retry them and alerting would fire), each refusal is logged once with a reference, and the bot keeps
answering."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter

import pytest

from bot.slack.server import socket_handler
from tests.slack.fake_slack import APP_TOKEN, FakeSlack
from tests.slack.harness import Harness
from tests.slack.mutations import FORM, JSON, envelopes, mutated_bodies
from tests.slack.signed import event_body, message, send_raw

SEED, BODIES = 15, 400
LOG_LINE = re.compile(r"slack [a-z_]+ (refused: [A-Za-z0-9 -]+|not handled) \(ref \w+\)")


async def answered(slack: Harness, ts: str) -> None:
    await slack.event(message("D0BOB", "U0BOB", "my VPN keeps disconnecting", ts))
    await slack.settle()
    assert [p for p in slack.posts("D0BOB") if p["thread_ts"] == ts], "the next normal message was not answered"


async def test_no_malformed_body_gets_a_5xx_and_the_next_message_is_answered(slack: Harness) -> None:
    """Hundreds of seeded, signed, mutated bodies get 2xx/4xx only; a normal DM afterwards is answered."""
    statuses: Counter[int] = Counter()
    for body, content_type in mutated_bodies(SEED, BODIES):
        sent = await send_raw(slack.session, slack.url, body, content_type)
        statuses[sent.status] += 1
    await slack.settle()
    assert sum(statuses.values()) == BODIES
    assert not [status for status in statuses if status >= 500], statuses
    assert statuses[400] > BODIES / 4, statuses  # most mutations are refused, not silently taken
    await answered(slack, "700.000001")


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"\xff", JSON, 400),
        (b"[" * 100_000, JSON, 400),
        (b"x" * (1024 * 1024 + 1), JSON, 413),
        (b'{"type": "x"}', "text/plain", 415),
        (b'{"type": "x"}', None, 415),
        (b"[1, 2]", JSON, 400),
        (json.dumps({"type": "block_actions", "actions": []}).encode(), JSON, 400),
        (b"payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3Anull%7D", FORM, 400),
        (b"payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%7B%7D%7D", FORM, 400),
        (b'{"type": "event_callback", "event": {"type": "app_mention", "text": "\\ud800 vpn"}}', JSON, 400),
        (b'{"type": "some_new_type"}', JSON, 404),
        (b'{"type": "event_callback", "event": {"type": "reaction_added"}}', JSON, 200),
    ],
    ids=[
        *("utf8", "deep", "oversized", "text-plain", "no-type", "list"),
        *("empty-actions", "null-actions", "dict-actions", "surrogate", "unknown-type", "ignored-event"),
    ],
)
async def test_each_kind_of_bad_input_gets_its_status_and_one_log_line_with_a_reference(
    slack: Harness, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str | None, status: int
) -> None:
    """Each kind of bad body gets its own 4xx (or Slack's 200 for an event the bot ignores) and at most one
    warning, which names a reference and none of the body."""
    with caplog.at_level(logging.INFO):
        sent = await send_raw(slack.session, slack.url, body, content_type)
    assert sent.status == status
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    if status != 200:
        [line] = lines
        assert LOG_LINE.fullmatch(line.getMessage()) and line.ref in line.getMessage(), line.getMessage()
    else:
        assert not lines


async def test_an_unsigned_body_is_refused_before_it_is_read(slack: Harness) -> None:
    """A malformed body with a wrong signature gets 401, like any unsigned request."""
    async with slack.session.post(slack.url, data=b"{[", headers={"Content-Type": JSON}) as response:
        assert response.status == 401
    async with slack.session.post(
        slack.url, data=b"{}", headers={"Content-Type": JSON, "X-Slack-Request-Timestamp": "soon"}
    ) as response:
        assert response.status == 401


async def test_socket_mode_acks_malformed_envelopes_and_keeps_answering(slack: Harness, fake_slack: FakeSlack) -> None:
    """Over Socket Mode, malformed envelopes and frames are acked or dropped without breaking the connection; the
    next normal message is answered."""
    handler = socket_handler(slack.bot, APP_TOKEN)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        frames = envelopes(SEED, 150)
        for frame in frames:
            await fake_slack.send_frame(frame if isinstance(frame, str) else json.dumps(frame))
        ids = {f["envelope_id"] for f in frames if isinstance(f, dict) and isinstance(f.get("envelope_id"), str)}
        acked = lambda: True if ids <= {a.get("envelope_id") for a in fake_slack.socket_acks} else None  # noqa: E731
        await fake_slack.wait_until(acked, 30)
        body, _ = event_body(message("D0BOB", "U0BOB", "my VPN keeps disconnecting", "701.000001"))
        normal = await fake_slack.send_envelope(json.loads(body))
        await fake_slack.wait_until(lambda: True if {"envelope_id": normal} in fake_slack.socket_acks else None, 30)
        await slack.settle()
        assert [p for p in slack.posts("D0BOB") if p["thread_ts"] == "701.000001"]
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
