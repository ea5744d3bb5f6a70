"""final_answer: the structured end of a turn (status, text, cited ids), for providers that can be told to always
call a tool. Checked like any answer (bot.agent.grounding); the first failed check goes back to the model as the
tool's error (its one retry), the second ends the turn with what was found.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.agent.grounding import judge, settle
from bot.agent.tools import ToolFailedError, ToolShape, TurnTool, parse
from bot.agent.turn import Turn

NAME = "final_answer"


class FinalAnswerArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["answered", "not_found", "clarify"] = Field(
        description="answered: from the passages; not_found: nothing answers it; clarify: one question to the user."
    )
    text: str = Field(max_length=3000, description="The reply to the user, citing passages inline as [id].")
    cited: list[str] = Field(max_length=10, description="The ids of the passages the text relies on.")


def final_answer_tool(turn: Turn, *, strict: bool) -> TurnTool:
    async def final(raw: dict[str, Any]) -> str:
        args = parse(FinalAnswerArgs, raw)
        verdict = judge(args.text, turn, status=args.status, listed=args.cited)
        if verdict.outcome is None and not turn.nudged:
            turn.nudged = True
            raise ToolFailedError(verdict.problem)
        turn.final = verdict.outcome or settle(turn)
        return "Sent to the user."

    description = "Send your reply to the user and end the turn. Every turn ends with this tool."
    shape = ToolShape(FinalAnswerArgs, ends_turn=True, strict=strict)
    return TurnTool(turn, name=NAME, description=description, shape=shape, handler=final)
