"""LlamaIndex's FunctionAgent with our limits checked before every LLM call, not after the damage.

Before each call the prompt is counted (messages and tool schemas, o200k); the call is not made when the turn
has used its steps or would pass its prompt-token budget. The run then ends quietly (an empty reply), the turn
records why (`Turn.stopped`), and the agent answers with the passages found so far instead of raising.
After each call the provider's own prompt-token figure, when it reports one, replaces the estimate.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.agent.workflow import AgentOutput, FunctionAgent, ToolCallResult
from llama_index.core.agent.workflow.agent_context import AgentContext
from llama_index.core.base.llms.types import ChatMessage, MessageRole, TextBlock, ToolCallBlock
from llama_index.core.memory import BaseMemory, ChatMemoryBuffer
from llama_index.core.tools import AsyncBaseTool
from llama_index.core.workflow import WorkflowRuntimeError
from pydantic import PrivateAttr

from bot.agent.metering import Meter, reported_prompt_tokens
from bot.agent.tokens import PER_MESSAGE, REPLY_PRIMING, count, tools_tokens
from bot.agent.turn import Stop, Turn

DEFAULT_TURN_TOKENS = 20_000


@dataclass(frozen=True)
class Limits:
    max_steps: int = 8  # LLM calls per turn
    prompt_tokens: int = DEFAULT_TURN_TOKENS  # prompt tokens per turn, all calls together

    def stop(self, turn: Turn, next_call: int) -> Stop | None:
        """Why the next LLM call (of `next_call` prompt tokens) must not be made; None when it may."""
        if turn.llm_calls >= self.max_steps:
            return "steps"
        if turn.prompt_tokens + next_call > self.prompt_tokens:
            return "budget"
        return None


class GuardedAgent(FunctionAgent):
    _turn: Turn | None = PrivateAttr(default=None)
    _limits: Limits = PrivateAttr(default_factory=Limits)
    _tools_tokens: int | None = PrivateAttr(default=None)

    def guard(self, turn: Turn, limits: Limits) -> GuardedAgent:
        self._turn, self._limits = turn, limits
        return self

    async def take_step(
        self, ctx: AgentContext, llm_input: list[ChatMessage], tools: Sequence[AsyncBaseTool], memory: BaseMemory
    ) -> AgentOutput:
        turn = self._turn
        assert turn is not None, "call guard() before running"
        scratchpad: list[ChatMessage] = await ctx.store.get(self.scratchpad_key, default=[])
        estimate = messages_tokens([*llm_input, *scratchpad]) + self._schema_tokens(tools)
        turn.stopped = self._limits.stop(turn, estimate)
        if turn.stopped is not None:
            return AgentOutput(
                response=ChatMessage(role=MessageRole.ASSISTANT, content=""), current_agent_name=self.name
            )
        output = await super().take_step(ctx, llm_input, tools, memory)
        turn.llm_calls += 1
        turn.prompt_tokens += reported_prompt_tokens(output.raw) or estimate
        return output

    async def converse(self, meter: Meter, message: str, memory: ChatMemoryBuffer, history: list[ChatMessage]) -> str:
        """One run: the text of its final reply ('' when it ended without one)."""
        turn = self._turn
        assert turn is not None, "call guard() before running"
        iterations = self._limits.max_steps + 3  # LlamaIndex's own limit, above ours: a safety net
        handler = self.run(user_msg=message, chat_history=history, memory=memory, max_iterations=iterations)
        ours = {tool.metadata.name for tool in self.tools or () if isinstance(tool, AsyncBaseTool)}
        try:
            async for event in handler.stream_events():
                meter.observe(event)
                if isinstance(event, ToolCallResult) and event.tool_name not in ours:  # LlamaIndex refused it
                    turn.record(event.tool_name[:64], valid=False, ok=False, ms=0.0)
            result: object = await handler
        except WorkflowRuntimeError:
            turn.stopped = "steps"
            return ""
        finally:
            if not handler.is_done():
                await handler.cancel_run()
        return (result.response.content or "").strip() if isinstance(result, AgentOutput) else ""

    def _schema_tokens(self, tools: Sequence[AsyncBaseTool]) -> int:
        if self._tools_tokens is None:
            self._tools_tokens = tools_tokens(t.metadata.to_openai_tool(skip_length_check=True) for t in tools)
        return self._tools_tokens


def messages_tokens(messages: Sequence[ChatMessage]) -> int:
    """Prompt tokens of LlamaIndex chat messages, counted the way bot.agent.tokens counts a request."""
    return sum(_message_tokens(m) for m in messages) + REPLY_PRIMING


def _message_tokens(message: ChatMessage) -> int:
    total = PER_MESSAGE + count(str(message.role.value))
    for block in message.blocks:
        if isinstance(block, TextBlock):
            total += count(block.text)
        elif isinstance(block, ToolCallBlock):
            total += count(block.tool_name) + count(_arguments(block.tool_kwargs))
    return total


def _arguments(kwargs: Any) -> str:
    return kwargs if isinstance(kwargs, str) else json.dumps(kwargs, ensure_ascii=False)
