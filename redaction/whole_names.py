"""Whole names: a person is one span, honorific, initials and every part of the name included.

"Jane Doe jane@corp" is one name and one address, never "<PERSON_1> Doe"; "Dr. Amaka Obi", "R.S. Iyer", "Kwame A.
Mensah" and "Jan van der Berg" are one placeholder each. A span the model or a context rule found is cut down to the
words that can be part of a name: "Reset MFA", "Push", "Git" and "Kafka Connect" hold none (vocabulary.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from redaction.name_context import HONORIFIC
from redaction.names import COMMON_NAMES
from redaction.vocabulary import is_ordinary

if TYPE_CHECKING:
    from redaction.detection import Span

TRIM = " \t\r\n.,;:!?\"'()[]{}<>‹›*_`~—–-"
_CODE = frozenset("@/\\_=#:<>‹›|0123456789")
_WORD = re.compile(r"\S+")
_DOTTED = re.compile(r"[a-z]\.[A-Za-z]")  # auth.postgresPassword, pg-main.prod: code, not initials (R.S.)
_PARTICLE = r"(?:van|von|der|den|de|da|di|du|del|della|dos|das|le|la|bin|binti|al|el|ibn|ter|ten|zu)"
_BEFORE = re.compile(rf"(?:\b{HONORIFIC}|\b[A-Z]\.|(?<![\w.])(?P<word>[A-Z][\w'’-]+))[ \t]*\Z")
_AFTER = re.compile(rf"\A(?:[ \t]*\b[A-Z]\.)+|\A[ \t]+(?:{_PARTICLE}[ \t]+)*(?P<word>[A-Z][\w'’-]+)")
_POSSESSIVE = re.compile(r"['’]s?\Z")
# Surname first: "Doe, Jane" (the word before the comma joins a one-word name after it).
_SURNAME_FIRST = re.compile(r"(?<![\w.])(?P<word>[A-Z][\w'’-]+),[ \t]*\Z")
# The words just before an address, in any case: "jane doe jane@corp", "j doe <jdoe@corp>".
_BEFORE_ADDRESS = re.compile(r"(?P<words>(?:[^\W\d_][\w'’-]*\.?[ \t]+){1,3})[(<\[ \t,:]*\Z")
_LOCAL_PARTS = re.compile(r"[^\W\d_]+")
# A span with one of these names a company or a street, not a person ("Rapid Cycle Solutions", "Crown St").
_NOT_A_PERSON = frozenset({
    "inc", "ltd", "llc", "gmbh", "corp", "corporation", "co", "ag", "sa", "bv", "plc", "limited", "solutions",
    "group", "holdings", "insurance", "bank", "technologies", "systems", "labs", "partners", "associates",
    "st", "str", "rd", "ave", "blvd", "apt", "suite", "street", "streets", "road", "avenue", "boulevard", "square",
    "plaza", "lane", "way", "drive", "court", "crossroad", "gateway", "rue", "via", "calle", "strasse", "straße",
})  # fmt: skip
# A number next to it: "74 Diakou Street", "Dalbraut 99" are addresses.
_NUMBER_BEFORE = re.compile(r"\d[\w/-]*[ \t,]*\Z")
_NUMBER_AFTER = re.compile(r"\A[ \t,]*\d")


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word.strip(TRIM))


def _code(word: str) -> bool:
    return bool(_CODE.intersection(word)) or _DOTTED.search(word) is not None


def _acronym(word: str) -> bool:
    """MFA, SSO, PRIVATE-TOKEN: upper-case letters only (names are not written in capitals here)."""
    letters = word.replace("-", "").replace("_", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


class NameShape:
    """What a name may be made of, given the allow-list of tool names and the model's dictionary."""

    def __init__(self, allowed: frozenset[str], dictionary: frozenset[str] = frozenset()) -> None:
        self._allowed = allowed
        self._dictionary = dictionary

    def _not_a_name(self, word: str) -> bool:
        """A tool, an acronym, an ordinary word of ops text or a function word: never a name on its own."""
        return word.casefold() in self._allowed or _acronym(word) or is_ordinary(word) or not word

    def name_word(self, word: str) -> bool:
        """A capitalised word that can only be a name here (Okafor, Luísa; not Rollback, MFA, Jenkins)."""
        bare = _bare(word)
        return bool(bare) and bare[0].isupper() and not _code(bare) and not self._not_a_name(bare)

    def pieces(self, text: str, start: int, end: int, *, by_model: bool) -> Iterator[tuple[int, int]]:
        """The parts of a found span that can be a name: cut at code words (an e-mail address), with leading
        verbs and acronyms and trailing function words trimmed; none at all if no word is a name's."""
        run: list[re.Match[str]] = []
        for word in [*_WORD.finditer(text, start, end), None]:
            if word is not None and not _code(_bare(word.group())):
                run.append(word)
                continue
            yield from self._piece(text, run, by_model=by_model)
            run = []

    def _piece(self, text: str, run: list[re.Match[str]], *, by_model: bool) -> Iterator[tuple[int, int]]:
        words = [_bare(w.group()) for w in run]
        first, last = 0, len(run)
        while first < last and self._not_a_name(words[first]) and words[first].casefold() not in COMMON_NAMES:
            first += 1
        while last > first and (_acronym(words[last - 1]) or words[last - 1].casefold() in STOP_WORDS):
            last -= 1
        kept = words[first:last]
        if _NOT_A_PERSON.intersection(w.casefold() for w in words):
            return
        if not any(not self._not_a_name(w) for w in kept) or (by_model and not self._model_name(kept)):
            return
        yield trim(text, run[first].start(), run[last - 1].end())

    def pair(self, text: str, start: int, end: int) -> bool:
        """Two words that can only be a name: no ordinary word, tool or dictionary word ("Czech Republic"), no
        company or street word, no house number next to them."""
        words = text[start:end].split()
        if _NOT_A_PERSON.intersection(w.casefold() for w in words) or _NUMBER_AFTER.match(text[end:]):
            return False
        names = all(self.name_word(w) and w.casefold() not in self._dictionary for w in words)
        return names and not _NUMBER_BEFORE.search(text, 0, start)

    def _model_name(self, words: list[str]) -> bool:
        """The NER model's one-word "names" that are dictionary words ('Push sent!', "Rollback not needed",
        "the Price API") are capitalised words, not people; nor is anything in lower case."""
        lone_word = len(words) == 1 and words[0].casefold() in self._dictionary
        return not lone_word and not " ".join(words).islower()

    def complete(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """Every PERSON span grown over its honorific, initials and neighbouring name words; neighbours joined; the
        name in front of an e-mail address found in any case ("jane doe jane@corp")."""
        grown = [self._grow(text, s) if s.entity == "PERSON" else s for s in spans]
        owners = [self._grow(text, owner) for owner in self._owners(text, grown)]
        grown = sorted([*grown, *owners], key=lambda span: (span.start, -span.end))
        joined: list[Span] = []
        for span in grown:
            previous = joined[-1] if joined else None
            if previous and span.entity == previous.entity == "PERSON" and _blank(text, previous.end, span.start):
                joined[-1] = replace(previous, end=span.end, score=max(previous.score, span.score))
            else:
                joined.append(span)
        return joined

    def _owners(self, text: str, spans: Sequence[Span]) -> Iterator[Span]:
        """The owner's name written just before an address, whatever its case: its words are parts of the address
        ("jane doe jane@corp", "Doe Jane jdoe@corp"), or follow a part that is (a surname after "jane")."""
        for span in spans:
            if span.entity != "EMAIL_ADDRESS" or not (match := _BEFORE_ADDRESS.search(text, 0, span.start)):
                continue
            local = text[span.start : span.end].split("@", 1)[0].casefold()
            parts = list(_WORD.finditer(text, match.start("words"), match.end("words")))
            first = next((i for i, w in enumerate(parts) if self._owner_word(_bare(w.group()), local)), None)
            if first is not None and not any(self._not_a_name(_bare(w.group())) for w in parts[first:]):
                start, end = trim(text, parts[first].start(), parts[-1].end())
                yield replace(span, entity="PERSON", start=start, end=end)

    @staticmethod
    def _owner_word(word: str, local: str) -> bool:
        folded = word.casefold()
        pieces = _LOCAL_PARTS.findall(local)
        return len(folded) > 1 and (folded in pieces or any(p.endswith(folded) and len(folded) > 2 for p in pieces))

    def _grow(self, text: str, span: Span) -> Span:
        start, end = span.start, span.end
        if (surname := _SURNAME_FIRST.search(text, 0, start)) and self._fits(surname) and _one_word(text, span):
            start = surname.start()
        while (before := _BEFORE.search(text, 0, start)) and self._fits(before):
            start = before.start()
        while (after := _AFTER.match(text[end:])) and self._fits(after):
            end += after.end()
        return replace(span, start=start, end=end)

    def _fits(self, match: re.Match[str]) -> bool:
        return match.group("word") is None or self.name_word(match.group("word"))


def _one_word(text: str, span: Span) -> bool:
    return len(text[span.start : span.end].split()) == 1


def _blank(text: str, start: int, end: int) -> bool:
    return start <= end and (start == end or text[start:end].isspace()) and "\n" not in text[start:end]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's span without stray punctuation around it or a possessive 's after it."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end
