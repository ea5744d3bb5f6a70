"""Regular-expression recognizers that Presidio runs alongside its own: e-mail, secrets, custom patterns.

A rule may capture a `value` group, so `password: hunter2` redacts `hunter2` and keeps the word that says what it
was. An optional check rejects matches that only look right (a git remote is not an e-mail address).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts


@dataclass(frozen=True)
class Rule:
    entity: str
    pattern: re.Pattern[str]
    score: float = 1.0
    check: Callable[[str], bool] | None = None

    def find(self, text: str) -> Iterable[tuple[int, int]]:
        group = "value" if "value" in self.pattern.groupindex else 0
        for match in self.pattern.finditer(text):
            start, end = match.span(group)
            if end > start and (self.check is None or self.check(text[start:end])):
                yield start, end


class Finder(Protocol):
    """A rule or anything else that finds spans of one entity type (the secret-phrase scanner)."""

    @property
    def entity(self) -> str: ...

    @property
    def score(self) -> float: ...

    def find(self, text: str) -> Iterable[tuple[int, int]]: ...


class RegexRecognizer(LocalRecognizer):
    """Runs a list of rules; Presidio scores, enhances with context and filters the results like its own."""

    def __init__(self, rules: Iterable[Finder], name: str) -> None:
        self.rules = tuple(rules)
        entities = sorted({rule.entity for rule in self.rules})
        super().__init__(supported_entities=entities, name=name, supported_language="en")

    def load(self) -> None:
        """Nothing to load: the rules are compiled already."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities)
        return [
            RecognizerResult(rule.entity, start, end, rule.score)
            for rule in self.rules
            if rule.entity in wanted
            for start, end in rule.find(text)
        ]


# `git@github.com:org/repo`, `ssh ubuntu@bastion.internal`: logins on machines, not people's mailboxes.
_SYSTEM_ACCOUNTS = frozenset(
    {"git", "root", "ubuntu", "ec2-user", "centos", "debian", "admin", "deploy", "postgres", "core", "opc", "azureuser"}
)


def _not_system_account(value: str) -> bool:
    return value.partition("@")[0].casefold() not in _SYSTEM_ACCOUNTS


EMAIL_RULE = Rule(
    "EMAIL_ADDRESS",
    # Unlike Presidio's recognizer, no public-suffix check: internal domains (corp.internal, .local) count too.
    # After a colon too ("To:ops@corp.local"): in `scheme://user:pass@host` the connection-string secret overlaps
    # it and wins, so the host is not taken for a mailbox.
    re.compile(
        r"(?<![\w.%+'\-#])[\w%+'-]+(?:\.[\w%+'-]+)*"
        r"@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])"
    ),
    check=_not_system_account,
)


def custom_rules(patterns: Mapping[str, str]) -> list[Rule]:
    """Rules for configured patterns such as employee ids (entity name -> regular expression)."""
    return [Rule(entity, re.compile(pattern)) for entity, pattern in patterns.items()]
