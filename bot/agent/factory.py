"""Building the agent from plain settings values: the LLM agent, or the offline agent when there is no LLM."""

from __future__ import annotations

from collections.abc import Callable

from llama_index.core.llms.function_calling import FunctionCallingLLM

from bot.agent.actions_port import ActionTools
from bot.agent.knowledge import Searcher
from bot.agent.llm_agent import LlmAgent
from bot.agent.loop import DEFAULT_TURN_TOKENS
from bot.agent.prompts import DEFAULT_PROMPT_VERSION
from bot.agent.toolbox import Redact
from model.ports import Agent

MIN_TURN_SECONDS = 120.0


def turn_budget(timeout: float, max_retries: int) -> float:
    """A turn's time budget: at least one LLM call with all its retries, and never less than two minutes."""
    return max(MIN_TURN_SECONDS, timeout * (max_retries + 1) + 10)


def build_agent(
    *,
    llm: FunctionCallingLLM | None,
    searcher: Searcher,
    redact: Redact,
    fallback: Agent,
    actions: ActionTools | None = None,
    prompt_version: str = DEFAULT_PROMPT_VERSION,
    pinned_prompt: Callable[[], str | None] | None = None,
    turn_timeout: float = MIN_TURN_SECONDS,
    max_steps: int = 8,
    turn_token_budget: int = DEFAULT_TURN_TOKENS,
    streaming: bool = False,
) -> Agent:
    """The agent for `llm` (see providers.build_llm): `fallback` itself when there is none, else an LlmAgent."""
    if llm is None:
        return fallback
    return LlmAgent(
        llm=llm,
        searcher=searcher,
        redact=redact,
        fallback=fallback,
        actions=actions,
        prompt_version=prompt_version,
        pinned_prompt=pinned_prompt,
        max_steps=max_steps,
        turn_token_budget=turn_token_budget,
        streaming=streaming,
        turn_timeout=turn_timeout,
    )
