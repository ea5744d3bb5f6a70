"""Grounding is enforced: an answer without a real citation gets one retry, then an honest ending; invented
citations take their sentence with them; commands no passage contains are marked."""

from __future__ import annotations

from bot.testing.scripted_llm import call, say
from model.outcomes import Answer, Info
from tests.agent.fakes import DISK, FakeSearcher, request

UNVERIFIED_SPAN = " (unverified: not in our sources)"
NUDGE_PREFIX = "[Opsbot check]"


def nudges(model: object) -> list[str]:
    """The retry messages the model was sent."""
    seen = [m.content or "" for messages in model.calls for m in messages]  # type: ignore[attr-defined]
    return list(dict.fromkeys(text for text in seen if text.startswith(NUDGE_PREFIX)))


async def test_an_answer_without_search_is_sent_back_and_the_searched_answer_is_shown(scripted) -> None:
    """'Restart openvpn' with no search is not shown: the model is nudged, searches, and its cited answer is."""
    agent, model = scripted(
        [
            say("Run `systemctl restart openvpn`."),
            call("search_knowledge", query="disk full"),
            say("Vacuum the journal with `journalctl --vacuum-size=500M` [1]."),
        ]
    )

    result = await agent.respond(request("/var is full"))

    assert isinstance(result.outcome, Answer) and result.outcome.grounded
    assert result.outcome.text == "Vacuum the journal with `journalctl --vacuum-size=500M` [1]."
    assert len(nudges(model)) == 1 and "did not search" in nudges(model)[0]


async def test_a_model_that_keeps_answering_without_search_gets_the_not_found_reply(scripted) -> None:
    """After the one retry, an answer from nowhere ends as 'not found' (shown as such), never as the answer."""
    agent, model = scripted([say("Run `systemctl restart openvpn`.")])

    result = await agent.respond(request("my VPN drops"))

    assert result.outcome == Answer("", grounded=False, relevant=False)
    assert len(model.calls) == 2


async def test_a_sentence_whose_only_citation_is_invented_is_dropped(scripted) -> None:
    """'Then reboot db-2 [7]' cites nothing real: the sentence goes, the supported one stays."""
    agent, _ = scripted([call("search_knowledge", query="disk"), say("Vacuum the journal [1]. Then reboot db-2 [7].")])

    result = await agent.respond(request("/var is full"))

    assert isinstance(result.outcome, Answer)
    assert result.outcome.text == "Vacuum the journal [1]."


async def test_a_command_no_passage_contains_is_marked_unverified(scripted) -> None:
    """A command copied from the passage stays as it is; one the model made up is marked unverified."""
    agent, _ = scripted(
        [
            call("search_knowledge", query="disk"),
            say("Run `journalctl --vacuum-size=500M` [1], then `rm -rf /var/log` [1]."),
        ]
    )

    result = await agent.respond(request("/var is full"))

    assert isinstance(result.outcome, Answer)
    assert (
        result.outcome.text == f"Run `journalctl --vacuum-size=500M` [1], then `rm -rf /var/log`{UNVERIFIED_SPAN} [1]."
    )


async def test_passages_found_but_never_cited_are_shown_instead_of_the_answer(scripted, searcher: FakeSearcher) -> None:
    """A model that searches, finds, and twice answers without citing: the user sees the passages themselves."""
    searcher.hits = [DISK]
    agent, model = scripted([call("search_knowledge", query="disk"), say("Just reboot it.")])

    result = await agent.respond(request("/var is full"))

    assert isinstance(result.outcome, Answer) and result.outcome.text.startswith("Here is what I found")
    assert [c.source for c in result.outcome.citations] == [DISK.source]
    assert "cites no passage id" in nudges(model)[0]


async def test_a_short_question_back_needs_no_citation(scripted) -> None:
    """A clarifying question is shown as it is (a plain message, not an unverified answer), without a retry."""
    agent, model = scripted([say("Which mount point is full?")])

    result = await agent.respond(request("disk full on db-2"))

    assert result.outcome == Info("Which mount point is full?")
    assert len(model.calls) == 1
