"""What an action is (ActionSpec), what it runs with (ActionContext), and what it gives back (ActionResult)."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from model.messages import Person

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store.db import Database

Kind = Literal["read", "write"]
Risk = Literal["low", "high"]
ConfirmBy = Literal["requester", "approvers", "both"]
NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


@dataclass(frozen=True)
class ActionResult:
    """What a run produced: one sentence for the thread, and data for the LLM or the audit log."""

    summary: str
    data: dict[str, Any] = field(default_factory=dict)


def _unchanged(text: str) -> str:
    return text


def _read_key() -> str:
    return "rd_" + secrets.token_hex(8)


@dataclass(frozen=True)
class ActionContext:
    """What a handler may use. `actor` runs it (the confirmer of a write); `requester` asked for it."""

    database: Database
    actor: Person
    thread_key: str | None = None
    idempotency_key: str = field(default_factory=_read_key)
    requester: str | None = None
    restore: Callable[[str], str] = _unchanged  # placeholders -> real values, for outbound requests only
    deadline: float | None = None  # time.monotonic() value; set by the executor for each attempt

    @property
    def requester_id(self) -> str:
        return self.requester or self.actor.id

    def check_deadline(self) -> None:
        """Raise TimeoutError once the attempt's time is up, so a late handler stops before it commits."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeoutError("the action ran out of time")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A database transaction that rolls back instead of committing after the deadline."""
        with self.database.transaction() as session:
            yield session
            self.check_deadline()


Handler = Callable[[Any, ActionContext], Awaitable[ActionResult]]
Precheck = Callable[[Any, ActionContext], Awaitable[None]]


@dataclass(frozen=True)
class ActionSpec:
    """An action, declared once. `params` field descriptions become the tool schema the LLM sees.

    Retries happen only when `idempotent` is true (a second run does no harm, or the idempotency key makes the
    remote side dedupe). `transactional` promises that a failed or timed-out run changed nothing, because the
    handler writes only inside `ctx.transaction()`.
    """

    name: str
    description: str
    params: type[BaseModel]
    handler: Handler
    kind: Kind = "write"
    risk: Risk = "low"
    confirm_by: ConfirmBy = "requester"
    approver_group: str | None = None
    timeout_seconds: float = 10.0
    retries: int = 0
    idempotent: bool = False
    transactional: bool = False
    source: Literal["python", "http"] = "python"
    # Raises ActionFailed when the requester may not ask for this at all: checked before a card is shown, so
    # nobody confirms a request bound to fail. The handler checks again when it runs (things change meanwhile).
    precheck: Precheck | None = None
    destination: str | None = None  # where it sends, for the card: "POST api.statuspage.io"
    definition: str = ""  # what runs beyond these fields (an HTTP action's URL, headers and body templates)

    def __post_init__(self) -> None:
        problem = _problem_with(self)
        if problem:
            raise ValueError(f"action {self.name!r}: {problem}")

    @property
    def attempts(self) -> int:
        """How many times the executor may run it: retries only for idempotent actions."""
        return 1 + self.retries if self.idempotent else 1


def definition_hash(spec: ActionSpec) -> str:
    """A fingerprint of what confirming runs: stored with a pending action, so a click after the action was
    redefined (a new URL or body in the config file, other parameters) runs nothing."""
    shape = {
        "name": spec.name,
        "description": spec.description,
        "params": spec.params.model_json_schema(),
        "policy": [spec.kind, spec.risk, spec.confirm_by, spec.approver_group],
        "destination": spec.destination,
        "definition": spec.definition,
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True, default=str).encode()).hexdigest()


def _problem_with(spec: ActionSpec) -> str | None:
    if not NAME.match(spec.name):
        return "names are lower_snake_case, 2-64 characters"
    if not spec.description.strip():
        return "a description is required (the LLM chooses actions by it)"
    if spec.timeout_seconds <= 0 or spec.retries < 0:
        return "timeout_seconds must be positive and retries not negative"
    if spec.risk == "high" and spec.kind == "write" and spec.confirm_by == "requester":
        return "a high-risk action must be confirmed by approvers (confirm_by: approvers or both)"
    if spec.confirm_by != "requester" and not spec.approver_group:
        return f"confirm_by={spec.confirm_by} needs an approver_group"
    return None
