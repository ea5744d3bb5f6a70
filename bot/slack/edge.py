"""The edge of the Slack adapter: what reaches Bolt is signed, at most 1 MiB, UTF-8, of a content type Slack sends
and of the shape Bolt reads. Anything else is refused with a 4xx and one log line naming a reference (never the
body), and Bolt's own failures on a request are answered 400: a 5xx makes Slack retry and alerting fire, and
sending bad input again cannot help. Socket Mode envelopes pass the same shape check (see bot/slack/server.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from model.errors import new_reference

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
MAX_DEPTH = 64  # Slack's deepest payloads (blocks in a message in a click) are about a dozen levels deep
CONTENT_TYPES = frozenset({"application/json", "application/x-www-form-urlencoded"})
_OBJECTS = ("event", "view", "container", "message")  # each a JSON object when present
_OBJECT_OR_ID = ("team", "user", "channel", "enterprise")  # an object or an id
_SURROGATE = re.compile("[\ud800-\udfff]")
_PARSING = (ValueError, TypeError, AttributeError, LookupError, RecursionError)


class Refused(Exception):
    """A request the edge does not pass on: its HTTP status and a reason that names no content."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def refuse(transport: str, reason: str) -> str:
    """The one log line for a refused request; returns its reference."""
    reference = new_reference()
    log.warning("slack %s refused: %s (ref %s)", transport, reason, reference, extra={"ref": reference})
    return reference


def refusal(exc: Refused) -> web.Response:
    reference = refuse("request", exc.reason)
    return web.json_response({"error": exc.reason, "ref": reference}, status=exc.status)


async def read_request(request: web.Request, verifier: SignatureVerifier | None) -> AsyncBoltRequest:
    """The request as Bolt takes it, or Refused: 413 too large, 400 unreadable, 401 unsigned, 415 content type."""
    raw = await _read_bounded(request)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    if verifier is None or not _signed(verifier, body, request.headers):
        raise Refused(401, "invalid signature")
    if request.content_type not in CONTENT_TYPES:
        raise Refused(415, "unsupported content type")
    return to_bolt_request(body, query=request.query_string, headers=dict(request.headers))


def to_bolt_request(body: str | dict[str, Any], **more: Any) -> AsyncBoltRequest:
    """Bolt's request for a body (text over HTTP, the envelope's payload in Socket Mode), or Refused(400)."""
    if isinstance(body, dict):  # Bolt reads ids out of the payload as it builds the request: check it first
        check_payload(body)
    try:
        bolt_request = AsyncBoltRequest(body=body, **more)
    except _PARSING:
        raise Refused(400, "body is not a Slack payload") from None
    if isinstance(body, str):  # parsed by Bolt just now
        check_payload(bolt_request.body)
    return bolt_request


def check_payload(body: Any) -> None:
    """Refused(400) unless `body` has the shape Bolt's matchers and context read without failing."""
    if not isinstance(body, dict):
        raise Refused(400, "payload is not an object")
    if (problem := _unsound(body)) is not None:
        raise Refused(400, problem)
    if not isinstance(body.get("type", ""), str) or not isinstance(body.get("command", ""), str):
        raise Refused(400, "payload type is not a string")
    if any(key in body and not isinstance(body[key], dict) for key in _OBJECTS):
        raise Refused(400, "payload field is not an object")
    if any(body.get(key) is not None and not isinstance(body[key], dict | str) for key in _OBJECT_OR_ID):
        raise Refused(400, "payload id field is malformed")
    if not isinstance(body.get("event", {}).get("type", ""), str):
        raise Refused(400, "event type is not a string")
    authorizations = body.get("authorizations", [])
    if not (isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)):
        raise Refused(400, "authorizations are malformed")
    if "actions" in body or body.get("type") == "block_actions":
        _check_actions(body.get("actions"), keyed=body.get("type") == "block_actions")


def answer(response: BoltResponse) -> BoltResponse:
    """Bolt's response, except that its failure on a request (already logged with a reference) is a 400."""
    if response.status >= 500:
        return BoltResponse(status=400, body='{"error": "request not handled"}')
    return response


def _check_actions(actions: Any, *, keyed: bool) -> None:
    """Bolt matches a click by its first action's action_id (legacy attachment actions have none)."""
    if not (isinstance(actions, list) and actions):
        raise Refused(400, "actions are missing")
    if not all(isinstance(a, dict) and (not keyed or isinstance(a.get("action_id"), str)) for a in actions):
        raise Refused(400, "actions are malformed")


def _signed(verifier: SignatureVerifier, body: str, headers: Mapping[str, str]) -> bool:
    try:
        return verifier.is_valid_request(body, dict(headers))
    except (ValueError, TypeError):  # a timestamp that is not a number
        return False


async def _read_bounded(request: web.Request) -> bytes:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise Refused(413, "body over 1 MiB")
    chunks, size = [], 0
    while chunk := await request.content.read(64 * 1024):
        size += len(chunk)
        if size > MAX_BODY:
            raise Refused(413, "body over 1 MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _unsound(value: Any) -> str | None:
    """Why `value` cannot travel on, or None: nested too deeply, or text with an unpaired surrogate (valid JSON,
    but no database or log can store it). Iterative, so a deep payload cannot exhaust the stack."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                return "payload has an unpaired surrogate"
            continue
        if depth > MAX_DEPTH:
            return "payload nested too deeply"
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list | str))
    return None
