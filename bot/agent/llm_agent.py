"""The LLM agent: a LlamaIndex FunctionAgent per turn, with our tools, the thread's history and a step limit.

Its result is a typed outcome read from the turn's record. When the provider fails (after the client's
retries) the turn falls back to the offline answer with a notice; the step limit ends in a hand-over.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from llama_index.core.agent.workflow import AgentOutput, FunctionAgent, ToolCallResult
from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.workflow import WorkflowRuntimeError

from bot.agent.actions_port import ActionTools
from bot.agent.grounding import answer_from
from bot.agent.knowledge import Searcher
from bot.agent.metering import Meter
from bot.agent.prompts import DEFAULT_PROMPT_VERSION, load_system_prompt
from bot.agent.providers import PROVIDER_FAILURES
from bot.agent.toolbox import Redact, Toolbox
from bot.agent.turn import Turn
from model.errors import ConfigError
from model.outcomes import AgentResult, Answer, NeedsHuman, Outcome, Usage
from model.ports import Agent, AgentRequest, HistoryTurn

log = logging.getLogger(__name__)

UNAVAILABLE = "The language model is unavailable right now, so here is what I found in our runbooks."
UNAVAILABLE_NOTHING_FOUND = "The language model is unavailable right now, and our runbooks have nothing on this."
STEP_LIMIT = "I could not finish this within the steps I am allowed"
NO_ANSWER = "I could not put an answer together"
EVERYTHING_DOWN = "the language model and the knowledge base are both unavailable right now"


class LlmAgent:
    def __init__(
        self,
        *,
        llm: FunctionCallingLLM,
        searcher: Searcher,
        redact: Redact,
        fallback: Agent,
        actions: ActionTools | None = None,
        prompt_version: str = DEFAULT_PROMPT_VERSION,
        pinned_prompt: Callable[[], str | None] | None = None,
        max_steps: int = 8,
        streaming: bool = False,
        turn_timeout: float = 120.0,
        history_turns: int = 20,
        top_k: int = 5,
    ) -> None:
        if not llm.metadata.is_function_calling_model:
            raise ConfigError(f"the model {llm.metadata.model_name!r} cannot call tools")
        self._llm = llm
        self._toolbox = Toolbox(searcher=searcher, actions=actions, redact=redact, top_k=top_k)
        self._fallback = fallback
        self._prompt_version = prompt_version
        self._pinned_prompt = pinned_prompt
        load_system_prompt(prompt_version)  # a bad setting fails at start-up, not on the first message
        self._max_steps = max_steps
        self._streaming = streaming
        self._turn_timeout = turn_timeout
        self._history_turns = history_turns

    async def respond(self, request: AgentRequest) -> AgentResult:
        turn = Turn(request)
        version, system_prompt = await self._prompt()
        usage = Usage(model=self._llm.metadata.model_name, prompt_version=version)
        meter = Meter(usage)
        output: AgentOutput | None = None
        unavailable = False
        try:
            output = await self._run(turn, meter, system_prompt)
        except PROVIDER_FAILURES as exc:
            log.warning("language model unavailable, answering offline", extra={"error": type(exc).__name__})
            unavailable = True
        except WorkflowRuntimeError:  # FunctionAgent's max_iterations
            log.warning("agent step limit reached", extra={"steps": self._max_steps})
        meter.stop()
        usage.retrieval_ms, usage.tool_calls = turn.retrieval_ms, list(turn.tool_calls)
        if unavailable and not turn.finished:
            return await self._fall_back(request, usage)
        return AgentResult(self._outcome(turn, output), usage)

    async def _prompt(self) -> tuple[str, str]:
        """The prompt version pinned at run time (`opsbot prompts use`), read per turn; else the configured one."""
        pinned = await asyncio.to_thread(self._pinned_prompt) if self._pinned_prompt is not None else None
        if pinned and pinned != self._prompt_version:
            try:
                return pinned, load_system_prompt(pinned)
            except ConfigError:
                log.warning("pinned prompt version is missing; using the configured one", extra={"version": pinned})
        return self._prompt_version, load_system_prompt(self._prompt_version)

    async def _run(self, turn: Turn, meter: Meter, system_prompt: str) -> AgentOutput | None:
        tools = await asyncio.to_thread(self._toolbox.tools, turn)  # the actions' kill switch is a database read
        agent = FunctionAgent(
            name="opsbot",
            description="Opsbot's operations assistant",
            tools=list(tools),
            llm=self._llm,
            system_prompt=system_prompt,
            streaming=self._streaming,
            allow_parallel_tool_calls=False,
            timeout=self._turn_timeout,
        )
        # LlamaIndex discards the output of its max_iterations-th LLM call, so allow one more than our limit.
        handler = agent.run(
            user_msg=turn.request.text,
            chat_history=history_messages(turn.request.history, self._history_turns),
            max_iterations=self._max_steps + 1,
        )
        ours = {tool.metadata.name for tool in tools}
        try:
            async for event in handler.stream_events():
                meter.observe(event)
                if isinstance(event, ToolCallResult) and event.tool_name not in ours:  # LlamaIndex refused it
                    turn.record(event.tool_name[:64], valid=False, ok=False, ms=0.0)
            result = await handler
        finally:
            if not handler.is_done():
                await handler.cancel_run()
        return result if isinstance(result, AgentOutput) else None

    def _outcome(self, turn: Turn, output: AgentOutput | None) -> Outcome:
        if turn.proposal is not None:
            return turn.proposal
        if turn.escalation is not None:
            return turn.escalation
        if output is None:
            return NeedsHuman(STEP_LIMIT)
        text = (output.response.content or "").strip()
        return answer_from(text, turn) if text else NeedsHuman(NO_ANSWER)

    async def _fall_back(self, request: AgentRequest, usage: Usage) -> AgentResult:
        try:
            result = await self._fallback.respond(request)
        except Exception:
            log.warning("offline answer failed too", exc_info=True)
            usage.notice = UNAVAILABLE_NOTHING_FOUND
            return AgentResult(NeedsHuman(EVERYTHING_DOWN), usage)
        found = isinstance(result.outcome, Answer) and result.outcome.relevant
        usage.notice = UNAVAILABLE if found else UNAVAILABLE_NOTHING_FOUND
        usage.retrieval_ms += result.usage.retrieval_ms
        return AgentResult(result.outcome, usage)


def history_messages(history: Sequence[HistoryTurn], limit: int) -> list[ChatMessage]:
    """The thread's last `limit` turns from the database (already redacted) as chat messages."""
    return [
        ChatMessage(role=MessageRole.ASSISTANT if turn.role == "assistant" else MessageRole.USER, content=turn.text)
        for turn in list(history)[-limit:]
        if turn.text
    ]
