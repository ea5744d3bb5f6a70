"""Two real `opsbot serve --http` replicas on one PostgreSQL database, behind no load balancer at all: Slack's
redeliveries and double clicks land on both at once, and still each message is answered once and each confirmed
action runs once."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import aiohttp

from bot.slack.server import EVENTS_PATH
from store import tickets
from store.db import Database
from tests.slack.fake_slack import FakeSlack
from tests.slack.processes import listening_port, serve, stopped
from tests.slack.signed import SECRET, click_body, command_body, event_body, mention, send

CHANNEL = "C0GENERAL"
MESSAGES, CARDS = 8, 2
SHARED = {"SLACK_SIGNING_SECRET": SECRET, "OPSBOT_VAULT_KEY": "shared-vault-key-" + "s" * 24}


async def test_two_replicas_answer_each_redelivered_message_once_and_run_each_double_click_once(
    tmp_path: Path, fake_slack: FakeSlack, fresh_postgres_url: str
) -> None:
    """Each message delivered four times (to both replicas, first try and retry, concurrently) gets one answer;
    each card confirmed four times (two clicks on each replica, concurrently) creates one ticket."""
    database = Database(fresh_postgres_url)
    database.upgrade()
    env = SHARED | {"DATABASE_URL": fresh_postgres_url}
    homes = [tmp_path / "a", tmp_path / "b"]
    for home in homes:
        home.mkdir()
    replicas = [await serve(home, fake_slack, "--http", "--host", "127.0.0.1", "--port", "0", **env) for home in homes]
    try:
        ports = await asyncio.gather(*(listening_port(replica, 90) for replica in replicas))
        urls = [f"http://127.0.0.1:{port}{EVENTS_PATH}" for port in ports]
        async with aiohttp.ClientSession() as session:
            await redeliver_messages(session, urls)
            await fake_slack.wait_for("chat.postMessage", MESSAGES, seconds=90)
            await asyncio.sleep(1)  # a duplicate would be posted by now: both replicas work at the same time
            answers = Counter(c.args.get("thread_ts") for c in fake_slack.calls_to("chat.postMessage"))
            assert answers == {f"800.{n:06d}": 1 for n in range(MESSAGES)}
            for n in range(CARDS):
                await confirm_twice_on_each(session, urls, fake_slack, f'create_ticket title="Printer {n} jammed"')
            await fake_slack.wait_for("chat.update", CARDS, seconds=60)
            await asyncio.sleep(1)
        with database.transaction() as session:
            created = [t.title for t in tickets.tickets_of(session, requester="U0BOB")]
        assert sorted(created) == [f"Printer {n} jammed" for n in range(CARDS)]
        assert len(fake_slack.calls_to("chat.update")) == CARDS
    finally:
        for replica in replicas:
            await stopped(replica)
        database.dispose()


async def redeliver_messages(session: aiohttp.ClientSession, urls: list[str]) -> None:
    """Every mention sent to both replicas, as a first delivery and as Slack's retry, all at once."""
    sends = []
    for n in range(MESSAGES):
        request = event_body(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", f"800.{n:06d}"))
        sends += [send(session, url, request, **retry) for url in urls for retry in ({}, {"retry": 1})]
    sent = await asyncio.gather(*sends)
    assert {s.status for s in sent} == {200}


async def confirm_twice_on_each(session: aiohttp.ClientSession, urls: list[str], fake: FakeSlack, text: str) -> None:
    """`/ops TEXT` on one replica, then its Confirm clicked twice on each replica at once."""
    cards = len(posted_cards(fake))
    assert (await send(session, urls[0], command_body("U0BOB", CHANNEL, text))).status == 200
    await fake.wait_until(lambda: posted_cards(fake)[cards:] or None, 60)
    card = posted_cards(fake)[cards]
    confirm = next(e["value"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"])
    clicks = [send(session, url, click_body("U0BOB", card, confirm)) for url in urls for _ in range(2)]
    assert {s.status for s in await asyncio.gather(*clicks)} == {200}


def posted_cards(fake: FakeSlack) -> list[dict[str, object]]:
    """The confirmation cards the replicas posted (a message whose first button confirms)."""
    posts = [c.args | {"ts": c.response["ts"]} for c in fake.calls_to("chat.postMessage")]
    return [p for p in posts if "confirm:pa_" in str(p.get("blocks"))]
