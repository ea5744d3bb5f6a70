"""Citation ids are stable across a thread: the same passage has the same id in every turn, answers carry the
ids of what they cited, and an earlier answer's [1] reaches the model as the id it stood for."""

from __future__ import annotations

from bot.testing.scripted_llm import call, last_tool_output, say
from model.outcomes import Answer
from model.ports import HistoryTurn
from tests.agent.fakes import DISK, VPN, FakeSearcher, request


async def cited_in_a_turn(scripted, text: str, history: tuple[HistoryTurn, ...] = ()) -> tuple[Answer, str]:
    agent, model = scripted([call("search_knowledge", query="disk"), say(text)])
    result = await agent.respond(request("/var is full", history=history))
    assert isinstance(result.outcome, Answer)
    return result.outcome, last_tool_output(model.calls[1])


async def test_the_same_passage_keeps_its_id_in_a_later_turn(scripted, searcher: FakeSearcher) -> None:
    """DISK found first in turn 1 and second in turn 2 has one id, shown to the model and stored on the citation."""
    searcher.hits = [DISK, VPN]
    first, shown_first = await cited_in_a_turn(scripted, "Vacuum it [1].")
    searcher.hits = [VPN, DISK]
    second, shown_second = await cited_in_a_turn(scripted, "Vacuum it [2].")

    ref = first.citations[0].ref
    assert ref and second.citations[0].ref == ref and second.citations[0].source == DISK.source
    assert f"<<<PASSAGE [{ref}]" in shown_first and f"<<<PASSAGE [{ref}]" in shown_second


async def test_an_earlier_answer_is_shown_with_ids_and_its_passage_may_be_cited_again(scripted) -> None:
    """History answer 'Vacuum it [1].' with its stored citation reaches the model as '[<id>]'; citing that id
    in the next turn, without searching again, gives a grounded answer with the same citation."""
    earlier, _ = await cited_in_a_turn(scripted, "Vacuum it [1].")
    ref = earlier.citations[0].ref
    history = (HistoryTurn("user", "/var is full"), HistoryTurn("assistant", earlier.text, earlier.citations))
    agent, model = scripted([say(f"As before, vacuum the journal [{ref}].")])

    result = await agent.respond(request("and again?", history=history))

    assert model.calls[0][2].content == f"Vacuum it [{ref}]."
    assert result.outcome == Answer("As before, vacuum the journal [1].", earlier.citations)


async def test_a_bare_number_from_an_earlier_turn_is_not_taken_for_a_passage(scripted) -> None:
    """An old answer stored without citations loses its '[1]' in the history: it would mean another passage now."""
    history = (HistoryTurn("user", "vpn?"), HistoryTurn("assistant", "Restart the client [1]."))
    agent, model = scripted([say("Which client?")])

    await agent.respond(request("which one?", history=history))

    assert model.calls[0][2].content == "Restart the client."


async def test_citations_carry_ids_in_the_order_of_the_marks(scripted, searcher: FakeSearcher) -> None:
    """The answer's [1], [2] are its citations in order; each citation's ref is the id the model cited."""
    searcher.hits = [DISK, VPN]
    answer, shown = await cited_in_a_turn(scripted, "Reconnect [2], then vacuum [1].")

    assert answer.text == "Reconnect [1], then vacuum [2]."
    assert [c.source for c in answer.citations] == [VPN.source, DISK.source]
    assert all(f"<<<PASSAGE [{c.ref}]" in shown for c in answer.citations)
    assert all(c.ref for c in answer.citations)
