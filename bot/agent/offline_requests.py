"""Plain-words requests for an action, recognised without an LLM.

"open a ticket: VPN drops every 5 minutes", "please open a ticket about the printer", "restart checkout in
staging", "show OPS-1042", "comment on OPS-1042: fixed by a reboot". Each becomes the `ProposedAction` that
`/ops <action> ...` would give, so it goes through the same validation, confirmation card and audit; a value that is
wrong or missing is explained by that validation, as for a command. Anything else (a question, "how do I open a
ticket?") is not a request and gets the passages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from model.outcomes import ProposedAction

_POLITE = (
    r"^\W*(?:(?:hi|hey|hello)\W+)?(?:(?:please|pls|kindly|can\s+you|could\s+you|would\s+you|i\s+need\s+you\s+to)\s+)*"
)
_FLAGS = re.IGNORECASE | re.DOTALL
_TICKET = re.compile(
    _POLITE + r"(?:open|create|file|raise|log|submit|make)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:new\s+)?(?:support\s+)?"
    r"(?:ticket|issue)\b(?:\s+(?:about|for|on|regarding|saying|that))?\s*[:\-–—]?\s*(?P<text>.*)$",
    _FLAGS,
)
_RESTART = re.compile(
    _POLITE + r"restart\s+(?:the\s+)?(?P<service>[a-z0-9][\w.-]*)(?:\s+service)?"
    r"(?:\s+(?:in|on)\s+(?P<env>staging|production|prod))?(?:\s*(?:,|because|since|as)\s*(?P<reason>.+?))?\W*$",
    _FLAGS,
)
_TICKET_ID = r"(?P<ticket>[A-Z]{2,10}-\d+)"
_SHOW = re.compile(
    _POLITE + r"(?:show(?:\s+me)?|get|look\s+up|open|what(?:'s|\s+is)\s+the\s+status\s+of|status\s+of)\s+"
    r"(?:the\s+)?(?:ticket\s+)?" + _TICKET_ID + r"\W*$",
    _FLAGS,
)
_COMMENT = re.compile(
    _POLITE + r"(?:add\s+a\s+)?comment\s+(?:on|to)\s+(?:ticket\s+)?" + _TICKET_ID + r"\s*[:\-–—]\s*(?P<comment>.+)$",
    _FLAGS,
)
_PRIORITY = (
    (re.compile(r"\b(urgent|asap|emergency|outage)\b", re.I), "urgent"),
    (re.compile(r"\bhigh[\s-]priority\b|\bpriority\s*:?\s*high\b", re.I), "high"),
    (re.compile(r"\blow[\s-]priority\b|\bpriority\s*:?\s*low\b|\bnot\s+urgent\b", re.I), "low"),
)
_PRIORITY_WORDS = re.compile(r",?\s*\b(?:high|low)[\s-]priority\b|,?\s*\bpriority\s*:?\s*(?:high|low)\b", re.I)
TITLE_CHARS = 120


def recognise(text: str) -> ProposedAction | None:
    """The action a plain-words request asks for, with what its words say; None when it asks for none."""
    line = text.strip()
    for read in _READERS:
        if (proposal := read(line)) is not None:
            return proposal
    return None


def _ticket(text: str) -> ProposedAction | None:
    match = _TICKET.match(text)
    if match is None:
        return None
    said = match.group("text").strip()
    title, description = _title(_PRIORITY_WORDS.sub("", said).strip(" .,;:"))
    params: dict[str, object] = {"title": title} if title else {}
    if description:
        params["description"] = description
    for pattern, priority in _PRIORITY:
        if pattern.search(said):
            params["priority"] = priority
            break
    return ProposedAction(action="create_ticket", params=params)


def _title(said: str) -> tuple[str, str]:
    """A one-line title; a longer request keeps all its words in the description."""
    first = re.split(r"(?<=[.!?])\s|\n", said, maxsplit=1)[0].strip()
    if len(first) <= TITLE_CHARS and first == said:
        return said, ""
    title = first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return title, said


def _restart(text: str) -> ProposedAction | None:
    match = _RESTART.match(text)
    if match is None:
        return None
    params: dict[str, object] = {"service": match.group("service").lower()}
    if env := match.group("env"):
        params["environment"] = "production" if env.lower() == "prod" else env.lower()
    params["reason"] = (match.group("reason") or text).strip()
    return ProposedAction(action="restart_service", params=params)


def _show(text: str) -> ProposedAction | None:
    match = _SHOW.match(text)
    return None if match is None else ProposedAction(action="get_ticket", params={"ticket": match.group("ticket")})


def _comment(text: str) -> ProposedAction | None:
    match = _COMMENT.match(text)
    if match is None:
        return None
    params = {"ticket": match.group("ticket"), "comment": match.group("comment").strip()}
    return ProposedAction(action="add_ticket_comment", params=params)


_READERS: tuple[Callable[[str], ProposedAction | None], ...] = (_comment, _show, _restart, _ticket)
