"""Slack's two transports: the Events API endpoint (POST /slack/events: events, interactivity and slash
commands, each request's signature checked by Bolt) and Socket Mode. bot/serving.py runs them."""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.slack.app import SlackBot

SOCKET_LOG = logging.getLogger("bot.slack.socket")
SOCKET_LOG.setLevel(logging.INFO)  # the Socket Mode client logs payloads (message text) at DEBUG
EVENTS_PATH = "/slack/events"


def add_routes(web_app: web.Application, bot: SlackBot) -> None:
    """POST /slack/events on `web_app`, dispatched into the Bolt app."""

    async def handle_events(request: web.Request) -> web.Response:
        response = await bot.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    web_app.router.add_post(EVENTS_PATH, handle_events)


def socket_handler(bot: SlackBot, app_token: str) -> AsyncSocketModeHandler:
    return AsyncSocketModeHandler(bot.app, app_token, logger=SOCKET_LOG)
