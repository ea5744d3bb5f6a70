"""build_llm turns plain settings into an LLM, and refuses combinations that cannot work."""

from __future__ import annotations

import pytest
from llama_index.llms.openai import OpenAI

from bot.agent.providers import build_llm
from model.errors import ConfigError


def test_offline_has_no_llm() -> None:
    """The offline provider builds no LLM at all."""
    assert build_llm("offline", "gpt-4o-mini", None, None, 30, 2) is None


def test_openai_needs_a_key() -> None:
    """The openai provider without OPENAI_API_KEY is a configuration error."""
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_llm("openai", "gpt-4o-mini", None, None, 30, 2)


def test_openai_rejects_an_unknown_model_at_start() -> None:
    """An unknown model name for the openai provider fails at start and points to openai_compatible."""
    with pytest.raises(ConfigError, match="openai_compatible"):
        build_llm("openai", "llama3.1:8b", "sk-test", None, 30, 2)


def test_openai_known_model_calls_tools_without_the_extra_retry_layer() -> None:
    """A known OpenAI model is a function-calling chat model; retries are left to the OpenAI client."""
    llm = build_llm("openai", "gpt-4o-mini", "sk-test", None, 12.5, 3)
    assert isinstance(llm, OpenAI)
    assert llm.metadata.is_function_calling_model and llm.metadata.is_chat_model
    assert llm.max_retries == 0
    client = llm._get_aclient()
    assert (client.max_retries, client.timeout) == (3, 12.5)


def test_openai_compatible_needs_a_base_url() -> None:
    """openai_compatible without OPENAI_BASE_URL is a configuration error."""
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        build_llm("openai_compatible", "llama3.1:8b", None, None, 30, 2)


def test_openai_compatible_accepts_any_model_and_calls_tools() -> None:
    """Any model name works with openai_compatible; it is a chat, function-calling model with our context window."""
    llm = build_llm("openai_compatible", "llama3.1:8b", None, "http://127.0.0.1:11434/v1", 30, 2, context_window=8192)
    assert llm is not None
    meta = llm.metadata
    assert (meta.model_name, meta.is_chat_model, meta.is_function_calling_model) == ("llama3.1:8b", True, True)
    assert meta.context_window == 8192
