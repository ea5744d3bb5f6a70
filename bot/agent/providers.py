"""LLM providers: build a LlamaIndex function-calling LLM from plain settings, and say what counts as it failing.

Answers are capped at `max_tokens`. The openai provider ends every turn with a tool call (`tool_choice=required`,
the agent's final_answer tool) and uses strict tool schemas; OpenAI-compatible servers differ in what they support,
so they get neither and their free-text answers are parsed instead.

Retries: the OpenAI client's own (exponential backoff from 0.5 s, jitter, honours Retry-After; on connection
errors, timeouts, 408/409/429 and 5xx). LlamaIndex's extra tenacity layer is switched off (max_retries=0 on the
LLM) because it would retry each of the client's retries again and sleep at least 1 s between them.
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import httpx
import openai
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.workflow import WorkflowTimeoutError
from llama_index.llms.openai import OpenAI
from llama_index.llms.openai_like import OpenAILike  # type: ignore[import-untyped]  # ships no py.typed

from model.errors import ConfigError

Provider = Literal["openai", "openai_compatible", "offline"]
LLM = FunctionCallingLLM  # for annotations outside the agent, which never imports LlamaIndex itself
DEFAULT_CONTEXT_WINDOW = 16_384
DEFAULT_MAX_TOKENS = 1024  # an answer is capped at ~2,400 characters anyway; this bounds a runaway completion
NO_KEY = "not-needed"  # local OpenAI-compatible servers (vLLM, Ollama) take any key, the client insists on one

# The provider could not answer: the turn falls back to the offline answer. Anything else is a bug and propagates.
PROVIDER_FAILURES: tuple[type[BaseException], ...] = (
    openai.APIError,  # connection refused, timeouts, every HTTP error status
    httpx.HTTPError,
    asyncio.TimeoutError,
    WorkflowTimeoutError,  # the whole turn took longer than its budget
)


def build_llm(
    provider: Provider,
    model: str,
    api_key: str | None,
    base_url: str | None,
    timeout: float,
    max_retries: int,
    *,
    context_window: int = DEFAULT_CONTEXT_WINDOW,
    temperature: float = 0.0,
    stream_usage: bool = True,
    max_tokens: int = DEFAULT_MAX_TOKENS,
) -> FunctionCallingLLM | None:
    """The LLM for `provider`, or None for `offline`. Raises ConfigError when the combination cannot work."""
    if provider == "offline":
        return None
    if provider == "openai" and not api_key:
        raise ConfigError("OPSBOT_LLM_PROVIDER=openai needs OPENAI_API_KEY")
    if provider == "openai_compatible" and not base_url:
        raise ConfigError("OPSBOT_LLM_PROVIDER=openai_compatible needs OPENAI_BASE_URL (e.g. http://vllm:8000/v1)")
    key = api_key or NO_KEY
    client = openai.AsyncOpenAI(api_key=key, base_url=base_url, timeout=timeout, max_retries=max_retries)
    # Streaming responses carry token counts only when asked; the option is dropped for non-streaming calls.
    extra = {"stream_options": {"include_usage": True}} if stream_usage else {}
    common: dict[str, Any] = {
        "model": model,
        "api_key": key,
        "api_base": base_url,
        "timeout": timeout,
        "max_retries": 0,
        "temperature": temperature,
        "max_tokens": max_tokens,
        "additional_kwargs": extra,
        "async_openai_client": client,
    }
    if provider == "openai":
        return _known_openai_model(StructuredOpenAI(**common, strict=True), model)
    compatible: FunctionCallingLLM = OpenAILike(
        **common, is_chat_model=True, is_function_calling_model=True, context_window=context_window
    )
    return compatible


class StructuredOpenAI(OpenAI):
    """OpenAI that must call a tool on every step (the agent ends turns with final_answer), schemas strict."""

    def _prepare_chat_with_tools(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        prepared: dict[str, Any] = super()._prepare_chat_with_tools(*args, **{**kwargs, "tool_required": True})
        return prepared


def structured_answers(llm: FunctionCallingLLM) -> bool:
    """True when `llm` ends turns with a tool call and strict schemas (see StructuredOpenAI)."""
    return isinstance(llm, StructuredOpenAI)


def _known_openai_model(llm: OpenAI, model: str) -> OpenAI:
    """OpenAI() accepts any name but fails on first use for names missing from its table: fail at start instead."""
    try:
        llm.metadata  # noqa: B018 (looks the model up)
    except ValueError as exc:
        raise ConfigError(
            f"OPSBOT_LLM_MODEL={model!r} is not a model the openai provider knows; "
            "for another name or server use OPSBOT_LLM_PROVIDER=openai_compatible with OPENAI_BASE_URL"
        ) from exc
    return llm
