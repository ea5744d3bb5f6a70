"""Find the files to ingest under the given paths and decide how each is read (see safety.py for what is refused)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.documents import Kind, Origin
from knowledge.sources.runbooks import RUNBOOK_SUFFIXES
from knowledge.sources.safety import PROTECTED, folder_refusal, protected_folders, refusal
from knowledge.sources.tickets import TICKET_SUFFIXES


@dataclass(frozen=True)
class SourceFile:
    """A file to read (its real location), with the origin its documents will carry."""

    path: Path
    origin: Origin


@dataclass(frozen=True)
class Scope:
    """What --prune may consider: everything under a walked folder, or the one file given directly."""

    root: str
    file: str | None = None


@dataclass(frozen=True)
class Discovery:
    """The files found, the scopes that were fully walked, the paths that could not be used (missing), and the
    entries skipped on purpose (unsafe or unreadable), each with its reason."""

    files: list[SourceFile]
    scopes: list[Scope]
    problems: list[tuple[str, str]]
    skipped: list[tuple[str, str]]


def kind_of(path: Path) -> Kind | None:
    """`ticket` for exports, `runbook` for documents, None for anything else."""
    suffix = path.suffix.lower()
    if suffix in TICKET_SUFFIXES:
        return "ticket"
    return "runbook" if suffix in RUNBOOK_SUFFIXES else None


def discover(paths: Sequence[Path], *, kind: Kind | None = None, protected: Sequence[Path] = ()) -> Discovery:
    """Walk folders (hidden entries skipped, symlinked folders not followed) and accept files given directly;
    nothing inside a `protected` folder (Opsbot's home) is ever taken."""
    found = Discovery(files=[], scopes=[], problems=[], skipped=[])
    never = protected_folders(protected)
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            if root in never:
                found.skipped.append((str(path), PROTECTED))
                continue
            found.scopes.append(Scope(str(root)))
            # A folder kept inside the home (e.g. $OPSBOT_HOME/kb) may be ingested when named; the home's own
            # files stay out because links leaving the folder are refused anyway.
            _walk(found, root, kind, [folder for folder in never if not root.is_relative_to(folder)])
        elif path.exists() or path.is_symlink():
            _add_file(found, path.absolute(), kind, never)
        else:
            found.problems.append((str(path), "no such file or directory"))
    return found


def _add_file(found: Discovery, path: Path, kind: Kind | None, never: list[Path]) -> None:
    reason = refusal(path, path.parent.resolve(), never)
    real = path.resolve()
    file_kind = kind_of(real)
    if reason is not None:
        found.skipped.append((str(path), reason))
    elif file_kind is None:
        found.problems.append((str(path), "unsupported file type"))
    elif kind in (None, file_kind):
        found.scopes.append(Scope(str(real.parent), real.name))
        found.files.append(SourceFile(real, Origin(file_kind, str(real.parent), real.name)))


def _walk(found: Discovery, root: Path, kind: Kind | None, never: list[Path]) -> None:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _may_enter(found, here / d, root, never))
        for name in sorted(files):
            path, relative = here / name, (here / name).relative_to(root).as_posix()
            file_kind = kind_of(path.resolve())  # the real file's type, not the link's name
            if name.startswith(".") or (file_kind is None and not path.is_symlink()):
                continue
            reason = refusal(path, root, never)
            if reason is not None:
                found.skipped.append((relative, reason))
            elif file_kind is not None and kind in (None, file_kind):
                found.files.append(SourceFile(path.resolve(), Origin(file_kind, str(root), relative)))


def _may_enter(found: Discovery, folder: Path, root: Path, never: list[Path]) -> bool:
    reason = folder_refusal(folder, root, never)
    if reason is not None:
        found.skipped.append((folder.relative_to(root).as_posix() + "/", reason))
        return False
    return not folder.is_symlink()  # a symlinked folder inside the tree: its target is walked on its own
