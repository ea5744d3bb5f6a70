"""A console session: reads lines, runs them through the pipeline, prints replies.

A line that is only a number picks one of the choices the last reply offered, as a button click would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from bot.console.render import build_text
from bot.core.pipeline import Pipeline
from model.messages import InboundMessage, Person, ThreadRef
from model.replies import Choice, Reply


class ConsoleSession:
    def __init__(self, pipeline: Pipeline, user: Person, write: Callable[[str], None]) -> None:
        self._pipeline = pipeline
        self._user = user
        self._write = write
        self._thread = ThreadRef("console", "local", uuid.uuid4().hex[:12])
        self._choices: tuple[Choice, ...] = ()

    async def run(self, lines: Iterable[str]) -> None:
        for line in lines:
            text = line.strip()
            if text in ("/quit", "/exit"):
                return
            if text:
                await self.send(text)

    async def send(self, text: str) -> Reply | None:
        """One line from the user: a choice number if one is on offer, otherwise a message."""
        if text.isdigit():
            if not self._choices:
                self._write("· There is nothing to pick right now; type a message.")
                return None
            return await self._pick(int(text))
        reply = await self._pipeline.handle(InboundMessage(self._thread, self._user, text, direct=True))
        self._show(reply)
        return reply

    async def _pick(self, number: int) -> Reply | None:
        if not 1 <= number <= len(self._choices):
            self._write(f"· Pick a number between 1 and {len(self._choices)}, or type a message.")
            return None
        choice = self._choices[number - 1]
        reply = await self._pipeline.choose(actor=self._user, thread=self._thread, value=choice.value)
        self._show(reply)
        return reply

    def _show(self, reply: Reply | None) -> None:
        if reply is None:
            self._write("· (a human is handling this thread, so I'm staying quiet; pick 'Hand back' to resume)")
            return
        if reply.offered or not reply.ephemeral:
            self._choices = reply.offered
        self._write("opsbot> " + build_text(reply))
