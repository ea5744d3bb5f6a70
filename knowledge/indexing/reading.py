"""Discovered files -> documents, with every problem turned into a reported failure instead of an exception."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from knowledge.documents import Document
from knowledge.errors import KnowledgeError
from knowledge.sources.discovery import SourceFile
from knowledge.sources.runbooks import read_runbook
from knowledge.sources.ticket_fields import FieldMap
from knowledge.sources.tickets import RecordError, read_tickets


@dataclass(frozen=True)
class ReadOptions:
    """How documents are read: ticket column mapping, redaction for ticket text, default ACL groups."""

    fields: FieldMap
    text_filter: Callable[[str], str] | None
    default_acl: tuple[str, ...]


@dataclass(frozen=True)
class Failure:
    """A file or record that produced no document."""

    where: str
    reason: str


def read_documents(file: SourceFile, options: ReadOptions) -> Iterator[Document | Failure]:
    """Every document of a file; nothing raised here can stop the run."""
    try:
        if file.origin.kind == "runbook":
            yield read_runbook(file.path, file.origin, default_acl=options.default_acl)
        else:
            yield from _tickets(file, options)
    except Exception as exc:  # a broken file must never abort ingestion: report it and go on
        yield Failure(file.origin.file, _reason(exc))


def _tickets(file: SourceFile, options: ReadOptions) -> Iterator[Document | Failure]:
    records = read_tickets(
        file.path, file.origin, options.fields, text_filter=options.text_filter, default_acl=options.default_acl
    )
    for item in records:
        yield Failure(item.location, item.reason) if isinstance(item, RecordError) else item


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, KnowledgeError) else f"{type(exc).__name__}: {exc}"
