"""A trivial agent that echoes: the smallest thing that satisfies the Agent port."""

from __future__ import annotations

from bot.core.outcomes import AgentResult, Answer
from bot.core.ports import AgentRequest


class EchoAgent:
    async def respond(self, request: AgentRequest) -> AgentResult:
        return AgentResult(Answer(text=f"You said: {request.text}", grounded=False))
