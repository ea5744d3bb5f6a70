"""A function-calling LLM that follows a script, for driving the real LlamaIndex `FunctionAgent` in tests.

A script is a list of steps, one per LLM call in a turn, or a function of the conversation. The step for a
call is chosen from the conversation itself (how many assistant messages follow the last user message), so
the same script gives the same turn every time and earlier turns in the history do not shift it.

    llm = ScriptedLLM([call("search_knowledge", query="disk full"), say("Free space first [1].")])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, LLMMetadata, MessageRole, ToolCallBlock
from llama_index.core.llms import MockFunctionCallingLLM


@dataclass(frozen=True)
class Say:
    """A final answer: plain text, no tool call."""

    text: str


@dataclass(frozen=True)
class Call:
    """One tool call. `arguments` is a dict, or a raw string to imitate a model that writes broken JSON."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)

    @property
    def arguments_json(self) -> str:
        return self.arguments if isinstance(self.arguments, str) else json.dumps(self.arguments)


@dataclass(frozen=True)
class Raise:
    """The provider fails on this call."""

    error: BaseException


Step = Say | Call | Raise
Script = Sequence[Step] | Callable[[Sequence[ChatMessage]], Step]


def say(text: str) -> Say:
    return Say(text)


def call(name: str, **arguments: Any) -> Call:
    return Call(name, arguments)


class ScriptExhaustedError(AssertionError):
    """The agent asked the LLM for more steps than the script has: the test's expectation was wrong."""


def step_index(messages: Sequence[ChatMessage]) -> int:
    """How many times the model has spoken since the user's last message: the position in this turn's script."""
    last_user = max((i for i, m in enumerate(messages) if m.role == MessageRole.USER), default=-1)
    return sum(1 for m in messages[last_user + 1 :] if m.role == MessageRole.ASSISTANT)


def last_tool_output(messages: Sequence[ChatMessage]) -> str:
    """The text of the most recent tool result the model was shown ('' if none): handy in script functions."""
    return next((m.content or "" for m in reversed(messages) if m.role == MessageRole.TOOL), "")


class NamedMockLLM(MockFunctionCallingLLM):
    """MockFunctionCallingLLM reporting a model name (recorded as Usage.model) and a chat model."""

    model_name: str = "scripted"

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(is_function_calling_model=True, is_chat_model=True, model_name=self.model_name)


class ScriptedLLM:
    """Holds the script and what the model was shown; `.llm` is the LlamaIndex LLM to hand to the agent."""

    def __init__(self, script: Script, *, model: str = "scripted") -> None:
        self._script = script
        self._ids = count(1)
        self.model = model
        self.calls: list[list[ChatMessage]] = []
        self.tool_names: list[list[str]] = []
        self.llm = NamedMockLLM(response_generator=self._respond, is_chat_model=True, model_name=model)

    def _respond(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatMessage:
        self.calls.append(list(messages))
        self.tool_names.append([t.metadata.name or "" for t in kwargs.get("tools") or ()])
        step = self._next(messages)
        if isinstance(step, Raise):
            raise step.error
        if isinstance(step, Say):
            return ChatMessage(role=MessageRole.ASSISTANT, content=step.text)
        block = ToolCallBlock(tool_call_id=f"call_{next(self._ids)}", tool_name=step.name, tool_kwargs=step.arguments)
        return ChatMessage(role=MessageRole.ASSISTANT, blocks=[block])

    def _next(self, messages: Sequence[ChatMessage]) -> Step:
        if callable(self._script):
            return self._script(messages)
        index = step_index(messages)
        if index >= len(self._script):
            raise ScriptExhaustedError(f"the agent asked for step {index + 1}; the script has {len(self._script)}")
        return self._script[index]

    def seen_text(self) -> str:
        """Everything the model was shown, joined: for asserting what did (or did not) reach it."""
        return "\n".join(m.content or "" for messages in self.calls for m in messages)
