"""The one read rule (model.access): who may see a document or a ticket, and the core applying it to every hit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from bot.core.knowledge_access import KnowledgeAccess
from knowledge.retrieval.hits import Hit, SearchResult
from model.access import Readable, may_change, may_read
from model.messages import Person

SRE = Person("U_SRE", frozenset({"everyone", "sre"}))
BOB = Person("U_BOB", frozenset({"everyone"}))
RUNBOOK = Readable.document("runbooks/Postgres-Failover.md", ["sre", "dba"])
TICKET = Readable("OPS-1", requester="U_ALICE", assignees=frozenset({"U_CARL"}), acl=frozenset({"payroll"}))


def test_documents_are_public_or_for_their_groups() -> None:
    """A document with groups is for their members only; one without is for everyone."""
    assert may_read(SRE, RUNBOOK) and not may_read(BOB, RUNBOOK)
    assert may_read(BOB, Readable.document("runbooks/vpn.md", []))


def test_a_ticket_is_for_its_people_its_groups_and_the_ops_team() -> None:
    """Requester, assignee, a member of its ACL group and the ops team may see a ticket; a stranger may not, and
    only the requester, an assignee or the ops team may change its status."""
    payroll = Person("U_PAY", frozenset({"payroll"}))
    readers = [Person("U_ALICE"), Person("U_CARL"), payroll, SRE]
    assert all(may_read(p, TICKET, agent_groups=["sre"]) for p in readers)
    assert not may_read(BOB, TICKET, agent_groups=["sre"])
    assert not may_change(payroll, TICKET, agent_groups=["sre"]) and may_change(SRE, TICKET, agent_groups=["sre"])


class _LeakyRetriever:
    """A store whose ACL filter is broken: it returns a restricted hit to anyone."""

    def search(self, query: str, *, groups: Sequence[str], kind: str | None = None, top_k: int = 5) -> SearchResult:
        hit = Hit("patronictl failover", 0.9, RUNBOOK.ref, "Failover", "", "runbook", None, "d1", "c1", ("sre",))
        return SearchResult([hit], 0.9, True)


def test_a_hit_the_groups_may_not_read_never_leaves_the_core() -> None:
    """Even if the store's filter let a restricted hit through, the core drops it for someone outside its groups."""
    access = KnowledgeAccess(cast(Any, _LeakyRetriever()))
    assert access.search("failover", groups=["everyone"]).hits == []
    assert [h.source for h in access.search("failover", groups=["sre"]).hits] == [RUNBOOK.ref]
