"""Who may see what: the one read rule for tickets and documents, and the write rule on tickets built on it.

A document (a runbook, or a ticket from an imported history) is visible to the groups in its ACL; without an ACL
it is public. One of Opsbot's own tickets is visible to its requester, its assignees, the groups in its ACL and the
ops team (`ticket_agent_groups`). Changing a ticket's status needs more: its requester, an assignee or the ops team.
Every tool and command that returns content asks `may_read`; see docs/security.md for where each caller is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from model.messages import Person

ACCESS_REFUSED = "access_refused"  # the audit event of a refused read or write; /metrics counts it


@dataclass(frozen=True)
class Readable:
    """What the rule needs to know about one item: its id for messages, and who it belongs to.

    `requester` is set for Opsbot's own tickets only: an item without one is a document, decided by its ACL."""

    ref: str
    acl: frozenset[str] = frozenset()
    requester: str | None = None
    assignees: frozenset[str] = frozenset()

    @classmethod
    def document(cls, ref: str, acl: Iterable[str]) -> Readable:
        return cls(ref, frozenset(group for group in acl if group))


def may_read(person: Person, item: Readable, *, agent_groups: Iterable[str] = ()) -> bool:
    """Whether `person` may see `item` (its text, title, comments, even that it exists)."""
    if item.requester is None:
        return not item.acl or bool(item.acl & person.groups)
    return (
        person.id == item.requester
        or person.id in item.assignees
        or bool(item.acl & person.groups)
        or bool(frozenset(agent_groups) & person.groups)
    )


def may_change(person: Person, item: Readable, *, agent_groups: Iterable[str] = ()) -> bool:
    """Whether `person` may change the status of ticket `item`: its requester, an assignee or the ops team."""
    owners = person.id == item.requester or person.id in item.assignees
    return owners or bool(frozenset(agent_groups) & person.groups)


def cannot_see(ref: str) -> str:
    """What a refused read says, plainly."""
    return f"you can't see {ref}"
