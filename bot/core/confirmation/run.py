"""Running a pending action that a click has claimed (status `executing`): check again, run, record.

Approval is not authorisation: before running, the action must still exist and be switched on, the confirmer
must still be allowed under both the stored and the current policy (with the directory's groups now, when a
directory is given), and the stored params must still validate. Otherwise the row becomes `denied`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Set
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from actions.authority import Policy, refuse_confirm
from actions.errors import InvalidArguments
from actions.executor import BACKOFF_SECONDS, Execution, run_action
from actions.registry import ActionRegistry
from actions.spec import ActionContext, ActionSpec
from actions.validation import validate_arguments
from bot.core.confirmation import replies
from bot.core.confirmation.audit import record_step, stored_policy
from model.messages import Person
from model.replies import Reply
from model.status import PendingStatus
from store import pending
from store.db import Database
from store.models import PendingAction, utcnow

Directory = Callable[[str], Set[str]]  # user id -> that user's groups now


class Restorer(Protocol):
    def restore(self, text: str, *, scope: str) -> str: ...


class _Denied(Exception):
    """The run-time check said no; the message is safe to show."""


def restorer_for(restorer: Restorer | None, scope: str | None) -> Callable[[str], str]:
    """Placeholders -> real values for one thread, for outbound requests; unchanged without a restorer."""
    if restorer is None or scope is None:
        return lambda text: text
    return lambda text: restorer.restore(text, scope=scope)


class PendingRunner:
    def __init__(
        self,
        *,
        database: Database,
        registry: ActionRegistry,
        directory: Directory | None = None,
        restorer: Restorer | None = None,
        clock: Callable[[], datetime] = utcnow,
        retry_backoff: float = BACKOFF_SECONDS,
    ) -> None:
        self._db = database
        self._registry = registry
        self._directory = directory
        self._restorer = restorer
        self._now = clock
        self._backoff = retry_backoff

    async def run(self, row: PendingAction, actor: Person) -> Reply:
        """Check, run and record a claimed row; the reply says what happened."""
        try:
            spec, params = await asyncio.to_thread(self._authorise, row, actor)
        except _Denied as denied:
            await asyncio.to_thread(self._finish_denied, row, actor, str(denied))
            return replies.denied(row.action, str(denied), row.id)
        execution = await run_action(spec, params, self._context(row, actor), backoff=self._backoff)
        await asyncio.to_thread(self._finish, row, actor, execution)
        if execution.result is None:
            return replies.failed(execution.failure_text(), execution.reference, row.id)
        return replies.succeeded(execution.result.summary, row.id)

    def _authorise(self, row: PendingAction, actor: Person) -> tuple[ActionSpec, BaseModel]:
        spec = self._registry.get(row.action)
        if spec is None or not self._registry.is_enabled(spec.name):
            raise _Denied(f"the action {row.action} is switched off or no longer exists.")
        groups = self.groups_now(actor)
        for policy in {Policy.of(spec), stored_policy(row)}:
            reason = refuse_confirm(policy, requester=row.requester, actor=actor.id, groups=groups)
            if reason:
                raise _Denied(f"at run time, {reason[:1].lower()}{reason[1:]}")
        try:
            return spec, validate_arguments(spec, row.params)
        except InvalidArguments as exc:
            raise _Denied(f"its stored details no longer fit the action. {exc.user_text}") from exc

    def groups_now(self, actor: Person) -> frozenset[str]:
        """The actor's groups now: the directory's when there is one, else those the platform reported."""
        return frozenset(self._directory(actor.id)) if self._directory is not None else actor.groups

    def _context(self, row: PendingAction, actor: Person) -> ActionContext:
        return ActionContext(
            self._db,
            actor,
            thread_key=row.thread_key,
            idempotency_key=row.idempotency_key,
            requester=row.requester,
            restore=restorer_for(self._restorer, row.thread_key),
        )

    def _finish_denied(self, row: PendingAction, actor: Person, reason: str) -> None:
        now = self._now()
        with self._db.transaction() as session:
            _close(session, row, PendingStatus.DENIED, now, error=reason)
            record_step(session, "refused", row, actor, outcome="denied", detail=f"at run time: {reason}")

    def _finish(self, row: PendingAction, actor: Person, execution: Execution) -> None:
        result = execution.result
        status = PendingStatus.SUCCEEDED if result is not None else PendingStatus.FAILED
        stored = _jsonable({"summary": result.summary, "data": result.data}) if result is not None else None
        with self._db.transaction() as session:
            _close(session, row, status, self._now(), attempts=execution.attempts, result=stored, error=execution.error)
            detail = result.summary if result is not None else execution.failure_text()
            event = "executed" if result is not None else "failed"
            record_step(session, event, row, actor, outcome=status, detail=detail, duration_ms=execution.duration_ms)


def _close(
    session: Session,
    row: PendingAction,
    status: PendingStatus,
    now: datetime,
    *,
    attempts: int | None = None,
    result: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    pending.transition(
        session,
        pending_id=row.id,
        from_status=PendingStatus.EXECUTING,
        to_status=status,
        now=now,
        finished_at=now,
        attempts=attempts,
        result=result,
        error=error,
    )


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return loaded
