"""Signed requests as Slack sends them to /slack/events: events, block_actions and slash commands."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.slack.fake_slack import BOT_USER, TEAM

SECRET = "test-signing-secret"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Sent:
    status: int
    seconds: float
    body: str


def mention(channel: str, user: str, text: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def message(channel: str, user: str, text: str, ts: str, thread_ts: str | None = None, **extra: Any) -> dict[str, Any]:
    kind = "im" if channel.startswith("D") else "channel"
    event = {"type": "message", "channel": channel, "channel_type": kind, "user": user, "text": text, "ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {}) | extra


def event_body(event: dict[str, Any]) -> tuple[str, str]:
    envelope = {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0OPSBOT",
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }
    return json.dumps(envelope), "application/json"


def click_body(user: str, posted: dict[str, Any], value: str, action_id: str = "opsbot_choice_0") -> tuple[str, str]:
    """A block_actions payload for a click on `value` in a message the bot posted (args of chat.postMessage)."""
    ts = posted["ts"]
    msg = {"type": "message", "ts": ts, "thread_ts": posted.get("thread_ts") or ts, "blocks": posted.get("blocks", [])}
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "api_app_id": "A0OPSBOT",
        "container": {"type": "message", "message_ts": ts, "channel_id": posted["channel"]},
        "channel": {"id": posted["channel"]},
        "message": msg,
        "trigger_id": f"trigger{next(_ids)}",
        "response_url": "http://127.0.0.1:9/response",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value}],
    }
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def home_click_body(user: str, button: dict[str, Any]) -> tuple[str, str]:
    """A block_actions payload for a click on a button of the App Home view (no channel, no message)."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "api_app_id": "A0OPSBOT",
        "container": {"type": "view", "view_id": "V0HOME"},
        "view": {"id": "V0HOME", "type": "home"},
        "trigger_id": f"trigger{next(_ids)}",
        "actions": [{"type": "button", "action_id": button["action_id"], "block_id": "b", "value": button["value"]}],
    }
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def view_submission_body(user: str, view: dict[str, Any], values: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """A view_submission payload for a modal the bot opened (the `view` of views.open), with the typed values."""
    state = {"values": values}
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": user},
        "api_app_id": "A0OPSBOT",
        "trigger_id": f"trigger{next(_ids)}",
        "view": view | {"id": "V0MODAL", "state": state},
    }
    return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"


def command_body(
    user: str, channel: str, text: str, response_url: str = "http://127.0.0.1:9/response"
) -> tuple[str, str]:
    form = {
        "command": "/ops",
        "text": text,
        "team_id": TEAM,
        "channel_id": channel,
        "user_id": user,
        "response_url": response_url,
        "trigger_id": f"trigger{next(_ids)}",
    }
    return urlencode(form), "application/x-www-form-urlencoded"


def signed_headers(
    body: str, content_type: str, *, secret: str = SECRET, age: int = 0, retry: int | None = None
) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    return headers


async def send(session: aiohttp.ClientSession, url: str, request: tuple[str, str], **signing: Any) -> Sent:
    """POST a signed request; the status, the time to the response (the ack), and the body."""
    body, content_type = request
    started = time.perf_counter()
    async with session.post(url, data=body.encode(), headers=signed_headers(body, content_type, **signing)) as resp:
        text = await resp.text()
        return Sent(resp.status, time.perf_counter() - started, text)


async def send_raw(session: aiohttp.ClientSession, url: str, body: bytes, content_type: str | None) -> Sent:
    """POST any bytes, signed over the bytes as Slack signs them (valid UTF-8 or not); no Content-Type if None."""
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}
    headers |= {"Content-Type": content_type} if content_type is not None else {}
    started = time.perf_counter()
    async with session.post(url, data=body, headers=headers, skip_auto_headers=["Content-Type"]) as resp:
        return Sent(resp.status, time.perf_counter() - started, await resp.text())
