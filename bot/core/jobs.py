"""The periodic jobs every chat platform shares, run on the work loop while serving: the retention purge, re-pings
of escalations nobody answered, the sweep of actions a crash left running (each requester told in the thread,
on the platform the thread lives on), and the re-index of the configured knowledge sources. Adapters add their own
(the Slack directory refresh)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.confirmation.sweep import Interrupted
from bot.core.escalation import EscalationService
from bot.core.worker import Worker, every
from knowledge.errors import IngestRunningError
from knowledge.rebuild import Reindexer
from model.ports import ChatPort
from model.replies import Reply, ReplyKind
from store.db import Database
from store.retention import purge_before

log = logging.getLogger(__name__)
REPING_CHECK_SECONDS = 60.0
PURGE_SECONDS = 3600.0
SWEEP_SECONDS = 60.0


@dataclass(frozen=True)
class Job:
    name: str
    seconds: float
    run: Callable[[], Awaitable[object]]


class Jobs:
    """Starts each job on the worker's loop, every `seconds`; `stop` cancels them."""

    def __init__(self, worker: Worker, jobs: Sequence[Job]) -> None:
        self._worker = worker
        self.jobs = list(jobs)
        self._running: list[concurrent.futures.Future[None]] = []

    def start(self) -> None:
        self._running = [self._worker.start_loop(every(j.seconds, j.run, name=j.name)) for j in self.jobs]

    def stop(self) -> None:
        for running in self._running:
            running.cancel()
        self._running = []


def purge_job(database: Database, retention_days: int) -> Job:
    """Apply the retention period (OPSBOT_RETENTION_DAYS) while serving; `opsbot purge` does the same."""

    def purge() -> None:
        cutoff = datetime.now(UTC) - timedelta(days=retention_days)
        with database.transaction() as session:
            log.info("retention: %s", purge_before(session, before=cutoff).render())

    return Job("retention purge", PURGE_SECONDS, lambda: asyncio.to_thread(purge))


def reping_job(escalation: EscalationService, minutes: int, seconds: float = REPING_CHECK_SECONDS) -> Job:
    after = timedelta(minutes=minutes)
    return Job("reping", seconds, lambda: escalation.reping_unanswered(after=after))


def sweep_job(
    sweep: Callable[[], Sequence[Interrupted]], chats: Mapping[str, ChatPort], seconds: float = SWEEP_SECONDS
) -> Job:
    """Close actions no run can still be working on, and tell each requester in the thread to check."""

    async def run() -> None:
        for closed in await asyncio.to_thread(sweep):
            log.warning("closed interrupted action %s (%s)", closed.pending_id, closed.action)
            chat = chats.get(closed.thread.platform) if closed.thread is not None else None
            if chat is not None and closed.thread is not None:
                await chat.post(closed.thread, Reply(ReplyKind.NOTICE, closed.text, mention=closed.requester))

    return Job("interrupted actions", seconds, run)


def reindex_job(reindexer: Reindexer, sources: Sequence[Path], minutes: int) -> Job:
    """Every `minutes` (OPSBOT_REINDEX_MINUTES), ingest `sources` (knowledge_sources) with --prune, beside the served
    index; skipped while a handed-over `opsbot ingest` runs."""

    def reindex() -> None:
        try:
            summary = reindexer.run(sources, prune=True)
        except IngestRunningError:
            log.info("scheduled re-index skipped: an ingest is running")
            return
        log.info("scheduled re-index: %s", summary.render())

    return Job("re-index", minutes * 60.0, lambda: asyncio.to_thread(reindex))
