"""A local fake of Slack's Web API: aiohttp on 127.0.0.1, answering like Slack and recording every call.

Tests and `bench/slack.py` point SLACK_API_URL at `FakeSlack.base_url`. It answers `ok: true` with fresh message
timestamps and permalinks, serves a small directory (users, user groups), and fails on demand: a 429 with
Retry-After, or an `ok: false` error, for the next N calls to a method.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import web

TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TEAM = "T0TEST"
BOT_USER = "U0OPSBOT"
BOT_ID = "B0OPSBOT"
T = TypeVar("T")


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    status: int
    response: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def text(self) -> str:
        """Everything a person could read in this call: the fallback text and every block's text."""
        return str(self.args.get("text", "")) + "\n" + json.dumps(self.args.get("blocks", ""), ensure_ascii=False)


@dataclass
class _Failure:
    status: int
    error: str | None
    retry_after: int | None
    times: int


class FakeSlack:
    def __init__(self, *, users: Sequence[dict[str, Any]] = (), usergroups: Sequence[dict[str, Any]] = ()) -> None:
        self.users = list(users)
        self.usergroups = list(usergroups)
        self.calls: list[Call] = []
        self.by_channel: dict[str, list[Call]] = {}
        self._recorded = asyncio.Condition()
        self._failures: dict[str, list[_Failure]] = {}
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self.socket_acks: list[dict[str, Any]] = []
        self.base_url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle)
        app.router.add_get("/socket", self._handle_socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/api/"
        return self.base_url

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, method: str, *, error: str = "internal_error", times: int = 1) -> None:
        """The next `times` calls to `method` answer `ok: false` with `error`, as Slack does (HTTP 200)."""
        self._failures.setdefault(method, []).append(_Failure(200, error, None, times))

    def rate_limit_next(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls to `method` get HTTP 429 with Retry-After."""
        self._failures.setdefault(method, []).append(_Failure(429, "ratelimited", retry_after, times))

    def calls_to(self, method: str, *, ok: bool = True) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.ok == ok]

    async def send_envelope(self, payload: dict[str, Any], kind: str = "events_api") -> str:
        """Deliver a request over the Socket Mode connection, as Slack does; returns its envelope id."""
        socket = await self.wait_until(lambda: self._socket)
        envelope_id = f"env-{next(self._ts)}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": False}
        await socket.send_json(envelope)
        return envelope_id

    async def send_frame(self, text: str) -> None:
        """Send any text frame over the Socket Mode connection (a malformed envelope, or not JSON at all)."""
        socket = await self.wait_until(lambda: self._socket)
        await socket.send_str(text)

    async def wait_until(self, found: Callable[[], T | None], seconds: float = 30.0) -> T:
        """Wait (without polling) until `found()` returns something; it is re-checked after every call."""
        async with asyncio.timeout(seconds), self._recorded:
            while (result := found()) is None:
                await self._recorded.wait()
            return result

    async def wait_for(self, method: str, count: int = 1, seconds: float = 5.0) -> list[Call]:
        """The successful calls to `method` once there are at least `count` of them."""
        deadline = time.monotonic() + seconds
        while len(self.calls_to(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method}: {len(self.calls_to(method))} calls, expected {count}")
            await asyncio.sleep(0.01)
        return self.calls_to(method)

    async def _handle(self, request: web.Request) -> web.Response:
        response = await self._answer_request(request)
        call = self.calls[-1]
        self.by_channel.setdefault(str(call.args.get("channel", "")), []).append(call)
        async with self._recorded:
            self._recorded.notify_all()
        return response

    async def _answer_request(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        webhook = method.startswith("response")  # a response_url: authorised by the URL itself
        token = APP_TOKEN if method == "apps.connections.open" else TOKEN
        if not webhook and request.headers.get("Authorization") != f"Bearer {token}":
            self.calls.append(Call(method, args, 200, {"ok": False, "error": "invalid_auth"}))
            return web.json_response({"ok": False, "error": "invalid_auth"})
        queued = self._failures.get(method)
        if queued:
            failure = queued[0]
            failure.times -= 1
            if failure.times <= 0:
                queued.pop(0)
            answer = {"ok": False, "error": failure.error}
            self.calls.append(Call(method, args, failure.status, answer))
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else None
            return web.json_response(answer, status=failure.status, headers=headers)
        answer = {"ok": True, **self._answer(method, args)}
        self.calls.append(Call(method, args, 200, answer))
        return web.json_response(answer)

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel", "")
        if method == "auth.test":
            return {"url": "https://fake.slack.test/", "team": "Test", "user": "opsbot", "team_id": TEAM,
                    "user_id": BOT_USER, "bot_id": BOT_ID}  # fmt: skip
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"channel": channel, "ts": ts, "message": {"ts": ts, "text": args.get("text", "")}}
        if method == "chat.update":
            return {"channel": channel, "ts": args.get("ts"), "text": args.get("text", "")}
        if method == "chat.postEphemeral":
            return {"message_ts": self._next_ts()}
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", "")).replace(".", "")
            return {"channel": channel, "permalink": f"https://fake.slack.test/archives/{channel}/p{ts}"}
        if method == "users.list":
            start, size = int(args.get("cursor") or 0), int(args.get("limit") or 100)
            more = start + size < len(self.users)
            page = self.users[start : start + size]
            return {"members": page, "response_metadata": {"next_cursor": str(start + size) if more else ""}}
        if method == "usergroups.list":
            return {"usergroups": self.usergroups}
        if method == "apps.connections.open":
            return {"url": self.base_url.replace("http://", "ws://").replace("/api/", "/socket")}
        if method in ("views.publish", "views.open", "views.update"):
            return {"view": {"id": f"V{next(self._ts)}", **(args.get("view") or {})}}
        if method == "chat.startStream":
            ts = self._next_ts()
            return {"channel": channel, "ts": ts}
        if method in ("chat.appendStream", "chat.stopStream", "chat.delete"):
            return {"channel": channel, "ts": args.get("ts")}
        return {}  # assistant.threads.setStatus, setSuggestedPrompts, setTitle: ok and nothing else

    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        self._socket = socket
        async with self._recorded:
            self._recorded.notify_all()
        async for frame in socket:
            if frame.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(frame.data))
                async with self._recorded:
                    self._recorded.notify_all()
        self._socket = None
        return socket

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n}.{n:06d}"


async def _arguments(request: web.Request) -> dict[str, Any]:
    """Query, form and JSON arguments in one dict; JSON-encoded form values (blocks, view) decoded."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    else:
        args.update(dict(await request.post()))
    for key in ("blocks", "view", "prompts", "chunks", "loading_messages"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
