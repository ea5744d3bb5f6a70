"""Database-backed store for the redaction layer's encrypted pseudonym vaults."""

from __future__ import annotations

from sqlalchemy import select

from bot.store.db import Database
from bot.store.models import PseudonymVault, utcnow


class SqlVaultStore:
    """Implements redaction's VaultStore port. Blobs arrive encrypted; this class never sees clear values."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def load(self, scope: str) -> bytes | None:
        with self._database.transaction() as session:
            return session.scalar(select(PseudonymVault.blob).where(PseudonymVault.scope == scope))

    def save(self, scope: str, blob: bytes) -> None:
        with self._database.transaction() as session:
            vault = session.get(PseudonymVault, scope)
            if vault is None:
                session.add(PseudonymVault(scope=scope, blob=blob))
            else:
                vault.blob = blob
                vault.updated_at = utcnow()
