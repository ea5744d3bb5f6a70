"""Feedback on an answer: 👍/👎 on the message that was clicked (not the thread's latest turn), and an optional
"what was wrong?" reason, stored redacted like every text."""

from __future__ import annotations

from model.messages import Person, ThreadRef
from model.ports import Redactor
from store import conversations, escalations
from store.db import Database

REASON_CHARS = 1000
THANKS = "Thanks for the feedback."
ASK_REASON = "Thanks for the feedback. What was wrong? Tell me, so the answer can be fixed (optional)."


def record(database: Database, *, thread: ThreadRef, actor: Person, up: bool, message_id: str | None) -> int:
    """Store a vote on the answer posted as `message_id` (else the thread's latest answer); the feedback id."""
    with database.transaction() as session:
        conv = conversations.find_conversation(session, key=thread.key)
        turn = None
        if conv is not None and message_id:
            turn = conversations.turn_of_message(session, conversation_id=conv.id, message_id=message_id)
        if conv is not None and turn is None:
            turn = conversations.latest_answer(session, conversation_id=conv.id)
        turn_id = turn.id if turn is not None else None
        return escalations.add_feedback(session, user_id=actor.id, value=1 if up else -1, turn_id=turn_id).id


def explain(
    database: Database, redactor: Redactor, *, thread: ThreadRef, actor: Person, feedback_id: int, reason: str
) -> bool:
    """Attach the person's reason to their own feedback, redacted in the thread's scope and bounded."""
    text = redactor.redact(reason.strip()[:REASON_CHARS], scope=thread.key).text
    if not text:
        return False
    with database.transaction() as session:
        return escalations.explain_feedback(session, feedback_id=feedback_id, user_id=actor.id, reason=text)
