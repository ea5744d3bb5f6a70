"""Neutral replies built from outcomes. Adapters turn these into Block Kit, console text, or Teams cards."""

from __future__ import annotations

from dataclasses import replace

from model.outcomes import Answer
from model.replies import Choice, Reply, ReplyKind, Verb

HUMAN_CHOICE = Choice("Talk to a human", Verb.HUMAN)
NOT_FOUND = (
    "I couldn't find anything about this in our runbooks or past tickets, so I won't guess. "
    "You can rephrase the question, or ask for a human and I'll bring in the on-call team."
)
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
