"""Work that runs after the ack, on an event loop of its own, tracked so shutdown (and tests) can wait for it.

Why a second loop: the serving loop must answer Slack at once, whatever a turn does meanwhile. Turns run core
and agent code that may block its loop now and then (a synchronous database read, an embedding, pydantic schema
building); on the work loop, in its own thread, that delays other turns but never an ack.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from model.errors import new_reference

log = logging.getLogger(__name__)
T = TypeVar("T")


class Worker:
    """Runs the slow part of each request on the work loop, and remembers it until it ends."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="slack-work", daemon=True)
        self._running: set[concurrent.futures.Future[None]] = set()
        self._lock = threading.Lock()
        self._thread.start()

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        future = asyncio.run_coroutine_threadsafe(_logged(work, name), self._loop)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._finished)

    def start_loop(self, work: Coroutine[Any, Any, None]) -> concurrent.futures.Future[None]:
        """A long-running job (a periodic one) on the work loop; not waited for by `drain`."""
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` on the work loop and wait for its result from the serving loop."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self._loop))

    @property
    def busy(self) -> int:
        with self._lock:
            return len(self._running)

    async def drain(self, seconds: float | None = None) -> bool:
        """Wait until nothing is running (work spawned meanwhile included); False if `seconds` ran out first."""
        try:
            async with asyncio.timeout(seconds):
                while running := self._snapshot():
                    await asyncio.wait([asyncio.wrap_future(f) for f in running])
        except TimeoutError:
            return False
        return True

    def cancel(self) -> None:
        for future in self._snapshot():
            future.cancel()

    def close(self) -> None:
        """Stop the work loop (after `drain`/`cancel`)."""
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._loop.close()

    def _snapshot(self) -> list[concurrent.futures.Future[None]]:
        with self._lock:
            return list(self._running)

    def _finished(self, future: concurrent.futures.Future[None]) -> None:
        with self._lock:
            self._running.discard(future)


async def _logged(work: Coroutine[Any, Any, None], name: str) -> None:
    try:
        await work
    except Exception:
        reference = new_reference()
        log.exception("%s failed (ref %s)", name, reference, extra={"ref": reference})


async def every(seconds: float, job: Callable[[], Awaitable[object]], *, name: str) -> None:
    """Run `job` every `seconds` until cancelled; a failing run is logged and the next one still happens."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await job()
        except Exception:
            reference = new_reference()
            log.exception("%s failed (ref %s)", name, reference, extra={"ref": reference})
