"""A function-calling LLM that follows a script, for driving the real LlamaIndex `FunctionAgent` in tests.

A script is a list of steps, one per LLM call in a turn, or a function of the conversation. The step for a
call is chosen from the conversation itself (how many assistant messages follow the user's last message), so
the same script gives the same turn every time and earlier turns in the history do not shift it. Opsbot's
grounding nudge ("[Opsbot check] ...") is not a new user message: the script goes on counting; a list script
that has no step left for it says its last words (its last `say`) again, as a stubborn model would.

In a scripted reply, `[n]` cites the n-th passage the model was shown this turn: the script need not know the
passage ids (`[1]` becomes `[r4kqm]`); a number beyond what was shown stays as written, an invented citation.

    llm = ScriptedLLM([call("search_knowledge", query="disk full"), say("Free space first [1].")])
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, LLMMetadata, MessageRole, ToolCallBlock
from llama_index.core.llms import MockFunctionCallingLLM

from bot.agent.grounding import NUDGE_PREFIX
from bot.testing.citing import cite_in_call, cite_shown, shown_ids
from bot.testing.steps import Call, Raise, Say, Script, Step, call, say

__all__ = ["Call", "Raise", "Say", "Script", "ScriptedLLM", "Step", "call", "nudged", "say", "step_index"]


class ScriptExhaustedError(AssertionError):
    """The agent asked the LLM for more steps than the script has: the test's expectation was wrong."""


def is_nudge(message: ChatMessage) -> bool:
    return message.role == MessageRole.USER and (message.content or "").startswith(NUDGE_PREFIX)


def turn_start(messages: Sequence[ChatMessage]) -> int:
    """The index of the user's last own message (a nudge is not one); -1 if there is none."""
    users = [i for i, m in enumerate(messages) if m.role == MessageRole.USER and not is_nudge(m)]
    return users[-1] if users else -1


def step_index(messages: Sequence[ChatMessage]) -> int:
    """How many times the model has spoken since the user's last message: the position in this turn's script."""
    return sum(1 for m in messages[turn_start(messages) + 1 :] if m.role == MessageRole.ASSISTANT)


def nudged(messages: Sequence[ChatMessage]) -> bool:
    """True when Opsbot has asked the model to try again in this turn."""
    return any(is_nudge(m) for m in messages[turn_start(messages) + 1 :])


def last_tool_output(messages: Sequence[ChatMessage]) -> str:
    """The text of the most recent tool result the model was shown ('' if none): handy in script functions."""
    return next((m.content or "" for m in reversed(messages) if m.role == MessageRole.TOOL), "")


def this_turn_tool_texts(messages: Sequence[ChatMessage]) -> list[str]:
    return [m.content or "" for m in messages[turn_start(messages) + 1 :] if m.role == MessageRole.TOOL]


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
            text = cite_shown(step.text, shown_ids(this_turn_tool_texts(messages)))
            return ChatMessage(role=MessageRole.ASSISTANT, content=text)
        step = cite_in_call(step, shown_ids(this_turn_tool_texts(messages)))
        block = ToolCallBlock(tool_call_id=f"call_{next(self._ids)}", tool_name=step.name, tool_kwargs=step.arguments)
        return ChatMessage(role=MessageRole.ASSISTANT, blocks=[block])

    def _next(self, messages: Sequence[ChatMessage]) -> Step:
        if callable(self._script):
            return self._script(messages)
        index = step_index(messages)
        if index >= len(self._script) and nudged(messages) and self._script:
            said = [step for step in self._script if isinstance(step, Say)]
            return said[-1] if said else self._script[-1]
        if index >= len(self._script):
            raise ScriptExhaustedError(f"the agent asked for step {index + 1}; the script has {len(self._script)}")
        return self._script[index]

    def seen_text(self) -> str:
        """Everything the model was shown, joined: for asserting what did (or did not) reach it."""
        return "\n".join(m.content or "" for messages in self.calls for m in messages)
