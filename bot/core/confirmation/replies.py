"""Neutral replies about actions: the confirmation card and every answer to a click. No platform markup."""

from __future__ import annotations

from datetime import datetime

from model.replies import ActionCard, Choice, Decision, Reply, ReplyKind, Verb
from model.status import PendingStatus

NOT_FOUND = "I can't find that request. It may be from an old message; ask me again if you still need it."


def confirmation(card: ActionCard) -> Reply:
    """The card with exactly what will run, and Confirm / Cancel buttons that carry only the pending id."""
    text = f"Please check and confirm: {card.description} Only {card.who_may_confirm} can confirm this."
    choices = (
        Choice("Confirm", Verb.CONFIRM, card.pending_id, "primary"),
        Choice("Cancel", Verb.CANCEL, card.pending_id),
    )
    return Reply(ReplyKind.CONFIRMATION, text, choices=choices, card=card)


def problem(text: str) -> Reply:
    """A proposal that cannot go ahead (unknown, switched off, invalid arguments); nothing was stored."""
    return Reply(ReplyKind.ERROR, text)


def not_found() -> Reply:
    return Reply(ReplyKind.NOTICE, NOT_FOUND, ephemeral=True)


def refused(text: str) -> Reply:
    return Reply(ReplyKind.NOTICE, f"{text} Nothing was changed.", ephemeral=True)


def expired(action: str, expires_at: datetime) -> Reply:
    when = f"{expires_at:%H:%M} UTC"
    return Reply(
        ReplyKind.NOTICE, f"This {action} request expired at {when}; nothing was run. Ask again.", ephemeral=True
    )


_ALREADY = {
    PendingStatus.EXECUTING: "is already being handled (confirmed by {who})",
    PendingStatus.SUCCEEDED: "was already confirmed by {who} and has been done",
    PendingStatus.FAILED: "was confirmed by {who} but failed",
    PendingStatus.CANCELLED: "was cancelled by {who}",
    PendingStatus.EXPIRED: "expired before anyone confirmed it",
    PendingStatus.DENIED: "was refused when {who} confirmed it",
}


def already(action: str, status: PendingStatus, decided_by: str | None) -> Reply:
    """A click on a request someone has already decided: its current status and who decided."""
    state = _ALREADY.get(status, "was already decided").format(who=decided_by or "someone")
    return Reply(ReplyKind.NOTICE, f"This {action} request {state}.", ephemeral=True)


def cancelled(action: str, actor: str, pending_id: str) -> Reply:
    return Reply(
        ReplyKind.NOTICE,
        f"{action} was cancelled by {actor}; nothing was run.",
        decision=Decision(pending_id, PendingStatus.CANCELLED),
    )


def denied(action: str, reason: str, pending_id: str) -> Reply:
    """The executor's own check said no, after the click had been accepted."""
    return Reply(
        ReplyKind.NOTICE,
        f"{action} was not run: {reason} Nothing was changed.",
        decision=Decision(pending_id, PendingStatus.DENIED),
    )


def succeeded(summary: str, pending_id: str) -> Reply:
    return Reply(ReplyKind.ACTION_RESULT, summary, decision=Decision(pending_id, PendingStatus.SUCCEEDED))


def failed(text: str, reference: str | None, pending_id: str) -> Reply:
    decision = Decision(pending_id, PendingStatus.FAILED)
    return Reply(ReplyKind.ERROR, text, reference=reference, decision=decision)
