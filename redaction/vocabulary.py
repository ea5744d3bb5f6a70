"""Ordinary words of ops text: what a capitalised word at a sentence start or in a quote usually is, not a name.

The NER model takes "Push sent!", "Git clones" and "Reset MFA" for people. A word the runbooks use in lower case
(push, git, reset, rollback, token, consumer) is an ordinary word there; a span the model or a context rule found
that holds nothing else is dropped. `ordinary_words.txt` is built from the two public runbook corpora (Apache-2.0):
every lower-case word used at least twice. It holds no first names but those that are also words (grace, mark, will),
which is why a full name with one such word (Grace Okafor) is kept.

Rebuild: `python -m redaction.vocabulary ../shared/corpus > redaction/ordinary_words.txt`.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"(?<![A-Za-z0-9'])[a-z]{2,}(?:'[a-z]+)?(?![A-Za-z0-9])")
_LIST = Path(__file__).with_name("ordinary_words.txt")
# Who a message greets or copies when it is not one person ("thanks all", "cc legal"); calendar words; labels
# of a line ("Pass: ...", "Subject: ...").
_GROUPS = """
    all everyone everybody anyone anybody folks guys team teams y'all people crew gang squad channel here there
    legal security finance support ops sre devops oncall on-call infra platform eng engineering hr it helpdesk noc
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december today tomorrow tonight yesterday morning afternoon evening
    pass passcode passphrase pw pwd creds subject re fwd fyi cookie referer bot
"""
_RUNBOOK_WORDS = frozenset(_LIST.read_text(encoding="utf-8").split())
ORDINARY: frozenset[str] = _RUNBOOK_WORDS | STOP_WORDS | frozenset(_GROUPS.split())


def is_ordinary(word: str) -> bool:
    """An ordinary word of ops text, in any case ("Rollback", "git", "Everyone")."""
    return word.casefold().strip("'’") in ORDINARY


def build(folder: Path, minimum: int = 2) -> list[str]:
    """Lower-case words used at least `minimum` times in the folder's markdown files, sorted."""
    counts: Counter[str] = Counter()
    for path in sorted(folder.rglob("*.md")):
        counts.update(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(word for word, n in counts.items() if n >= minimum)


if __name__ == "__main__":
    print("\n".join(build(Path(sys.argv[1]))))
