"""Built-in ticket actions on our own database, so Opsbot can act out of the box. Tickets hold redacted text."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated, Any, Literal, NoReturn

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from actions.decorator import action
from actions.errors import AccessDenied, ActionFailed
from actions.spec import ActionContext, ActionResult, ActionSpec
from model.access import ACCESS_REFUSED, Readable, cannot_see, may_change, may_read
from model.messages import Person
from redaction.placeholders import neutralise
from store import tickets
from store.audit import record_audit
from store.models import Ticket
from store.ticket_updates import set_ticket_status

Priority = Literal["low", "normal", "high", "urgent"]
Status = Literal["open", "in_progress", "resolved", "closed"]
_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)
DEFAULT_AGENT_GROUPS = ("sre",)  # who may see and change anyone's ticket (config: ticket_agent_groups)
HISTORY_HINT = (  # get_ticket on an id from the imported ticket history (its passages say history:<id>)
    " among Opsbot's own tickets. A past ticket from the imported history (history:<id>) is found with "
    "search_knowledge, kind ticket"
)


def _ticket_ref(value: str) -> str:
    number = tickets.parse_ticket_ref(value)
    if number is None:
        raise ValueError("not a ticket id like OPS-123")
    return f"{tickets.PREFIX}{number}"


TicketRef = Annotated[str, AfterValidator(_ticket_ref), Field(description="The ticket id, such as OPS-123.")]


class CreateTicket(BaseModel):
    """A new ticket in the ops queue."""

    model_config = _STRICT
    title: str = Field(min_length=3, max_length=200, description="One-line summary, e.g. 'VPN down in Berlin'.")
    description: str = Field("", max_length=5000, description="What happened, what was tried, who is affected.")
    priority: Priority = Field("normal", description="How urgent it is.")


class AddTicketComment(BaseModel):
    """A comment on an existing ticket."""

    model_config = _STRICT
    ticket: TicketRef
    comment: str = Field(min_length=1, max_length=5000, description="The text of the comment.")


class UpdateTicketStatus(BaseModel):
    """A new status for an existing ticket."""

    model_config = _STRICT
    ticket: TicketRef
    status: Status = Field(description="The new status of the ticket.")


class GetTicket(BaseModel):
    """Which ticket to show."""

    model_config = _STRICT
    ticket: TicketRef


class ListMyTickets(BaseModel):
    """Filters for the asker's own tickets."""

    model_config = _STRICT
    status: Status | None = Field(None, description="Only tickets with this status; leave out for all.")
    limit: int = Field(10, ge=1, le=20, description="How many tickets to list, newest first.")


def _existing(session: Session, ref: str, *, hint: str = "") -> Ticket:
    ticket = tickets.get_ticket(session, ticket_id=tickets.parse_ticket_ref(ref) or 0)
    if ticket is None:
        raise ActionFailed(f"there is no ticket {ref}{hint}", changed=False)
    return ticket


def readable(ticket: Ticket) -> Readable:
    """One of our tickets as the read rule sees it (no assignees or ACL groups on our own tickets yet)."""
    return Readable(tickets.ticket_ref(ticket), requester=ticket.requester)


@action(kind="write", risk="low", transactional=True)
async def create_ticket(params: CreateTicket, ctx: ActionContext) -> ActionResult:
    """Create a ticket in the ops queue for a problem that needs follow-up by the ops team."""

    def work() -> ActionResult:
        with ctx.transaction() as session:
            ticket = tickets.create_ticket(
                session, requester=ctx.requester_id, thread_key=ctx.thread_key, **params.model_dump()
            )
            ref = tickets.ticket_ref(ticket)
        return ActionResult(f"Created {ref}: {params.title} (priority {params.priority}).", {"ticket": ref})

    return await asyncio.to_thread(work)


