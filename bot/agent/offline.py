"""The offline agent: no LLM. A question gets the best passages with citations; nothing is made up.

A request for an action in plain words ("open a ticket: VPN drops") becomes the proposal `/ops` would make
(bot.agent.offline_requests), so it gets the same validation and confirmation card.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence

from bot.agent.knowledge import Hit, Searcher, citation_of
from bot.agent.offline_requests import recognise
from bot.core.telemetry import tracer
from model.outcomes import AgentResult, Answer, Usage
from model.ports import AgentRequest

MAX_PASSAGES = 3
PASSAGE_CHARS = 420
LEAD_CHARS = 900  # the best passage, shown as written
OTHER_CHARS = 160  # each other passage, on one line


class OfflineAgent:
    """Answers with what retrieval finds, quoted and cited; says so plainly when nothing relevant turns up."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher

    async def respond(self, request: AgentRequest) -> AgentResult:
        if (proposal := recognise(request.text)) is not None:
            return AgentResult(proposal, Usage(prompt_version="offline"))
        started = time.perf_counter()
        groups = request.reading_groups
        with tracer().start_as_current_span("retrieve", attributes={"retrieval.kind": "any"}) as span:
            found = await asyncio.to_thread(self._searcher.search, request.text, groups=groups, top_k=MAX_PASSAGES)
            span.set_attributes({"retrieval.hits": len(found.hits), "retrieval.relevant": found.relevant})
        usage = Usage(retrieval_ms=(time.perf_counter() - started) * 1000, prompt_version="offline")
        hits = list(found.hits)[:MAX_PASSAGES]
        if not found.relevant or not hits:
            return AgentResult(Answer(text="", relevant=False, grounded=False), usage)
        return AgentResult(compose(hits), usage)


def compose(hits: Sequence[Hit]) -> Answer:
    """The best passage as written (its steps, code blocks intact), then the others in a line each; each number
    matches a citation. A ticket's problem statement is not an answer, so a runbook or a resolution leads."""
    ordered = sorted(hits, key=lambda hit: _is_problem(hit))  # stable: otherwise in retrieval order
    lead, *others = ordered
    lines = ["Here is what I found in our knowledge base:", f"[1] **{citation_of(lead).label}**", steps(lead.text)]
    if others:
        lines.append("Also relevant:")
    for number, hit in enumerate(others, start=2):
        lines.append(f"[{number}] **{citation_of(hit).label}**: {summarise(hit.text, OTHER_CHARS)}")
    citations = tuple(citation_of(h) for h in ordered)
    return Answer(text="\n".join(lines), citations=citations, grounded=True)


def _is_problem(hit: Hit) -> bool:
    return hit.kind == "ticket" and hit.section.rsplit("›", 1)[-1].strip().lower() == "problem"


def steps(text: str, limit: int = LEAD_CHARS) -> str:
    """The passage's own lines (lists, code blocks) without headings, cut at a line near `limit`; a code block cut
    short is closed."""
    kept: list[str] = []
    size, fenced = 0, False
    for line in text.strip().splitlines():
        if not fenced and _HEADING.fullmatch(line):
            continue
        if size >= limit:
            kept.append("…")
            break
        if line.lstrip().startswith("```"):
            fenced = not fenced
        kept.append(line)
        size += len(line) + 1
    if fenced:
        kept.append("```")
    return "\n".join(kept).strip()


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def summarise(text: str, limit: int = PASSAGE_CHARS) -> str:
    """The passage without headings, on one line, cut at a sentence (or word) boundary near `limit`."""
    flat = _SPACE.sub(" ", _HEADING.sub(" ", text)).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > limit // 2 else cut[: cut.rfind(" ")] + " …"
