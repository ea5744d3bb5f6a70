"""Who is who: Slack user -> Opsbot groups (Slack user groups, the config's user_groups, default_groups), and the
workspace's names for the redactor. Loaded at start and refreshed periodically; reads never call Slack.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.client import SLACK_ERRORS, error_code
from model.messages import Person
from model.ports import Names

log = logging.getLogger(__name__)
PAGE = 200


class Directory:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        user_groups: Mapping[str, Sequence[str]],
        default_groups: Sequence[str],
        names: Names | None = None,
    ) -> None:
        self._client = client
        self._configured = {user: frozenset(groups) for user, groups in user_groups.items()}
        self._default = frozenset(default_groups)
        self._names = names
        self._slack_groups: dict[str, frozenset[str]] = {}
        self._display: dict[str, str] = {}

    def groups_of(self, user_id: str) -> frozenset[str]:
        """The user's groups now: default groups, the config's mapping, and their Slack user group handles."""
        return self._default | self._configured.get(user_id, frozenset()) | self._slack_groups.get(user_id, frozenset())

    def person(self, user_id: str) -> Person:
        return Person(user_id, self.groups_of(user_id), self._display.get(user_id))

    def name_of(self, user_id: str) -> str | None:
        """The name the workspace shows for the user, if the directory has them."""
        return self._display.get(user_id)

    async def refresh(self) -> None:
        """Reload user groups and names from Slack; on failure keep what we had (config groups always apply)."""
        try:
            self._slack_groups = await self._load_groups()
        except SLACK_ERRORS as exc:
            log.warning("slack user groups not loaded (%s); config groups still apply", error_code(exc))
        try:
            people = await self._load_people()
        except SLACK_ERRORS as exc:
            log.warning("slack directory not loaded (%s)", error_code(exc))
            return
        self._display = {m["id"]: _display_name(m) for m in people if _display_name(m)}
        if self._names is not None:
            await asyncio.to_thread(self._names.add_names, [name for m in people for name in _names_of(m)])
        log.info("slack directory loaded: %d people, %d in user groups", len(people), len(self._slack_groups))

    async def _load_groups(self) -> dict[str, frozenset[str]]:
        response = await self._client.usergroups_list(include_users=True)
        members: dict[str, set[str]] = {}
        for group in response.get("usergroups") or []:
            users = group.get("users")
            if users is None:
                listed = await self._client.usergroups_users_list(usergroup=group["id"])
                users = listed.get("users") or []
            for user in users:
                members.setdefault(user, set()).add(group.get("handle") or group["id"])
        return {user: frozenset(groups) for user, groups in members.items()}

    async def _load_people(self) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = []
        cursor = None
        while True:
            response = await self._client.users_list(limit=PAGE, cursor=cursor)
            people += [m for m in response.get("members") or [] if _is_person(m)]
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return people


def _is_person(member: Mapping[str, Any]) -> bool:
    return not (member.get("is_bot") or member.get("deleted") or member.get("id") == "USLACKBOT")


def _names_of(member: Mapping[str, Any]) -> list[str]:
    profile = member.get("profile") or {}
    found = [member.get("real_name"), profile.get("real_name"), profile.get("display_name")]
    return sorted({name.strip() for name in found if isinstance(name, str) and name.strip()})


def _display_name(member: Mapping[str, Any]) -> str:
    profile = member.get("profile") or {}
    return str(profile.get("display_name") or member.get("real_name") or "")
