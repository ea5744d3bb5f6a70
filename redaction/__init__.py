"""Redaction: PII and secrets out, stable per-thread placeholders in, and back again for the people in the thread.

`Redactor(config, vault_store).redact("mail priya@corp.internal", scope=thread).text` is
"mail <EMAIL_ADDRESS_1>", and `restore("I wrote to <EMAIL_ADDRESS_1>", scope=thread)` gives the address back.
"""

from redaction.config import RedactionConfig
from redaction.redactor import Finding, Redacted, Redactor
from redaction.vault import MemoryVaultStore, VaultStore

__all__ = ["Finding", "MemoryVaultStore", "Redacted", "RedactionConfig", "Redactor", "VaultStore"]
