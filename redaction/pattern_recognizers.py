"""The recognizers that need no model: Opsbot's rules (secrets, e-mail, names by context) and Presidio's checksums."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UsSsnRecognizer,
)

from redaction.assignments import ASSIGNMENT_RULES
from redaction.context_rules import CONTEXT_RULES
from redaction.credentials import SHAPE_RULES
from redaction.name_context import NAME_PAIR_RULES, NAME_RULES, WEAK_NAME_RULES
from redaction.recognizers import EMAIL_RULE, RegexRecognizer
from redaction.secret_phrases import PHRASE_RULES


class PhoneNumbers(PhoneRecognizer):
    """Presidio's phone recognizer, skipped for text with fewer than seven digits: it is a fifth of the time of a
    message and no phone number has fewer."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if sum(ch.isdigit() for ch in text) < 7:
            return []
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts)  # type: ignore[arg-type]
        return results


def pattern_recognizers() -> list[EntityRecognizer]:
    return [
        RegexRecognizer([EMAIL_RULE], name="EmailRecognizer"),
        RegexRecognizer(SHAPE_RULES, name="SecretRecognizer"),
        RegexRecognizer(ASSIGNMENT_RULES, name="AssignmentRecognizer"),
        RegexRecognizer(PHRASE_RULES, name="SecretPhraseRecognizer"),
        RegexRecognizer(CONTEXT_RULES, name="ContextRecognizer"),
        RegexRecognizer(NAME_RULES, name="NameContextRecognizer"),
        RegexRecognizer(WEAK_NAME_RULES, name="WeakNameContextRecognizer"),
        RegexRecognizer(NAME_PAIR_RULES, name="NamePairRecognizer"),
        PhoneNumbers(name="PhoneRecognizer"),  # the name detection.py checks for bare numbers
        CreditCardRecognizer(),
        UsSsnRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
    ]
