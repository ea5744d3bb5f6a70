"""POST /api/messages on our aiohttp web app (beside /slack/events): auth, parse, hand to the core, answer.

::

    no or bad token                     -> 401, and nothing else happens (the body is not even parsed)
    signing keys unreachable            -> 503 with Retry-After (the Bot Framework redelivers)
    not an activity / unknown type      -> 400
    message                             -> 200 at once; the core answers through the connector
    Action.Execute (adaptiveCard/action)-> 200 with the invoke response (the updated card, or a message)
    feedback, anything else             -> 200
"""

from __future__ import annotations

import json
import logging
from typing import Any, Protocol

from aiohttp import web

from bot.teams.auth import InboundAuth, Unauthorized, bearer_token
from bot.teams.cards import invoke_message
from bot.teams.inbound import CardAction, Feedback, Ignored, Malformed, TeamsMessage, parse_activity
from bot.teams.keys import KeysUnavailable
from model.errors import new_reference, something_went_wrong

log = logging.getLogger(__name__)
MESSAGES_PATH = "/api/messages"
MAX_BODY_BYTES = 256 * 1024  # activities are small; Teams caps messages at about 28 KB


class TeamsHandler(Protocol):
    """What the core provides to the Teams adapter (the composition root wires it)."""

    async def on_message(self, message: TeamsMessage) -> None:
        """Claim the activity id (dedupe) and start the turn in the background; return within milliseconds."""

    async def on_card_action(self, action: CardAction) -> dict[str, Any]:
        """Decide, or build a refreshing user's own view; the invoke response body (cards.invoke_card/_message)."""

    async def on_feedback(self, feedback: Feedback) -> None:
        """Store 👍/👎 like Slack's feedback buttons."""


class TeamsEndpoint:
    def __init__(self, auth: InboundAuth, handler: TeamsHandler) -> None:
        self._auth = auth
        self._handler = handler

    async def handle(self, request: web.Request) -> web.Response:
        try:
            authorization = request.headers.get("Authorization")
            bearer_token(authorization)  # no token: refused before the body is read
            body = await _json_body(request)
            service_url = body.get("serviceUrl") if isinstance(body, dict) else None
            channel = body.get("channelId") if isinstance(body, dict) else None
            await self._auth.verify(authorization, service_url=service_url, channel_id=channel)
        except Unauthorized as exc:
            log.warning("teams request refused: %s", exc)
            return web.json_response({"error": "Unauthorized"}, status=401)
        except KeysUnavailable as exc:
            log.error("teams request not checked: %s", exc)
            return web.json_response({"error": "Try again later"}, status=503, headers={"Retry-After": "5"})
        try:
            parsed = parse_activity(body)
        except Malformed as exc:
            log.warning("teams activity refused: %s", exc)
            return web.json_response({"error": str(exc)}, status=400)
        return await self._dispatch(parsed)

    async def _dispatch(self, parsed: TeamsMessage | CardAction | Feedback | Ignored) -> web.Response:
        try:
            if isinstance(parsed, TeamsMessage):
                await self._handler.on_message(parsed)
            elif isinstance(parsed, CardAction):
                return web.json_response(await self._handler.on_card_action(parsed))
            elif isinstance(parsed, Feedback):
                await self._handler.on_feedback(parsed)
            elif parsed.invoke:
                return web.json_response({"status": 200})
        except Exception:
            reference = new_reference()
            log.exception("teams activity failed (ref %s)", reference, extra={"ref": reference})
            if isinstance(parsed, CardAction):
                return web.json_response(invoke_message(something_went_wrong(reference)))
            return web.Response(status=200)  # a retry would not help; the person is told by the core's turn
        return web.Response(status=200)


def add_routes(web_app: web.Application, endpoint: TeamsEndpoint, path: str = MESSAGES_PATH) -> None:
    """Serve the Bot Framework messaging endpoint on an existing aiohttp app (the one `opsbot serve --http` runs)."""
    web_app.router.add_post(path, endpoint.handle)


async def _json_body(request: web.Request) -> object:
    """The body as JSON, or None when it is too large or not JSON (auth then fails on the missing serviceUrl)."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return None
    raw = await request.content.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
