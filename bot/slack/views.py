"""Modals: the "what was wrong?" form after a 👎. Built by pure functions; the submission goes to the core.

A modal carries where it came from in `private_metadata` (the feedback id and the thread), which Slack gives back
on submission; anything that does not parse is ignored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.feedback import REASON_CHARS
from bot.core.pipeline import Pipeline
from bot.core.worker import Worker
from bot.slack.client import SLACK_ERRORS, error_code
from bot.slack.directory import Directory
from bot.slack.inbound import PLATFORM
from model.messages import ThreadRef

log = logging.getLogger(__name__)
REASON_VIEW = "opsbot_feedback_reason"
REASON_BLOCK, REASON_INPUT = "reason", "reason_text"


@dataclass(frozen=True)
class ReasonForm:
    feedback_id: int
    channel: str
    thread_ts: str
    user: str
    reason: str


def build_reason_modal(feedback_id: int, *, channel: str, thread_ts: str) -> dict[str, Any]:
    """A modal with one optional text field; Submit stores it with the 👎, Skip closes it."""
    metadata = json.dumps({"feedback": feedback_id, "channel": channel, "thread": thread_ts})
    field = {
        "type": "plain_text_input",
        "action_id": REASON_INPUT,
        "multiline": True,
        "max_length": REASON_CHARS,
        "placeholder": {"type": "plain_text", "text": "e.g. the runbook it cites is out of date"},
    }
    return {
        "type": "modal",
        "callback_id": REASON_VIEW,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "What was wrong?"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [
            {"type": "input", "block_id": REASON_BLOCK, "optional": True, "element": field,
             "label": {"type": "plain_text", "text": "What was wrong with the answer?"}},
        ],
    }  # fmt: skip


def parse_reason(body: Mapping[str, Any]) -> ReasonForm | None:
    """The submitted reason, or None for an empty form or metadata Opsbot did not write."""
    view, user = body.get("view") or {}, (body.get("user") or {}).get("id")
    try:
        meta = json.loads(view.get("private_metadata") or "")
        feedback_id, channel, thread_ts = int(meta["feedback"]), str(meta["channel"]), str(meta["thread"])
    except (ValueError, KeyError, TypeError):
        return None
    values = ((view.get("state") or {}).get("values") or {}).get(REASON_BLOCK) or {}
    reason = str((values.get(REASON_INPUT) or {}).get("value") or "").strip()
    if not (reason and isinstance(user, str)):
        return None
    return ReasonForm(feedback_id, channel, thread_ts, user, reason)


async def open_view(client: AsyncWebClient, *, trigger_id: str, view: dict[str, Any]) -> bool:
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SLACK_ERRORS as exc:
        log.info("views.open failed (%s)", error_code(exc))
        return False
    return True


def register(app: Any, pipeline: Pipeline, worker: Worker, directory: Directory) -> None:
    async def explain(form: ReasonForm) -> None:
        thread = ThreadRef(PLATFORM, form.channel, form.thread_ts)
        actor = directory.person(form.user)
        await pipeline.explain(actor=actor, thread=thread, feedback_id=form.feedback_id, reason=form.reason)

    async def handle_feedback_reason(ack: Any, body: dict[str, Any]) -> None:
        """The "what was wrong?" form: closed at once, the reason stored after."""
        await ack()
        form = parse_reason(body)
        if form is not None:
            worker.spawn(explain(form), name="feedback reason")

    app.view(REASON_VIEW)(handle_feedback_reason)
