"""The LLM agent: a LlamaIndex FunctionAgent per turn, with our tools, the thread's history and our limits.

Its result is a typed outcome read from the turn's record. A reply that fails the grounding check gets one
retry with a nudge; the step limit and the token budget end a turn with the passages found so far. When the
provider fails (after the client's retries) the turn falls back to the offline answer with a notice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.memory import ChatMemoryBuffer

from bot.agent.actions_port import ActionTools
from bot.agent.fallback import EVERYTHING_DOWN, UNAVAILABLE, UNAVAILABLE_NOTHING_FOUND, answer_offline
from bot.agent.grounding import judge_text, settle
from bot.agent.history import HISTORY_TOKENS, current_message, history_messages
from bot.agent.knowledge import Searcher
from bot.agent.loop import DEFAULT_TURN_TOKENS, GuardedAgent, Limits
from bot.agent.metering import Meter
from bot.agent.prompts import DEFAULT_PROMPT_VERSION, load_system_prompt
from bot.agent.providers import PROVIDER_FAILURES, structured_answers
from bot.agent.toolbox import Redact, Toolbox
from bot.agent.turn import Turn
from bot.core.pipeline import NOTHING_ASKED
from model.errors import ConfigError
from model.outcomes import AgentResult, Info, Outcome, Usage
from model.ports import Agent, AgentRequest

log = logging.getLogger(__name__)

STEP_LIMIT = "I could not finish this within the steps I am allowed, so here is what I found."
BUDGET_SPENT = "This question needed more of the language model than one message may use, so here is what I found."
BARE_MENTION = NOTHING_ASKED  # the pipeline answers a bare mention itself; this covers direct callers (evals)
__all__ = ["BARE_MENTION", "BUDGET_SPENT", "EVERYTHING_DOWN", "STEP_LIMIT", "UNAVAILABLE", "UNAVAILABLE_NOTHING_FOUND"]
_NOTICES = {"steps": STEP_LIMIT, "budget": BUDGET_SPENT}
_NO_TRIM = 10**9  # our history is already within budget: LlamaIndex's memory must not cut it again


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
        turn_token_budget: int = DEFAULT_TURN_TOKENS,
        streaming: bool = False,
        turn_timeout: float = 120.0,
        history_tokens: int = HISTORY_TOKENS,
        top_k: int = 5,
        structured: bool | None = None,
    ) -> None:
        if not llm.metadata.is_function_calling_model:
            raise ConfigError(f"the model {llm.metadata.model_name!r} cannot call tools")
        self._llm = llm
        structured = structured_answers(llm) if structured is None else structured
        self._toolbox = Toolbox(searcher=searcher, actions=actions, redact=redact, top_k=top_k, structured=structured)
        self._fallback = fallback
        self._prompt_version = prompt_version
        self._pinned_prompt = pinned_prompt
        load_system_prompt(prompt_version)  # a bad setting fails at start-up, not on the first message
        self._limits = Limits(max_steps=max_steps, prompt_tokens=turn_token_budget)
        self._streaming = streaming
        self._turn_timeout = turn_timeout
        self._history_tokens = history_tokens

    async def respond(self, request: AgentRequest) -> AgentResult:
        version, system_prompt = await self._prompt()
        usage = Usage(model=self._llm.metadata.model_name, prompt_version=version)
        if not request.text.strip():  # a bare mention: nothing to ask the model
            return AgentResult(Info(BARE_MENTION), usage)
        turn = Turn(request)
        meter = Meter(usage)
        unavailable = False
        try:
            await self._converse(turn, meter, system_prompt)
        except PROVIDER_FAILURES as exc:
            log.warning("language model unavailable, answering offline", extra={"error": type(exc).__name__})
            unavailable = True
        meter.stop()
        usage.retrieval_ms, usage.tool_calls = turn.retrieval_ms, list(turn.tool_calls)
        if unavailable and not turn.finished:
            return await answer_offline(self._fallback, request, usage)
        if turn.stopped is not None and not turn.finished:
            log.warning("agent turn stopped early", extra={"reason": turn.stopped, "llm_calls": turn.llm_calls})
            usage.notice = _NOTICES[turn.stopped]
        return AgentResult(outcome_of(turn), usage)

    async def _prompt(self) -> tuple[str, str]:
        """The prompt version pinned at run time (`opsbot prompts use`), read per turn; else the configured one."""
        pinned = await asyncio.to_thread(self._pinned_prompt) if self._pinned_prompt is not None else None
        if pinned and pinned != self._prompt_version:
            try:
                return pinned, load_system_prompt(pinned)
            except ConfigError:
                log.warning("pinned prompt version is missing; using the configured one", extra={"version": pinned})
        return self._prompt_version, load_system_prompt(self._prompt_version)

    async def _converse(self, turn: Turn, meter: Meter, system_prompt: str) -> None:
        """Run the model; a reply that fails the grounding check gets one nudge, then the turn settles."""
        agent = await self._agent(turn, system_prompt)
        memory = ChatMemoryBuffer.from_defaults(token_limit=_NO_TRIM, tokenizer_fn=_no_tokens)
        history = history_messages(turn.request.history, self._history_tokens)
        text = await agent.converse(meter, current_message(turn.request.text), memory, history)
        while not turn.finished and turn.stopped is None:
            verdict = judge_text(text, turn)
            if verdict.outcome is not None or turn.nudged:
                turn.final = verdict.outcome or settle(turn)
                return
            turn.nudged = True
            text = await agent.converse(meter, verdict.problem, memory, [])

    async def _agent(self, turn: Turn, system_prompt: str) -> GuardedAgent:
        tools = await asyncio.to_thread(self._toolbox.tools, turn)  # the actions' kill switch is a database read
        agent = GuardedAgent(
            name="opsbot",
            description="Opsbot's operations assistant",
            tools=list(tools),
            llm=self._llm,
            system_prompt=system_prompt,
            streaming=self._streaming,
            allow_parallel_tool_calls=False,
            timeout=self._turn_timeout,
        )
        return agent.guard(turn, self._limits)


def outcome_of(turn: Turn) -> Outcome:
    """What the turn amounts to: a proposal or a hand-over first, then the answer it settled on."""
    if turn.proposal is not None:
        return turn.proposal
    if turn.escalation is not None:
        return turn.escalation
    return turn.final if turn.final is not None else settle(turn)


def _no_tokens(text: str) -> list[int]:
    return []
