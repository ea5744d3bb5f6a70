"""The config-file shape of a declarative HTTP action: a REST call an ops team adds without writing Python.

Templates: `{name}` is a parameter (or `{idempotency_key}`, `{requester}`, `{confirmer}`); a string that is
only `{name}` keeps the value's type. `${env:NAME}` is a secret read from the environment at call time, allowed
in headers and body, never in the URL (URLs end up in logs). `response` maps output names to dotted paths in
the JSON reply (`incident.id`, `items.0.url`); `summary` is a template over those outputs.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class HttpParam(BaseModel):
    """One parameter of an HTTP action, as the LLM and `/ops help` see it."""

    model_config = {"extra": "forbid"}

    type: Literal["string", "integer", "number", "boolean"] = "string"
    description: str
    required: bool = True
    default: str | int | float | bool | None = None
    enum: list[str | int] | None = None
    min_length: int | None = None
    max_length: int | None = 2000
    pattern: str | None = None


class HttpActionSpec(BaseModel):
    """A declarative HTTP action from the config file (`http_actions:`)."""

    model_config = {"extra": "forbid"}

    name: str
    description: str
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "POST"
    url: str
    headers: dict[str, str] = Field(default_factory=dict)
    body: dict[str, Any] | None = None
    params: dict[str, HttpParam] = Field(default_factory=dict)
    response: dict[str, str] = Field(default_factory=dict)
    summary: str | None = None
    kind: Literal["read", "write"] = "write"
    risk: Literal["low", "high"] = "low"
    confirm_by: Literal["requester", "approvers", "both"] = "requester"
    approver_group: str | None = None
    timeout_seconds: float = Field(10.0, gt=0)
    retries: int = Field(1, ge=0, le=5)
    idempotent: bool = False
    idempotency_header: str | None = None
