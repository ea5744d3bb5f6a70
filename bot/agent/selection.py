"""Which action tools a turn offers: the ones the conversation is about, by a cheap look at its words.

Every schema costs tokens on every LLM call, and a proposal tool for a laptop question is only an invitation.
An action is offered when a word of its name (not a generic verb), or a synonym, appears in the user's message,
the user's previous message or Opsbot's last reply; ticket actions also when a ticket id appears. Actions only an
approver may confirm (high risk) need their word in the user's own message. Search and escalation are always
offered; the LLM is never the only safeguard (the confirmation layer checks everything again).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.agent.actions_port import ActionSpec
from bot.agent.provenance import IDENTIFIER
from model.ports import AgentRequest

_GENERIC = frozenset({"create", "add", "update", "get", "list", "my", "set", "open", "run", "do", "new", "service"})
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ticket": ("ticket", "issue"),
    "comment": ("comment", "note"),
    "status": ("status", "close", "resolve", "reopen", "done", "progress", "fixed"),
    "restart": ("restart", "reboot", "bounce"),
    "statuspage": ("status page", "statuspage", "customers"),
    "incident": ("incident", "outage"),
    "page": ("page", "pager"),
    "oncall": ("on-call", "oncall", "on call"),
}


def offered(specs: Sequence[ActionSpec], request: AgentRequest, *, approver_only: Iterable[str] = ()) -> list[str]:
    """The names of the actions this turn offers, in the order given."""
    wide = conversation_text(request)
    own = request.text.lower()
    strict = frozenset(approver_only)
    return [s.name for s in specs if about(s.name, own if s.name in strict else wide)]


def about(name: str, text: str) -> bool:
    """True when `text` (lower case) mentions the action called `name`."""
    words = [w if w in _SYNONYMS else w.removesuffix("s") for w in name.split("_") if w not in _GENERIC]
    if "ticket" in words and IDENTIFIER.search(text.upper()):
        return True
    return any(re.search(rf"\b{re.escape(term)}", text) for w in words for term in _SYNONYMS.get(w, (w,)))


def conversation_text(request: AgentRequest) -> str:
    """The message, the user's previous one and the last reply, lower case: what "yes, do that" refers to."""
    history = list(request.history)
    last_user = next((h.text for h in reversed(history) if h.role == "user"), "")
    last_reply = next((h.text for h in reversed(history) if h.role == "assistant"), "")
    return "\n".join((request.text, last_user, last_reply)).lower()
