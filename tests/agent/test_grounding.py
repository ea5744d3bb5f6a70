"""judge and answer_from: what a final reply becomes, with citations checked by id and numbered by use."""

from __future__ import annotations

from bot.agent.grounding import NUDGE_CITE, NUDGE_SEARCH, Verdict, answer_from, judge, judge_text
from bot.agent.turn import Turn
from model.outcomes import Answer, Info
from model.replies import Citation
from tests.agent.fakes import request

A = Citation("a.md", "A", "", "runbook")
B = Citation("b.md", "B", "Steps", "runbook")
C = Citation("c.md", "C", "", "ticket")


def turn_with(*citations: Citation, searches: int = 1, relevant: int = 1) -> tuple[Turn, list[str]]:
    turn = Turn(request("q"), searches=searches, relevant_searches=relevant)
    refs = [turn.cite(c, c.source, shown=f"text of {c.source}") for c in citations]
    return turn, refs


def test_lists_and_repeats_are_collapsed_in_order_of_use() -> None:
    """`[c, a]` then `[c]` gives citations C, A numbered 1, 2 in the text the user reads."""
    turn, (a, _, c) = turn_with(A, B, C)
    answer = answer_from(f"Do C [{c}, {a}]. Then C again [{c}].", turn)
    assert answer.text == "Do C [1][2]. Then C again [1]."
    assert [x.source for x in answer.citations] == ["c.md", "a.md"] and answer.grounded
    assert [x.ref for x in answer.citations] == [c, a]


def test_a_sentence_whose_only_citation_was_invented_is_dropped() -> None:
    """An id no tool handed out takes its sentence with it; a real citation beside it keeps the sentence."""
    turn, (a,) = turn_with(A)
    answer = answer_from(f"Restart it [{a}]. Then wipe the disk [r9zzz]. Check [{a}][x1abc] again.", turn)
    assert answer.text == "Restart it [1]. Check [1] again."


def test_the_same_passage_found_twice_keeps_one_id() -> None:
    """A passage returned by two searches gets the same id both times; a different one gets another."""
    turn, (a,) = turn_with(A)
    assert turn.cite(A, A.source, shown="again") == a
    assert turn.cite(B, B.source, shown="b") != a


def test_no_relevant_search_is_not_found_without_a_retry() -> None:
    """When every search found nothing relevant, the reply is 'not found' at once (there is nothing to cite)."""
    turn, _ = turn_with(searches=2, relevant=0)
    verdict = judge("It is probably at reception.", turn)
    assert verdict.outcome == Answer("", grounded=False, relevant=False)


def test_an_uncited_reply_is_sent_back_with_the_right_nudge() -> None:
    """No search at all: 'search first'; passages found but none cited: 'cite them'."""
    nothing, _ = turn_with(searches=0, relevant=0)
    searched, _ = turn_with(A)
    assert judge("Reboot it.", nothing) == Verdict(None, NUDGE_SEARCH)
    assert judge("Reboot it [7].", searched).problem == NUDGE_CITE


def test_a_short_question_back_needs_no_citation_and_a_statement_does() -> None:
    """'Which mount is full?' is a clarifying question (Info); a question hiding a command is not."""
    turn, _ = turn_with(searches=0, relevant=0)
    assert judge_text("Which mount is full?", turn).outcome == Info("Which mount is full?")
    assert judge_text("Have you tried `rm -rf /var/log`?", turn).outcome is None


def test_words_of_not_found_are_read_as_not_found() -> None:
    """A free-text 'I could not find anything about this' is the honest not-found reply, not a nudge."""
    turn, _ = turn_with(A)
    verdict = judge_text("I could not find anything about this in our runbooks.", turn)
    assert isinstance(verdict.outcome, Answer) and verdict.outcome.relevant is False


def test_ids_listed_beside_the_text_count_as_citations() -> None:
    """final_answer's `cited` list grounds a text that has no inline mark: the mark is added to it."""
    turn, (a,) = turn_with(A)
    verdict = judge("Restart the client.", turn, listed=[a])
    assert isinstance(verdict.outcome, Answer) and verdict.outcome.text == "Restart the client [1]."
