"""A thread -> one search query, without an LLM: "how do I fix it?" after "VPN drops every 5 minutes" must search
for the VPN, not for "fix".

`search_query(question, earlier)` keeps a question that stands on its own as it is, and otherwise adds the user's
earlier messages it leans on (the most recent first, a bounded number of words). A question leans on the thread when
it opens like a follow-up ("and ...", "what about ...", "same ..."), or when it is short and points back ("it",
"that", "those") or names almost nothing. The agent layer calls it in offline mode and wherever no LLM rewrites the
query; tuned on the held-in follow-ups of evals/data/retrieval_*.yaml only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def _words(text: str) -> list[str]:
    return text.split()


MAX_CONTEXT_WORDS = 40  # of earlier messages added; more drowns the question itself
MAX_EARLIER = 2  # messages looked back at
SHORT = 6  # content words: a question this short that points back is a follow-up
_WORD = re.compile(r"[a-z0-9][a-z0-9_./:-]*", re.IGNORECASE)
_OPENERS = ("and ", "and,", "what about", "how about", "same ", "also ", "ok ", "okay ", "then ", "but ", "what if")
_POINTERS = frozenset(_words("it its it's that this these those them they there one ones same such"))
_FILLER = frozenset(
    _words(
        """a an the i we you my our me us do does did is are was were be been am can could should would will to of in
        on for at by with from how what why when where who which whom now then else still again just so if or any
        anything something get got fix fixed happen happens mean means need please thanks ok okay yes no not sure
        next done work works working"""
    )
)


def search_query(question: str, earlier: Sequence[str] = ()) -> str:
    """The query to search with: the question, plus the earlier turns it depends on (oldest first in `earlier`)."""
    question = question.strip()
    if not earlier or stands_alone(question):
        return question
    context = _recent_words(earlier)
    return f"{question} {context}" if context else question


def stands_alone(question: str) -> bool:
    """False when the question only makes sense with the thread before it."""
    lowered = question.lower().lstrip()
    if lowered.startswith(_OPENERS):
        return False
    words = [w.lower() for w in _WORD.findall(question)]
    content = [w for w in words if w not in _FILLER and w not in _POINTERS]
    points_back = any(w in _POINTERS for w in words)
    return len(content) >= (SHORT if points_back else 3)


def _recent_words(earlier: Sequence[str]) -> str:
    """Words of the last MAX_EARLIER messages, most recent first, at most MAX_CONTEXT_WORDS."""
    words: list[str] = []
    for message in reversed(earlier[-MAX_EARLIER:]):
        words.extend(message.split())
    return " ".join(words[:MAX_CONTEXT_WORDS])
