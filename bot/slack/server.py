"""Slack's two transports: the Events API endpoint (POST /slack/events: events, interactivity and slash
commands, each request checked at the edge, bot/slack/edge.py, then by Bolt) and Socket Mode. bot/serving.py runs
them."""

from __future__ import annotations

import logging
import time
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack import edge
from bot.slack.app import SlackBot

SOCKET_LOG = logging.getLogger("bot.slack.socket")
SOCKET_LOG.setLevel(logging.INFO)  # the Socket Mode client logs payloads (message text) at DEBUG
EVENTS_PATH = "/slack/events"


def add_routes(web_app: web.Application, bot: SlackBot) -> None:
    """POST /slack/events on `web_app`, dispatched into the Bolt app."""

    async def handle_events(request: web.Request) -> web.Response:
        key = bot.config.signing_key
        verifier = SignatureVerifier(key) if key else None  # no secret (Socket Mode): every request is unsigned
        try:
            bolt_request = await edge.read_request(request, verifier)
        except edge.Refused as exc:
            return edge.refusal(exc)
        return await to_aiohttp_response(edge.answer(await bot.app.async_dispatch(bolt_request)))

    web_app.router.add_post(EVENTS_PATH, handle_events)


class CheckedSocketModeHandler(AsyncSocketModeHandler):
    """Socket Mode with the edge's checks. A malformed envelope is acked (else Slack delivers it again) and logged
    once with a reference; an envelope Bolt cannot handle is acked too, after handle_error logged it."""

    def __init__(self, app: Any, app_token: str) -> None:
        super().__init__(app, app_token, logger=SOCKET_LOG)
        self.client.message_listeners.insert(0, screen_envelope)

    async def handle(self, client: Any, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = time.time()
        try:
            bolt_request = edge.to_bolt_request(req.payload, mode="socket_mode", headers=build_headers(req))
            response = edge.answer(await self.app.async_dispatch(bolt_request))
        except edge.Refused as exc:
            edge.refuse("envelope", exc.reason)
            response = BoltResponse(status=exc.status)
        if response.status != 200:
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await send_async_response(client, req, response, started)


async def screen_envelope(client: Any, message: dict[str, Any], raw_message: str | None) -> None:
    """Before the SDK reads an envelope: one without a payload, or whose payload is neither an object nor text, is
    acked and dropped (the SDK would skip it, or fail on it with a traceback, and never ack it)."""
    envelope_id, payload = message.get("envelope_id"), message.get("payload")
    if isinstance(envelope_id, str) and not isinstance(payload, dict | str):
        edge.refuse("envelope", "payload is not an object")
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=envelope_id))
        message.clear()  # the SDK then finds no request in it


def socket_handler(bot: SlackBot, app_token: str) -> AsyncSocketModeHandler:
    return CheckedSocketModeHandler(bot.app, app_token)
