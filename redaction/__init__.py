"""Redaction: PII and secrets out, stable per-thread placeholders in, and back again for the people in the thread.

`Redactor(config, vault_store).redact("mail priya@corp.internal", scope=thread).text` is
"mail <EMAIL_ADDRESS_1>", and `restore("I wrote to <EMAIL_ADDRESS_1>", scope=thread)` gives the address back.
"""

import os

# Presidio imports tldextract, which builds its default extractor at import time and would fetch the public suffix
# list on first use. Nothing may be downloaded at run time: disable it before any submodule imports Presidio.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

from redaction.config import RedactionConfig
from redaction.redactor import Finding, Redacted, Redactor
from redaction.vault import MemoryVaultStore, VaultStore

__all__ = ["Finding", "MemoryVaultStore", "Redacted", "RedactionConfig", "Redactor", "VaultStore"]
