"""A person's action requests, for a home screen (Slack's App Home): what waits for them, and what they asked."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from store import pending
from store.db import Database
from store.models import PendingAction

SHOWN = 10  # per list


@dataclass(frozen=True)
class Requests:
    waiting: Sequence[PendingAction]  # the person's own, still open
    recent: Sequence[PendingAction]  # the person's own, decided


async def requests_of(database: Database, user_id: str, *, limit: int = SHOWN) -> Requests:
    def read() -> Requests:
        with database.transaction() as session:
            waiting = pending.pending_for_user(session, user_id=user_id, limit=limit)
            return Requests(waiting, pending.recent_for_user(session, user_id=user_id, limit=limit))

    return await asyncio.to_thread(read)
