"""The Slack adapter assembled: a Bolt AsyncApp with each surface's listeners, plus what it needs while serving
(one connection pool, who the bot is, the directory and its refresh). The composition root (bot/wiring.py) builds
it; bot/serving.py runs it over Socket Mode or HTTP.

Listeners only parse and spawn: with `process_before_response=True` Bolt answers Slack as soon as a listener
returns, which is right after the slow work has been handed to the core's Worker (its own event loop and thread),
in both Socket Mode and HTTP. Everything that talks to the Slack Web API runs on that work loop.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.corrections import Corrections
from bot.core.jobs import Job
from bot.core.pipeline import Pipeline
from bot.core.responder import Responder
from bot.core.worker import Worker
from bot.slack import actions, assistant, commands, events, home, params_modal, views
from bot.slack.chat import SlackChat
from bot.slack.client import API_LOG, SLACK_ERRORS, error_code
from bot.slack.config import SlackSettings
from bot.slack.directory import Directory
from bot.slack.identity import Identity
from model.errors import StartupError, new_reference
from store.db import Database

log = logging.getLogger(__name__)
BOLT_LOG = logging.getLogger("bot.slack.bolt")
BOLT_LOG.setLevel(logging.INFO)  # Bolt logs request bodies (message text) at DEBUG
SAFE_KIND = re.compile(r"[a-z_/]{1,40}")


@dataclass
class SlackBot:
    app: Any  # slack_bolt.async_app.AsyncApp
    client: AsyncWebClient
    worker: Worker
    identity: Identity
    directory: Directory
    chat: SlackChat
    config: SlackSettings
    ready: bool = False
    _session: aiohttp.ClientSession | None = field(default=None, repr=False)

    def jobs(self) -> list[Job]:
        """Slack's own periodic job: the directory (user groups -> Opsbot groups, names -> redaction)."""
        return [Job("directory refresh", self.config.directory_refresh_minutes * 60.0, self.directory.refresh)]

    async def start(self) -> None:
        """On the work loop: one connection pool to Slack, who the bot is, the directory."""
        await self.worker.run(self._open())
        self.ready = True

    async def stop(self) -> None:
        """Close the connection pool (after the replies in flight: see bot.serving)."""
        self.ready = False
        await self.worker.run(self._close())

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
            self._session = None


def build_slack_bot(
    config: SlackSettings,
    *,
    pipeline: Pipeline,
    responder: Responder,
    database: Database,
    client: AsyncWebClient,
    directory: Directory,
    chat: SlackChat,
    worker: Worker,
    redact: Callable[[str], str],
    corrections: Corrections | None = None,
) -> SlackBot:
    """The Bolt app with every listener, for the parts the composition root built."""
    identity = Identity(client)
    app = AsyncApp(
        client=_tokenless(client),  # requests get the token from `identity` (a static token would disable authorize)
        authorize=identity.authorizer(),  # type: ignore[arg-type]  # Bolt drops a request when it returns None
        signing_secret=config.signing_key,
        process_before_response=True,
        raise_error_for_unhandled_request=True,  # so handle_error logs it once, with a reference
        logger=BOLT_LOG,
    )
    events.register(app, responder, worker, directory)
    clicks = actions.Clicks(pipeline=pipeline, delivery=chat.delivery, directory=directory, client=client)
    actions.register(app, clicks, worker)
    views.register(app, pipeline, worker, directory)
    assistant.register(app, chat.assistant, worker)
    if corrections is not None:
        modal = params_modal.ParamsModal(
            corrections=corrections, pipeline=pipeline, delivery=chat.delivery, directory=directory, client=client
        )
        params_modal.register(app, modal, worker)
    ops = commands.Commands(responder=responder, delivery=chat.delivery, directory=directory, redact=redact)
    commands.register(app, ops, worker)
    front = home.Home(client=client, database=database, directory=directory, pipeline=pipeline, delivery=chat.delivery)
    home.register(app, front, worker)
    events.register_ignored(app)  # last: Bolt runs the first listener that matches
    app.error(handle_error)
    return SlackBot(app, client, worker, identity, directory, chat, config)


def _tokenless(client: AsyncWebClient) -> AsyncWebClient:
    return AsyncWebClient(
        base_url=client.base_url, timeout=client.timeout, logger=API_LOG, retry_handlers=client.retry_handlers
    )


async def handle_error(error: Exception, body: dict[str, Any]) -> None:
    """A listener failed before its ack, or no listener takes the request: logged once with a reference id (the
    request body is not logged; the edge answers 400, see bot/slack/edge.py)."""
    reference = new_reference()
    kind = str(body.get("type") or body.get("command") or "")
    kind = kind if SAFE_KIND.fullmatch(kind) else "request"  # the type is the sender's text: log only a plain word
    if isinstance(error, BoltUnhandledRequestError):
        log.warning("slack %s not handled (ref %s)", kind, reference, extra={"ref": reference})
        return
    log.error("slack %s failed (ref %s)", kind, reference, exc_info=error, extra={"ref": reference})
