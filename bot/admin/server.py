"""The admin endpoint: POST /admin/ingest on 127.0.0.1, bearer token from `OPSBOT_HOME/admin.json`.

The answer streams one JSON object per line: `{"event": "progress", "done": n, "total": t}` after each file, then
`{"event": "done", "summary": {...}}` or `{"event": "error", "message": "..."}`. A missing or wrong token gets 401,
a malformed request 400, a second ingest while one runs 409.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot.admin.credentials import AdminEndpoint, publish, withdraw
from knowledge.documents import Kind
from knowledge.errors import KnowledgeError
from knowledge.ingest import IngestSummary

log = logging.getLogger(__name__)
INGEST_PATH = "/admin/ingest"
LOOPBACK = "127.0.0.1"


class IngestRequest(BaseModel):
    """What `opsbot ingest` asks for: absolute paths and its options."""

    model_config = ConfigDict(extra="forbid")

    paths: list[Path]
    kind: Kind | None = None
    acl: list[str] = []
    prune: bool = False

    @field_validator("paths")
    @classmethod
    def _absolute(cls, paths: list[Path]) -> list[Path]:
        if not paths or not all(path.is_absolute() for path in paths):
            raise ValueError("give one or more absolute paths")
        return paths


Progress = Callable[[int, int], None]
IngestRunner = Callable[[IngestRequest, Progress], IngestSummary]


class AdminServer:
    """Runs ingests handed over by `opsbot ingest`, one at a time, on a worker thread."""

    def __init__(self, home: Path, run: IngestRunner) -> None:
        self._home, self._run = home, run
        self._token = secrets.token_urlsafe(32)
        self._busy = asyncio.Lock()
        self._runner: web.AppRunner | None = None
        self._endpoint: AdminEndpoint | None = None

    async def start(self, port: int = 0) -> AdminEndpoint:
        """Listen on loopback (`port` 0: a free one) and publish the endpoint in the home folder."""
        app = web.Application()
        app.router.add_post(INGEST_PATH, self._handle_ingest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, LOOPBACK, port).start()
        self._endpoint = AdminEndpoint(port=int(self._runner.addresses[0][1]), token=self._token)
        publish(self._home, self._endpoint)
        return self._endpoint

    async def stop(self) -> None:
        if self._endpoint is not None:
            withdraw(self._home, self._endpoint)
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle_ingest(self, request: web.Request) -> web.StreamResponse:
        if not secrets.compare_digest(request.headers.get("Authorization", ""), f"Bearer {self._token}"):
            return web.json_response({"error": "a valid admin token is required"}, status=401)
        try:
            ingest = IngestRequest.model_validate(json.loads(await request.read()))
        except (ValueError, ValidationError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            return web.json_response({"error": f"bad ingest request: {_first_error(exc)}"}, status=400)
        if self._busy.locked():
            return web.json_response({"error": "an ingest is already running; try again when it ends"}, status=409)
        async with self._busy:
            return await self._stream(request, ingest)

    async def _stream(self, request: web.Request, ingest: IngestRequest) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        events: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def progress(done: int, total: int) -> None:
            loop.call_soon_threadsafe(events.put_nowait, {"event": "progress", "done": done, "total": total})

        log.info("ingest handed over by `opsbot ingest`: %d paths", len(ingest.paths))
        work = asyncio.ensure_future(asyncio.to_thread(self._run, ingest, progress))
        work.add_done_callback(lambda _: events.put_nowait(None))  # after every progress event the thread posted
        try:
            while (event := await events.get()) is not None:
                await _send(response, event)
            await _send(response, _outcome(work))
            await response.write_eof()
        finally:
            await asyncio.wait({work})  # the next ingest waits for this one, even if its `opsbot ingest` went away
        return response


def _outcome(work: asyncio.Future[IngestSummary]) -> dict[str, Any]:
    error = work.exception()
    if error is None:
        return {"event": "done", "summary": dataclasses.asdict(work.result())}
    if isinstance(error, KnowledgeError):
        return {"event": "error", "message": str(error)}
    log.error("handed-over ingest failed", exc_info=error)
    return {"event": "error", "message": f"the ingest failed in the bot ({type(error).__name__}); see its log"}


async def _send(response: web.StreamResponse, event: dict[str, Any]) -> None:
    await response.write((json.dumps(event) + "\n").encode())


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
    return "the body must be a JSON object"
