"""Actions a crash left in `executing`: after their longest possible run, they are closed as failed, outcome unknown.

A click moves a row to `executing` before the handler runs, so a process that dies mid-run leaves it there: the
card would say "being handled" forever and nobody would know to check. `sweep_interrupted` (run at start and every
minute while serving) closes such rows once no attempt can still be running: the spec's timeout times its attempts,
plus the back-off between them and a grace period. It never reruns anything: whether the action took effect is
unknown, so the requester is told to check before asking again. Each closed row gets a `failed` audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from actions.executor import BACKOFF_SECONDS
from actions.registry import ActionRegistry
from bot.core.confirmation.audit import record_step
from model.messages import Person, ThreadRef
from model.status import PendingStatus
from store import pending
from store.db import Database
from store.models import utcnow

GRACE_SECONDS = 60.0
UNKNOWN_SPEC_SECONDS = 600.0  # an action since removed from the registry: assume a long run
SWEEPER = Person("opsbot", frozenset())
INTERRUPTED = (
    "interrupted: Opsbot stopped while this was running, so it is not known whether it took effect. "
    "Check the target system before asking for it again."
)


@dataclass(frozen=True)
class Interrupted:
    pending_id: str
    action: str
    requester: str
    thread: ThreadRef | None

    @property
    def text(self) -> str:
        """What the requester is told."""
        return (
            f"`{self.action}` (ref {self.pending_id}) was interrupted: Opsbot stopped while it was running, so I "
            "can't tell whether it took effect. Please check before asking for it again; nothing is retried."
        )


def longest_run_seconds(registry: ActionRegistry, action: str) -> float:
    """How long a confirmed run of `action` can last: every attempt timing out, with back-off between them."""
    spec = registry.get(action)
    if spec is None:
        return UNKNOWN_SPEC_SECONDS
    return float(spec.timeout_seconds * spec.attempts + BACKOFF_SECONDS * 2 ** max(spec.attempts - 1, 0))


def sweep_interrupted(
    database: Database, registry: ActionRegistry, *, now: datetime | None = None, grace: float = GRACE_SECONDS
) -> list[Interrupted]:
    """Close every `executing` row that no run can still be working on; returns what was closed."""
    now = now or utcnow()
    closed: list[Interrupted] = []
    with database.transaction() as session:
        for row in pending.executing(session):
            started = row.decided_at or row.created_at
            if started + timedelta(seconds=longest_run_seconds(registry, row.action) + grace) > now:
                continue
            if pending.transition(
                session,
                pending_id=row.id,
                from_status=PendingStatus.EXECUTING,
                to_status=PendingStatus.FAILED,
                now=now,
                finished_at=now,
                error=INTERRUPTED,
            ):
                record_step(session, "failed", row, SWEEPER, outcome="failed", detail=INTERRUPTED)
                closed.append(Interrupted(row.id, row.action, row.requester, ThreadRef.from_key(row.thread_key)))
    return closed
