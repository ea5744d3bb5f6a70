"""Confirmation of proposed actions, platform-neutral: `propose` stores a pending action and returns a card;
`decide` handles a Confirm or Cancel click on it. Every step appends an audit event.

A confirm click passes these gates in order: the request exists and is open; it has not expired; the clicker
may confirm (actions.authority, with the groups the chat platform reported); the atomic pending -> executing
claim, which exactly one click wins (double clicks, replays, races). The winner's run goes to
bot.core.confirmation.run, which checks everything again at run time, because approval is not authorisation.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from pydantic import BaseModel

from actions.authority import Policy, refuse_cancel, refuse_confirm
from actions.errors import ActionDisabled, ActionFailed, InvalidArguments, UnknownAction
from actions.executor import BACKOFF_SECONDS, run_action
from actions.registry import ActionRegistry
from actions.spec import ActionContext, ActionSpec, definition_hash
from actions.validation import validate_arguments
from bot.core.confirmation import replies
from bot.core.confirmation.audit import record_step, stored_policy
from bot.core.confirmation.run import Directory, PendingRunner, Restorer, restorer_for
from model.messages import Person, ThreadRef
from model.outcomes import ProposedAction
from model.replies import ActionCard, Reply, ReplyKind, Verb
from model.status import PendingStatus
from store import pending
from store.db import Database
from store.models import PendingAction, utcnow

PENDING_ID = re.compile(r"pa_[A-Za-z0-9_-]{8,37}")


class ConfirmationService:
    """Implements model.ports.Confirmations."""

    def __init__(
        self,
        *,
        database: Database,
        registry: ActionRegistry,
        expiry: timedelta = timedelta(minutes=15),
        directory: Directory | None = None,
        restorer: Restorer | None = None,
        clock: Callable[[], datetime] = utcnow,
        retry_backoff: float = BACKOFF_SECONDS,
    ) -> None:
        self._db = database
        self._registry = registry
        self._expiry = expiry
        self._restorer = restorer
        self._now = clock
        self._backoff = retry_backoff
        self._runner = PendingRunner(
            database=database,
            registry=registry,
            directory=directory,
            restorer=restorer,
            clock=clock,
            retry_backoff=retry_backoff,
        )

    async def propose(self, *, proposal: ProposedAction, requester: Person, thread: ThreadRef) -> Reply:
        """A card to confirm, or a reply saying why not (nothing is stored then). Reads run at once."""
        spec = self._registry.get(proposal.action)
        if spec is None:
            return replies.problem(UnknownAction(proposal.action, self._registry.closest(proposal.action)).user_text)
        if not await asyncio.to_thread(self._registry.is_enabled, spec.name):
            return replies.problem(ActionDisabled(spec.name).user_text)
        try:
            params = validate_arguments(spec, proposal.params)
        except InvalidArguments as exc:
            return replies.problem(exc.user_text)
        if spec.kind == "read":
            return await self._read(spec, params, requester, thread)
        if spec.precheck is not None:
            try:
                await spec.precheck(params, ActionContext(self._db, requester, thread_key=thread.key))
            except ActionFailed as exc:
                return replies.problem(f"I can't offer {spec.name}: {exc.user_text.rstrip('.')}.")
        card = await asyncio.to_thread(self._store, spec, params, requester, thread)
        if refuse_confirm(Policy.of(spec), requester=requester.id, actor=requester.id, groups=requester.groups):
            # Someone else must confirm (a high-risk action): the pipeline brings them in.
            card = replace(card, needs_approval_from=spec.approver_group)
        return replies.confirmation(card)

    async def decide(self, *, pending_id: str, actor: Person, choice: Verb) -> Reply:
        """Handle a Confirm or Cancel click; refusals are ephemeral and change nothing."""
        if choice not in (Verb.CONFIRM, Verb.CANCEL) or not PENDING_ID.fullmatch(pending_id):
            return replies.not_found()
        row = await asyncio.to_thread(self._load, pending_id)
        if row is None:
            return replies.not_found()
        if row.status != PendingStatus.PENDING:
            return replies.already(row.action, PendingStatus(row.status), row.decided_by)
        if row.expires_at <= self._now():
            return await asyncio.to_thread(self._expire, row, actor)
        if choice == Verb.CANCEL:
            return await asyncio.to_thread(self._cancel, row, actor)
        return await self._confirm(row, actor)

    async def view(self, *, pending_id: str, actor: Person) -> tuple[Reply, bool] | None:
        """A stored request's confirmation card (its parameters restored for its thread) and whether `actor` may
        decide it now; for platforms that show the buttons only to those who may (Teams' user-specific views)."""
        row = await asyncio.to_thread(self._load, pending_id) if PENDING_ID.fullmatch(pending_id) else None
        if row is None:
            return None
        policy, restore = stored_policy(row), restorer_for(self._restorer, row.thread_key)
        spec = self._registry.get(row.action)
        params = {k: restore(v) if isinstance(v, str) else v for k, v in dict(row.params).items()}
        description = restore(spec.description) if spec is not None else row.action
        card = ActionCard(row.id, row.action, description, params, row.risk, policy.who_may_confirm(), row.expires_at)
        open_now = row.status == PendingStatus.PENDING and row.expires_at > self._now()
        groups = self._runner.groups_now(actor)
        may = open_now and refuse_confirm(policy, requester=row.requester, actor=actor.id, groups=groups) is None
        return replies.confirmation(card), may

    # --- propose ---------------------------------------------------------------------------------------------

    async def _read(self, spec: ActionSpec, params: BaseModel, requester: Person, thread: ThreadRef) -> Reply:
        ctx = ActionContext(
            self._db, requester, thread_key=thread.key, restore=restorer_for(self._restorer, thread.key)
        )
        execution = await run_action(spec, params, ctx, backoff=self._backoff)
        if execution.result is None:
            return Reply(ReplyKind.ERROR, execution.failure_text(), reference=execution.reference)
        return Reply(ReplyKind.ACTION_RESULT, execution.result.summary)

    def _store(self, spec: ActionSpec, params: BaseModel, requester: Person, thread: ThreadRef) -> ActionCard:
        data = params.model_dump(mode="json")
        expires_at = self._now() + self._expiry
        with self._db.transaction() as session:
            row = pending.create_pending(
                session,
                expires_at=expires_at,
                action=spec.name,
                params=data,
                requester=requester.id,
                thread_key=thread.key,
                risk=spec.risk,
                confirm_by=spec.confirm_by,
                approver_group=spec.approver_group,
                definition_hash=definition_hash(spec),
            )
            record_step(session, "proposed", row, requester, outcome="pending")
        who = Policy.of(spec).who_may_confirm()
        card = ActionCard(row.id, spec.name, spec.description, data, spec.risk, who, expires_at)
        return replace(card, destination=spec.destination)

    # --- decide ----------------------------------------------------------------------------------------------

    def _load(self, pending_id: str) -> PendingAction | None:
        with self._db.transaction() as session:
            return pending.get_pending(session, pending_id=pending_id)

    def _expire(self, row: PendingAction, actor: Person) -> Reply:
        with self._db.transaction() as session:
            won = pending.transition(
                session,
                pending_id=row.id,
                from_status=PendingStatus.PENDING,
                to_status=PendingStatus.EXPIRED,
                now=self._now(),
            )
            if won:
                record_step(session, "expired", row, actor, outcome="expired")
        return replies.expired(row.action, row.expires_at) if won else self._lost(row.id, actor)

    def _cancel(self, row: PendingAction, actor: Person) -> Reply:
        reason = refuse_cancel(stored_policy(row), requester=row.requester, actor=actor.id, groups=actor.groups)
        if reason:
            return self._refuse(row, actor, "cancel", reason)
        now = self._now()
        with self._db.transaction() as session:
            won = pending.transition(
                session,
                pending_id=row.id,
                from_status=PendingStatus.PENDING,
                to_status=PendingStatus.CANCELLED,
                now=now,
                decided_by=actor.id,
                decided_at=now,
                finished_at=now,
            )
            if won:
                record_step(session, "cancelled", row, actor, outcome="cancelled")
        return replies.cancelled(row.action, actor.id, row.id) if won else self._lost(row.id, actor)

    async def _confirm(self, row: PendingAction, actor: Person) -> Reply:
        reason = refuse_confirm(stored_policy(row), requester=row.requester, actor=actor.id, groups=actor.groups)
        if reason:
            return await asyncio.to_thread(self._refuse, row, actor, "confirm", reason)
        if not await asyncio.to_thread(self._claim, row, actor):
            return await asyncio.to_thread(self._lost, row.id, actor)
        return await self._runner.run(row, actor)

    def _refuse(self, row: PendingAction, actor: Person, verb: str, reason: str) -> Reply:
        with self._db.transaction() as session:
            record_step(session, "refused", row, actor, outcome="refused", detail=f"{verb} refused: {reason}")
        return replies.refused(reason)

    def _claim(self, row: PendingAction, actor: Person) -> bool:
        """pending -> executing; exactly one caller wins, however many click at once."""
        now = self._now()
        with self._db.transaction() as session:
            won = pending.transition(
                session,
                pending_id=row.id,
                from_status=PendingStatus.PENDING,
                to_status=PendingStatus.EXECUTING,
                now=now,
                decided_by=actor.id,
                decided_at=now,
            )
            if won:
                record_step(session, "confirmed", row, actor, outcome="executing")
            return won

    def _lost(self, pending_id: str, actor: Person) -> Reply:
        """Someone else changed the row first: say what it is now (or expire it if time ran out meanwhile)."""
        row = self._load(pending_id)
        if row is None:
            return replies.not_found()
        if row.status == PendingStatus.PENDING and row.expires_at <= self._now():
            return self._expire(row, actor)
        return replies.already(row.action, PendingStatus(row.status), row.decided_by)
