"""Database-backed store for the redaction layer's encrypted pseudonym vaults."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from store.db import Database
from store.models import PseudonymVault, utcnow


class SqlVaultStore:
    """Implements redaction's VaultStore port. Blobs arrive encrypted; this class never sees clear values."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def load(self, scope: str) -> bytes | None:
        with self._database.transaction() as session:
            return session.scalar(select(PseudonymVault.blob).where(PseudonymVault.scope == scope))

    def save(self, scope: str, blob: bytes, *, replacing: bytes | None = None) -> bool:
        """Compare-and-set: a new scope is inserted (a concurrent insert wins, this one returns False); an existing
        one is updated only while it still holds `replacing`."""
        try:
            with self._database.transaction() as session:
                if replacing is None:
                    session.add(PseudonymVault(scope=scope, blob=blob))
                    session.flush()
                    return True
                result = session.execute(
                    update(PseudonymVault)
                    .where(PseudonymVault.scope == scope, PseudonymVault.blob == replacing)
                    .values(blob=blob, updated_at=utcnow())
                    .execution_options(synchronize_session=False)
                )
                return bool(result.rowcount == 1)  # type: ignore[attr-defined]
        except IntegrityError:
            return False
