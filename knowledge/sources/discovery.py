"""Find the files to ingest under the given paths and decide how each is read."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.documents import Kind, Origin
from knowledge.sources.runbooks import RUNBOOK_SUFFIXES
from knowledge.sources.tickets import TICKET_SUFFIXES


@dataclass(frozen=True)
class SourceFile:
    """A file to read, with the origin its documents will carry."""

    path: Path
    origin: Origin


@dataclass(frozen=True)
class Scope:
    """What --prune may consider: everything under a walked folder, or the one file given directly."""

    root: str
    file: str | None = None


@dataclass(frozen=True)
class Discovery:
    """The files found, the scopes that were fully walked, and the paths that could not be used."""

    files: list[SourceFile]
    scopes: list[Scope]
    problems: list[tuple[str, str]]


def kind_of(path: Path) -> Kind | None:
    """`ticket` for exports, `runbook` for documents, None for anything else."""
    suffix = path.suffix.lower()
    if suffix in TICKET_SUFFIXES:
        return "ticket"
    return "runbook" if suffix in RUNBOOK_SUFFIXES else None


def discover(paths: Sequence[Path], *, kind: Kind | None = None) -> Discovery:
    """Walk folders (hidden entries skipped, symlinked folders not followed) and accept files given directly."""
    found = Discovery(files=[], scopes=[], problems=[])
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            found.scopes.append(Scope(str(root)))
            found.files.extend(_walk(root, kind))
        elif path.is_file():
            _add_file(found, path, kind)
        else:
            found.problems.append((str(path), "no such file or directory"))
    return found


def _add_file(found: Discovery, path: Path, kind: Kind | None) -> None:
    file_kind = kind_of(path)
    if file_kind is None:
        found.problems.append((str(path), "unsupported file type"))
    elif kind in (None, file_kind):
        resolved = path.resolve()
        found.scopes.append(Scope(str(resolved.parent), resolved.name))
        found.files.append(SourceFile(resolved, Origin(file_kind, str(resolved.parent), resolved.name)))


def _walk(root: Path, kind: Kind | None) -> Iterator[SourceFile]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            file_kind = kind_of(path)
            if name.startswith(".") or file_kind is None or kind not in (None, file_kind):
                continue
            yield SourceFile(path, Origin(file_kind, str(root), path.relative_to(root).as_posix()))
