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
from collections.abc import Callable
from typing import Protocol, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr

from redaction.pseudonyms import Pseudonyms

log = logging.getLogger(__name__)

_SALT = b"opsbot-redaction-vault-v1"
_STRIPES = 64
_ATTEMPTS = 20
T = TypeVar("T")


class VaultStore(Protocol):
    """Where encrypted vault blobs live, one per scope (conversation thread)."""

    def load(self, scope: str) -> bytes | None: ...

    def save(self, scope: str, blob: bytes, *, replacing: bytes | None = None) -> bool:
        """Store `blob` if the scope still holds `replacing` (None: if it holds nothing); False if it changed.

        Several processes (HTTP replicas) may redact in one thread at once: compare-and-set keeps one from
        overwriting the other's new placeholders, which would restore a value to the wrong placeholder."""
        ...


class VaultConflictError(RuntimeError):
    """A vault kept changing under us (never expected outside a storm of writers to one thread)."""


class MemoryVaultStore:
    """A VaultStore in a dict: for the CLI and for tests."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load(self, scope: str) -> bytes | None:
        return self._blobs.get(scope)

    def save(self, scope: str, blob: bytes, *, replacing: bytes | None = None) -> bool:
        with self._lock:
            if self._blobs.get(scope) != replacing:
                return False
            self._blobs[scope] = blob
            return True


def fernet_for(key: SecretStr | None, previous: SecretStr | None = None) -> Fernet | MultiFernet:
    """A Fernet from the configured key or passphrase; a random one when none is configured.

    With a previous key (a rotation), vaults are written with the new key and opened with either, so threads keep
    their placeholders; every vault written since uses the new key, and after the retention period none needs the
    old one."""
    if key is None:
        return Fernet(Fernet.generate_key())
    current = Fernet(_derive(key.get_secret_value()))
    if previous is None:
        return current
    return MultiFernet([current, Fernet(_derive(previous.get_secret_value()))])


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

    def __init__(self, store: VaultStore, fernet: Fernet | MultiFernet, retention_seconds: int) -> None:
        self._store = store
        self._fernet = fernet
        self._ttl = retention_seconds
        self._locks = [threading.Lock() for _ in range(_STRIPES)]

    def update(self, scope: str, change: Callable[[Pseudonyms], T]) -> T:
        """`change(pseudonyms)` on the scope's current vault, saved if it changed. If another process saved the
        vault meanwhile, `change` runs again on the new one, so both processes' placeholders survive."""
        with self._locks[hash(scope) % _STRIPES]:
            for _ in range(_ATTEMPTS):
                blob = self._store.load(scope)
                pseudonyms = self._open(blob)
                result = change(pseudonyms)
                if not pseudonyms.changed:
                    return result
                if self._store.save(scope, self._fernet.encrypt(pseudonyms.to_json()), replacing=blob):
                    return result
        raise VaultConflictError(f"the pseudonym vault kept changing during {_ATTEMPTS} attempts")

    def read(self, scope: str) -> Pseudonyms:
        return self._open(self._store.load(scope))

    def _open(self, blob: bytes | None) -> Pseudonyms:
        if blob is None:
            return Pseudonyms()
        try:
            return Pseudonyms.from_json(self._fernet.decrypt(blob, ttl=self._ttl))
        except InvalidToken:
            log.warning("pseudonym vault unreadable (expired or other key); starting a new one")
            return Pseudonyms()
