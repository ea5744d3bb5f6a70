"""Correcting a request's parameters before anyone confirms it (a form on the platform, e.g. a Slack modal).

The form shows each parameter of the action (its description, the value as the requester sees it); what comes
back is validated by the action's own schema, field by field. A valid correction cancels the old request and
proposes the corrected one through the same confirmation code, so it gets a new card, checks and audit trail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from actions.errors import InvalidArguments
from actions.registry import ActionRegistry
from actions.schema import describe, properties
from actions.validation import validate_arguments
from model.messages import Person, ThreadRef
from model.outcomes import ProposedAction
from model.ports import Confirmations, Redactor
from model.replies import Reply, ReplyKind, Verb
from model.status import PendingStatus
from store import pending
from store.db import Database

GONE = "That request is no longer waiting for confirmation, so it cannot be changed. Ask me again."
NOT_YOURS = "Only the person who asked for it can change this request."


@dataclass(frozen=True)
class FormField:
    name: str
    hint: str  # the kind and description, from the action's schema
    value: str  # the current value, as the person sees it ("" when unset)
    required: bool


@dataclass(frozen=True)
class Form:
    pending_id: str
    action: str
    thread: ThreadRef
    fields: tuple[FormField, ...]


class Corrections:
    def __init__(
        self, *, database: Database, registry: ActionRegistry, redactor: Redactor, confirmations: Confirmations
    ) -> None:
        self._db = database
        self._registry = registry
        self._redactor = redactor
        self._confirmations = confirmations

    async def form(self, *, pending_id: str, actor: Person) -> Form | str:
        """The form for an open request of `actor`'s, or why there is none."""
        row = await asyncio.to_thread(self._open, pending_id)
        thread = ThreadRef.from_key(row.thread_key) if row is not None else None
        spec = self._registry.get(row.action) if row is not None else None
        if row is None or thread is None or spec is None:
            return GONE
        if row.requester != actor.id:
            return NOT_YOURS
        schema = spec.params.model_json_schema()
        required = set(schema.get("required", []))
        fields = tuple(
            FormField(name, describe(prop), self._shown(row.params.get(name), thread), name in required)
            for name, prop in properties(spec.params).items()
        )
        return Form(row.id, spec.name, thread, fields)

    def problems(self, action: str, values: Mapping[str, str]) -> dict[str, str]:
        """Field -> what is wrong with it, by the action's schema; empty when the values are valid."""
        spec = self._registry.get(action)
        if spec is None:
            return {}
        try:
            validate_arguments(spec, _given(values))
        except InvalidArguments as exc:
            return {p.field.split(".")[0]: f"{p.problem}; expected {p.expected}"[:150] for p in exc.problems}
        return {}

    async def correct(self, *, form: Form, actor: Person, values: Mapping[str, str]) -> Reply:
        """Cancel the old request and propose the corrected one (redacted like any message); the new card."""
        cancelled = await self._confirmations.decide(pending_id=form.pending_id, actor=actor, choice=Verb.CANCEL)
        if cancelled.decision is None or cancelled.decision.status is not PendingStatus.CANCELLED:
            return cancelled
        redact = self._redactor.redact
        params = {k: redact(v, scope=form.thread.key).text for k, v in _given(values).items()}
        proposal = ProposedAction(action=form.action, params=params)
        return await self._confirmations.propose(proposal=proposal, requester=actor, thread=form.thread)

    def _open(self, pending_id: str) -> Any:
        with self._db.transaction() as session:
            row = pending.get_pending(session, pending_id=pending_id)
            return row if row is not None and row.status == PendingStatus.PENDING else None

    def _shown(self, value: Any, thread: ThreadRef) -> str:
        if value is None:
            return ""
        return self._redactor.restore(str(value), scope=thread.key)


def _given(values: Mapping[str, str]) -> dict[str, str]:
    """The fields filled in (an emptied optional field takes its default)."""
    return {k: v.strip() for k, v in values.items() if v and v.strip()}


def notice(text: str) -> Reply:
    return Reply(ReplyKind.NOTICE, text, ephemeral=True)
