"""The LLM's tools. Each validates its own arguments (LlamaIndex does not), records itself on the turn, and
returns text; an error result (is_error) lets the LLM correct itself. The only lasting effect any tool can have
is a proposal that still needs a human click.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from llama_index.core.tools import AsyncBaseTool, ToolMetadata, ToolOutput
from pydantic import BaseModel, ValidationError

from bot.agent.actions_port import RejectedArgumentsError
from bot.agent.turn import Turn
from bot.core.telemetry import tracer

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
Handler = Callable[[dict[str, Any]], Awaitable[str]]


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


class TurnTool(AsyncBaseTool):
    """One tool for one turn: `handler` gets the raw arguments and validates them itself."""

    def __init__(
        self,
        turn: Turn,
        *,
        name: str,
        description: str,
        schema: type[BaseModel],
        handler: Handler,
        ends_turn: bool = False,
    ) -> None:
        self._turn = turn
        self._name = name
        self._description = description
        self._schema = schema
        self._handler = handler
        self._ends_turn = ends_turn
        self._ended = False

    @property
    def metadata(self) -> ToolMetadata:
        # FunctionAgent reads return_direct after the call: only a call that ended the turn stops the run,
        # so an invalid proposal goes back to the LLM as an error result and it can try again.
        return ToolMetadata(
            description=self._description, name=self._name, fn_schema=self._schema, return_direct=self._ended
        )

    def call(self, *args: Any, **kwargs: Any) -> ToolOutput:
        raise NotImplementedError("the agent calls tools asynchronously")

    async def acall(self, *args: Any, **kwargs: Any) -> ToolOutput:
        with tracer().start_as_current_span("tool", attributes={"tool.name": self._name}) as span:
            output = await self._call(kwargs)
            call = self._turn.tool_calls[-1]
            span.set_attributes({"tool.valid": call["valid"], "tool.ok": call["ok"], "tool.ms": call["ms"]})
            return output

    async def _call(self, kwargs: dict[str, Any]) -> ToolOutput:
        started = time.perf_counter()
        valid, ok = True, False
        if self._turn.finished:
            text = "This turn has already ended (an action was proposed or a human was asked). Do nothing more."
        else:
            try:
                text, ok = await self._handler(kwargs), True
            except RejectedArgumentsError as exc:
                valid = False
                text = f"Invalid arguments for {self._name}:\n{exc}\nFix them and call {self._name} again."
            except ToolFailedError as exc:
                text = str(exc)
            except Exception:
                log.warning("tool failed", extra={"tool": self._name}, exc_info=True)
                text = f"{self._name} failed and is unavailable right now. Do not retry it; answer with what you have."
        self._ended = ok and self._ends_turn and self._turn.finished
        self._turn.record(self._name, valid=valid, ok=ok, ms=(time.perf_counter() - started) * 1000)
        return ToolOutput(tool_name=self._name, content=text, raw_input=kwargs, raw_output=text, is_error=not ok)
