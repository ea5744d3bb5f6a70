"""`opsbot serve`: a clear error for a missing token, and the real HTTP server answering a signed event."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from pathlib import Path

import aiohttp
import pytest

from bot.commands.serve import require_slack_settings
from bot.settings import load_settings
from model.errors import ConfigError
from tests.slack.fake_slack import APP_TOKEN, FakeSlack
from tests.slack.processes import listening_port, serve, stopped
from tests.slack.signed import SECRET, event_body, message, send


@pytest.mark.parametrize(
    ("env", "http", "named"),
    [
        ({}, False, "SLACK_BOT_TOKEN and SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, False, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, True, "SLACK_SIGNING_SECRET"),
    ],
)
def test_a_missing_token_is_a_config_error_naming_it(env: dict[str, str], http: bool, named: str) -> None:
    """Start-up stops with the name of each missing variable for the chosen mode (exit code 2 in the CLI)."""
    with pytest.raises(ConfigError, match=named):
        require_slack_settings(load_settings(env), http=http)


async def test_serve_http_answers_a_signed_event_and_stops_on_sigterm(tmp_path: Path, fake_slack: FakeSlack) -> None:
    """The command listens, reports healthy, answers a DM through the fake Slack, and exits 0 on SIGTERM."""
    http = ("--http", "--host", "127.0.0.1", "--port", "0")
    process = await serve(tmp_path, fake_slack, *http, SLACK_SIGNING_SECRET=SECRET)
    try:
        port = await listening_port(process)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                assert health.status == 200
            sent = await send(
                session, f"http://127.0.0.1:{port}/slack/events", event_body(message("D0BOB", "U0BOB", "hello", "1.1"))
            )
        assert sent.status == 200
        [answer] = await fake_slack.wait_for("chat.postMessage", seconds=30)
        assert answer.args["channel"] == "D0BOB" and answer.args["thread_ts"] == "1.1"
    finally:
        await stopped(process)


async def test_serve_over_socket_mode_acks_answers_and_serves_metrics(tmp_path: Path, fake_slack: FakeSlack) -> None:
    """By default the command connects over Socket Mode, acks each envelope and answers in the thread; Prometheus
    scrapes /metrics on a port of its own (OPSBOT_METRICS_PORT), which counts the turn."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    process = await serve(
        tmp_path, fake_slack, "--host", "127.0.0.1", SLACK_APP_TOKEN=APP_TOKEN, OPSBOT_METRICS_PORT=str(free)
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        assert line.strip() == f"Metrics: http://127.0.0.1:{free}/metrics"
        body, _ = event_body(message("D0BOB", "U0BOB", "hello", "2.1"))
        envelope = await fake_slack.send_envelope(json.loads(body))
        await fake_slack.wait_until(lambda: True if {"envelope_id": envelope} in fake_slack.socket_acks else None, 60)
        [answer] = await fake_slack.wait_for("chat.postMessage", seconds=30)
        assert answer.args["channel"] == "D0BOB" and answer.args["thread_ts"] == "2.1"
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{free}/metrics") as scraped:
            assert scraped.status == 200
            exposition = await scraped.text()
        assert re.search(r'^opsbot_turns_total\{outcome="[a-z_]+"\} 1\.0$', exposition, re.MULTILINE), exposition
        assert "opsbot_turn_seconds_count 1.0" in exposition
    finally:
        await stopped(process)
