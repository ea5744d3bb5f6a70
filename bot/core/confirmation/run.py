"""Running a pending action that a click has claimed (status `executing`): check again, run, record.

Approval is not authorisation: before running, the action must still exist and be switched on, the confirmer
must still be allowed under both the stored and the current policy (with the directory's groups now, when a
directory is given), the action's definition must be the one proposed (its hash is stored with the row), and the
stored params must still validate. Otherwise the row becomes `denied`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Set
from datetime import datetime
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from actions.authority import Policy, refuse_confirm
from actions.errors import InvalidArguments
from actions.executor import BACKOFF_SECONDS, Execution, run_action
from actions.registry import ActionRegistry
from actions.spec import ActionContext, ActionSpec, definition_hash
from actions.validation import validate_arguments
from bot.core.confirmation import replies
from bot.core.confirmation.audit import record_step, stored_policy
from model.messages import Person
from model.ports import RedactedText
from model.replies import Reply
from model.status import PendingStatus
from store import pending
from store.db import Database
from store.models import PendingAction, utcnow

Directory = Callable[[str], Set[str]]  # user id -> that user's groups now
_INERT = re.compile(r"‹([A-Z][A-Z0-9_]*)›")
CHANGED = "the action changed, ask again (what it would run is no longer what the card showed)."


class Restorer(Protocol):
    """The thread's redactor: restores placeholders for outbound requests, redacts what a run gave back."""

    def redact(self, text: str, *, scope: str | None = None) -> RedactedText: ...

    def restore(self, text: str, *, scope: str) -> str: ...


class _Denied(Exception):
    """The run-time check said no; the message is safe to show."""


def restorer_for(restorer: Restorer | None, scope: str | None) -> Callable[[str], str]:
    """Placeholders -> real values for one thread, for outbound requests; unchanged without a restorer."""
    if restorer is None or scope is None:
        return lambda text: text
    return lambda text: restorer.restore(text, scope=scope)


def redactor_for(restorer: Restorer | None, scope: str | None) -> Callable[[str], str]:
    """Real values -> this thread's placeholders, for everything a run stores; unchanged without a redactor.

    Redaction makes placeholder-shaped text inert (`‹PERSON_1›`); a placeholder the text already held (a summary
    built from the stored params) is kept as it was, so the audit reads like the params it belongs to."""
    if restorer is None or scope is None:
        return lambda text: text

    def redact(text: str) -> str:
        redacted = restorer.redact(text, scope=scope).text
        return _INERT.sub(lambda m: f"<{m[1]}>" if f"<{m[1]}>" in text else m[0], redacted)

    return redact


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
        if row.definition_hash is not None and row.definition_hash != definition_hash(spec):
            raise _Denied(CHANGED)
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
        reason = redactor_for(self._restorer, row.thread_key)(reason)
        with self._db.transaction() as session:
            _close(session, row, PendingStatus.DENIED, now, error=reason)
            record_step(session, "refused", row, actor, outcome="denied", detail=f"at run time: {reason}")

    def _finish(self, row: PendingAction, actor: Person, execution: Execution) -> None:
        """Store the outcome redacted in the thread's scope: a result built after restoring placeholders (an HTTP
        response echoing an address) must not reach the database in clear; the reply keeps the real values."""
        redact = redactor_for(self._restorer, row.thread_key)
        result = execution.result
        status = PendingStatus.SUCCEEDED if result is not None else PendingStatus.FAILED
        stored = (
            _redacted(_jsonable({"summary": result.summary, "data": result.data}), redact)
            if result is not None
            else None
        )
        error = redact(execution.error) if execution.error is not None else None
        detail = redact(result.summary if result is not None else execution.failure_text())
        with self._db.transaction() as session:
            _close(session, row, status, self._now(), attempts=execution.attempts, result=stored, error=error)
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


def _redacted(value: Any, redact: Callable[[str], str]) -> Any:
    """Every string inside a JSON value redacted (keys are the action's own names and stay)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item, redact) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item, redact) for item in value]
    return value
