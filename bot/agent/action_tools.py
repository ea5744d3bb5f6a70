"""The action tools of a turn: read-only actions that run at once, and propose_<action> for writes.

A proposal is checked inside the tool call, so the model sees every refusal and can correct itself: the
arguments (validation), the identifiers in them (the user or a tool must have given them: bot.agent.provenance)
and the action's own precheck (does the ticket exist, may this person change it). Only then is it recorded and
the turn ends; the confirmation layer checks everything again before the card, and at run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.agent.actions_port import ActionSpec, ActionTools, RefusedError, RejectedArgumentsError
from bot.agent.knowledge import delimited
from bot.agent.provenance import refusal, unsourced
from bot.agent.selection import offered
from bot.agent.tools import Redact, ToolFailedError, ToolShape, TurnTool
from bot.agent.turn import Turn
from model.outcomes import ProposedAction

_APPROVER_ONLY = ("approvers", "both")


@dataclass(frozen=True)
class ActionToolMaker:
    actions: ActionTools
    redact: Redact
    strict: bool = False

    def tools(self, turn: Turn) -> list[TurnTool]:
        """The reads and proposals this conversation is about (all of them are still checked when called)."""
        reads, writes = self.actions.reads(), self.actions.writes()
        high = [s.name for s in writes if s.confirm_by in _APPROVER_ONLY]
        wanted = set(offered([*reads, *writes], turn.request, approver_only=high))
        tools = [self._read(turn, spec) for spec in reads if spec.name in wanted]
        return tools + [self._propose(turn, spec) for spec in writes if spec.name in wanted]

    def _shape(self, spec: ActionSpec, *, ends_turn: bool = False) -> ToolShape:
        return ToolShape(spec.params, ends_turn=ends_turn, strict=self.strict, hints=self.actions.field_hints())

    def _checked(self, turn: Turn, name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
        params = self.actions.validate(name, raw)
        problems = unsourced(params, turn)
        if problems:
            raise RejectedArgumentsError(refusal(problems))
        return params

    def _read(self, turn: Turn, spec: ActionSpec) -> TurnTool:
        async def read(raw: dict[str, Any]) -> str:
            result = await self.actions.read(spec.name, self._checked(turn, spec.name, raw), turn.request)
            text = self.redact(result.text, turn.scope)
            label = spec.name
            if result.citation is not None:
                label = f"[{turn.cite(result.citation, '', shown=text)}]"
            return delimited("RESULT", label, f"action={spec.name}", text)

        description = f"{spec.description} Read-only: runs at once, changes nothing."
        return TurnTool(turn, name=spec.name, description=description, shape=self._shape(spec), handler=read)

    def _propose(self, turn: Turn, spec: ActionSpec) -> TurnTool:
        async def propose(raw: dict[str, Any]) -> str:
            params = self._checked(turn, spec.name, raw)
            try:
                await self.actions.precheck(spec.name, params, turn.request)
            except RefusedError as exc:
                raise ToolFailedError(
                    f"Cannot propose {spec.name}: {exc}. Tell the user, or fix the arguments."
                ) from None
            turn.proposal = ProposedAction(action=spec.name, params=params)
            return f"Proposal for {spec.name} recorded. Nothing has run; a person must confirm it with a button."

        description = f"Propose: {spec.description} Does NOT run until a person confirms it."
        shape = self._shape(spec, ends_turn=True)
        return TurnTool(turn, name=f"propose_{spec.name}", description=description, shape=shape, handler=propose)
