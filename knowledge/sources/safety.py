"""Which files ingestion may read: regular files whose real location stays inside the ingested folder, and never
anything inside Opsbot's own home (the vault key, the database, the index).

A runbooks folder is written by many people: a committed `notes.md -> /home/me/private.txt` or
`key.md -> $OPSBOT_HOME/vault.key` would otherwise be indexed and quoted to anyone who asks. A FIFO or a device
would block or stream forever. Each refusal is reported with its reason, never silently dropped. The file type is
decided by the real file's name, not the link's.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

OUTSIDE = "symbolic link to a file outside the ingested folder: skipped"
HIDDEN = "symbolic link to a hidden file or folder: skipped"
PROTECTED = "inside Opsbot's home folder (OPSBOT_HOME): never ingested"
NOT_REGULAR = "not a regular file (FIFO, device or socket): skipped"
FOLDER_OUTSIDE = "symbolic link to a folder outside the ingested folder: not followed"


def refusal(path: Path, root: Path, protected: Sequence[Path]) -> str | None:
    """Why `path` (found under `root`, both absolute) must not be read, or None when it may."""
    real = path.resolve()
    if _inside_any(real, protected):
        return PROTECTED
    if path.is_symlink():
        if not real.is_relative_to(root):
            return OUTSIDE
        if any(part.startswith(".") for part in real.relative_to(root).parts):
            return HIDDEN
    try:
        mode = os.stat(real).st_mode  # stat only: opening a FIFO would block
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None if stat.S_ISREG(mode) else NOT_REGULAR


def folder_refusal(path: Path, root: Path, protected: Sequence[Path]) -> str | None:
    """Why the walk must not descend into folder `path`, or None (symlinked folders are never followed)."""
    real = path.resolve()
    if _inside_any(real, protected):
        return PROTECTED
    if path.is_symlink() and not real.is_relative_to(root):
        return FOLDER_OUTSIDE
    return None


def protected_folders(homes: Sequence[Path]) -> list[Path]:
    """The folders never ingested, resolved."""
    return [home.expanduser().absolute().resolve() for home in homes]


def _inside_any(real: Path, folders: Sequence[Path]) -> bool:
    return any(real == folder or real.is_relative_to(folder) for folder in folders)
