"""One turn's record: the passages handed to the LLM (by citation number), what the tools did, and how it ended.

The outcome is built from this record, not from the LLM's prose: a proposal exists only if a propose tool
validated it, and a citation only if a search returned that passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model.outcomes import NeedsHuman, ProposedAction
from model.ports import AgentRequest
from model.replies import Citation


@dataclass
class Turn:
    request: AgentRequest
    citations: dict[int, Citation] = field(default_factory=dict)
    _numbers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    searches: int = 0
    relevant_searches: int = 0
    retrieval_ms: float = 0.0
    tool_ms: float = 0.0
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    proposal: ProposedAction | None = None
    escalation: NeedsHuman | None = None

    @property
    def scope(self) -> str:
        """The redaction scope: the thread, so placeholders match the ones in the user's messages."""
        return self.request.thread.key

    @property
    def finished(self) -> bool:
        """A proposal or a hand-over ends the turn: nothing the LLM says after it matters."""
        return self.proposal is not None or self.escalation is not None

    def number(self, citation: Citation, text: str) -> int:
        """The citation number of a passage; the same passage found twice in a turn keeps its first number."""
        key = (citation.source, citation.section, text)
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
            self.citations[self._numbers[key]] = citation
        return self._numbers[key]

    def record(self, name: str, *, valid: bool, ok: bool, ms: float) -> None:
        """Accounting only: the tool's name and result, never its arguments (they may hold redacted PII)."""
        self.tool_calls.append({"name": name, "valid": valid, "ok": ok, "ms": round(ms, 1)})
        self.tool_ms += ms