class TicketRules:
    """The read rule (model.access.may_read) applied to our tickets; a refusal is audited and raises AccessDenied.

    The check reads in its own transaction and the refusal is written after it, so SQLite never waits on itself."""

    def __init__(self, agent_groups: Sequence[str]) -> None:
        self.agents = frozenset(agent_groups)

    def visible(self, session: Session, ref: str, person: Person, *, hint: str = "") -> Ticket | None:
        """The ticket when `person` may see it, None when not; ActionFailed when there is no such ticket."""
        ticket = _existing(session, ref, hint=hint)
        return ticket if may_read(person, readable(ticket), agent_groups=self.agents) else None

    def check(self, ctx: ActionContext, action_name: str, ref: str) -> None:
        """Raise AccessDenied (audited) unless the actor may see the ticket."""
        with ctx.transaction() as session:
            seen = self.visible(session, ref, ctx.actor) is not None
        if not seen:
            self.refuse(ctx, action_name, ref)

    def refuse(self, ctx: ActionContext, action_name: str, ref: str) -> NoReturn:
        with ctx.database.transaction() as session:
            actor, params = ctx.actor.id, {"ticket": ref}
            record_audit(
                session, event=ACCESS_REFUSED, actor=actor, action=action_name, params=params, outcome="refused"
            )
        raise AccessDenied(cannot_see(ref))

    def may_change(self, ticket: Ticket, person: Person) -> bool:
        return may_change(person, readable(ticket), agent_groups=self.agents)


def add_ticket_comment_action(rules: TicketRules) -> ActionSpec:
    """`add_ticket_comment`: on a ticket the person may see (checked when proposed and again when it runs)."""

    async def may_comment(params: AddTicketComment, ctx: ActionContext) -> None:
        await asyncio.to_thread(rules.check, ctx, "add_ticket_comment", params.ticket)

    @action(name="add_ticket_comment", kind="write", risk="low", transactional=True, precheck=may_comment)
    async def add_ticket_comment(params: AddTicketComment, ctx: ActionContext) -> ActionResult:
        """Add a comment to an existing ticket, e.g. new symptoms or what has been tried."""

        def work() -> ActionResult:
            with ctx.transaction() as session:
                ticket = rules.visible(session, params.ticket, ctx.actor)
                if ticket is not None:
                    tickets.add_comment(
                        session, ticket=ticket, author=ctx.requester_id, body=params.comment, thread_key=ctx.thread_key
                    )
            if ticket is None:
                rules.refuse(ctx, "add_ticket_comment", params.ticket)
            return ActionResult(f"Added a comment to {params.ticket}.", {"ticket": params.ticket})

        return await asyncio.to_thread(work)

    return add_ticket_comment


def update_ticket_status_action(rules: TicketRules) -> ActionSpec:
    """`update_ticket_status`: on your own tickets, or on any as a member of the ops team (`ticket_agent_groups`).

    A status change is the write a hidden instruction in a retrieved ticket would ask for ("close all tickets"); the
    requester's click confirms it, so the requester must be someone entitled to make it. Checked when proposed (no
    card is shown otherwise) and again when it runs. Someone who may not even see the ticket is told only that."""

    def entitled(ticket: Ticket, ctx: ActionContext) -> None:
        if not rules.may_change(ticket, ctx.actor):
            team = ", ".join(sorted(rules.agents)) or "nobody else"
            raise ActionFailed(
                f"{tickets.ticket_ref(ticket)} was opened by someone else; only they or the ops team ({team}) can "
                "change its status. Add a comment instead",
                changed=False,
            )

    def checked(ctx: ActionContext, params: UpdateTicketStatus, status: Status | None) -> None:
        with ctx.transaction() as session:
            ticket = rules.visible(session, params.ticket, ctx.actor)
            if ticket is not None:
                entitled(ticket, ctx)
                if status is not None:
                    set_ticket_status(session, ticket=ticket, status=status)
        if ticket is None:
            rules.refuse(ctx, "update_ticket_status", params.ticket)

    async def may_change(params: UpdateTicketStatus, ctx: ActionContext) -> None:
        await asyncio.to_thread(checked, ctx, params, None)

    @action(
        name="update_ticket_status", risk="low", idempotent=True, retries=1, transactional=True, precheck=may_change
    )
    async def update_ticket_status(params: UpdateTicketStatus, ctx: ActionContext) -> ActionResult:
        """Change the status of an existing ticket (open, in_progress, resolved, closed)."""

        def work() -> ActionResult:
            checked(ctx, params, params.status)
            return ActionResult(f"{params.ticket} is now {params.status}.", {"ticket": params.ticket})

        return await asyncio.to_thread(work)

    return update_ticket_status


