"""The structured end of a turn (final_answer: status, text, cited ids) where the provider supports it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from llama_index.core.base.llms.types import ChatMessage

from bot.agent.llm_agent import LlmAgent
from bot.agent.providers import build_llm
from bot.testing.openai_stub import OpenAIStub
from bot.testing.scripted_llm import Call, Step, call, last_tool_output, step_index
from model.outcomes import Answer, Info
from tests.agent.fakes import DISK, VPN, FakeSearcher, request

PASSAGE_ID = "<<<PASSAGE ["


def first_id(messages: Sequence[ChatMessage]) -> str:
    text = next(m.content or "" for m in messages if PASSAGE_ID in (m.content or ""))
    return text.split(PASSAGE_ID, 1)[1].split("]", 1)[0]


def answering(text: str) -> Callable[[Sequence[ChatMessage]], Step]:
    """Search, then final_answer citing the first passage by the id it was shown."""

    def script(messages: Sequence[ChatMessage]) -> Step:
        if step_index(messages) == 0:
            return call("search_knowledge", query="disk full")
        ref = first_id(messages)
        return call("final_answer", status="answered", text=text.format(ref=ref), cited=[ref])

    return script


async def test_final_answer_with_a_cited_id_is_the_answer(scripted, searcher: FakeSearcher) -> None:
    """status answered with a real id gives the cited answer; the model is offered final_answer every turn."""
    agent, model = scripted(answering("Vacuum the journal [{ref}]."), structured=True)

    result = await agent.respond(request("/var is full"))

    assert isinstance(result.outcome, Answer) and result.outcome.text == "Vacuum the journal [1]."
    assert [c.source for c in result.outcome.citations] == [DISK.source]
    assert "final_answer" in model.tool_names[0]


async def test_final_answer_not_found_and_clarify(scripted) -> None:
    """status not_found is the honest not-found reply; status clarify shows the question as it is."""
    agent, _ = scripted([call("final_answer", status="not_found", text="Nothing on this.", cited=[])], structured=True)
    missing = await agent.respond(request("where is the toner?"))
    agent, _ = scripted([call("final_answer", status="clarify", text="Which printer?", cited=[])], structured=True)
    question = await agent.respond(request("printer broken"))

    assert missing.outcome == Answer("", grounded=False, relevant=False)
    assert question.outcome == Info("Which printer?")


async def test_an_uncited_final_answer_is_refused_once_then_settled(scripted, searcher: FakeSearcher) -> None:
    """A final_answer citing an id no tool gave is a tool error (the retry); repeated, the passages are shown."""
    searcher.hits = [VPN]
    bad = Call("final_answer", {"status": "answered", "text": "Reboot it [r1zzz].", "cited": ["r1zzz"]})
    agent, model = scripted([call("search_knowledge", query="vpn"), bad, bad], structured=True)

    result = await agent.respond(request("vpn drops"))

    assert "cites no passage id" in last_tool_output(model.calls[2])
    assert isinstance(result.outcome, Answer) and result.outcome.text.startswith("Here is what I found")
    assert [(c["name"], c["ok"]) for c in result.usage.tool_calls][1:] == [
        ("final_answer", False),
        ("final_answer", True),
    ]


async def test_the_openai_provider_requires_a_tool_call_with_strict_schemas(build, searcher: FakeSearcher) -> None:
    """Over HTTP: tool_choice is 'required', every function is strict with all fields required, and it answers."""
    script = [
        call("search_knowledge", query="disk full", kind=None),
        call("final_answer", status="answered", text="Vacuum it [1].", cited=[]),
    ]
    async with OpenAIStub(script) as stub:
        llm = build_llm("openai", "gpt-4o-mini", "sk-test", stub.base_url, 2.0, 0)
        assert llm is not None
        agent: LlmAgent = build(llm)
        result = await agent.respond(request("/var is full"))

    body = stub.requests[0]
    assert body["tool_choice"] == "required" and body["max_tokens"] == 1024
    functions = {t["function"]["name"]: t["function"] for t in body["tools"]}
    assert all(f["strict"] is True for f in functions.values())
    search = functions["search_knowledge"]["parameters"]
    assert search["required"] == ["query", "kind"] and search["properties"]["kind"]["type"] == ["string", "null"]
    assert isinstance(result.outcome, Answer) and result.outcome.text == "Vacuum it [1]."
    assert [c.source for c in result.outcome.citations] == [DISK.source]
