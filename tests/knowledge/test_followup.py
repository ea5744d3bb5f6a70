"""Follow-up questions are searched with the thread they depend on, without an LLM."""

from __future__ import annotations

from pathlib import Path

from knowledge.followup import search_query
from tests.knowledge.conftest import Index


def test_a_follow_up_that_points_back_carries_the_earlier_question() -> None:
    """ "how do I fix it?" after a VPN complaint becomes a query about the VPN."""
    query = search_query("how do I fix it?", ["my vpn drops every 5 minutes when I work from home"])
    assert query.startswith("how do I fix it?")
    assert "vpn drops every 5 minutes" in query


def test_a_question_that_stands_alone_is_searched_as_asked() -> None:
    """A new, complete question in the same thread is not mixed with the old topic."""
    question = "the node filesystem is almost out of space, how do I clean up images"
    assert search_query(question, ["my vpn drops every 5 minutes"]) == question


def test_openers_like_what_about_always_lean_on_the_thread() -> None:
    """ "what about linux?" names a thing but only means something after the earlier turn."""
    assert "internal sites" in search_query("what about linux?", ["vpn connected but internal sites don't load"])


def test_only_the_last_two_turns_are_used_most_recent_first() -> None:
    """Old turns of a long thread do not drown the question."""
    query = search_query("and then?", ["printer jams", "vpn drops", "okta push never arrives"])
    assert query == "and then? okta push never arrives vpn drops"


def test_follow_up_finds_the_runbook_the_thread_is_about(index: Index, corpus: Path) -> None:
    """Searched with its thread, "what's the mitigation?" finds the disk runbook instead of anything."""
    index.ingest(corpus)
    query = search_query("what should I remove then?", ["a node's filesystem has less than 5% space left"])
    assert index.sources(query, top_k=1) == ["runbooks/node/NodeFilesystemAlmostOutOfSpace.md"]
