"""People in Teams: Entra object ids, the display names Teams sends with each activity (they feed redaction, so a
name typed in a message is replaced like Slack's directory names), and groups from the config's `user_groups`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.teams.inbound import TeamsUser
from model.messages import Person
from model.ports import Names

GroupsOf = Callable[[str], frozenset[str]]


class TeamsPeople:
    def __init__(
        self, *, groups_of: GroupsOf, user_groups: Mapping[str, Sequence[str]], names: Names | None = None
    ) -> None:
        self._groups_of = groups_of
        self._user_groups = user_groups
        self._names = names
        self._display: dict[str, str] = {}

    def seen(self, user: TeamsUser) -> Person:
        """The person behind an activity; a new display name goes to the redaction list first."""
        if user.name and self._display.get(user.aad_object_id) != user.name:
            self._display[user.aad_object_id] = user.name
            if self._names is not None:
                self._names.add_names([user.name])
        return self.person(user.aad_object_id)

    def person(self, user_id: str) -> Person:
        return Person(user_id, self._groups_of(user_id), self._display.get(user_id))

    def name_of(self, user_id: str) -> str | None:
        return self._display.get(user_id)

    def members_of(self, group: str) -> list[str]:
        """The Entra object ids the config puts in `group` (who may approve a high-risk action)."""
        return [user for user, groups in self._user_groups.items() if group in groups]
