"""People in Teams: known by their Entra object id, their display names redacted like any name, their groups from
the config's user_groups; nothing personal reaches the database or the logs."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from store.models import Conversation, Turn
from tests.teams import activities
from tests.teams.harness import SRE, TeamsHarness

ANN = activities.ANN["aadObjectId"]
SECRETS = ["Bob Sample", "bob.sample@example.com", "AKIAIOSFODNN7EXAMPLE"]


async def test_names_emails_and_keys_are_kept_out_of_the_database_and_the_logs(
    teams: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A display name Teams sent with an activity, an email and a key in a message are stored only as placeholders,
    and the conversation belongs to Ann's Entra object id."""
    caplog.set_level(logging.DEBUG)
    await teams.say(activities.personal(teams.service_url, "hello", user=activities.BOB))
    text = "Bob Sample (bob.sample@example.com) says the VPN keeps disconnecting, key AKIAIOSFODNN7EXAMPLE"
    await teams.say(activities.personal(teams.service_url, text))
    with teams.database.transaction() as session:
        stored = " ".join(t.text for t in session.scalars(select(Turn)))
        starters = {c.started_by for c in session.scalars(select(Conversation))}
    assert starters == {ANN, SRE}
    for secret in SECRETS:
        assert secret not in stored
        assert secret not in caplog.text
    assert "<PERSON_" in stored and "<EMAIL" in stored


async def test_groups_come_from_user_groups_by_entra_object_id(teams: TeamsHarness) -> None:
    """Bob's Entra object id is in the sre group, so the directory the core asks says so; Ann has the defaults."""
    chat = teams.box.teams_chat
    assert chat.person(SRE).groups == frozenset({"everyone", "sre"})
    assert chat.person(ANN).groups == frozenset({"everyone"})
