"""Helpers shared by the action and confirmation tests: people, a thread, a settable clock, quick actions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from actions import (
    ActionContext,
    ActionFailed,
    ActionRegistry,
    ActionResult,
    ActionSpec,
    DatabaseSwitches,
    action,
    build_registry,
)
from bot.core.confirmation.service import ConfirmationService
from model.messages import Person, ThreadRef
from model.outcomes import ProposedAction
from store import audit, pending
from store.db import Database

ALICE = Person("U_ALICE", frozenset({"everyone"}))
BOB = Person("U_BOB", frozenset({"everyone"}))
SRE = Person("U_SRE", frozenset({"everyone", "sre"}))
THREAD = ThreadRef("console", "local", "t1")
VPN_TICKET = ProposedAction("create_ticket", {"title": "VPN down in Berlin", "priority": "high"})
RESTART = ProposedAction(
    "restart_service", {"service": "vpn-gateway", "environment": "production", "reason": "hung after the deploy"}
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def registry_on(database: Database) -> ActionRegistry:
    return build_registry(switched_off=DatabaseSwitches(database))


def service_on(database: Database, registry: ActionRegistry | None = None, **kwargs: Any) -> ConfirmationService:
    return ConfirmationService(
        database=database, registry=registry or registry_on(database), retry_backoff=0.01, **kwargs
    )


def pending_id_of(reply: Any) -> str:
    assert reply.card is not None, reply.text
    return str(reply.card.pending_id)


def status_of(database: Database, pending_id: str) -> str:
    with database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None
        return row.status


def audit_events(database: Database, pending_id: str | None = None) -> list[str]:
    with database.transaction() as session:
        return [e.event for e in audit.list_audit(session, pending_action_id=pending_id)]


class Note(BaseModel):
    """A note to write."""

    text: str = Field(description="What to write down.")


def slow_action(seconds: float, timeout: float) -> ActionSpec:
    """A transactional write action that sleeps longer than it may."""

    @action(name="slow_note", timeout_seconds=timeout, transactional=True)
    async def slow_note(params: Note, ctx: ActionContext) -> ActionResult:
        """Write a note, slowly."""
        await asyncio.sleep(seconds)
        return ActionResult("noted")

    return slow_note


def flaky_action(failures: int, *, idempotent: bool, calls: list[str]) -> ActionSpec:
    """An action failing `failures` times with a retryable error before it succeeds."""

    @action(name="flaky_note", retries=3, idempotent=idempotent)
    async def flaky_note(params: Note, ctx: ActionContext) -> ActionResult:
        """Write a note on a flaky service."""
        calls.append(ctx.idempotency_key)
        if len(calls) <= failures:
            raise ActionFailed("the service answered HTTP 503", retryable=True)
        return ActionResult(f"noted: {params.text}")

    return flaky_note
