"""Which folder the embedded index is served from: `<collection>` until a rebuild beside it switches a pointer.

A rebuild writes a whole new folder (`<collection>.g<n>`) while the old one keeps answering, then replaces the
pointer file `<collection>.current` in one rename; a crash before the rename leaves the old folder served and the
half-built one is removed by the next rebuild.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from knowledge.config import KnowledgeConfig

POINTER_SUFFIX = ".current"
GENERATION_MARK = ".g"


def served_folder(config: KnowledgeConfig) -> Path:
    """The folder the embedded index is read from and written to."""
    pointer = _pointer(config)
    name = pointer.read_text(encoding="utf-8").strip() if pointer.exists() else ""
    return config.qdrant_path / (name or config.collection)


def new_folder(config: KnowledgeConfig) -> Path:
    """A fresh folder for a rebuild, after removing what earlier interrupted rebuilds left behind."""
    served = served_folder(config)
    for leftover in config.qdrant_path.glob(f"{config.collection}{GENERATION_MARK}*"):
        if leftover.is_dir() and leftover != served:
            shutil.rmtree(leftover, ignore_errors=True)
    return config.qdrant_path / f"{config.collection}{GENERATION_MARK}{time.time_ns()}"


def switch_to(config: KnowledgeConfig, folder: Path) -> None:
    """Serve `folder` from now on (and after a restart): one atomic rename of the pointer file."""
    pointer = _pointer(config)
    staged = pointer.with_name(pointer.name + ".tmp")
    staged.write_text(folder.name, encoding="utf-8")
    os.replace(staged, pointer)


def _pointer(config: KnowledgeConfig) -> Path:
    return config.qdrant_path / f"{config.collection}{POINTER_SUFFIX}"
