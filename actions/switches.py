"""The runtime kill switch as the registry reads it: actions switched off with `opsbot actions disable`."""

from __future__ import annotations

from collections.abc import Set

from store.db import Database
from store.kill_switch import switched_off


class DatabaseSwitches:
    """Reads the switched-off set from the database on every call, so every process sees a change at once."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def __call__(self) -> Set[str]:
        with self._database.transaction() as session:
            return switched_off(session)
