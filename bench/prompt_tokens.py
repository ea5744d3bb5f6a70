"""Prompt tokens per turn type, from the requests the real pipeline sends to the local OpenAI stub over HTTP.

`python -m bench.prompt_tokens` indexes examples/, runs the full pipeline (real redaction, retrieval, database,
the example company's actions) with an `openai_compatible` provider pointed at `bot.testing.openai_stub`, and a
scripted "model" that behaves like a typical one: a question is searched and answered citing the first passage,
a ticket request is proposed at once, the looping model searches the same query forever. Every request body is
captured and counted with o200k_base (bot.agent.tokens). Printed: the fixed prefix (system prompt + tool
schemas), and the prompt tokens and LLM calls of each turn type, next to the figures saved in
bench/baselines/prompt_tokens.json (`--save` writes them; the saved file names the commit it was measured on).
Targets: a question under 4,000 prompt tokens; the looping case capped by the per-turn budget.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.agent.tokens import request_tokens, tools_tokens
from bot.settings import load_settings
from bot.testing.openai_stub import OpenAIStub, StubStep
from bot.testing.scripted_llm import Call, Say
from bot.wiring import Container
from model.messages import InboundMessage, Person, ThreadRef

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).parent / "baselines" / "prompt_tokens.json"
QUESTION_TARGET = 4000
THREAD = [
    "My VPN keeps dropping every few minutes, especially on video calls",
    "Okta says push sent but nothing shows up on my phone",
    "deploy stuck in Pending, events say Insufficient cpu",
    "FATAL: sorry, too many clients already in the API logs",
    "Dell asks for a 48-digit recovery key after a BIOS update",
    "how do I declare an incident and pick a severity",
    "postgres replica is hours behind the primary",
    "image pull back off on the new release of checkout-api",
    "who is on call for the network team this week",
    "the TLS certificate on the internal wiki expires tomorrow",
]
ELEVENTH = "and how do I roll back a deployment that went wrong?"
LOG_LINE = (
    "2026-11-24T09:{m:02d}:{s:02d}Z vpn-gw-2 openvpn[812]: TLS Error: TLS key negotiation failed (check network)\n"
)
PASSAGE = re.compile(r"<<<(?:PASSAGE|RESULT) \[([^\]]+)\]")


def pasted_log(chars: int = 20_000) -> str:
    lines = [LOG_LINE.format(m=i // 60 % 60, s=i % 60) for i in range(chars // len(LOG_LINE) + 1)]
    return "Our VPN gateway logs are full of this, what is wrong?\n" + "".join(lines)[:chars]


@dataclass
class Model:
    """A model that behaves like a typical one; `behaviour` is switched per turn by the benchmark."""

    behaviour: str = "answer"
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, body: dict[str, Any]) -> StubStep:
        self.requests.append(body)
        last = body["messages"][-1]
        if self.behaviour == "loop":
            return Call("search_knowledge", {"query": "vpn keeps disconnecting"})
        if last["role"] == "tool":
            ids = PASSAGE.findall(last.get("content") or "")
            return self._answer(body, ids[:1])
        if self.behaviour == "ticket":
            return Call("propose_create_ticket", {"title": "VPN down in Berlin office", "priority": "high"})
        return Call("search_knowledge", {"query": _text(last)[:150]})

    def _answer(self, body: dict[str, Any], ids: list[str]) -> StubStep:
        """A cited answer: as final_answer when the request offers it (the openai provider), else as text."""
        text = f"Restart the VPN client, then sign in again [{ids[0]}]." if ids else "I found nothing on this."
        if not any(t["function"]["name"] == "final_answer" for t in body.get("tools") or []):
            return Say(text)
        return Call("final_answer", {"status": "answered" if ids else "not_found", "text": text, "cited": ids})


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    return content if isinstance(content, str) else json.dumps(content)


@dataclass
class Measured:
    calls: int
    prompt_tokens: int


async def turn(box: Container, model: Model, thread: ThreadRef, text: str, behaviour: str = "answer") -> Measured:
    model.behaviour = behaviour
    before = len(model.requests)
    await box.pipeline.handle(InboundMessage(thread, Person("U_BENCH", frozenset({"everyone"})), text))
    sent = model.requests[before:]
    return Measured(len(sent), sum(request_tokens(body) for body in sent))


async def scenarios(box: Container, model: Model) -> dict[str, Measured]:
    results: dict[str, Measured] = {}

    def thread(name: str) -> ThreadRef:
        return ThreadRef("bench", "C1", name)

    results["question"] = await turn(box, model, thread("q"), THREAD[0])
    results["ticket request"] = await turn(
        box, model, thread("t"), "Please open a ticket: VPN down in Berlin, high", "ticket"
    )
    for text in THREAD:
        await turn(box, model, thread("long"), text)
    results["turn 11 of a thread"] = await turn(box, model, thread("long"), ELEVENTH)
    results["looping model"] = await turn(box, model, thread("loop"), "my VPN keeps disconnecting", "loop")
    results["20k-char pasted log"] = await turn(box, model, thread("log"), pasted_log())
    results["turn after the log"] = await turn(box, model, thread("log"), "thanks, how do I restart the client?")
    return results


def prefix(model: Model) -> tuple[int, int]:
    """System prompt and tool schemas of the first request (the question): tokens each."""
    body = model.requests[0]
    system = request_tokens({"messages": body["messages"][:1]})
    return system, tools_tokens(body.get("tools") or [])


def container(home: str, base_url: str, provider: str) -> Container:
    env = {
        "OPSBOT_HOME": home,
        "OPSBOT_CONFIG": str(ROOT / "examples" / "opsbot.yml"),
        "OPSBOT_LLM_PROVIDER": provider,
        "OPSBOT_LLM_MODEL": "gpt-4o-mini",
        "OPENAI_BASE_URL": base_url,
        "OPSBOT_LLM_MAX_RETRIES": "0",
    }
    return Container(load_settings(env | ({"OPENAI_API_KEY": "sk-bench"} if provider == "openai" else {})))


async def measure(home: str) -> tuple[dict[str, Measured], tuple[int, int], int]:
    """Every turn type on an openai_compatible provider (free-text answers), then a question on the openai
    provider (final_answer, strict schemas), which ends its turns with one more tool call."""
    model = Model()
    async with OpenAIStub(model) as stub:
        box = container(home, stub.base_url, "openai_compatible")
        from knowledge.ingest import ingest

        ingest(box.knowledge_config, [ROOT / "examples"], text_filter=box.redactor.redact_inert)
        results = await scenarios(box, model)
        box.close()
        fixed, tools = prefix(model), len(model.requests[0].get("tools") or [])
        structured = container(home, stub.base_url, "openai")
        results["question, openai provider"] = await turn(structured, model, ThreadRef("bench", "C2", "q"), THREAD[0])
        structured.close()
    return results, fixed, tools


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip() or "unknown"


def report(results: dict[str, Measured], fixed: tuple[int, int], tools: int, saved: dict[str, Any]) -> None:
    old = saved.get("turns", {})
    print(f"fixed prefix: system prompt {fixed[0]} + {tools} tool schemas {fixed[1]} = {sum(fixed)} tokens", end="")
    if "prefix" in saved:
        print(
            f"   (before, {saved['commit']}: {saved['prefix']['system']} + {saved['prefix']['tools_count']} "
            f"schemas {saved['prefix']['tools']} = {saved['prefix']['system'] + saved['prefix']['tools']})"
        )
    else:
        print()
    print(f"\n{'turn type':22} {'before':>16} {'after':>16}")
    for name, now in results.items():
        was = old.get(name)
        before = f"{was['prompt_tokens']:,} / {was['calls']}" if was else "-"
        print(f"{name:22} {before:>16} {f'{now.prompt_tokens:,} / {now.calls}':>16}")
    print("(prompt tokens o200k / LLM calls, per turn)")
    met = "met" if results["question"].prompt_tokens < QUESTION_TARGET else "NOT met"
    print(f"target: a question under {QUESTION_TARGET:,} prompt tokens -> {met}")


def save(results: dict[str, Measured], fixed: tuple[int, int], tools: int) -> None:
    data = {
        "commit": commit(),
        "prefix": {"system": fixed[0], "tools": fixed[1], "tools_count": tools},
        "turns": {name: {"calls": m.calls, "prompt_tokens": m.prompt_tokens} for name, m in results.items()},
    }
    BASELINE.parent.mkdir(exist_ok=True)
    BASELINE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"saved to {BASELINE.relative_to(ROOT)}")


def main(argv: list[str] | None = None, run: Callable[[str], Any] = measure) -> None:
    args = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory(prefix="opsbot-bench-tokens-") as home:
        results, fixed, tools = asyncio.run(run(home))
    saved = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    report(results, fixed, tools, saved)
    if "--save" in args:
        save(results, fixed, tools)


if __name__ == "__main__":
    main()
