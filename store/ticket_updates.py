"""Changes to existing tickets (the built-in `update_ticket_status` action)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from store.models import Ticket


def set_ticket_status(session: Session, *, ticket: Ticket, status: str) -> Ticket:
    """Set the status; `updated_at` moves with it."""
    ticket.status = status
    session.flush()
    return ticket