def get_ticket_action(rules: TicketRules) -> ActionSpec:
    """`get_ticket`: one ticket the person may see; anyone else hears only "you can't see OPS-12"."""

    @action(name="get_ticket", kind="read", idempotent=True, retries=1)
    async def get_ticket(params: GetTicket, ctx: ActionContext) -> ActionResult:
        """Show one ticket: title, status, priority, description and its comments."""

        def work() -> ActionResult:
            with ctx.transaction() as session:
                ticket = rules.visible(session, params.ticket, ctx.actor, hint=HISTORY_HINT)
                if ticket is not None:
                    here = _Here(ctx.thread_key)
                    comments = [here(c.body, c.thread_key) for c in tickets.comments_of(session, ticket_id=ticket.id)]
                    data = _ticket_data(ticket, here) | {
                        "description": here(ticket.description, ticket.thread_key),
                        "comments": comments,
                    }
                    summary = _details(data)
            if ticket is None:
                rules.refuse(ctx, "get_ticket", params.ticket)
            return ActionResult(summary, data)

        return await asyncio.to_thread(work)

    return get_ticket


def _details(data: dict[str, Any]) -> str:
    """The ticket as a person reads it: its line, the description, then each comment."""
    lines = [f"{data['ticket']} ({data['status']}, {data['priority']}): {data['title']}"]
    lines.append(f"Description: {data['description']}" if data["description"].strip() else "No description.")
    comments: list[str] = data["comments"]
    lines += [f"Comments ({len(comments)}):", *(f"- {c}" for c in comments)] if comments else ["No comments yet."]
    return "\n".join(lines)


def list_my_tickets_action(rules: TicketRules) -> ActionSpec:
    """`list_my_tickets`: the asker's own tickets, each passed through the read rule all the same."""

    @action(name="list_my_tickets", kind="read", idempotent=True, retries=1)
    async def list_my_tickets(params: ListMyTickets, ctx: ActionContext) -> ActionResult:
        """List the tickets the person asking has opened, newest first."""

        def work() -> ActionResult:
            with ctx.transaction() as session:
                found = tickets.tickets_of(session, requester=ctx.requester_id, limit=100)
                here = _Here(ctx.thread_key)
                shown = [t for t in found if params.status in (None, t.status)]
                seen = [t for t in shown if may_read(ctx.actor, readable(t), agent_groups=rules.agents)]
                rows = [_ticket_data(t, here) for t in seen][: params.limit]
            lines = [f"{r['ticket']} ({r['status']}, {r['priority']}): {r['title']}" for r in rows]
            return ActionResult("\n".join(lines) or "You have no tickets.", {"tickets": rows})

        return await asyncio.to_thread(work)

    return list_my_tickets


class _Here:
    """Text written in another thread keeps its placeholders inert: they must not restore to this thread's people."""

    def __init__(self, thread_key: str | None) -> None:
        self._thread_key = thread_key

    def __call__(self, text: str, origin: str | None) -> str:
        return text if origin is not None and origin == self._thread_key else neutralise(text)


def _ticket_data(ticket: Ticket, here: _Here) -> dict[str, str]:
    return {
        "ticket": tickets.ticket_ref(ticket),
        "title": here(ticket.title, ticket.thread_key),
        "status": ticket.status,
        "priority": ticket.priority,
        "requester": ticket.requester,
    }


def ticket_actions(agent_groups: Sequence[str] = DEFAULT_AGENT_GROUPS) -> tuple[ActionSpec, ...]:
    """The built-in ticket actions; `agent_groups` (the ops team) may see and change anyone's ticket."""
    rules = TicketRules(agent_groups)
    return (
        create_ticket,
        add_ticket_comment_action(rules),
        update_ticket_status_action(rules),
        get_ticket_action(rules),
        list_my_tickets_action(rules),
    )
