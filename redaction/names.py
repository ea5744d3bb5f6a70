"""The PERSON deny-list: names from the chat platform's user directory and from a file, matched without NER.

Full names match in any case ("priya natarajan"). Single words (a first or last name on its own) match
capitalised, or in lower case when the word is not also an ordinary English word: "ping priya" is a name,
"mark the alert" is not. A word on the allow-list (Jenkins) never matches on its own.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s\Z")
_SENTENCE_END = re.compile(r"(?:^|[.!?:]\s+|\n\s*)\Z")

# First and last names that are also everyday words: they match only capitalised and not at a sentence start.
_COMMON_WORDS = """
    amber angel april art august autumn baker banks bill bishop black bond brown buck bush case cash chance chase
    cook cooper crystal dale dawn dean drake dusty faith field forest fox frank gene glen grace grant gray green grey
    guy hall hardy heath hill holly honey hope hunter iris ivy jack jade joy june king kit lance lane lark lily long
    major mark mason max may mercy miles miller nick noble norm page park parker pat penny price rain ray reed rich
    river robin rock rose ruby rusty sage sandy sky spring sterling stone storm summer sunny tanner true violet wade
    walker ward white will win wise wolf wood young
"""
COMMON_NAMES = frozenset(_COMMON_WORDS.split())


def read_names_file(path: Path | None) -> list[str]:
    """Names from a UTF-8 file, one per line; blank lines and # comments are skipped."""
    if path is None:
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class NameList:
    """A set of known names, safe to extend from another thread while messages are being redacted."""

    def __init__(self, names: Iterable[str], allow_list: Iterable[str]) -> None:
        self._allowed = frozenset(word.casefold() for word in allow_list)
        self._lock = threading.Lock()
        self._full: frozenset[str] = frozenset()
        self._single: frozenset[str] = frozenset()
        self._longest = 1
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        full, single = set(self._full), set(self._single)
        for name in names:
            words = [w.casefold() for w in _WORD.findall(name)]
            if len(words) > 1:
                full.add(" ".join(words))
            single.update(w for w in words if len(w) > 1 and w not in self._allowed and w not in STOP_WORDS)
        with self._lock:
            self._full, self._single = frozenset(full), frozenset(single)
            self._longest = max([self._longest, *(key.count(" ") + 1 for key in full)])

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of known names, longest match first, never overlapping."""
        words = list(_WORD.finditer(text))
        spans: list[tuple[int, int]] = []
        index = 0
        while index < len(words):
            length = self._match_at(text, words, index)
            if length:
                spans.append((words[index].start(), words[index + length - 1].end()))
            index += max(length, 1)
        return spans

    def _match_at(self, text: str, words: list[re.Match[str]], index: int) -> int:
        for length in range(min(self._longest, len(words) - index), 1, -1):
            run = words[index : index + length]
            if _adjacent(text, run) and " ".join(_key(w) for w in run) in self._full:
                return length
        return 1 if self._single_match(text, words[index]) else 0

    def _single_match(self, text: str, word: re.Match[str]) -> bool:
        key = _key(word)
        if key not in self._single:
            return False
        if word.group()[0].isupper():
            return key not in COMMON_NAMES or not _SENTENCE_END.search(text[: word.start()])
        return key not in COMMON_NAMES and len(key) > 2


def _key(word: re.Match[str]) -> str:
    """The word as the list holds it: case-folded, a possessive 's dropped ("Thabo's mobile")."""
    return _POSSESSIVE.sub("", word.group().casefold())


def _adjacent(text: str, run: list[re.Match[str]]) -> bool:
    return all(text[a.end() : b.start()].isspace() for a, b in itertools.pairwise(run))


class NameListRecognizer(LocalRecognizer):
    """Presents the name list to Presidio as a PERSON recognizer (score 1.0: these are known people)."""

    def __init__(self, names: NameList) -> None:
        self.names = names
        super().__init__(supported_entities=["PERSON"], name="NameListRecognizer", supported_language="en")

    def load(self) -> None:
        """Nothing to load: the list is in memory."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "PERSON" not in entities:
            return []
        return [RecognizerResult("PERSON", start, end, 1.0) for start, end in self.names.find(text)]
