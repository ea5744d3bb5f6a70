"""ACL rules, written once for both stores: a document without groups is public; otherwise only members see it.

Public documents carry the reserved group `PUBLIC` so that visibility is a single indexed `acl IN (...)` match.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.store.base import Condition

PUBLIC = "__public__"


def stored_groups(acl: Sequence[str]) -> list[str]:
    """The `acl` payload of a document: its groups, or `[PUBLIC]` when it has none."""
    return list(acl) or [PUBLIC]


def shared_with(stored: object) -> tuple[str, ...]:
    """The groups of a stored `acl` payload, without the `PUBLIC` marker: () for a public document."""
    items = stored if isinstance(stored, list | tuple) else []
    return tuple(str(group) for group in items if group and group != PUBLIC)


def visibility(groups: Sequence[str]) -> Condition:
    """Points the asking user may see: public ones and those shared with any of their groups."""
    return Condition("acl", (PUBLIC, *dict.fromkeys(group for group in groups if group and group != PUBLIC)))


def search_conditions(groups: Sequence[str], *, kind: str | None, tags: Sequence[str]) -> list[Condition]:
    """Visibility always, plus the optional kind and tag (any of) filters."""
    conditions = [visibility(groups)]
    if kind:
        conditions.append(Condition("kind", (kind,)))
    if tags:
        conditions.append(Condition("tags", tuple(dict.fromkeys(tags))))
    return conditions
