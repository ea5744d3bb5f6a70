"""Encrypted storage of each conversation's pseudonyms.

The store only ever sees Fernet tokens. The key comes from settings (`vault_key`): a Fernet key is used as is,
any other passphrase is stretched with scrypt. Without a key the Redactor keeps vaults in memory under a random
key, so nothing outlives the process. Fernet's timestamp enforces the retention limit on read: a vault not
written for `retention_days` opens as empty (the database store also purges it).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr

from redaction.pseudonyms import Pseudonyms

log = logging.getLogger(__name__)

_SALT = b"opsbot-redaction-vault-v1"
_STRIPES = 64


class VaultStore(Protocol):
    """Where encrypted vault blobs live, one per scope (conversation thread)."""

    def load(self, scope: str) -> bytes | None: ...

    def save(self, scope: str, blob: bytes) -> None: ...


class MemoryVaultStore:
    """A VaultStore in a dict: for the CLI and for tests."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}

    def load(self, scope: str) -> bytes | None:
        return self._blobs.get(scope)

    def save(self, scope: str, blob: bytes) -> None:
        self._blobs[scope] = blob


def fernet_for(key: SecretStr | None) -> Fernet:
    """A Fernet from the configured key or passphrase; a random one when none is configured."""
    if key is None:
        return Fernet(Fernet.generate_key())
    return Fernet(_derive(key.get_secret_value()))


@functools.lru_cache(maxsize=8)
def _derive(secret: str) -> bytes:
    if _is_fernet_key(secret):
        return secret.encode()
    stretched = hashlib.scrypt(secret.encode(), salt=_SALT, n=2**14, r=8, p=1, dklen=32)
    return base64.urlsafe_b64encode(stretched)


def _is_fernet_key(secret: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(secret.encode())) == 32 and len(secret) == 44
    except (binascii.Error, ValueError):
        return False


class Vaults:
    """Opens a scope's pseudonyms for update under a lock, and writes them back only if they changed."""

    def __init__(self, store: VaultStore, fernet: Fernet, retention_seconds: int) -> None:
        self._store = store
        self._fernet = fernet
        self._ttl = retention_seconds
        self._locks = [threading.Lock() for _ in range(_STRIPES)]

    @contextmanager
    def updating(self, scope: str) -> Iterator[Pseudonyms]:
        with self._locks[hash(scope) % _STRIPES]:
            pseudonyms = self.read(scope)
            yield pseudonyms
            if pseudonyms.changed:
                self._store.save(scope, self._fernet.encrypt(pseudonyms.to_json()))

    def read(self, scope: str) -> Pseudonyms:
        blob = self._store.load(scope)
        if blob is None:
            return Pseudonyms()
        try:
            return Pseudonyms.from_json(self._fernet.decrypt(blob, ttl=self._ttl))
        except InvalidToken:
            log.warning("pseudonym vault unreadable (expired or other key); starting a new one")
            return Pseudonyms()
