"""When the provider fails (after the client's retries): the offline answer, with a notice saying so."""

from __future__ import annotations

import logging

from model.outcomes import AgentResult, Answer, NeedsHuman, Usage
from model.ports import Agent, AgentRequest

log = logging.getLogger(__name__)

UNAVAILABLE = "The language model is unavailable right now, so here is what I found in our runbooks."
UNAVAILABLE_NOTHING_FOUND = "The language model is unavailable right now, and our runbooks have nothing on this."
EVERYTHING_DOWN = "the language model and the knowledge base are both unavailable right now"


async def answer_offline(fallback: Agent, request: AgentRequest, usage: Usage) -> AgentResult:
    """The fallback agent's answer, with this turn's usage and the notice; a hand-over if it fails too."""
    try:
        result = await fallback.respond(request)
    except Exception:
        log.warning("offline answer failed too", exc_info=True)
        usage.notice = UNAVAILABLE_NOTHING_FOUND
        return AgentResult(NeedsHuman(EVERYTHING_DOWN), usage)
    found = isinstance(result.outcome, Answer) and result.outcome.relevant
    usage.notice = UNAVAILABLE if found else UNAVAILABLE_NOTHING_FOUND
    usage.retrieval_ms += result.usage.retrieval_ms
    return AgentResult(result.outcome, usage)
