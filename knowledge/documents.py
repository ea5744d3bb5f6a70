"""What a source becomes before chunking: a `Document` with its identity and metadata."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from typing import Literal

Kind = Literal["runbook", "ticket"]
KINDS: tuple[Kind, ...] = ("runbook", "ticket")

# Bump when chunking or the indexed text changes, so every document is re-indexed on the next ingest.
INDEX_VERSION = "1"
_NAMESPACE = uuid.UUID("5b0f1f0e-6a43-4c1e-9d0e-0b5e2f0a7c11")


@dataclass(frozen=True)
class Origin:
    """Where a document came from: the ingested folder and the file inside it."""

    kind: Kind
    root: str  # absolute folder given to ingest (or the parent of a file given directly)
    file: str  # the file, relative to root, POSIX separators


@dataclass(frozen=True)
class Document:
    """One runbook or one ticket, with everything that is indexed about it."""

    origin: Origin
    source: str  # a runbook's path relative to root, or a ticket's id
    title: str
    body: str  # runbooks: markdown; tickets: the description
    updated_at: str | None = None
    acl: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    url: str | None = None
    status: str | None = None  # tickets only
    resolution: str = ""  # tickets only
    comments: tuple[str, ...] = field(default=())  # tickets only
    updated_from_mtime: bool = False  # then updated_at is left out of the content hash

    @property
    def kind(self) -> Kind:
        """`runbook` or `ticket`."""
        return self.origin.kind

    @property
    def doc_id(self) -> str:
        """Stable across runs: the same kind, folder and source always give the same id."""
        return document_id(self.kind, self.origin.root, self.source)

    def content_hash(self, embedder_id: str) -> str:
        """Changes whenever anything indexed about the document would change."""
        fields = asdict(self)
        if self.updated_from_mtime:
            fields.pop("updated_at")  # touching a file is not a change
        canonical = json.dumps([INDEX_VERSION, embedder_id, fields], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def document_id(kind: str, root: str, source: str) -> str:
    """The UUID of a document, derived from its identity."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}\x00{root}\x00{source}"))


def chunk_id(doc_id: str, content_hash: str, index: int) -> str:
    """A chunk's point id; it includes the content hash so a new version never overwrites the old in place."""
    return str(uuid.uuid5(_NAMESPACE, f"{doc_id}\x00{content_hash}\x00{index}"))
