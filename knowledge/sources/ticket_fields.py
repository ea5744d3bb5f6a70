"""Which export column holds which ticket field: the configured mapping first, then common aliases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.sources.metadata import pick

# Column names seen in common ticket exports (Jira, ServiceNow, Zendesk, plain CSV), tried in order.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ticket_id", "key", "number", "ticket"),
    "title": ("title", "summary", "subject", "short_description"),
    "description": ("description", "details", "body", "problem"),
    "comments": ("comments", "work_notes", "notes"),
    "resolution": ("resolution", "resolution_notes", "close_notes", "solution"),
    "status": ("status", "state"),
    "tags": ("tags", "labels"),
    "created": ("created", "created_at", "opened_at", "opened"),
    "resolved": ("resolved", "resolved_at", "closed_at", "closed"),
    "updated": ("updated", "updated_at"),
    "acl": ("acl", "groups"),
    "url": ("url", "link"),
}


class FieldMap:
    """Reads our ticket fields out of one export record."""

    def __init__(self, configured: Mapping[str, str]) -> None:
        self._columns = {
            name: (configured[name], *aliases) if name in configured else aliases for name, aliases in ALIASES.items()
        }
        for name, column in configured.items():
            self._columns.setdefault(name, (column,))

    def get(self, record: Mapping[str, Any], name: str) -> Any:
        """The value of our field `name` in `record`, or None."""
        return pick(record, *self._columns.get(name, (name,)))
