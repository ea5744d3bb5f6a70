"""Neutral replies built from outcomes. Adapters turn these into Block Kit, console text, or Teams cards."""

from __future__ import annotations

from dataclasses import replace

from model.outcomes import Answer, Usage
from model.replies import Choice, Reply, ReplyKind, Verb

HUMAN_CHOICE = Choice("Talk to a human", Verb.HUMAN)
NOT_FOUND = (
    "I couldn't find anything about this in our runbooks or past tickets, so I won't guess. "
    "You can rephrase the question, or ask for a human and I'll bring in the on-call team."
)
PRIVATELY = "Part of the answer is in documents not everyone here may read, so I've sent it to you privately."
UNVERIFIED = "I could not verify this against our runbooks or tickets, so treat it with care or ask a human."


def render_answer(answer: Answer) -> Reply:
    """An answer with its citations; ungrounded or empty answers say so and offer a human."""
    if not answer.relevant:
        return Reply(ReplyKind.ANSWER, NOT_FOUND, choices=(HUMAN_CHOICE,), unverified=True)
    if not answer.grounded or not answer.citations:
        return Reply(ReplyKind.ANSWER, answer.text, choices=(HUMAN_CHOICE,), unverified=True)
    return Reply(ReplyKind.ANSWER, answer.text, citations=answer.citations, choices=(HUMAN_CHOICE,))


def with_notice(reply: Reply, notice: str | None) -> Reply:
    """Put a system notice (e.g. "the language model is unavailable") in front of the reply."""
    if not notice:
        return reply
    return replace(reply, notice=notice)


def offer_privately(reply: Reply, private: Answer | None) -> Reply:
    """The thread's reply, and the fuller answer for the asker alone; an answer in the thread says that there is
    more (a notice in its place already does)."""
    if private is None:
        return reply
    if reply.kind is ReplyKind.ANSWER:
        reply = replace(reply, follow_up=Reply(ReplyKind.NOTICE, PRIVATELY))
    return replace(reply, private=replace(render_answer(private), ephemeral=True))


def combined(first: Usage, second: Usage) -> Usage:
    """One turn's accounting when the agent ran twice (the audience's answer, then the asker's own)."""
    return replace(
        first,
        prompt_tokens=first.prompt_tokens + second.prompt_tokens,
        completion_tokens=first.completion_tokens + second.completion_tokens,
        cached_tokens=first.cached_tokens + second.cached_tokens,
        llm_ms=first.llm_ms + second.llm_ms,
        retrieval_ms=first.retrieval_ms + second.retrieval_ms,
        tool_calls=first.tool_calls + second.tool_calls,
    )
