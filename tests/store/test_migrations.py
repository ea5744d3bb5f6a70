"""Migrations and models agree, so `opsbot db upgrade` builds exactly the schema the code expects."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store.db import Database
from store.models import Base

pytestmark = pytest.mark.db


def test_migrated_schema_matches_the_models(database: Database) -> None:
    """Autogenerate finds nothing to add after upgrading to head, on SQLite and PostgreSQL."""
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_downgrade_then_upgrade_round_trips(tmp_path: object) -> None:
    """The initial migration can be rolled back and re-applied on a fresh SQLite file."""
    from alembic import command

    db = Database(f"sqlite:///{tmp_path}/round.db", embedded=True)
    db.ensure_ready()
    config = db._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert db.current_revision() is None
    db.upgrade()
    assert db.current_revision() == db.head_revision()
