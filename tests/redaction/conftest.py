"""Redaction fixtures: the real spaCy model and Presidio, loaded once for the whole session."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from redaction import MemoryVaultStore, RedactionConfig, Redactor
from tests.redaction.samples import DIRECTORY, KEY


@pytest.fixture(scope="session")
def config() -> RedactionConfig:
    return RedactionConfig(names=DIRECTORY, custom_patterns={"EMPLOYEE_ID": r"\bEMP-\d{5}\b"}, vault_key=SecretStr(KEY))


@pytest.fixture(scope="session")
def redactor(config: RedactionConfig) -> Redactor:
    return Redactor(config)


@pytest.fixture
def store() -> MemoryVaultStore:
    return MemoryVaultStore()


@pytest.fixture
def vaulted(config: RedactionConfig, store: MemoryVaultStore) -> Redactor:
    """A Redactor writing to a store the test can inspect."""
    return Redactor(config, vault_store=store)
