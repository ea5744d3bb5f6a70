"""The entity types Opsbot redacts, and which of them are secrets (removed for good, never stored)."""

from __future__ import annotations

PII_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "US_SSN",
    "IBAN_CODE",
    "IP_ADDRESS",
)

SECRET_ENTITIES: tuple[str, ...] = (
    "SLACK_TOKEN",
    "GITHUB_TOKEN",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_KEY",
    "JWT",
    "PRIVATE_KEY",
    "BEARER_TOKEN",
    "PASSWORD",
    "CONNECTION_STRING",
    "API_KEY",
)

SECRET_PLACEHOLDER = "<SECRET>"  # noqa: S105 (the placeholder, not a password)

# Entities the NER model finds; everything else comes from patterns, checksums and lists.
NER_ENTITIES: frozenset[str] = frozenset({"PERSON"})


def is_secret(entity: str) -> bool:
    """Secrets are replaced by <SECRET> and never enter a vault."""
    return entity in SECRET_ENTITIES


def rank(entity: str) -> int:
    """Which type wins when two findings overlap: secrets, then structured values, then names."""
    if is_secret(entity):
        return 3
    if entity in NER_ENTITIES:
        return 1
    return 2
