"""Explicit commands (`/ops create_ticket title="VPN down"`, `/ops help`): actions without any LLM.

A command becomes the same ProposedAction an LLM would produce, so it goes through the same validation,
confirmation and audit.
"""

from __future__ import annotations

from actions import ActionError, ActionRegistry, parse_command, render_help
from bot.core.admin import AdminCommands
from model.messages import Person
from model.outcomes import Info, Outcome, ProposedAction


class ExplicitCommands:
    def __init__(self, registry: ActionRegistry, admin: AdminCommands | None = None) -> None:
        self._registry = registry
        self._admin = admin

    def route(self, text: str, user: Person) -> Outcome | None:
        """The outcome of an `/ops ...` line, or None when the text is not a command."""
        if self._admin is not None and (said := self._admin.run(text, user)) is not None:
            return Info(said)
        try:
            parsed = parse_command(text)
            if parsed is None:
                return None
            if parsed.help:
                return Info(render_help(self._registry, parsed.action))
        except ActionError as exc:
            return Info(exc.user_text)
        return ProposedAction(action=parsed.action or "", params=dict(parsed.args))
