"""The LLM's tools. Each validates its own arguments (LlamaIndex does not), records itself on the turn, and
returns text; an error result (is_error) lets the LLM correct itself. The only lasting effect any tool can have
is a proposal that still needs a human click.

A call repeated with the same arguments in one turn is not run again: the LLM is told the results are already
above, with their ids (a model stuck in a loop gets a short answer, not the same passages again).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from llama_index.core.tools import AsyncBaseTool, ToolMetadata, ToolOutput
from pydantic import BaseModel, ValidationError

from bot.agent.actions_port import RejectedArgumentsError
from bot.agent.citations import ID
from bot.agent.schemas import Hints, strict_optional, tool_parameters
from bot.agent.turn import Turn
from bot.core.telemetry import tracer

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
Handler = Callable[[dict[str, Any]], Awaitable[str]]
Redact = Callable[[str, str], str]  # (text, scope) -> redacted text
_LABELS = re.compile(rf"<<<(?:PASSAGE|RESULT) \[({ID})\]")


class ToolFailedError(Exception):
    """The tool could not do its job; the message is safe to show the LLM."""


def parse(schema: type[M], raw: dict[str, Any]) -> M:
    """The arguments as `schema`, or RejectedArgumentsError naming each bad field."""
    try:
        return schema.model_validate(raw)
    except ValidationError as exc:
        raise RejectedArgumentsError(describe(exc)) from None


def describe(error: ValidationError) -> str:
    """One line per problem: `- field: message`."""
    return "\n".join(f"- {'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}" for e in error.errors())


@dataclass
class SchemaMetadata(ToolMetadata):
    """ToolMetadata whose parameters are our tightened schema, not pydantic's verbose one."""

    parameters: dict[str, Any] | None = None

    def get_parameters_dict(self) -> dict[str, Any]:
        return dict(self.parameters) if self.parameters is not None else super().get_parameters_dict()


@dataclass(frozen=True)
class ToolShape:
    """How a tool is offered: its schema, strict mode, per-field hints, and whether a success ends the turn."""

    schema: type[BaseModel]
    ends_turn: bool = False
    strict: bool = False
    hints: Hints | None = None


class TurnTool(AsyncBaseTool):
    """One tool for one turn: `handler` gets the raw arguments and validates them itself."""

    def __init__(self, turn: Turn, *, name: str, description: str, shape: ToolShape, handler: Handler) -> None:
        self._turn = turn
        self._name = name
        self._description = description
        self._shape = shape
        self._parameters = tool_parameters(shape.schema, strict=shape.strict, hints=shape.hints)
        self._optional = strict_optional(shape.schema) if shape.strict else frozenset()
        self._handler = handler
        self._ended = False

    @property
    def metadata(self) -> ToolMetadata:
        # FunctionAgent reads return_direct after the call: only a call that ended the turn stops the run,
        # so an invalid proposal goes back to the LLM as an error result and it can try again.
        return SchemaMetadata(
            description=self._description,
            name=self._name,
            fn_schema=self._shape.schema,
            return_direct=self._ended,
            parameters=self._parameters,
        )

    def call(self, *args: Any, **kwargs: Any) -> ToolOutput:
        raise NotImplementedError("the agent calls tools asynchronously")

    async def acall(self, *args: Any, **kwargs: Any) -> ToolOutput:
        with tracer().start_as_current_span("tool", attributes={"tool.name": self._name}) as span:
            output = await self._call({k: v for k, v in kwargs.items() if not (v is None and k in self._optional)})
            call = self._turn.tool_calls[-1]
            span.set_attributes({"tool.valid": call["valid"], "tool.ok": call["ok"], "tool.ms": call["ms"]})
            return output

    async def _call(self, kwargs: dict[str, Any]) -> ToolOutput:
        started = time.perf_counter()
        key = f"{self._name}:{canonical(kwargs)}"
        if self._turn.finished:
            text, valid, ok = "This turn has already ended. Do nothing more.", True, False
        elif key in self._turn.repeats:
            text, valid, ok = self._turn.repeats[key], True, True
        else:
            text, valid, ok = await self._run(kwargs)
            if ok:
                self._turn.tool_text.append(text)
                self._turn.repeats[key] = already(self._name, text)
        self._ended = ok and self._shape.ends_turn and self._turn.finished
        self._turn.record(self._name, valid=valid, ok=ok, ms=(time.perf_counter() - started) * 1000)
        return ToolOutput(tool_name=self._name, content=text, raw_input=kwargs, raw_output=text, is_error=not ok)

    async def _run(self, kwargs: dict[str, Any]) -> tuple[str, bool, bool]:
        """The handler's text, whether the arguments were valid, and whether it succeeded."""
        try:
            return await self._handler(kwargs), True, True
        except RejectedArgumentsError as exc:
            return f"Invalid arguments for {self._name}:\n{exc}\nFix them and call {self._name} again.", False, False
        except ToolFailedError as exc:
            return str(exc), True, False
        except Exception:
            log.warning("tool failed", extra={"tool": self._name}, exc_info=True)
            return (
                f"{self._name} failed and is unavailable right now. Do not retry it; answer with what you have.",
                True,
                False,
            )


def canonical(arguments: dict[str, Any]) -> str:
    """The arguments as one comparable string: keys sorted, text trimmed and lower-cased."""
    tidy = {k: v.strip().lower() if isinstance(v, str) else v for k, v in arguments.items()}
    return json.dumps(tidy, sort_keys=True, default=str)


def already(name: str, text: str) -> str:
    """What a repeated call gets instead of running again."""
    ids = ", ".join(f"[{ref}]" for ref in dict.fromkeys(_LABELS.findall(text)))
    if ids:
        return f"Already retrieved: the results of this exact {name} call are above as {ids}. Use them."
    return f"Already done: the result of this exact {name} call is above. Use it; do not repeat the call."
