"""What `opsbot serve` checks before it starts, so that replicas share state safely or do not start at all.

- The embedded knowledge index (no QDRANT_URL) is one folder that one process may hold: a second `opsbot serve` on
  the same OPSBOT_HOME would start, report healthy and then refuse every question. It stops at once instead (exit
  code 2), saying what to do. The check is a lock of its own (OPSBOT_HOME/serve.lock), so an `opsbot ingest` that
  holds the index for a while does not keep the bot from starting.
- With an external DATABASE_URL the threads are shared by every replica, and so are their pseudonym vaults: a key
  generated into one replica's home would leave the others unable to read them. Serving needs OPSBOT_VAULT_KEY
  then, unless OPSBOT_SINGLE_REPLICA=true says that only one process serves.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from bot.settings import Settings
from model.errors import ConfigError, StartupError

LOCK_FILE = "serve.lock"
HELD = (
    "another `opsbot serve` is running on OPSBOT_HOME={home} and holds its embedded knowledge index. "
    "Give each replica its own OPSBOT_HOME, or point every replica at a Qdrant server with QDRANT_URL "
    "(see docs/deployment.md)."
)
NO_SHARED_KEY = (
    "DATABASE_URL is an external database, which replicas share, so they must share the pseudonym vault key too: "
    "set OPSBOT_VAULT_KEY to the same secret on every replica (e.g. `python -c 'import secrets; "
    "print(secrets.token_urlsafe(32))'`), or set OPSBOT_SINGLE_REPLICA=true if only this process serves "
    "(see docs/deployment.md)."
)


def check_vault_key(settings: Settings) -> None:
    """ConfigError when replicas could each generate their own vault key for a shared database."""
    if settings.uses_embedded_database or settings.vault_key is not None or settings.single_replica:
        return
    raise ConfigError(NO_SHARED_KEY)


@contextmanager
def serving_home(settings: Settings) -> Iterator[None]:
    """Hold OPSBOT_HOME/serve.lock while serving on the embedded index; StartupError if another serve holds it.
    The operating system releases the lock when the process ends, however it ends."""
    if settings.knowledge.qdrant_url:
        yield
        return
    settings.home.mkdir(parents=True, exist_ok=True)
    with (settings.home / LOCK_FILE).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StartupError(HELD.format(home=settings.home)) from None
        yield
