"""A local stand-in for an OpenAI-compatible `POST /v1/chat/completions`, speaking the real wire format.

Scripted replies (text, tool calls, errors, hangs), streamed as SSE chunks when the request asks for it, and
every request body kept so a test can assert what reached the "LLM" (no PII, the tool schemas, the history).
Listens on 127.0.0.1 on a free port; use it as an async context manager:

    async with OpenAIStub([call("search_knowledge", query="vpn"), say("Restart the client [1].")]) as stub:
        llm = build_llm("openai_compatible", "any-model", None, stub.base_url, 2.0, 0)

Steps are taken in request order (a retried request takes the next step), or chosen by a function of the
request body. `Fail` and `Hang` imitate a provider that is down or slow. In a scripted reply `[n]` cites the
n-th passage shown since the user's last message (see bot.testing.scripted_llm).

Usage is reported as a provider would: prompt tokens counted with o200k over the messages *and* the tool
schemas (bot.agent.tokens), and `prompt_tokens_details.cached_tokens` for the prefix this request shares with an
earlier one (OpenAI's rule: from 1,024 tokens on, in steps of 128), so cost figures can be checked end to end.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.agent.tokens import count, request_tokens
from bot.testing.citing import cite_in_call, cite_shown, shown_ids
from bot.testing.steps import Call, Say
from bot.testing.stub_usage import cached_tokens, turn_tool_texts


@dataclass(frozen=True)
class Fail:
    """Answer with an HTTP error, as a provider does when it is down or overloaded."""

    status: int = 500
    message: str = "The server had an error while processing your request."


@dataclass(frozen=True)
class Hang:
    """Wait this long before answering with `then` (longer than the client's timeout: a hung provider)."""

    seconds: float
    then: Say | Call | None = None


StubStep = Say | Call | Fail | Hang
StubScript = Sequence[StubStep] | Callable[[dict[str, Any]], StubStep]


class StubExhaustedError(AssertionError):
    """More requests arrived than the script has steps."""


class OpenAIStub:
    def __init__(self, script: StubScript, *, model: str = "stub-model") -> None:
        self._script = script
        self._model = model
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.requests: list[dict[str, Any]] = []
        self.usage_reported: list[dict[str, Any]] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def __aenter__(self) -> OpenAIStub:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        # A client that gives up (timeout) cancels its handler, so a Hang does not outlive the test.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def sent_text(self) -> str:
        """Every message content and tool argument the client sent, joined: what the provider got to see."""
        return "\n".join(json.dumps(body.get("messages", []), ensure_ascii=False) for body in self.requests)

    def _next(self, body: dict[str, Any]) -> StubStep:
        if callable(self._script):
            return self._script(body)
        index = len(self.requests) - 1
        if index >= len(self._script):
            raise StubExhaustedError(f"request {index + 1} arrived; the script has {len(self._script)} steps")
        return self._script[index]

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        body: dict[str, Any] = await request.json()
        self.requests.append(body)
        step = self._next(body)
        if isinstance(step, Hang):
            await asyncio.sleep(step.seconds)
            if step.then is None:
                return web.json_response({"error": {"message": "too late"}}, status=504)
            step = step.then
        if isinstance(step, Fail):
            error = {"error": {"message": step.message, "type": "server_error", "code": None}}
            return web.json_response(error, status=step.status)
        ids = shown_ids(turn_tool_texts(body.get("messages") or []))
        step = Say(cite_shown(step.text, ids)) if isinstance(step, Say) else cite_in_call(step, ids)
        usage = self._usage(body, step)
        if body.get("stream"):
            return await self._stream(request, body, step, usage)
        return web.json_response(self._completion(step, usage))

    def _usage(self, body: dict[str, Any], step: Say | Call) -> dict[str, Any]:
        """Realistic counts: o200k over messages and tools; the cached prefix shared with an earlier request."""
        prompt = request_tokens(body)
        completion = count(step.text) if isinstance(step, Say) else count(step.name) + count(step.arguments_json)
        cached = cached_tokens(body, self.requests[:-1])
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached},
        }
        self.usage_reported.append(usage)
        return usage

    def _envelope(self, kind: str) -> dict[str, Any]:
        number = len(self.requests)
        return {"id": f"chatcmpl-{number}", "object": kind, "created": int(time.time()), "model": self._model}

    def _completion(self, step: Say | Call, usage: dict[str, int]) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": step.text if isinstance(step, Say) else None}
        if isinstance(step, Call):
            message["tool_calls"] = [_tool_call(len(self.requests), step, step.arguments_json)]
        finish = "stop" if isinstance(step, Say) else "tool_calls"
        choice = {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
        return {**self._envelope("chat.completion"), "choices": [choice], "usage": usage}

    async def _stream(
        self, request: web.Request, body: dict[str, Any], step: Say | Call, usage: dict[str, int]
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for delta, finish in self._deltas(step):
            chunk = {**self._envelope("chat.completion.chunk"), "choices": [_chunk_choice(delta, finish)]}
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        if (body.get("stream_options") or {}).get("include_usage"):
            chunk = {**self._envelope("chat.completion.chunk"), "choices": [], "usage": usage}
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    def _deltas(self, step: Say | Call) -> list[tuple[dict[str, Any], str | None]]:
        """Role first, then the text in small pieces (or the tool call's name, then its arguments in pieces)."""
        deltas: list[tuple[dict[str, Any], str | None]] = [({"role": "assistant", "content": None}, None)]
        if isinstance(step, Say):
            deltas += [({"content": piece}, None) for piece in _pieces(step.text)]
            return [*deltas, ({}, "stop")]
        arguments = step.arguments_json
        deltas.append(({"tool_calls": [_tool_call(len(self.requests), step, "")]}, None))
        deltas += [({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}, None) for p in _pieces(arguments)]
        return [*deltas, ({}, "tool_calls")]


def _tool_call(number: int, step: Call, arguments: str) -> dict[str, Any]:
    call = {"id": f"call_{number}", "type": "function", "function": {"name": step.name, "arguments": arguments}}
    return {"index": 0, **call}


def _chunk_choice(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}


def _pieces(text: str, size: int = 7) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def refused_base_url() -> str:
    """A loopback URL where nothing listens, so connecting is refused at once (a provider that is down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
