"""From the LLM's final words to an outcome, with grounding enforced rather than advised.

An answer needs at least one citation of a passage a tool really returned. Without one, the model gets one
retry with a nudge (search first, or cite what you found); after that the turn ends honestly: with the passages
that were found, or with "not found" when there were none. Sentences whose only citation was invented are
dropped, commands no passage contains are marked unverified, placeholders that must not be restored are made
inert, and the text is capped. A short question back to the user needs no citation; "not found" needs none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.agent.citations import cited
from bot.agent.code_spans import has_code, mark_unverified
from bot.agent.offline import MAX_PASSAGES, summarise
from bot.agent.placeholders import made_inert
from bot.agent.provenance import user_texts
from bot.agent.sentences import capped, keep_supported, renumber
from bot.agent.turn import Turn
from model.outcomes import Answer, Info, Outcome

Status = Literal["answered", "not_found", "clarify"]
NUDGE_PREFIX = "[Opsbot check]"
NUDGE_SEARCH = (
    f"{NUDGE_PREFIX} Your reply was not sent: it cites no passage, and you did not search. Call search_knowledge, "
    "then answer citing the passages you use as [id]. If nothing answers the question, say you could not find it."
)
NUDGE_CITE = (
    f"{NUDGE_PREFIX} Your reply was not sent: it cites no passage id a tool returned. Cite the passages you rely "
    "on as [id], exactly as labelled. If none of them answers the question, say you could not find it."
)
CLARIFY_CHARS = 300
_NOT_FOUND = re.compile(
    r"\bNOT_FOUND\b|\b(could ?n[o']t|can ?n[o']t|did ?n[o']t|unable to|was unable to|failed to) (find|locate)\b"
    r"|\bnothing (relevant|about|on|in)\b|\bno (relevant )?(information|passages?|results?|runbooks?) (about|on|for)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """The outcome, or None and the problem the model is told about (its one retry)."""

    outcome: Outcome | None
    problem: str = ""


def judge(text: str, turn: Turn, *, status: Status = "answered", listed: Sequence[str] = ()) -> Verdict:
    """What the model's final answer amounts to; `listed` are ids given beside the text (final_answer)."""
    if status == "not_found" or (turn.searches and not turn.relevant_searches and not turn.shown):
        return Verdict(not_found())
    if status == "clarify" or is_question(text):
        return Verdict(Info(text.strip())) if is_question(text) else Verdict(None, CLARIFY_PROBLEM)
    citable = turn.citable()
    missing = [ref for ref in listed if ref not in cited(text)]
    text = f"{text.rstrip()} {''.join(f'[{ref}]' for ref in missing)}" if missing else text
    if not any(ref in citable for ref in cited(text)):
        return Verdict(None, NUDGE_SEARCH if not turn.searches and not turn.shown else NUDGE_CITE)
    return Verdict(answer_from(text, turn))


CLARIFY_PROBLEM = (
    f"{NUDGE_PREFIX} A reply without citations must be one short question to the user (ending with '?', "
    f"under {CLARIFY_CHARS} characters, no commands). Ask it, or answer citing passages."
)


def judge_text(text: str, turn: Turn) -> Verdict:
    """A free-text reply (a provider without structured answers): "not found" is recognised by its words."""
    if says_not_found(text):
        return Verdict(not_found())
    return judge(text, turn)


def is_question(text: str) -> bool:
    """One short question back to the user, with no citations and no commands."""
    text = text.strip()
    return text.endswith("?") and len(text) <= CLARIFY_CHARS and not cited(text) and not has_code(text)


def says_not_found(text: str) -> bool:
    return not cited(text) and len(text) <= 2 * CLARIFY_CHARS and _NOT_FOUND.search(text) is not None


def answer_from(text: str, turn: Turn) -> Answer:
    """The answer as shown: supported sentences, checked commands and placeholders, citations numbered 1..n."""
    citable = turn.citable()
    text = keep_supported(text, citable)
    text = mark_unverified(text, evidence(turn))
    text = made_inert(text, ours=[*user_texts(turn), *_assistant_texts(turn), *turn.tool_text], theirs=turn.tool_text)
    order = [ref for ref in cited(text) if ref in citable]
    citations = tuple(citable[ref] for ref in order)
    return Answer(text=capped(renumber(text, order)), citations=citations, grounded=bool(citations), relevant=True)


def settle(turn: Turn) -> Answer:
    """After the retry failed too: the passages this turn found, or an honest "not found"."""
    return found(turn) or not_found()


def found(turn: Turn) -> Answer | None:
    """The passages found this turn, quoted and cited (None when there were none)."""
    shown = [s for s in turn.shown.values() if s.hit is not None][:MAX_PASSAGES]
    if not shown:
        return None
    lines = ["Here is what I found in our knowledge base:"]
    lines += [f"[{n}] **{s.citation.label}**: {summarise(s.text)}" for n, s in enumerate(shown, start=1)]
    return Answer(text="\n".join(lines), citations=tuple(s.citation for s in shown), grounded=True)


def not_found() -> Answer:
    return Answer(text="", grounded=False, relevant=False)


def evidence(turn: Turn) -> Iterable[str]:
    """What a command in the answer may come from: this turn's tool results and the user's own words."""
    return [*turn.tool_text, *user_texts(turn)]


def _assistant_texts(turn: Turn) -> Iterable[str]:
    return (h.text for h in turn.request.history if h.role == "assistant")
