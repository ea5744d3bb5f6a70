"""The steps a scripted model takes: say something, call a tool, or fail (see bot.testing.scripted_llm)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from llama_index.core.base.llms.types import ChatMessage


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
