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


class RefusedError(Exception):
    """The action may not be proposed as asked (switched off, or its precheck refused); the message says why."""


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
    @property
    def confirm_by(self) -> str: ...  # requester | approvers | both


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

    async def precheck(self, name: str, params: Mapping[str, Any], request: AgentRequest) -> None:
        """RefusedError when the person asking may not propose this (e.g. a ticket that does not exist or is not
        theirs): the same check the confirmation layer runs before showing a card, run inside the tool call."""
        ...

    async def read(self, name: str, raw: Mapping[str, Any], request: AgentRequest) -> ReadResult:
        """Run a read-only action for the person asking (RejectedArgumentsError if invalid). Untrusted, may hold PII."""
        ...

    def field_hints(self) -> Mapping[str, Mapping[str, Any]]:
        """Extra JSON-schema keywords per parameter name, e.g. the `pattern` of a ticket id."""
        ...
