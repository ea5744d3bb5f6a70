"""Ticket exports (JSONL and CSV) -> one `Document` per ticket; a bad record is reported, not fatal."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.documents import Document, Origin
from knowledge.errors import SourceError
from knowledge.sources.files import read_text
from knowledge.sources.metadata import as_list, as_optional_text, as_text, as_timestamp
from knowledge.sources.ticket_fields import FieldMap

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
TICKET_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES
TextFilter = Callable[[str], str]


@dataclass(frozen=True)
class RecordError:
    """A record of an export that could not be read; `location` is `file:line`."""

    location: str
    reason: str


def read_tickets(
    path: Path, origin: Origin, fields: FieldMap, *, text_filter: TextFilter | None, default_acl: tuple[str, ...]
) -> Iterator[Document | RecordError]:
    """Yield each ticket of an export; an unreadable file raises SourceError before anything is yielded."""
    text = read_text(path)
    records = _jsonl_records(text) if path.suffix.lower() in JSONL_SUFFIXES else _csv_records(text)
    for line, record in records:
        location = f"{origin.file}:{line}"
        try:
            yield _ticket(_as_mapping(record), origin, fields, text_filter or _identity, default_acl)
        except SourceError as exc:
            yield RecordError(location, str(exc))
        except Exception as exc:  # e.g. the redaction filter failing on one ticket: skip that ticket only
            yield RecordError(location, f"{type(exc).__name__}: {exc}")


def _jsonl_records(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, SourceError(f"invalid JSON ({exc.msg})")


def _csv_records(text: str) -> Iterator[tuple[int, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield reader.line_num, (SourceError("more values than columns") if None in row else row)
    except csv.Error as exc:
        yield reader.line_num, SourceError(f"invalid CSV ({exc})")


def _as_mapping(record: Any) -> dict[str, Any]:
    if isinstance(record, SourceError):
        raise record
    if not isinstance(record, dict):
        raise SourceError("record is not an object")
    return record


def _ticket(
    record: dict[str, Any], origin: Origin, fields: FieldMap, clean: TextFilter, default_acl: tuple[str, ...]
) -> Document:
    ticket_id = as_text(fields.get(record, "id"))
    if not ticket_id:
        raise SourceError("ticket has no id")
    title = clean(as_text(fields.get(record, "title")))
    return Document(
        origin=origin,
        source=ticket_id,
        title=title or ticket_id,
        body=clean(as_text(fields.get(record, "description"))),
        updated_at=_updated(record, fields),
        acl=as_list(fields.get(record, "acl")) or default_acl,
        tags=as_list(fields.get(record, "tags")),
        url=as_optional_text(fields.get(record, "url")),
        status=as_optional_text(fields.get(record, "status")),
        resolution=clean(as_text(fields.get(record, "resolution"))),
        comments=tuple(clean(body) for body in _comment_bodies(fields.get(record, "comments"))),
    )


def _updated(record: dict[str, Any], fields: FieldMap) -> str | None:
    for name in ("updated", "resolved", "created"):
        if value := as_timestamp(fields.get(record, name)):
            return value
    return None


def _comment_bodies(value: Any) -> list[str]:
    """Comment bodies only: authors are people's names and add nothing to retrieval."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    bodies = (_comment_body(item) for item in items)
    return [body for body in bodies if body]


def _comment_body(item: Any) -> str:
    return as_text(item.get("body") or item.get("text")) if isinstance(item, dict) else as_text(item)


def _identity(text: str) -> str:
    return text
