"""Issue 14: "Jane Doe jane@…" was stored as "<PERSON_1> Doe". No part of a name is stored, in the thread or audit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.settings import load_settings
from bot.wiring import Container
from model.messages import InboundMessage, Person, ThreadRef
from model.replies import Verb
from store.db import Database
from store.models import AuditEvent, PendingAction, Ticket, Turn

pytestmark = pytest.mark.db
ALICE = Person("U_ALICE", frozenset({"everyone"}))
THREAD = ThreadRef("console", "local", "names")


async def test_no_part_of_a_name_is_stored(tmp_path: Path, database: Database, shared_retriever: Any) -> None:
    """A question and a ticket naming "Jane Doe", "jane doe" and "Doe, Jane" next to their address leave none of
    those words in the stored turns, the pending action, the ticket or the audit log."""
    env = {"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline"}
    box = Container(load_settings(env), database=database, retriever=shared_retriever)
    question = "Jane Doe jane@corp.example.com and jane doe jane@corp.example.com cannot reach the VPN"
    await box.pipeline.handle(InboundMessage(THREAD, ALICE, question, direct=True))
    command = '/ops create_ticket title="VPN down for Doe, Jane jane@corp.example.com"'
    card = await box.pipeline.handle(InboundMessage(THREAD, ALICE, command, direct=True))
    assert card is not None and card.card is not None
    await box.pipeline.choose(actor=ALICE, thread=THREAD, value=f"{Verb.CONFIRM}:{card.card.pending_id}")
    with database.transaction() as session:
        stored = [t.text for t in session.scalars(select(Turn))]
        stored += [str(p.params) for p in session.scalars(select(PendingAction))]
        stored += [f"{a.params} {a.detail}" for a in session.scalars(select(AuditEvent))]
        stored += [t.title for t in session.scalars(select(Ticket))]
    text = "\n".join(stored)
    assert "<PERSON_1>" in text and "VPN down for" in text
    assert "Doe" not in text and "jane" not in text.lower()
