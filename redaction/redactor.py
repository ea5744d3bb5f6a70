"""The Redactor port: redact before anything leaves the process, restore for the people in the thread."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer

from redaction.config import RedactionConfig
from redaction.detection import Detector, Span
from redaction.engine import SharedAnalyzer, analyzer, pattern_analyzer
from redaction.entities import SECRET_PLACEHOLDER, is_secret
from redaction.names import NameList, NameListRecognizer, read_names_file
from redaction.placeholders import neutralise, substitute
from redaction.pseudonyms import Pseudonyms
from redaction.recognizers import RegexRecognizer, custom_rules
from redaction.vault import MemoryVaultStore, Vaults, VaultStore, fernet_for

_DAY = 86_400


@dataclass(frozen=True)
class Finding:
    """One detected value: its type, offsets into the original text, and the recognizer's confidence."""

    type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Redacted:
    text: str
    findings: list[Finding]


class Redactor:
    """Replaces PII with per-thread placeholders and secrets with <SECRET>. Cheap to build: the model is shared."""

    def __init__(self, config: RedactionConfig, vault_store: VaultStore | None = None) -> None:
        if vault_store is not None and config.vault_key is None:
            raise ValueError("a vault store needs vault_key: without it the vault could not be read after a restart")
        self._names = NameList([*config.names, *read_names_file(config.names_file)], config.allow_list)
        extra = [NameListRecognizer(self._names), RegexRecognizer(custom_rules(config.custom_patterns), "Custom")]
        self._full = _detector(analyzer(config.spacy_model), config, extra)
        self._fast = _detector(pattern_analyzer(), config, extra)
        self._vaults = Vaults(
            vault_store or MemoryVaultStore(),
            fernet_for(config.vault_key, config.vault_previous_key),
            config.retention_days * _DAY,
        )

    def redact(self, text: str, *, scope: str | None = None) -> Redacted:
        """Redacted text, and findings with offsets into `text`. With a scope, placeholders are stable across calls."""
        safe = neutralise(text)
        spans = self._full.find(safe)
        if scope is None or all(is_secret(span.entity) for span in spans):
            redacted = _replace(safe, spans, Pseudonyms())
        else:
            redacted = self._vaults.update(scope, lambda pseudonyms: _replace(safe, spans, pseudonyms))
        findings = [Finding(s.entity, s.start, s.end, round(s.score, 4)) for s in spans]
        return Redacted(redacted, findings)

    def redact_inert(self, text: str) -> str:
        """Redacted text for stored knowledge: its placeholders belong to no thread, so they never restore."""
        return neutralise(self.redact(text).text)

    def restore(self, text: str, *, scope: str) -> str:
        """Real values for this scope's placeholders; unknown ones, <SECRET> and typed ones stay as they are."""
        pseudonyms = self._vaults.read(scope)
        return substitute(text, pseudonyms.value_of)

    def add_names(self, names: Iterable[str]) -> None:
        """Extend the PERSON deny-list (the chat platform's user directory calls this)."""
        self._names.add(names)

    def scrub(self, text: str) -> str:
        """Irreversible and fast (no model, no vault): for log and trace safety nets."""
        safe = neutralise(text)
        spans = self._fast.find(safe)
        return _splice(safe, spans, [SECRET_PLACEHOLDER if is_secret(s.entity) else f"<{s.entity}>" for s in spans])


def _detector(engine: SharedAnalyzer, config: RedactionConfig, extra: Sequence[EntityRecognizer]) -> Detector:
    return Detector(
        engine,
        entities=[*config.entities, *config.custom_patterns],
        threshold=config.score_threshold,
        allow_list=config.allow_list,
        extra=extra,
    )


def _replace(text: str, spans: list[Span], pseudonyms: Pseudonyms) -> str:
    return _splice(text, spans, [_placeholder(text, span, pseudonyms) for span in spans])


def _placeholder(text: str, span: Span, pseudonyms: Pseudonyms) -> str:
    if is_secret(span.entity):
        return SECRET_PLACEHOLDER
    return pseudonyms.placeholder_for(span.entity, text[span.start : span.end])


def _splice(text: str, spans: list[Span], replacements: list[str]) -> str:
    parts: list[str] = []
    last = 0
    for span, replacement in zip(spans, replacements, strict=True):
        parts += [text[last : span.start], replacement]
        last = span.end
    parts.append(text[last:])
    return "".join(parts)
