"""Tickets for the built-in ticket actions. Shown as OPS-<id>."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Ticket, TicketComment

PREFIX = "OPS-"


def ticket_ref(ticket: Ticket) -> str:
    return f"{PREFIX}{ticket.id}"


def parse_ticket_ref(ref: str) -> int | None:
    """`OPS-12` (any case, or a bare number) -> 12; anything else -> None."""
    text = ref.strip().upper().removeprefix(PREFIX)
    return int(text) if text.isdigit() else None


def create_ticket(
    session: Session, *, title: str, description: str, priority: str, requester: str, thread_key: str | None = None
) -> Ticket:
    ticket = Ticket(title=title, description=description, priority=priority, requester=requester, thread_key=thread_key)
    session.add(ticket)
    session.flush()
    return ticket


def get_ticket(session: Session, *, ticket_id: int) -> Ticket | None:
    return session.get(Ticket, ticket_id)


def add_comment(
    session: Session, *, ticket: Ticket, author: str, body: str, thread_key: str | None = None
) -> TicketComment:
    comment = TicketComment(ticket_id=ticket.id, author=author, body=body, thread_key=thread_key)
    session.add(comment)
    session.flush()
    return comment


def comments_of(session: Session, *, ticket_id: int) -> Sequence[TicketComment]:
    return session.scalars(
        select(TicketComment).where(TicketComment.ticket_id == ticket_id).order_by(TicketComment.id)
    ).all()


def tickets_of(session: Session, *, requester: str, limit: int = 20) -> Sequence[Ticket]:
    return session.scalars(
        select(Ticket).where(Ticket.requester == requester).order_by(Ticket.id.desc()).limit(limit)
    ).all()
