"""The states of a pending action, the one state machine of confirmation.

pending ──confirm──> executing ──> succeeded | failed | denied
   ├──cancel──> cancelled
   └──time────> expired
"""

from __future__ import annotations

from enum import StrEnum


class PendingStatus(StrEnum):
    PENDING = "pending"
    EXECUTING = "executing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    DENIED = "denied"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def final(self) -> bool:
        return self not in (PendingStatus.PENDING, PendingStatus.EXECUTING)
