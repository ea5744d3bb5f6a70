"""One turn's record: the passages handed to the LLM (by id), what the tools did, and how it ended.

The outcome is built from this record, not from the LLM's prose: a proposal exists only if a propose tool
validated it, a citation only if a tool returned that passage (this turn, or in an answer earlier in the thread).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.agent.citations import ref_for
from bot.agent.knowledge import Hit
from model.outcomes import NeedsHuman, Outcome, ProposedAction
from model.ports import AgentRequest
from model.replies import Citation

Stop = Literal["steps", "budget"]


@dataclass(frozen=True)
class Shown:
    """A passage or result as the LLM saw it: its citation, the text shown (redacted), and the hit behind it."""

    citation: Citation
    text: str
    hit: Hit | None = None


@dataclass
class Turn:
    request: AgentRequest
    shown: dict[str, Shown] = field(default_factory=dict)
    _refs: dict[tuple[str, str, str], str] = field(default_factory=dict)
    tool_text: list[str] = field(default_factory=list)  # every tool result shown, for provenance checks
    repeats: dict[str, str] = field(default_factory=dict)  # a call's canonical arguments -> what it returned
    searches: int = 0
    relevant_searches: int = 0
    retrieval_ms: float = 0.0
    tool_ms: float = 0.0
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    proposal: ProposedAction | None = None
    escalation: NeedsHuman | None = None
    final: Outcome | None = None  # what final_answer (or the free-text answer) settled on
    nudged: bool = False  # the one grounding retry has been used
    stopped: Stop | None = None  # the step limit or the token budget ended the turn early
    llm_calls: int = 0
    prompt_tokens: int = 0  # this turn's prompt tokens so far, as the provider reported them (or estimated)

    @property
    def scope(self) -> str:
        """The redaction scope: the thread, so placeholders match the ones in the user's messages."""
        return self.request.thread.key

    @property
    def finished(self) -> bool:
        """A proposal, a hand-over or a final answer ends the turn: nothing the LLM says after it matters."""
        return self.proposal is not None or self.escalation is not None or self.final is not None

    def cite(self, citation: Citation, text: str, *, shown: str, hit: Hit | None = None) -> str:
        """The id of a passage; the same passage keeps its id for the whole thread."""
        key = (citation.source, citation.section, text)
        if key not in self._refs:
            ref = _free(citation, text, taken=self.citable())
            self._refs[key] = ref
            self.shown[ref] = Shown(replace(citation, ref=ref), shown, hit)
        return self._refs[key]

    def citable(self) -> dict[str, Citation]:
        """Every id the answer may cite: passages shown this turn, and those cited earlier in the thread."""
        earlier = {c.ref: c for turn in self.request.history for c in turn.citations if c.ref}
        return earlier | {ref: s.citation for ref, s in self.shown.items()}

    def hits(self) -> list[Hit]:
        """The retrieved passages shown this turn, in the order they were found."""
        return [s.hit for s in self.shown.values() if s.hit is not None]

    def record(self, name: str, *, valid: bool, ok: bool, ms: float) -> None:
        """Accounting only: the tool's name and result, never its arguments (they may hold redacted PII)."""
        self.tool_calls.append({"name": name, "valid": valid, "ok": ok, "ms": round(ms, 1)})
        self.tool_ms += ms


def _free(citation: Citation, text: str, *, taken: dict[str, Citation]) -> str:
    """The passage's id, one character longer for each id already taken by a different passage (rare)."""
    for extra in range(3):
        ref = ref_for(citation, text, extra)
        if ref not in taken or replace(taken[ref], ref="") == citation:
            return ref
    return ref_for(citation, text, 3)
