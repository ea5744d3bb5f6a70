"""What the OpenAI stub reports and reads: the prefix a provider's prompt cache would serve, and this turn's
tool results (where `[n]` in a scripted reply looks up passage ids)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.agent.grounding import NUDGE_PREFIX
from bot.agent.tokens import REPLY_PRIMING, message_tokens, request_tokens, tools_tokens

CACHE_MIN, CACHE_STEP = 1024, 128


def cached_tokens(body: dict[str, Any], earlier: Sequence[dict[str, Any]]) -> int:
    """The longest prefix (tools, then messages) this request shares with an earlier one, as a cache serves it."""
    best = max((_shared(body, other) for other in earlier), default=0)
    return 0 if best < CACHE_MIN else best - (best - CACHE_MIN) % CACHE_STEP


def _shared(body: dict[str, Any], other: dict[str, Any]) -> int:
    if body.get("tools") != other.get("tools"):
        return 0
    total = tools_tokens(body.get("tools") or [])
    for mine, theirs in zip(body.get("messages") or [], other.get("messages") or [], strict=False):
        if mine != theirs:
            break
        total += message_tokens(mine)
    return min(total, request_tokens(body) - REPLY_PRIMING)


def turn_tool_texts(messages: Sequence[dict[str, Any]]) -> list[str]:
    """The tool results since the user's last own message (a grounding nudge is not one)."""
    own = [i for i, m in enumerate(messages) if m.get("role") == "user" and not _nudge(m)]
    start = own[-1] + 1 if own else 0
    return [str(m.get("content") or "") for m in messages[start:] if m.get("role") == "tool"]


def _nudge(message: dict[str, Any]) -> bool:
    return str(message.get("content") or "").startswith(NUDGE_PREFIX)
