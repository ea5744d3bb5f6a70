"""Ops shorthand in a question is spelled out for the search, and the question as typed is kept."""

from __future__ import annotations

from knowledge.shorthand import expand


def test_shorthand_is_spelled_out_after_the_question() -> None:
    """ "rx errors" also searches for "receive", "pg" for "postgres", each long form once."""
    assert expand("rx errors on pg and pg replicas") == "rx errors on pg and pg replicas receive postgres"


def test_a_question_without_shorthand_is_searched_as_typed() -> None:
    """Ordinary words ("I am", "3 pm") are no abbreviations: nothing is added."""
    assert expand("I am paged at 3 pm, how do I deploy?") == "I am paged at 3 pm, how do I deploy?"
