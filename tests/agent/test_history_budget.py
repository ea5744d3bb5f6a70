"""The thread's history within a token budget: long messages shortened, old turns summarised in one note,
actions recorded by Opsbot shown as such; a 20,000-character pasted log does not ride along."""

from __future__ import annotations

from bot.agent.tokens import count
from bot.testing.scripted_llm import say
from model.ports import HistoryTurn
from tests.agent.fakes import request

ACTION_PREFIX = "(Recorded by Opsbot, not written by you) "
NOTE_PREFIX = "(Summary of earlier messages in this thread"
CURRENT_CHARS = 8000
LOG_LINE = "2026-11-24T09:00:00Z vpn-gw-2 openvpn[812]: TLS Error: TLS key negotiation failed\n"
PASTED_LOG = "Our gateway logs are full of this:\n" + LOG_LINE * (20_000 // len(LOG_LINE))


async def shown_to_model(scripted, text: str, history: tuple[HistoryTurn, ...]) -> list[tuple[str, str]]:
    agent, model = scripted([say("Which gateway?")])
    await agent.respond(request(text, history=history))
    return [(m.role.value, m.content or "") for m in model.calls[0][1:]]  # without the system prompt


async def test_a_pasted_log_in_the_history_is_shortened(scripted) -> None:
    """The next question carries a few hundred tokens of the earlier 20k-character log, not all of it."""
    history = (HistoryTurn("user", PASTED_LOG), HistoryTurn("assistant", "It is a TLS negotiation failure."))

    sent = await shown_to_model(scripted, "how do I restart the client?", history)

    log_message = sent[0][1]
    assert log_message.startswith("Our gateway logs") and "characters left out" in log_message
    assert count(log_message) < 600 < count(PASTED_LOG) // 4


async def test_a_pasted_log_in_the_message_itself_keeps_its_head_and_tail(scripted) -> None:
    """The user's own 20k-character message is cut to its first and last parts, saying how much was left out."""
    sent = await shown_to_model(scripted, PASTED_LOG + "what is wrong?", ())

    assert len(sent[-1][1]) <= CURRENT_CHARS + 60 and sent[-1][1].endswith("what is wrong?")


async def test_old_turns_become_one_note_before_the_recent_ones(scripted) -> None:
    """Forty earlier messages: the newest ones word for word within the budget, the rest in one short note."""
    history = tuple(
        HistoryTurn(role, f"{role} {n}: " + "the VPN gateway drops clients every few minutes, " * 8)
        for n in range(20)
        for role in ("user", "assistant")
    )

    sent = await shown_to_model(scripted, "and now?", history)

    assert sent[0][0] == "user" and sent[0][1].startswith(NOTE_PREFIX)
    assert sent[1][1].startswith(("user", "assistant")) and sent[-2][1].startswith("assistant 19:")
    assert sum(count(text) for _, text in sent) < 3200
    assert len(sent) < 30


async def test_an_action_record_is_shown_as_written_by_opsbot(scripted) -> None:
    """A stored action outcome reaches the model as Opsbot's record (assistant side), not as the user's words."""
    history = (
        HistoryTurn("user", "please open a ticket for the VPN"),
        HistoryTurn("assistant", "Please check and confirm: Create a ticket 'VPN down'."),
        HistoryTurn("action", "create_ticket confirmed by U1. Created OPS-1: VPN down (priority normal)."),
    )

    sent = await shown_to_model(scripted, "what is my ticket number?", history)

    assert sent[2] == ("assistant", ACTION_PREFIX + history[2].text)
    assert [role for role, _ in sent] == ["user", "assistant", "assistant", "user"]
