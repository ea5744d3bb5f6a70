"""Prompt v2 and what the code enforces beside it: one not-found rule, a passage's placeholders never restored
into the user's, formatting left to the chat adapter, a length cap; v2 is the default and v1 stays selectable."""

from __future__ import annotations

from bot.agent.prompts import load_system_prompt
from bot.testing.scripted_llm import call, say
from model.outcomes import Answer
from redaction.placeholders import substitute
from tests.agent.fakes import FakeHit, FakeSearcher, request

MAX_ANSWER_CHARS = 2400
USER_NAME = "Priya Natarajan"
FIXED_BY_SOMEONE_ELSE = FakeHit(
    "OPS-31: VPN drops on hotel wifi. ‹PERSON_1› fixed it by switching the client to TCP.",
    "OPS-31",
    kind="ticket",
    source="tickets/OPS-31",
)


def restored(text: str) -> str:
    """What the people in the thread read: the thread's vault knows <PERSON_1> is the user."""
    return substitute(text, {"<PERSON_1>": USER_NAME}.get)


async def answer_to(scripted, searcher: FakeSearcher, text: str, question: str) -> Answer:
    searcher.hits = [FIXED_BY_SOMEONE_ELSE]
    agent, _ = scripted([call("search_knowledge", query="vpn hotel wifi"), say(text)])
    result = await agent.respond(request(question))
    assert isinstance(result.outcome, Answer)
    return result.outcome


async def test_a_passage_person_rewritten_as_the_users_placeholder_is_not_restored(scripted, searcher) -> None:
    """The model writes the ticket's ‹PERSON_1› as <PERSON_1>: the reply must not name the user as the fixer."""
    answer = await answer_to(
        scripted, searcher, "<PERSON_1> fixed this by switching to TCP [1].", "I'm <PERSON_1>, VPN drops"
    )

    assert USER_NAME not in restored(answer.text)
    assert restored(answer.text) == "<PERSON_1> fixed this by switching to TCP [1]."  # shown literally, inert


async def test_the_users_own_placeholder_is_still_restored(scripted, searcher: FakeSearcher) -> None:
    """A placeholder from the user's message, with no look-alike in the passages, comes back as the real value."""
    searcher.hits = [FakeHit("Switch the client to TCP on hotel wifi.", "VPN", source="runbooks/vpn.md")]
    agent, _ = scripted([call("search_knowledge", query="vpn"), say("<PERSON_1>, switch the client to TCP [1].")])
    result = await agent.respond(request("I'm <PERSON_1>, my VPN drops on hotel wifi"))

    assert restored(result.outcome.text) == f"{USER_NAME}, switch the client to TCP [1]."  # type: ignore[union-attr]


async def test_a_placeholder_nobody_gave_is_not_restored(scripted, searcher: FakeSearcher) -> None:
    """<PERSON_1> in the answer when neither the user nor a tool mentioned it (invented) stays inert."""
    answer = await answer_to(scripted, searcher, "Ask <PERSON_1>, they switched it to TCP [1].", "VPN drops on wifi")

    assert USER_NAME not in restored(answer.text)


async def test_a_long_answer_is_capped(scripted, searcher: FakeSearcher) -> None:
    """An answer longer than the cap is cut at a sentence, marked with an ellipsis."""
    long = " ".join(f"Step {n}: switch the client to TCP and reconnect [1]." for n in range(200))
    answer = await answer_to(scripted, searcher, long, "VPN drops on wifi")

    assert len(answer.text) <= MAX_ANSWER_CHARS + 2 and answer.text.endswith("…")


def test_v2_has_one_not_found_rule_and_leaves_formatting_to_the_adapter() -> None:
    """v2: not found means one sentence and no hand-over of its own; no Slack or Teams markup; a length cap."""
    v1, v2 = load_system_prompt("v1"), load_system_prompt("v2")
    assert "offer to bring in a human" in v1 and "cannot help after searching" in v1  # the contradiction
    assert "offer to bring in a human" not in v2 and "cannot help" not in v2
    assert v2.count("could not find") == 1 and "do not hand over for this alone" in v2
    assert "do not write Slack or Teams markup" in v2 and "At most 120 words" in v2
    assert "‹PERSON_1›" in v2 and "never turn one kind into the other" in v2


async def test_v2_is_the_default_and_v1_can_be_pinned(scripted) -> None:
    """Without a setting turns run on v2; `opsbot prompts use v1` (a pinned version) switches back."""
    agent, model = scripted([say("Which one?")])
    default = await agent.respond(request("hi"))
    agent, pinned_model = scripted([say("Which one?")], pinned_prompt=lambda: "v1")
    pinned = await agent.respond(request("hi"))

    assert default.usage.prompt_version == "v2" and model.calls[0][0].content == load_system_prompt("v2")
    assert pinned.usage.prompt_version == "v1" and pinned_model.calls[0][0].content == load_system_prompt("v1")
