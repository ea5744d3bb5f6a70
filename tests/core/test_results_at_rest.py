"""Nothing restored is stored (issue 19, finding 2): what a run gives back is redacted in the thread's scope before
it reaches the pending row or the audit log, and the requester still reads the real values."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field

from actions import ActionContext, ActionFailed, ActionResult, action
from bot.core.confirmation.service import ConfirmationService
from model.outcomes import ProposedAction
from redaction import RedactionConfig, Redactor
from store import audit, pending
from store.db import Database
from tests.actions.support import ALICE, THREAD, pending_id_of, registry_on

pytestmark = pytest.mark.db

ADDRESS = "alice.smith@example.com"


class Notify(BaseModel):
    """Whom to notify."""

    to: str = Field(description="The address to notify.", max_length=60)
    fail: bool = Field(default=False, description="Make the service fail.")


@action(name="notify_customer")
async def notify_customer(params: Notify, ctx: ActionContext) -> ActionResult:
    """Notify a customer (the service echoes the real address, as an HTTP response would)."""
    to = ctx.restore(params.to)
    if params.fail:
        raise ActionFailed(f"the service refused {to}", changed=False)
    return ActionResult(f"Notified {to}.", {"echo": {"to": to, "list": [to]}, "asked": f"asked for {params.to}"})


async def _confirmed(database: Database, fail: bool = False) -> tuple[str, str, ConfirmationService]:
    redactor = Redactor(RedactionConfig(entities=["EMAIL_ADDRESS"]))
    placeholder = redactor.redact(f"please notify {ADDRESS}", scope=THREAD.key).text.removeprefix("please notify ")
    assert placeholder == "<EMAIL_ADDRESS_1>"
    registry = registry_on(database)
    registry.register(notify_customer)
    service = ConfirmationService(database=database, registry=registry, restorer=redactor, retry_backoff=0.01)
    proposal = ProposedAction("notify_customer", {"to": placeholder, "fail": fail})
    pending_id = pending_id_of(await service.propose(proposal=proposal, requester=ALICE, thread=THREAD))
    reply = await service.decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    return pending_id, reply.text, service


def _stored(database: Database, pending_id: str) -> list[Any]:
    with database.transaction() as session:
        row = pending.get_pending(session, pending_id=pending_id)
        assert row is not None
        events = audit.list_audit(session, pending_action_id=pending_id)
        return [row.result, row.error, row.params, *[(e.detail, e.params) for e in events]]


async def test_a_result_echoing_a_restored_address_is_stored_with_its_placeholder(database: Database) -> None:
    """The requester reads "Notified alice.smith@…", while the row's result and the audit say <EMAIL_ADDRESS_1>."""
    pending_id, said, _ = await _confirmed(database)
    assert said == f"Notified {ADDRESS}."
    stored = _stored(database, pending_id)
    assert ADDRESS not in repr(stored)
    assert stored[0] == {
        "summary": "Notified <EMAIL_ADDRESS_1>.",
        "data": {
            "echo": {"to": "<EMAIL_ADDRESS_1>", "list": ["<EMAIL_ADDRESS_1>"]},
            "asked": "asked for <EMAIL_ADDRESS_1>",  # a placeholder the result already held stays as it was
        },
    }


async def test_an_error_naming_a_restored_address_is_stored_with_its_placeholder(database: Database) -> None:
    """A failure that quotes the real address tells the requester, but the row's error and the audit do not."""
    pending_id, said, _ = await _confirmed(database, fail=True)
    assert f"the service refused {ADDRESS}" in said
    stored = _stored(database, pending_id)
    assert ADDRESS not in repr(stored)
    assert "the service refused <EMAIL_ADDRESS_1>" in str(stored[1])
