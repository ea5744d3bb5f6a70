"""An HTTP action's card says where it sends, and a click after the action was redefined runs nothing
(issue 19, finding 3): the definition hash stored with the pending action must still match."""

from __future__ import annotations

from typing import Any

import pytest

from actions import ActionRegistry, HttpActionSpec
from actions.http import http_action
from bot.slack.blocks import build_reply as slack_reply
from bot.teams.cards import build_confirmation
from model.outcomes import ProposedAction
from model.replies import Reply
from store import audit
from store.db import Database
from tests.actions.support import ALICE, THREAD, pending_id_of, registry_on, service_on, status_of

pytestmark = pytest.mark.db

NOTIFY = ProposedAction("notify_customer", {"team": "ops", "customer": "acme"})


def notify_customer(url: str = "https://crm.example:8443/api/v1/teams/{team}/customers/{customer}/notify") -> Any:
    config = HttpActionSpec(
        name="notify_customer",
        description="Notify a customer of a team.",
        url=url,
        params={"team": {"description": "Team id."}, "customer": {"description": "Customer id."}},  # type: ignore[dict-item]
    )
    return http_action(config, secret_lookup=lambda name: None)


def registry_with_notify(database: Database, *args: str) -> ActionRegistry:
    registry = registry_on(database)
    registry.register(notify_customer(*args))
    return registry


async def proposed(database: Database, registry: ActionRegistry) -> tuple[str, Reply]:
    reply = await service_on(database, registry).propose(proposal=NOTIFY, requester=ALICE, thread=THREAD)
    return pending_id_of(reply), reply


async def test_the_card_shows_the_method_and_the_host_it_sends_to(database: Database) -> None:
    """Slack and Teams cards both say `POST crm.example:8443` for an HTTP action, never the path's values."""
    _, reply = await proposed(database, registry_with_notify(database))
    assert reply.card is not None and reply.card.destination == "POST crm.example:8443"
    slack_text = str(slack_reply(reply).blocks)
    assert "*Sends:* POST crm.example:8443" in slack_text
    assert "Sends: POST crm.example:8443" in str(build_confirmation(reply.card, reply.choices, [ALICE.id]))


async def test_a_click_after_the_action_was_redefined_is_refused(database: Database) -> None:
    """The URL changed in the config after the card was shown: Confirm says "the action changed, ask again"."""
    registry = registry_with_notify(database)
    pending_id, _ = await proposed(database, registry)
    registry.register(notify_customer("https://elsewhere.example/api/{team}/{customer}"), replace=True)
    reply = await service_on(database, registry).decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert "the action changed, ask again" in reply.text and "Nothing was changed" in reply.text
    assert status_of(database, pending_id) == "denied"
    with database.transaction() as session:
        assert [e.event for e in audit.list_audit(session, pending_action_id=pending_id)][-1] == "refused"


async def test_a_click_on_an_unchanged_action_is_not_refused_for_its_definition(database: Database) -> None:
    """The same definition registered again (a restart) still matches: the click goes on to run it."""
    closed_port = "http://127.0.0.1:9/api/{team}/{customer}"  # nothing listens: the run fails, unrefused
    pending_id, _ = await proposed(database, registry_with_notify(database, closed_port))
    restarted = registry_with_notify(database, closed_port)
    reply = await service_on(database, restarted).decide(pending_id=pending_id, actor=ALICE, choice="confirm")
    assert "the action changed" not in reply.text
    assert "could not connect to 127.0.0.1" in reply.text and status_of(database, pending_id) == "failed"
