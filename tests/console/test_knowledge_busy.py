"""A turn that arrives while another process holds the embedded index is told why, not 'something went wrong'."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.console.session import ConsoleSession
from bot.settings import load_settings
from bot.wiring import Container
from model.messages import Person
from model.replies import ReplyKind

HOLD = """
import sys, time
from knowledge.config import KnowledgeConfig
from knowledge.store import open_store
store = open_store(KnowledgeConfig(home=sys.argv[1]), 384)
print("holding", flush=True)
sys.stdin.read()
store.close()
"""


@pytest.fixture
def index_held_elsewhere(tmp_path: Path) -> Iterator[Path]:
    """An Opsbot home whose embedded index another process has open (as `opsbot ingest` does while it runs)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield tmp_path
    finally:
        holder.communicate("", timeout=30)


async def test_question_during_an_ingest_says_the_knowledge_base_is_busy(index_held_elsewhere: Path) -> None:
    """Another process holds the index: the user learns it is being updated and can ask a human."""
    box = Container(load_settings({"OPSBOT_HOME": str(index_held_elsewhere), "OPSBOT_LLM_PROVIDER": "offline"}))
    out: list[str] = []
    session = ConsoleSession(box.pipeline, Person("U1", frozenset({"everyone"})), write=out.append)
    reply = await session.send("my VPN keeps disconnecting")
    box.close()
    assert reply is not None and reply.kind is ReplyKind.ERROR
    assert "being updated" in reply.text and "ask for a human" in reply.text
    assert "Something went wrong" not in out[-1]


def test_an_index_held_elsewhere_is_not_reported_empty(index_held_elsewhere: Path) -> None:
    """While an ingest holds the index, start-up does not claim that nothing is indexed."""
    box = Container(load_settings({"OPSBOT_HOME": str(index_held_elsewhere), "OPSBOT_LLM_PROVIDER": "offline"}))
    try:
        assert box.knowledge_access.is_empty() is False
    finally:
        box.close()
