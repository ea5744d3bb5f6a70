"""Slack's AI-app surface (the assistant container and DMs): the "is thinking…" status while an answer is on its
way, suggested prompts when a person opens a new assistant thread, and a title for the thread from its first
question. Needs the `assistant:write` scope; where Slack refuses (a plain DM of an app without the assistant view),
the caller falls back to the :eyes: reaction."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.responder import RecentKeys
from bot.core.worker import Worker
from bot.slack.client import SLACK_ERRORS, error_code

log = logging.getLogger(__name__)
THINKING = "is thinking…"
LOADING = ["Reading the runbooks…", "Checking past tickets…", "Putting the answer together…"]
TITLE_CHARS = 60
PROMPTS_TITLE = "Try asking me"
PROMPTS = (
    {"title": "VPN keeps dropping", "message": "My VPN keeps disconnecting every few minutes. What should I do?"},
    {"title": "Declare an incident", "message": "How do I declare an incident, and which severity is it?"},
    {"title": "Open a ticket", "message": 'create_ticket title="Laptop will not boot after the update"'},
    {"title": "Talk to a human", "message": "I need a human from on-call, please."},
)


def build_title(text: str) -> str:
    """The thread's title: the first line of its first question, cut at a word end."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "") or "Question for Opsbot"
    if len(line) <= TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, TITLE_CHARS - 1)
    return line[: cut if cut > TITLE_CHARS // 2 else TITLE_CHARS - 1].rstrip() + "…"


class Assistant:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._titled = RecentKeys(5_000)

    async def status(self, *, channel: str, thread_ts: str, status: str) -> bool:
        """Set (or, with "", clear) the thread's status; False when Slack refuses it here."""
        loading = LOADING if status else None
        return await self._call(
            "assistant_threads_setStatus",
            channel_id=channel,
            thread_ts=thread_ts,
            status=status,
            loading_messages=loading,
        )

    @asynccontextmanager
    async def thinking(self, *, channel: str, thread_ts: str, question: str) -> AsyncIterator[bool]:
        """'is thinking…' for as long as the context is open (yields whether Slack showed it), and a title for the
        thread the first time this process sees it."""
        shown = await self.status(channel=channel, thread_ts=thread_ts, status=THINKING)
        if shown and self._titled.add(f"{channel}:{thread_ts}"):
            await self._call(
                "assistant_threads_setTitle", channel_id=channel, thread_ts=thread_ts, title=build_title(question)
            )
        try:
            yield shown
        finally:
            if shown:
                await self.status(channel=channel, thread_ts=thread_ts, status="")

    async def suggest(self, *, channel: str, thread_ts: str) -> None:
        """The suggested prompts of a new assistant thread."""
        await self._call(
            "assistant_threads_setSuggestedPrompts",
            channel_id=channel,
            thread_ts=thread_ts,
            title=PROMPTS_TITLE,
            prompts=[dict(p) for p in PROMPTS],
        )

    async def _call(self, method: str, **kwargs: Any) -> bool:
        try:
            await getattr(self._client, method)(**kwargs)
        except SLACK_ERRORS as exc:
            log.info("%s skipped (%s)", method, error_code(exc))
            return False
        return True


def parse_thread_started(event: Mapping[str, Any]) -> tuple[str, str] | None:
    """(channel, thread_ts) of an `assistant_thread_started` event."""
    thread = event.get("assistant_thread") or {}
    channel, ts = thread.get("channel_id"), thread.get("thread_ts")
    return (channel, ts) if isinstance(channel, str) and isinstance(ts, str) else None


def register(app: Any, assistant: Assistant, worker: Worker) -> None:
    async def handle_assistant_thread_started(event: dict[str, Any]) -> None:
        """A person opened a new assistant thread: offer a few prompts to start from."""
        started = parse_thread_started(event)
        if started is not None:
            channel, ts = started
            worker.spawn(assistant.suggest(channel=channel, thread_ts=ts), name="suggested prompts")

    async def handle_assistant_context_changed() -> None:
        """The person moved to another channel with the container open: nothing to do."""

    app.event("assistant_thread_started")(handle_assistant_thread_started)
    app.event("assistant_thread_context_changed")(handle_assistant_context_changed)
