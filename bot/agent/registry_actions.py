"""`ActionTools` over the real actions package: enabled reads run at once via run_read_action, writes are
only validated (the confirmation layer stores and runs them after a click).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from actions import (
    ActionContext,
    ActionError,
    ActionFailed,
    ActionRegistry,
    ActionSpec,
    InvalidArguments,
    run_read_action,
    validate_arguments,
)
from bot.agent.actions_port import ReadResult, RefusedError, RejectedArgumentsError
from bot.agent.tools import ToolFailedError
from model.ports import AgentRequest
from model.replies import Citation
from store.db import Database
from store.tickets import PREFIX

# The built-in actions name a ticket id `ticket` (OPS-123); the schema says so, so strict providers enforce it.
HINTS: Mapping[str, Mapping[str, Any]] = {"ticket": {"pattern": f"^{PREFIX}[0-9]+$"}}

Restore = Callable[[str, str], str]  # (text, scope) -> text with placeholders replaced by the real values


class RegistryActions:
    def __init__(self, registry: ActionRegistry, database: Database, *, restore: Restore | None = None) -> None:
        self._registry = registry
        self._database = database
        self._restore = restore

    def reads(self) -> Sequence[ActionSpec]:
        return [spec for spec in self._registry.specs() if spec.kind == "read"]

    def writes(self) -> Sequence[ActionSpec]:
        return [spec for spec in self._registry.specs() if spec.kind == "write"]

    def validate(self, name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        try:
            params = validate_arguments(self._registry.require(name), raw)
        except InvalidArguments as exc:
            raise RejectedArgumentsError(problems(exc)) from None
        return dict(params.model_dump(mode="json"))

    def field_hints(self) -> Mapping[str, Mapping[str, Any]]:
        return HINTS

    async def precheck(self, name: str, params: Mapping[str, Any], request: AgentRequest) -> None:
        spec = self._registry.require(name)
        if not self._registry.is_enabled(name):
            raise RefusedError(f"{name} is switched off by the operators right now")
        if spec.precheck is None:
            return
        ctx = ActionContext(self._database, request.user, thread_key=request.thread.key)
        try:
            await spec.precheck(validate_arguments(spec, params), ctx)
        except ActionFailed as exc:
            raise RefusedError(exc.user_text.rstrip(".")) from None

    async def read(self, name: str, raw: Mapping[str, Any], request: AgentRequest) -> ReadResult:
        scope = request.thread.key
        restore = self._restore
        ctx = ActionContext(
            self._database,
            request.user,
            thread_key=scope,
            restore=(lambda text: restore(text, scope)) if restore else (lambda text: text),
        )
        try:
            result = await run_read_action(self._registry, name, raw, ctx)
        except InvalidArguments as exc:
            raise RejectedArgumentsError(problems(exc)) from None
        except ActionError as exc:
            raise ToolFailedError(exc.user_text) from None
        text = result.summary + ("\n" + json.dumps(result.data, ensure_ascii=False, default=str) if result.data else "")
        return ReadResult(text, citation_for(name, result.data))


def problems(error: InvalidArguments) -> str:
    """One line per problem, without the action's own 'try X again' (the LLM must call propose_X, not X)."""
    return "\n".join(problem.render() for problem in error.problems)


def citation_for(name: str, data: Mapping[str, Any]) -> Citation:
    """A ticket cites itself by id; any other read result cites the action that produced it."""
    ticket = data.get("ticket")
    if isinstance(ticket, str):
        return Citation(source=f"ticket:{ticket}", title=ticket, section="", kind="ticket")
    return Citation(source=f"action:{name}", title=name.replace("_", " ").capitalize(), section="", kind="action")
