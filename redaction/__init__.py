"""Redaction: PII and secrets out, stable per-thread placeholders in, and back again for the people in the thread.

`Redactor(config, vault_store).redact("mail priya@corp.internal", scope=thread).text` is
"mail <EMAIL_ADDRESS_1>", and `restore("I wrote to <EMAIL_ADDRESS_1>", scope=thread)` gives the address back.

The names below are imported on first use: the redactor (Presidio and spaCy) takes seconds, so code that only needs
the placeholder syntax (`redaction.placeholders`, used by `actions`) or the CLI's argument parsing does not pay.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redaction.config import RedactionConfig
    from redaction.redactor import Finding, Redacted, Redactor
    from redaction.vault import MemoryVaultStore, VaultStore

__all__ = ["Finding", "MemoryVaultStore", "Redacted", "RedactionConfig", "Redactor", "VaultStore"]
_HOMES = {
    "Finding": "redaction.redactor",
    "Redacted": "redaction.redactor",
    "Redactor": "redaction.redactor",
    "RedactionConfig": "redaction.config",
    "MemoryVaultStore": "redaction.vault",
    "VaultStore": "redaction.vault",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'redaction' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
