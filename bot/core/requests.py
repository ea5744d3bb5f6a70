"""A person's action requests, for a home screen (Slack's App Home): what they asked that still waits, what they
asked that was decided, and others' requests waiting for their approval (clicks go to `Pipeline.choose`)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from model.messages import ThreadRef
from store import pending
from store.db import Database
from store.models import PendingAction

SHOWN = 10  # per list


@dataclass(frozen=True)
class Requests:
    waiting: Sequence[PendingAction]  # the person's own, still open
    recent: Sequence[PendingAction]  # the person's own, decided
    to_approve: Sequence[PendingAction] = ()  # others', waiting for a member of one of the person's groups


async def requests_of(database: Database, user_id: str, *, limit: int = SHOWN, groups: Sequence[str] = ()) -> Requests:
    def read() -> Requests:
        with database.transaction() as session:
            waiting = pending.pending_for_user(session, user_id=user_id, limit=limit)
            recent = pending.recent_for_user(session, user_id=user_id, limit=limit)
            approve = pending.awaiting_approval(session, groups=groups, user_id=user_id, limit=limit)
            return Requests(waiting, recent, approve)

    return await asyncio.to_thread(read)


async def thread_of_request(database: Database, pending_id: str) -> ThreadRef | None:
    """The thread a request was made in (where its decision is told)."""

    def read() -> ThreadRef | None:
        with database.transaction() as session:
            row = pending.get_pending(session, pending_id=pending_id)
            return ThreadRef.from_key(row.thread_key) if row is not None else None

    return await asyncio.to_thread(read)
