"""An action whose process died mid-run is closed as failed (outcome unknown), never rerun, and its requester told."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from actions import ActionRegistry
from bot.core.confirmation.service import ConfirmationService
from bot.core.confirmation.sweep import GRACE_SECONDS, sweep_interrupted
from model.outcomes import ProposedAction
from store import pending
from store.db import Database
from store.models import utcnow
from tests.actions.support import (
    ALICE,
    THREAD,
    audit_events,
    pending_id_of,
    registry_on,
    service_on,
    slow_action,
    status_of,
)

pytestmark = pytest.mark.db

TIMEOUT = 5.0


async def crash_mid_run(database: Database) -> tuple[str, ActionRegistry, ConfirmationService]:
    """Confirm a slow action, then kill its run (as a crash would) while the row says `executing`."""
    registry = registry_on(database)
    registry.register(slow_action(seconds=30, timeout=TIMEOUT))
    service = service_on(database, registry)
    proposal = ProposedAction("slow_note", {"text": "hello"})
    pending_id = pending_id_of(await service.propose(proposal=proposal, requester=ALICE, thread=THREAD))
    click = asyncio.create_task(service.decide(pending_id=pending_id, actor=ALICE, choice="confirm"))
    for _ in range(300):
        await asyncio.sleep(0.01)
        if status_of(database, pending_id) == "executing":
            break
    click.cancel()
    await asyncio.gather(click, return_exceptions=True)
    assert status_of(database, pending_id) == "executing"
    return pending_id, registry, service


async def test_a_run_that_may_still_be_going_is_left_alone(database: Database) -> None:
    """Within the action's timeout plus a grace period another process may still be running it: no change."""
    pending_id, registry, _ = await crash_mid_run(database)
    assert sweep_interrupted(database, registry) == []
    assert sweep_interrupted(database, registry, now=utcnow() + timedelta(seconds=TIMEOUT)) == []
    assert status_of(database, pending_id) == "executing"


async def test_an_interrupted_run_is_closed_as_failed_and_never_rerun(database: Database) -> None:
    """After its longest possible run it becomes failed with 'outcome unknown'; a second click runs nothing."""
    pending_id, registry, service = await crash_mid_run(database)
    later = utcnow() + timedelta(seconds=TIMEOUT + GRACE_SECONDS + 5)
    closed = sweep_interrupted(database, registry, now=later)
    assert [(c.pending_id, c.action, c.requester, c.thread) for c in closed] == [
        (pending_id, "slow_note", ALICE.id, THREAD)
    ]
    assert "was interrupted" in closed[0].text and "check before asking for it again" in closed[0].text
    assert status_of(database, pending_id) == "failed"
    with database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None and row.error is not None and "not known whether it took effect" in row.error
    assert audit_events(database, pending_id) == ["proposed", "confirmed", "failed"]
    again = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert "failed" in again.text
    assert audit_events(database, pending_id) == ["proposed", "confirmed", "failed"]
    assert sweep_interrupted(database, registry, now=later) == []
