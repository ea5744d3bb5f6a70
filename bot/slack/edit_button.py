"""The Edit button on a confirmation card (its Parameters section's accessory), added to every card posted and
removed once the card is decided. The modal it opens is bot/slack/params_modal.py."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.slack.blocks import Block, Message
from model.replies import Reply

EDIT_ACTION = "opsbot_edit"


def with_edit_button(message: Message, reply: Reply) -> Message:
    """A card's Parameters section gets an Edit button (the request's id, nothing else); other messages as built."""
    if reply.card is None:
        return message
    button = {"type": "button", "action_id": EDIT_ACTION, "value": reply.card.pending_id,
              "text": {"type": "plain_text", "text": "Edit"}}  # fmt: skip
    blocks = [
        b | {"accessory": button} if b.get("type") == "section" and _text(b).startswith("*Parameters*") else b
        for b in message.blocks
    ]
    return replace(message, blocks=blocks)


def without_edit_button(blocks: list[Block]) -> list[Block]:
    """A decided card keeps no Edit button."""
    return [{k: v for k, v in b.items() if k != "accessory"} if _is_edit(b.get("accessory")) else b for b in blocks]


def _text(block: Block) -> str:
    return str((block.get("text") or {}).get("text") or "")


def _is_edit(element: Any) -> bool:
    return isinstance(element, dict) and element.get("action_id") == EDIT_ACTION
