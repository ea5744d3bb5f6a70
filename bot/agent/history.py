"""The thread's history as chat messages, within a token budget rather than a message count.

Long messages are shortened (head and tail kept: a pasted log does not ride along for ten exchanges); the most
recent turns are kept word for word until the budget is spent, and the older ones become one short note.
Answers are shown with their passage ids instead of the [1], [2] their readers saw, and an action's record
(proposed, confirmed or cancelled, its result) is shown as what it is: written by Opsbot, not by the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from llama_index.core.base.llms.types import ChatMessage, MessageRole

from bot.agent.citations import with_refs
from bot.agent.tokens import PER_MESSAGE, count
from model.ports import HistoryTurn

HISTORY_TOKENS = 2500
MAX_MESSAGES = 20
MESSAGE_CHARS = 1500  # a message of the history longer than this is shortened
CURRENT_CHARS = 8000  # the user's new message
NOTE_LINE_CHARS = 120
NOTE_LINES = 12
ACTION_PREFIX = "(Recorded by Opsbot, not written by you) "
NOTE_PREFIX = "(Summary of earlier messages in this thread, oldest first; shortened)"
_SPACE = re.compile(r"\s+")


def shorten(text: str, limit: int) -> str:
    """`text`, or its beginning and end with the size of what was left out in between."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 3 - 50
    return f"{text[:head]}\n[… {len(text) - head - tail:,} characters left out …]\n{text[-tail:]}"


def current_message(text: str) -> str:
    return shorten(text, CURRENT_CHARS)


def history_messages(history: Sequence[HistoryTurn], budget: int = HISTORY_TOKENS) -> list[ChatMessage]:
    """Recent turns word for word (shortened) within `budget` tokens, older ones as one note before them."""
    turns = [t for t in history if t.text.strip()]
    recent: list[ChatMessage] = []
    spent = 0
    for turn in reversed(turns[-MAX_MESSAGES:]):
        message = as_message(turn)
        cost = PER_MESSAGE + count(message.content or "")
        if spent + cost > budget:
            break
        recent.insert(0, message)
        spent += cost
    older = turns[: len(turns) - len(recent)]
    return [note(older), *recent] if older else recent


def as_message(turn: HistoryTurn) -> ChatMessage:
    text = shorten(turn.text, MESSAGE_CHARS)
    if turn.role == "user":
        return ChatMessage(role=MessageRole.USER, content=text)
    if turn.role == "action":
        return ChatMessage(role=MessageRole.ASSISTANT, content=ACTION_PREFIX + text)
    return ChatMessage(role=MessageRole.ASSISTANT, content=with_refs(text, turn.citations))


def note(older: Sequence[HistoryTurn]) -> ChatMessage:
    """One user-side note: a line per older turn (the last NOTE_LINES of them), each cut short."""
    who = {"user": "user", "assistant": "you", "action": "Opsbot recorded"}
    lines = [f"- {who.get(t.role, t.role)}: {_gist(with_refs(t.text, t.citations))}" for t in older[-NOTE_LINES:]]
    skipped = len(older) - len(lines)
    head = NOTE_PREFIX + (f"; {skipped} more before these" if skipped > 0 else "")
    return ChatMessage(role=MessageRole.USER, content="\n".join([head, *lines]))


def _gist(text: str) -> str:
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= NOTE_LINE_CHARS else flat[: NOTE_LINE_CHARS - 1].rstrip() + "…"
