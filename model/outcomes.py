"""What the agent decides for a turn. The LLM can only ever produce one of these; the system acts on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.replies import Citation


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...] = ()
    grounded: bool = True  # False: no supporting citation, shown as unverified
    relevant: bool = True  # False: retrieval found nothing relevant


@dataclass(frozen=True)
class ProposedAction:
    action: str
    params: dict[str, Any]
    summary: str = ""


@dataclass(frozen=True)
class NeedsHuman:
    reason: str


@dataclass(frozen=True)
class Info:
    """A plain system message (help text, a command error): neither a grounded answer nor an action."""

    text: str


Outcome = Answer | ProposedAction | NeedsHuman | Info


@dataclass
class Usage:
    """Per-turn accounting, recorded on the turn."""

    model: str | None = None
    prompt_version: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # of prompt_tokens, what the provider served from its prompt cache (billed cheaper)
    llm_ms: float = 0.0
    retrieval_ms: float = 0.0
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    notice: str | None = None  # e.g. "the language model is unavailable; here is what I found"


@dataclass(frozen=True)
class AgentResult:
    outcome: Outcome
    usage: Usage = field(default_factory=Usage)
    private: Answer | None = None  # for the asker alone: drawn on documents the channel's audience may not read
