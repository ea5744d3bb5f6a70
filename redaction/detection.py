"""From text to findings: Presidio's results, cleaned (allow-list, what cannot be a name) and merged.

Overlapping findings merge into one span of the higher-ranked type (secret > structured value > name), so no
fragment of a value is left in clear between two placeholders; a name is grown to the whole name (whole_names.py).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult

from redaction.engine import SharedAnalyzer
from redaction.entities import is_secret, rank
from redaction.whole_names import NameShape, trim

_VERSION_BEFORE = re.compile(r"(?:\bv|\b(?:version|release|build|ver)\s*:?\s*)\Z", re.IGNORECASE)
# Names from these are known people (the directory): they are only grown, never cut down.
_TRUSTED = frozenset({"NameListRecognizer"})
# Findings as doubtful as the NER model's: a lone dictionary word or a lower-case span from these is no name.
_DOUBTFUL = frozenset({"SpacyRecognizer", "WeakNameContextRecognizer"})


@dataclass(frozen=True)
class Span:
    entity: str
    start: int
    end: int
    score: float


class Detector:
    def __init__(
        self,
        engine: SharedAnalyzer,
        *,
        entities: Sequence[str],
        threshold: float,
        allow_list: Sequence[str],
        extra: Sequence[EntityRecognizer] = (),
    ) -> None:
        self._engine = engine
        self._extra = list(extra)
        supported = engine.supported.union(*(r.supported_entities for r in self._extra))
        self._entities = [e for e in dict.fromkeys(entities) if e in supported]
        self._threshold = threshold
        self._allowed = frozenset(word.casefold() for word in allow_list)
        self._names = NameShape(self._allowed, engine.words)

    def find(self, text: str) -> list[Span]:
        """Non-overlapping findings in `text`, ordered by position."""
        if not text.strip() or not self._entities:
            return []
        results = self._engine.analyze(text, self._entities, self._threshold, self._extra)
        spans = [span for result in results for span in self._clean(text, result)]
        return merge(self._names.complete(text, merge(spans)))

    def _clean(self, text: str, result: RecognizerResult) -> list[Span]:
        """The finding, a name cut down to what can be a name, or nothing if it is allowed or implausible."""
        score = float(result.score)
        if result.entity_type == "PERSON":
            if _recognizer(result) in _TRUSTED:
                return [Span("PERSON", *trim(text, result.start, result.end), score)]
            if _recognizer(result) == "NamePairRecognizer":
                pair = self._names.pair(text, result.start, result.end)
                return [Span("PERSON", result.start, result.end, score)] if pair else []
            pieces = self._names.pieces(text, result.start, result.end, by_model=_recognizer(result) in _DOUBTFUL)
            return [Span("PERSON", start, end, score) for start, end in pieces if end > start]
        value = text[result.start : result.end]
        allowed = not is_secret(result.entity_type) and value.casefold() in self._allowed
        if allowed or _bare_number(value, result) or _not_an_address(text, result):
            return []
        return [Span(result.entity_type, result.start, result.end, score)]


def _recognizer(result: RecognizerResult) -> str:
    return str((result.recognition_metadata or {}).get("recognizer_name", ""))


def _bare_number(value: str, result: RecognizerResult) -> bool:
    """Digits without +, spaces or dashes and no context word: in ops chat an epoch, an order or a build number."""
    return (
        result.entity_type == "PHONE_NUMBER"
        and value.isdigit()
        and _recognizer(result) == "PhoneRecognizer"
        and result.score < 0.5
    )


def _not_an_address(text: str, result: RecognizerResult) -> bool:
    """`version 2.4.1.0`, `0.0.0.0`, `127.0.0.1`: shaped like an IP address, but nobody's."""
    if result.entity_type != "IP_ADDRESS":
        return False
    if _VERSION_BEFORE.search(text, 0, result.start):
        return True
    try:
        address = ipaddress.ip_address(text[result.start : result.end].split("/")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def merge(spans: Sequence[Span]) -> list[Span]:
    """Union overlapping spans; the merged span takes the type of its strongest member."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            merged[-1] = _union(merged[-1], span)
        else:
            merged.append(span)
    return merged


def _union(a: Span, b: Span) -> Span:
    winner = max(a, b, key=lambda s: (rank(s.entity), s.score, s.end - s.start))
    return Span(winner.entity, min(a.start, b.start), max(a.end, b.end), winner.score)
