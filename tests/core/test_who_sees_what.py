"""Who can see what, end to end: someone outside every group asks about every runbook and ticket in examples/ and
gets nothing restricted back, and nothing restricted reaches the LLM; a colleague's ticket is refused by id."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from llama_index.core.base.llms.types import ChatMessage

from bot.commands.ask import ask
from bot.settings import load_settings
from bot.testing.scripted_llm import ScriptedLLM, Step, call, say, step_index, turn_start
from bot.wiring import Container
from model.messages import Person
from store import tickets
from store.db import Database

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OUTSIDER = Person("U_OUTSIDER", frozenset())
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", re.sub(r"[`*#>|_]", " ", text)).strip().lower()


def _runbooks() -> list[tuple[str, dict[str, Any], str]]:
    """(path, front matter, body) of every example runbook."""
    found = []
    for path in sorted((EXAMPLES / "runbooks").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        found.append((path.relative_to(EXAMPLES / "runbooks").as_posix(), yaml.safe_load(front), body))
    return found


def _ticket_titles() -> list[str]:
    lines = (EXAMPLES / "tickets" / "tickets.jsonl").read_text(encoding="utf-8").splitlines()
    titles = [json.loads(line)["title"] for line in lines if line.strip()]
    with (EXAMPLES / "tickets" / "tickets.csv").open(encoding="utf-8", newline="") as handle:
        return titles + [row["summary"] for row in csv.DictReader(handle)]


RUNBOOKS = _runbooks()
RESTRICTED = {path for path, front, _ in RUNBOOKS if front.get("acl")}


def _restricted_sentences() -> list[str]:
    """Sentences of the restricted runbooks that no unrestricted runbook has: seeing one is a leak."""
    public = " ".join(_flat(body) for _, front, body in RUNBOOKS if not front.get("acl"))
    sentences = (_flat(s) for _, front, body in RUNBOOKS if front.get("acl") for s in _SENTENCE.split(body))
    return [s[:60] for s in sentences if len(s) >= 40 and s[:60] not in public]


def _searching_model() -> ScriptedLLM:
    """A model that searches for whatever the user asked, then answers from the first passage."""

    def script(messages: Sequence[ChatMessage]) -> Step:
        if step_index(messages) == 0:
            return call("search_knowledge", query=(messages[turn_start(messages)].content or "")[:200])
        return say("Here is what I found [1].")

    return ScriptedLLM(script)


def _box(tmp_path: Path, retriever: Any, model: ScriptedLLM, **prebuilt: object) -> Container:
    """The real pipeline over the example knowledge (its own SQLite database unless one is given)."""
    env = {"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline"}
    return Container(load_settings(env), retriever=retriever, llm=model.llm, **prebuilt)


def test_the_examples_have_restricted_runbooks() -> None:
    """The walk below means something: examples/ holds restricted runbooks with sentences of their own."""
    assert {"databases/Postgres-Failover.md", "sso-mfa/Break-Glass-Access.md"} <= RESTRICTED
    assert len(_restricted_sentences()) > 20


async def test_someone_outside_every_group_gets_nothing_restricted(tmp_path: Path, shared_retriever: Any) -> None:
    """`opsbot ask` as a user in no group, about every runbook and past ticket: no restricted runbook is cited,
    quoted or shown to the model."""
    model = _searching_model()
    box = _box(tmp_path, shared_retriever, model)
    questions = [str(front["title"]) for _, front, _ in RUNBOOKS] + _ticket_titles()
    leaks = _restricted_sentences()
    for question in questions:
        reply = await ask(box.pipeline, question, OUTSIDER)
        assert reply is not None and reply.private is None
        assert not {c.source for c in reply.citations} & RESTRICTED, question
        said = _flat(reply.said)
        assert not [s for s in leaks if s in said], question
    seen = _flat(model.seen_text())
    assert not [s for s in leaks if s in seen]
    assert "restricted to the" not in seen  # the opening line of each restricted runbook


def _asking_for_tickets() -> ScriptedLLM:
    """A model that reads the ticket the user names, then answers."""

    def script(messages: Sequence[ChatMessage]) -> Step:
        if step_index(messages) == 0:
            ref = re.search(r"OPS-\d+", messages[turn_start(messages)].content or "")
            return call("get_ticket", ticket=ref.group() if ref else "OPS-0")
        return say("I can't show that ticket.")

    return ScriptedLLM(script)


def _file(database: Database, title: str, description: str = "") -> str:
    with database.transaction() as session:
        ticket = tickets.create_ticket(
            session, title=title, description=description, priority="normal", requester="U_OWNER"
        )
        return tickets.ticket_ref(ticket)


async def test_a_colleagues_tickets_never_reach_the_model(tmp_path: Path, shared_retriever: Any) -> None:
    """Every example ticket, filed by a colleague as an Opsbot ticket: asked about by id, the outsider's model is
    told "you can't see OPS-n", and neither the reply nor what the model was shown holds its title."""
    model = _asking_for_tickets()
    box = _box(tmp_path, shared_retriever, model)
    titles = _ticket_titles()
    refs = [_file(box.database, title) for title in titles]
    for ref, title in zip(refs, titles, strict=True):
        reply = await ask(box.pipeline, f"what is the status of {ref}?", OUTSIDER)
        assert reply is not None and title.lower() not in reply.said.lower()
    seen = model.seen_text().lower()
    assert all(f"you can't see {ref.lower()}" in seen for ref in refs)
    assert not [title for title in titles if title.lower() in seen]


@pytest.mark.db
async def test_a_stranger_gets_nothing_of_a_colleagues_ticket(
    tmp_path: Path, database: Database, shared_retriever: Any
) -> None:
    """A stranger asking for a colleague's ticket, by command and in words, is told "you can't see OPS-1"; the
    model is shown none of it; a comment they ask for is refused and nothing is written."""
    ref = _file(database, "Payroll export failing", "the salary file for the Lisbon office is empty")
    model = _asking_for_tickets()
    box = _box(tmp_path, shared_retriever, model, database=database)
    by_command = await ask(box.pipeline, f"/ops get_ticket ticket={ref}", OUTSIDER)
    by_question = await ask(box.pipeline, f"what is the status of {ref}?", OUTSIDER)
    comment = await ask(box.pipeline, f'/ops add_ticket_comment ticket={ref} comment="me too"', OUTSIDER)
    assert by_command is not None and by_command.text == f"You can't see {ref}. Nothing was changed."
    assert by_question is not None and "payroll" not in by_question.said.lower()
    assert comment is not None and comment.card is None and f"you can't see {ref}" in comment.text
    seen = model.seen_text().lower()
    assert f"you can't see {ref.lower()}" in seen
    assert "payroll" not in seen and "salary" not in seen
    with database.transaction() as session:
        assert tickets.comments_of(session, ticket_id=1) == []
