"""The console session: the same pipeline as Slack, driven line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.console.session import ConsoleSession
from bot.settings import load_settings
from bot.wiring import Container
from model.messages import Person
from model.replies import ReplyKind
from store.models import AuditEvent, Ticket


@pytest.fixture
def console(tmp_path: Path, shared_retriever: object) -> tuple[ConsoleSession, list[str], Container]:
    settings = load_settings({"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline"})
    box = Container(settings, retriever=shared_retriever)
    out: list[str] = []
    return ConsoleSession(box.pipeline, Person("U1", frozenset({"everyone"})), write=out.append), out, box


async def test_a_question_gets_a_cited_answer(console: tuple[ConsoleSession, list[str], Container]) -> None:
    """Asking about a known symptom prints passages and the runbook they came from."""
    session, out, _ = console
    reply = await session.send("my VPN keeps disconnecting every few minutes")
    assert reply is not None and reply.kind is ReplyKind.ANSWER
    assert "Sources:" in out[-1]
    assert any("VPN-Keeps-Disconnecting.md" in c.source for c in reply.citations)


async def test_nothing_relevant_says_so_and_offers_a_human(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """A question the knowledge cannot answer gets an honest 'I couldn't find' and a numbered human choice."""
    session, out, _ = console
    reply = await session.send("what is the airspeed velocity of an unladen swallow")
    assert reply is not None and "couldn't find" in reply.text
    assert "[1] Talk to a human" in out[-1]


async def test_asking_for_a_human_hands_the_thread_over_until_handed_back(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """After escalation the bot stays quiet; picking 'Hand back' brings it back."""
    session, out, _ = console
    reply = await session.send("I need a human please")
    assert reply is not None and reply.kind is ReplyKind.ESCALATION
    assert await session.send("anyone there?") is None
    assert "staying quiet" in out[-1]
    back = await session.send("1")
    assert back is not None and "I'm back" in back.text
    again = await session.send("my VPN keeps disconnecting")
    assert again is not None and again.kind is ReplyKind.ANSWER


async def test_pii_is_redacted_before_storage_and_restored_in_the_reply(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """The database holds placeholders only, while the person sees their own words back on the card."""
    session, out, box = console
    await session.send('/ops create_ticket title="Laptop for Priya Natarajan (priya.natarajan@northwind.internal)"')
    assert "Priya Natarajan" in out[-1] and "priya.natarajan@northwind.internal" in out[-1]
    box.database.dispose()
    raw = b"".join(p.read_bytes() for p in Path(box.settings.home).glob("opsbot.db*"))
    assert b"priya.natarajan@northwind.internal" not in raw
    assert b"Natarajan" not in raw
    assert b"<PERSON_1>" in raw


async def test_a_ticket_read_from_another_thread_never_shows_that_threads_people(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """Placeholders in a ticket only restore in the thread that wrote them; elsewhere they stay inert."""
    session, out, box = console
    await session.send('/ops create_ticket title="Laptop for Priya Natarajan will not boot"')
    await session.send("1")
    other = ConsoleSession(box.pipeline, Person("U1", frozenset({"everyone"})), write=out.append)
    await other.send("Tom Becker needs a new badge")  # <PERSON_1> in this thread is someone else
    reply = await other.send("/ops get_ticket ticket=OPS-1")
    assert reply is not None
    assert "Tom Becker" not in reply.text and "Priya" not in reply.text
    assert "PERSON_1" in reply.text
    mine = await session.send("/ops get_ticket ticket=OPS-1")
    assert mine is not None and "Priya Natarajan" in mine.text


async def test_an_escalation_can_file_a_ticket_with_the_redacted_transcript(
    tmp_path: Path, shared_retriever: object
) -> None:
    """With OPSBOT_ESCALATION_TICKET on, asking for a human also files a ticket holding the conversation so far,
    redacted, and the person is told its id."""
    env = {"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline", "OPSBOT_ESCALATION_TICKET": "true"}
    box = Container(load_settings(env), retriever=shared_retriever)
    session = ConsoleSession(box.pipeline, Person("U1", frozenset({"everyone"})), write=lambda _: None)
    await session.send("Priya Natarajan (priya.natarajan@northwind.internal) says the VPN keeps disconnecting")
    reply = await session.send("I need a human please")
    assert reply is not None and reply.kind is ReplyKind.ESCALATION
    assert "I've filed OPS-1 with the conversation so far" in reply.text
    with box.database.transaction() as db:
        [filed] = db.scalars(select(Ticket)).all()
        assert filed.requester == "U1" and filed.priority == "high" and filed.title.startswith("Escalation:")
        assert "<PERSON_1>" in filed.description and "VPN keeps disconnecting" in filed.description
        assert "Priya" not in filed.description and "northwind" not in filed.description
        assert [e.detail for e in db.scalars(select(AuditEvent).where(AuditEvent.event == "escalation_ticket"))] == [
            "OPS-1"
        ]
    box.close()


async def test_a_plain_words_ticket_request_gets_a_clean_card(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """Offline, "please open a ticket: ..." shows the /ops card once: no repeated description, no empty fields."""
    session, out, _ = console
    reply = await session.send("please open a ticket: VPN drops every 5 minutes")
    assert reply is not None and reply.kind is ReplyKind.CONFIRMATION
    shown = out[-1].splitlines()
    assert "    title: VPN drops every 5 minutes" in shown
    assert not any(line.strip() == "description:" for line in shown)
    assert reply.card is not None and sum(reply.card.description in line for line in shown) == 1
    assert shown[-1] == "  [1] Confirm   [2] Cancel"


async def test_get_ticket_shows_the_description_and_comments(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """`/ops get_ticket` prints what its help promises: the ticket's line, its description and each comment."""
    session, out, _ = console
    await session.send('/ops create_ticket title="VPN drops" description="every 5 minutes, on Wi-Fi only"')
    await session.send("1")
    await session.send('/ops add_ticket_comment ticket=OPS-1 comment="switched to the TLS profile"')
    await session.send("1")
    await session.send("/ops get_ticket ticket=OPS-1")
    assert out[-1].splitlines()[1:] == [
        "Description: every 5 minutes, on Wi-Fi only",
        "Comments (1):",
        "- switched to the TLS profile",
    ]


async def test_the_demo_console_shows_how_fresh_each_source_is(
    console: tuple[ConsoleSession, list[str], Container],
) -> None:
    """Each source the demo cites says when its runbook was last updated."""
    session, out, _ = console
    reply = await session.send("my VPN keeps disconnecting every few minutes")
    assert reply is not None and reply.citations
    sources = out[-1].split("Sources:")[1]
    assert re.search(r"VPN-Keeps-Disconnecting\.md\) <[^>]+> · updated \d+ (day|week|month|year)s? ago", sources)
