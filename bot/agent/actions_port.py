"""What the agent needs from the actions package: the enabled actions, argument checks, and read-only calls.

The LLM only ever sees read actions (run at once, they change nothing) and proposals for write actions
(validated here, executed later by the confirmation layer after a human click).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from model.ports import AgentRequest
from model.replies import Citation


class RejectedArgumentsError(Exception):
    """The LLM's arguments for an action are invalid; the message says why, in words the LLM can act on."""


@dataclass(frozen=True)
class ReadResult:
    """What a read-only action returned, as text for the LLM, and how to cite it (None: not citable)."""

    text: str
    citation: Citation | None = None


class ActionSpec(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def params(self) -> type[BaseModel]: ...


class ActionTools(Protocol):
    def reads(self) -> Sequence[ActionSpec]:
        """Enabled read-only actions: offered to the LLM as tools that run at once."""
        ...

    def writes(self) -> Sequence[ActionSpec]:
        """Enabled write actions: offered to the LLM as `propose_<name>` tools."""
        ...

    def validate(self, name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        """The validated params as plain JSON-able data; RejectedArgumentsError if they are invalid."""
        ...

    async def read(self, name: str, raw: Mapping[str, Any], request: AgentRequest) -> ReadResult:
        """Run a read-only action for the person asking (RejectedArgumentsError if invalid). Untrusted, may hold PII."""
        ...
