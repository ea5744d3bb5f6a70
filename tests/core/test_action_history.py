"""What happened after a click is part of the thread: the next request to the LLM sees it."""

from __future__ import annotations

from pathlib import Path

from bot.console.session import ConsoleSession
from bot.settings import load_settings
from bot.testing.scripted_llm import ScriptedLLM, say
from bot.wiring import Container
from model.messages import Person
from store.models import Turn


async def test_a_confirmed_action_and_its_result_reach_the_next_request(
    tmp_path: Path, shared_retriever: object
) -> None:
    """After 'Created OPS-1', the model's next request holds the proposal and the result, marked as Opsbot's
    record, so it can name the ticket instead of inventing one."""
    model = ScriptedLLM([say("It is OPS-1.")])
    env = {"OPSBOT_HOME": str(tmp_path), "OPSBOT_LLM_PROVIDER": "offline"}
    box = Container(load_settings(env), retriever=shared_retriever, llm=model.llm)
    session = ConsoleSession(box.pipeline, Person("U1", frozenset({"everyone"})), write=lambda _: None)
    card = await session.send('/ops create_ticket title="VPN drops every 5 minutes"')
    assert card is not None and card.card is not None
    done = await session.send("1")  # Confirm
    assert done is not None and "Created OPS-1" in done.text
    await session.send("which ticket did you open for me?")
    shown = "\n".join(str(message.content) for message in model.calls[-1])
    assert "proposed create_ticket" in shown and "VPN drops every 5 minutes" in shown
    assert "succeeded: Created OPS-1" in shown
    with box.database.transaction() as db:
        roles = [t.role for t in db.query(Turn).order_by(Turn.id)]
    assert roles[:4] == ["user", "assistant", "action", "action"]
    box.close()
