"""Admin commands in chat, for members of the configured admin group (`OPSBOT_ADMIN_GROUP`):

    /ops admin actions disable NAME | enable NAME     the kill switch, for every process
    /ops admin prompts use VERSION                    pin a system prompt version (rollback without a restart)

Every attempt is audited, refusals included; anyone outside the group is refused and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from actions import ActionRegistry
from model.messages import Person
from store.audit import record_audit
from store.db import Database
from store.kill_switch import record_switch
from store.prompt_pin import pin_prompt

ADMIN = re.compile(r"^\s*/ops\s+admin\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
USAGE = (
    "Admin commands: `/ops admin actions disable NAME`, `/ops admin actions enable NAME`, "
    "`/ops admin prompts use VERSION`."
)
REFUSED = "admin_refused"


def switch_problem(registry: ActionRegistry, name: str, enabled: bool) -> str | None:
    """Why `name` cannot be switched on/off now; None when it can."""
    if registry.get(name) is None:
        closest = registry.closest(name)
        return f"no action called {name!r}" + (f"; did you mean {closest}?" if closest else "")
    if enabled and registry.disabled_in_config(name):
        return f"{name} is switched off in the config file (disabled_actions); remove it there"
    if registry.is_enabled(name) == enabled:
        return f"{name} is already {'on' if enabled else 'off'}"
    return None


class AdminCommands:
    def __init__(
        self, *, database: Database, registry: ActionRegistry, group: str | None, prompt_versions: Sequence[str]
    ) -> None:
        self._db = database
        self._registry = registry
        self._group = group
        self._versions = tuple(prompt_versions)

    def run(self, text: str, user: Person) -> str | None:
        """The answer to an `/ops admin ...` line; None when the text is not one."""
        match = ADMIN.match(text)
        if match is None:
            return None
        words = match.group(1).split()
        if self._group is None or self._group not in user.groups:
            self._audit(user, REFUSED, " ".join(words[:4]))
            who = f"members of {self._group}" if self._group else "admins (OPSBOT_ADMIN_GROUP is not set)"
            return f"Only {who} can use admin commands. Nothing was changed."
        if len(words) == 3 and words[0] == "actions" and words[1] in ("disable", "enable"):
            return self._switch(user, words[2], enabled=words[1] == "enable")
        if len(words) == 3 and words[:2] == ["prompts", "use"]:
            return self._pin(user, words[2])
        return USAGE

    def _switch(self, user: Person, name: str, *, enabled: bool) -> str:
        problem = switch_problem(self._registry, name, enabled)
        if problem:
            return f"Nothing was changed: {problem}."
        with self._db.transaction() as session:
            record_switch(session, action=name, enabled=enabled, actor=user.id, detail="from chat")
        return f"`{name}` is now {'on' if enabled else 'off'} for every Opsbot process (from the next message)."

    def _pin(self, user: Person, version: str) -> str:
        if version not in self._versions:
            return f"Nothing was changed: no prompt version {version!r} (have: {', '.join(self._versions)})."
        with self._db.transaction() as session:
            pin_prompt(session, version=version, actor=user.id, detail="from chat")
        return f"Prompt {version} is now active for every Opsbot process (from the next message)."

    def _audit(self, user: Person, event: str, detail: str) -> None:
        with self._db.transaction() as session:
            record_audit(session, event=event, actor=user.id, outcome=event, detail=detail[:200])
