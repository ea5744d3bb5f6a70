"""Who reads an answer in Slack: a shared channel gets what everyone there may read; the rest goes to the asker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.serving import start_http
from store.db import Database
from store.models import Turn
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import Harness, build_container, slack_settings
from tests.slack.signed import mention, message

pytestmark = pytest.mark.db
PUBLIC = "C0GENERAL"  # no slack_channels entry: answers there use unrestricted documents only
QUESTION = "how do I fail over the orders database with patroni?"


@pytest.fixture
async def slack_on(tmp_path: Path, fake_slack: FakeSlack, database: Database) -> AsyncIterator[Harness]:
    """The Slack app on the test's database (SQLite, then PostgreSQL)."""
    box = build_container(slack_settings(tmp_path, fake_slack.base_url), database)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    async with aiohttp.ClientSession() as session:
        yield Harness(fake_slack, box.service, server, session, database, box)
    await server.close()


async def test_an_sre_asking_in_a_shared_channel_is_answered_privately(slack_on: Harness) -> None:
    """An SRE's question about an sre-only runbook: the channel gets a one-line note and nothing of the runbook;
    the cited answer goes to the SRE alone, as an ephemeral message in the thread."""
    await slack_on.event(mention(PUBLIC, "U0SRE", QUESTION, "300.000001"))
    await slack_on.settle()
    [posted] = slack_on.posts(PUBLIC)
    assert "sent it to you privately" in str(posted["blocks"])
    assert "patronictl" not in str(posted) and "Postgres failover" not in str(posted)
    [private] = [c.args for c in slack_on.fake.calls_to("chat.postEphemeral")]
    assert private["user"] == "U0SRE" and private["thread_ts"] == "300.000001"
    assert "patronictl failover" in str(private["blocks"]) and "Postgres failover" in str(private["blocks"])
    with slack_on.database.transaction() as session:
        stored = " ".join(turn.text for turn in _turns(session))
    assert "patronictl" not in stored  # the thread's transcript holds only what the channel saw


async def test_someone_outside_sre_in_the_channel_gets_nothing_restricted(slack_on: Harness) -> None:
    """The same question from someone outside sre: nothing restricted anywhere, and nothing sent privately."""
    await slack_on.event(mention(PUBLIC, "U0BOB", QUESTION, "301.000001"))
    await slack_on.settle()
    assert "patronictl" not in str(slack_on.posts(PUBLIC))
    assert slack_on.fake.calls_to("chat.postEphemeral") == []


async def test_a_direct_message_uses_the_askers_own_rights(slack_on: Harness) -> None:
    """In a DM only the SRE reads the answer, so it comes straight from the sre-only runbook."""
    await slack_on.event(message("D0SRE", "U0SRE", QUESTION, "302.000001"))
    await slack_on.settle()
    [answer] = slack_on.posts("D0SRE")
    assert "patronictl failover" in str(answer["blocks"])
    assert slack_on.fake.calls_to("chat.postEphemeral") == []


def _turns(session: Session) -> list[Turn]:
    return list(session.scalars(select(Turn)))
