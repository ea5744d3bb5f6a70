"""The "Edit" button on a confirmation card and its modal: fill in or correct an action's parameters before anyone
confirms. The modal's fields come from the action's schema; a submission is checked by that schema, and field
errors are shown in the modal itself (`response_action: errors`). A valid one replaces the request (bot/core/
corrections.py): the old card says so, and the corrected card is posted in the thread."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.core.corrections import Corrections, Form
from bot.core.pipeline import Pipeline
from bot.core.worker import Worker
from bot.slack.blocks import Block, Message, build_fallback, section
from bot.slack.delivery import Delivery
from bot.slack.directory import Directory
from bot.slack.edit_button import EDIT_ACTION
from bot.slack.views import open_view

PARAMS_VIEW = "opsbot_params"
REPLACED = "Replaced by the corrected request below."
HINT_CHARS, LABEL_CHARS, VALUE_CHARS = 150, 48, 3000


def build_params_modal(form: Form, *, channel: str, card_ts: str) -> dict[str, Any]:
    """One text field per parameter, prefilled with the current value, labelled and hinted from the schema."""
    blocks: list[Block] = [section(f"Correct the parameters of `{form.action}`, then confirm the new card.")]
    for field in form.fields:
        element: Block = {"type": "plain_text_input", "action_id": "value", "max_length": VALUE_CHARS}
        if field.value:
            element["initial_value"] = field.value[:VALUE_CHARS]
        blocks.append({
            "type": "input", "block_id": f"p_{field.name}", "optional": not field.required, "element": element,
            "label": {"type": "plain_text", "text": field.name[:LABEL_CHARS]},
            "hint": {"type": "plain_text", "text": field.hint[:HINT_CHARS] or field.name},
        })  # fmt: skip
    metadata = json.dumps({"pending": form.pending_id, "channel": channel, "card": card_ts, "action": form.action})
    return {
        "type": "modal", "callback_id": PARAMS_VIEW, "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Edit the request"},
        "submit": {"type": "plain_text", "text": "Update the card"}, "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }  # fmt: skip


def parse_params(body: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str], str] | None:
    """(metadata, values by parameter, user) of a submitted parameters modal; None if Opsbot did not write it."""
    view, user = body.get("view") or {}, (body.get("user") or {}).get("id")
    try:
        meta = {k: str(v) for k, v in json.loads(view.get("private_metadata") or "").items()}
    except (ValueError, AttributeError):
        return None
    state = (view.get("state") or {}).get("values") or {}
    values = {
        block.removeprefix("p_"): str((inputs.get("value") or {}).get("value") or "")
        for block, inputs in state.items()
        if block.startswith("p_") and isinstance(inputs, dict)
    }
    if not (isinstance(user, str) and {"pending", "channel", "card", "action"} <= meta.keys()):
        return None
    return meta, values, user


class ParamsModal:
    def __init__(
        self, *, corrections: Corrections, pipeline: Pipeline, delivery: Delivery, directory: Directory, client: Any
    ) -> None:
        self._corrections = corrections
        self._pipeline = pipeline
        self._delivery = delivery
        self._directory = directory
        self._client = client

    async def open(self, body: Mapping[str, Any]) -> None:
        """The Edit button: the modal for the request, or an ephemeral saying why it cannot be changed."""
        user, channel = (body.get("user") or {}).get("id"), (body.get("channel") or {}).get("id")
        message, trigger = body.get("message") or {}, body.get("trigger_id")
        pending_id = str(((body.get("actions") or [{}])[0]).get("value") or "")
        if not (isinstance(user, str) and isinstance(channel, str) and isinstance(trigger, str) and message):
            return
        form = await self._corrections.form(pending_id=pending_id, actor=self._directory.person(user))
        if isinstance(form, str):
            note = Message(build_fallback(form), [section(build_fallback(form))])
            await self._delivery.ephemeral(note, channel=channel, user=user, thread_ts=message.get("thread_ts"))
            return
        await open_view(
            self._client, trigger_id=trigger, view=build_params_modal(form, channel=channel, card_ts=message["ts"])
        )

    def problems(self, meta: Mapping[str, str], values: Mapping[str, str]) -> dict[str, str]:
        """Modal field errors (block id -> message), from the action's schema."""
        return {f"p_{name}": text for name, text in self._corrections.problems(meta["action"], values).items()}

    async def submit(self, meta: Mapping[str, str], values: Mapping[str, str], user: str) -> None:
        actor = self._directory.person(user)
        form = await self._corrections.form(pending_id=meta["pending"], actor=actor)
        if isinstance(form, str):
            note = Message(build_fallback(form), [section(build_fallback(form))])
            await self._delivery.ephemeral(note, channel=meta["channel"], user=user, thread_ts=None)
            return
        reply = await self._pipeline.restore(
            await self._corrections.correct(form=form, actor=actor, values=values), form.thread
        )
        if reply.card is not None:
            replaced = Message(REPLACED, [section(f"~Request `{form.action}`~ · {REPLACED}")])
            await self._delivery.update(replaced, channel=meta["channel"], ts=meta["card"])
        await self._delivery.reply(reply, channel=form.thread.channel, thread_ts=form.thread.thread, user=user)


def register(app: Any, modal: ParamsModal, worker: Worker) -> None:
    async def handle_edit(ack: Any, body: dict[str, Any]) -> None:
        """Edit on a card: ack at once, open the modal after."""
        await ack()
        worker.spawn(modal.open(body), name="open parameters modal")

    async def handle_params_submission(ack: Any, body: dict[str, Any]) -> None:
        """The corrected parameters: field errors shown in the modal, else closed and the request replaced."""
        parsed = parse_params(body)
        if parsed is None:
            await ack()
            return
        meta, values, user = parsed
        errors = modal.problems(meta, values)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        worker.spawn(modal.submit(meta, values, user), name="correct request")

    app.action(EDIT_ACTION)(handle_edit)
    app.view(PARAMS_VIEW)(handle_params_submission)
