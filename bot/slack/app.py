"""The Slack adapter assembled: a Bolt AsyncApp with each surface's listeners, plus what runs beside it while
serving (directory refresh, escalation re-pings). `bot/commands/serve.py` runs it over Socket Mode or HTTP.

Listeners only parse and spawn: with `process_before_response=True` Bolt answers Slack as soon as a listener
returns, which is right after the slow work has been handed to the Worker (its own event loop and thread), in
both Socket Mode and HTTP. Everything that talks to the Slack Web API runs on that work loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.escalation import EscalationService
from bot.core.pipeline import Pipeline
from bot.core.worker import Worker, every
from bot.settings import Settings
from bot.slack import actions, commands, events, home
from bot.slack.answering import Responder
from bot.slack.channels import ChannelPolicy
from bot.slack.client import API_LOG, SLACK_ERRORS, build_client, error_code
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory, NameSink
from bot.slack.escalation import SlackNotifier, build_group_router
from bot.slack.identity import Identity
from bot.slack.inbound import PLATFORM
from model.errors import StartupError, new_reference
from store.db import Database
from store.retention import purge_before

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bot.core.confirmation.sweep import Interrupted

log = logging.getLogger(__name__)
BOLT_LOG = logging.getLogger("bot.slack.bolt")
BOLT_LOG.setLevel(logging.INFO)  # Bolt logs request bodies (message text) at DEBUG
WORKING_DELAY = 0.4  # seconds before the :eyes: reaction appears
REPING_CHECK_SECONDS = 60.0
PURGE_SECONDS = 3600.0
SWEEP_SECONDS = 60.0
GIL_SWITCH_SECONDS = 0.0005
DRAIN_SECONDS = 10.0


@dataclass
class SlackBot:
    app: Any  # slack_bolt.async_app.AsyncApp
    client: AsyncWebClient
    worker: Worker
    identity: Identity
    directory: Directory
    escalation: EscalationService
    settings: Settings
    database: Database
    reping_check_seconds: float = REPING_CHECK_SECONDS
    # Closes actions a crash left running (bot.core.confirmation.sweep); each one is announced in its thread.
    sweep: Callable[[], Sequence[Interrupted]] | None = None
    sweep_seconds: float = SWEEP_SECONDS
    ready: bool = False
    _loops: list[concurrent.futures.Future[None]] = field(default_factory=list)
    _session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """On the work loop: one connection pool to Slack, who the bot is, the directory, the periodic jobs."""
        # Turns run CPU-bound code (spaCy, embeddings) on the work thread; a shorter GIL switch interval lets the
        # serving loop take the GIL sooner, so acks do not wait behind a long stretch of turn work.
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        await self.worker.run(self._open())
        after = timedelta(minutes=self.settings.slack_escalation_reping_minutes)
        refresh = self.settings.slack_directory_refresh_minutes * 60.0
        self._loops = [
            self.worker.start_loop(every(refresh, self.directory.refresh, name="directory refresh")),
            self.worker.start_loop(
                every(self.reping_check_seconds, lambda: self.escalation.reping_unanswered(after=after), name="reping")
            ),
            self.worker.start_loop(every(PURGE_SECONDS, self._purge, name="retention purge")),
        ]
        if self.sweep is not None:
            self._loops.append(
                self.worker.start_loop(every(self.sweep_seconds, self._sweep_interrupted, name="interrupted actions"))
            )
        self.ready = True

    async def _purge(self) -> None:
        """Apply the retention period (OPSBOT_RETENTION_DAYS) while serving; `opsbot purge` does the same."""
        cutoff = datetime.now(UTC) - timedelta(days=self.settings.retention_days)

        def purge() -> None:
            with self.database.transaction() as session:
                log.info("retention: %s", purge_before(session, before=cutoff).render())

        await asyncio.to_thread(purge)

    async def _sweep_interrupted(self) -> None:
        """Close actions no run can still be working on, and tell each requester in the thread to check."""
        if self.sweep is None:
            return
        for closed in await asyncio.to_thread(self.sweep):
            log.warning("closed interrupted action %s (%s)", closed.pending_id, closed.action)
            if closed.thread is None or closed.thread.platform != PLATFORM:
                continue
            try:
                await self.client.chat_postMessage(
                    channel=closed.thread.channel,
                    thread_ts=closed.thread.thread,
                    text=f"<@{closed.requester}> {closed.text}",
                )
            except SLACK_ERRORS as exc:
                log.warning("interrupted-action notice not delivered (%s)", error_code(exc))

    async def stop(self) -> None:
        """Stop the periodic jobs, let replies in flight finish (bounded), close the connections."""
        self.ready = False
        for loop in self._loops:
            loop.cancel()
        if not await self.worker.drain(DRAIN_SECONDS):
            log.warning("stopping with %d replies still in flight", self.worker.busy)
            self.worker.cancel()
        await self.worker.run(self._close())
        self.worker.close()

    async def _open(self) -> None:
        # Without a session of its own, slack_sdk opens (and closes) a new connection for every Web API call.
        self._session = aiohttp.ClientSession()
        self.client.session = self._session
        try:
            await self.identity.load()
        except SLACK_ERRORS as exc:
            await self._close()
            raise StartupError(
                f"Slack did not accept SLACK_BOT_TOKEN ({error_code(exc)}); check the token and SLACK_API_URL"
            ) from exc
        await self.directory.refresh()

    async def _close(self) -> None:
        if self._session is not None:
            self.client.session = None
            await self._session.close()


def build_slack_bot(
    settings: Settings,
    *,
    pipeline: Pipeline,
    database: Database,
    names: NameSink | None = None,
    client: AsyncWebClient | None = None,
    directory: Directory | None = None,
    escalation: EscalationService | None = None,
    working_delay: float = WORKING_DELAY,
    sweep: Callable[[], Sequence[Interrupted]] | None = None,
) -> SlackBot:
    """The Slack app for `pipeline`. Parts not given are built from `settings`: `escalation` is the service whose
    unanswered escalations get re-pinged; `names` receives the workspace's names (the redactor)."""
    client = client or build_client(settings)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    identity = Identity(client)
    app = AsyncApp(
        client=_tokenless(client),  # requests get the token from `identity` (a static token would disable authorize)
        authorize=identity.authorizer(),
        signing_secret=secret,
        process_before_response=True,
        logger=BOLT_LOG,
    )
    directory = directory or build_directory(settings, client, names=names)
    if escalation is None:
        notifier = SlackNotifier(client, channel=settings.slack_escalation_channel)
        escalation = EscalationService(
            database,
            notifier=notifier,
            group_for=build_group_router(settings),
            file_ticket=settings.escalation_ticket,
        )
    worker, delivery = Worker(), Delivery(client)
    responder = Responder(
        pipeline=pipeline,
        delivery=delivery,
        directory=directory,
        channels=ChannelPolicy(settings.slack_channels),
        database=database,
        working_delay=working_delay,
    )
    events.register(app, responder, worker)
    actions.register(app, actions.Clicks(pipeline=pipeline, delivery=delivery, directory=directory), worker)
    commands.register(app, commands.Commands(responder=responder, delivery=delivery), worker)
    home.register(app, home.Home(client=client, database=database), worker)
    app.error(handle_error)
    return SlackBot(app, client, worker, identity, directory, escalation, settings, database, sweep=sweep)


def _tokenless(client: AsyncWebClient) -> AsyncWebClient:
    return AsyncWebClient(
        base_url=client.base_url, timeout=client.timeout, logger=API_LOG, retry_handlers=client.retry_handlers
    )


def build_directory(settings: Settings, client: AsyncWebClient, *, names: NameSink | None = None) -> Directory:
    """Slack user groups plus the config's `user_groups` and `default_groups`; `names` gets the workspace's names."""
    return Directory(client, user_groups=settings.user_groups, default_groups=settings.default_groups, names=names)


async def handle_error(error: Exception, body: dict[str, Any]) -> None:
    """A listener failed before its ack: logged with a reference id (the request body is not logged)."""
    reference = new_reference()
    kind = body.get("type") or body.get("command") or "request"
    log.error("slack %s failed (ref %s)", kind, reference, exc_info=error, extra={"ref": reference})
