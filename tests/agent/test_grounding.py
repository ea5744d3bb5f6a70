"""answer_from: citations are exactly the real, cited passages; numbers follow the order of use."""

from __future__ import annotations

from bot.agent.grounding import answer_from
from bot.agent.turn import Turn
from model.replies import Citation
from tests.agent.fakes import request

A = Citation("a.md", "A", "", "runbook")
B = Citation("b.md", "B", "Steps", "runbook")
C = Citation("c.md", "C", "", "ticket")


def turn_with(*citations: Citation, searches: int = 1, relevant: int = 1) -> Turn:
    turn = Turn(request("q"), searches=searches, relevant_searches=relevant)
    for citation in citations:
        turn.number(citation, citation.source)
    return turn


def test_lists_and_repeats_are_collapsed_in_order_of_use() -> None:
    """`[3, 1]` then `[3]` gives citations C, A renumbered to 1, 2."""
    answer = answer_from("Do C [3, 1]. Then C again [3].", turn_with(A, B, C))
    assert answer.text == "Do C [1][2]. Then C again [1]."
    assert answer.citations == (C, A) and answer.grounded


def test_invented_numbers_are_removed_and_do_not_ground() -> None:
    """A number no tool handed out is dropped from the text and is not a citation."""
    answer = answer_from("Reboot it [7].", turn_with(A))
    assert answer.text == "Reboot it."
    assert answer.citations == () and not answer.grounded


def test_the_same_passage_found_twice_keeps_one_number() -> None:
    """A passage returned by two searches gets the same number both times."""
    turn = turn_with(A)
    assert turn.number(A, A.source) == 1
    assert turn.number(B, B.source) == 2


def test_relevance_needs_one_relevant_search_when_there_were_searches() -> None:
    """relevant is False only when searches happened and none found anything relevant."""
    assert answer_from("x", turn_with(searches=2, relevant=0)).relevant is False
    assert answer_from("x", turn_with(searches=2, relevant=1)).relevant is True
    assert answer_from("x", turn_with(searches=0, relevant=0)).relevant is True
