"""`/ops admin ...` in Slack: members of the admin group switch actions off and pin prompt versions, audited;
everyone else is refused and nothing changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.settings.groups import PeopleSettings
from store.models import AuditEvent
from store.prompt_pin import pinned_prompt
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import Harness, running, slack_settings
from tests.slack.signed import command_body

CHANNEL = "C0GENERAL"


@pytest.fixture
async def admin_slack(tmp_path: Path, fake_slack: FakeSlack) -> AsyncIterator[Harness]:
    """The Slack harness with the sre user group (Sam) as the admin group."""
    settings = slack_settings(tmp_path, fake_slack.base_url)
    people = PeopleSettings(default_groups=["everyone"], admin_group="sre")
    async with running(settings.model_copy(update={"people": people}), fake_slack) as harness:
        yield harness


async def ops(slack: Harness, user: str, text: str) -> str:
    await slack.send(command_body(user, CHANNEL, text))
    await slack.settle()
    return str(slack.posts(CHANNEL)[-1]["text"])


def audited(slack: Harness) -> list[tuple[str, str, str | None]]:
    with slack.database.transaction() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(r.event, r.actor, r.action) for r in rows]


async def test_an_admin_switches_an_action_off_and_it_cannot_be_proposed(admin_slack: Harness) -> None:
    """Sam (sre) disables create_ticket from Slack; it is audited as Sam, and Bob's next request is refused."""
    said = await ops(admin_slack, "U0SRE", "admin actions disable create_ticket")
    assert "`create_ticket` is now off" in said
    assert ("action_disabled", "U0SRE", "create_ticket") in audited(admin_slack)
    after = await ops(admin_slack, "U0BOB", 'create_ticket title="VPN down"')
    assert "confirm:" not in str(admin_slack.posts(CHANNEL)[-1]["blocks"]) and "create_ticket" in after


async def test_an_admin_pins_a_prompt_version_and_a_wrong_one_changes_nothing(admin_slack: Harness) -> None:
    """`prompts use v1` pins v1 for every process; an unknown version is explained and nothing is pinned."""
    assert "no prompt version 'v9'" in await ops(admin_slack, "U0SRE", "admin prompts use v9")
    assert "Prompt v1 is now active" in await ops(admin_slack, "U0SRE", "admin prompts use v1")
    with admin_slack.database.transaction() as session:
        assert pinned_prompt(session) == "v1"


async def test_someone_outside_the_admin_group_is_refused_and_the_attempt_audited(admin_slack: Harness) -> None:
    """Bob may not use admin commands: he is told so, the action stays on, and the refusal is in the audit log."""
    said = await ops(admin_slack, "U0BOB", "admin actions disable create_ticket")
    assert "Only members of sre can use admin commands" in said
    assert ("admin_refused", "U0BOB", None) in audited(admin_slack)
    assert not [e for e in audited(admin_slack) if e[0] == "action_disabled"]
