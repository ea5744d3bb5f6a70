"""Replicas on PostgreSQL: the Slack load spread over 1, 2, ... `serve` processes, as a load balancer spreads it.

`python -m bench replicas` (BENCH_REPLICAS=1,2 and BENCH_CONVERSATIONS=30 by default). For each replica count, a
throwaway PostgreSQL database (OPSBOT_BENCH_PG_URL, default the local test cluster) and that many bot processes
(the Slack app on the test pipeline, as in bench.slack). The conversations run at once: each sends a mention to
one replica (round robin) and Slack's retry of it to the next, then `/ops create_ticket ...` and its Confirm
clicked on every replica at the same moment. Reported per replica count: ack p50/p95/p99, answers per second, and
duplicates (answers or tickets beyond one per conversation; must be 0). On a shared 2-core machine more replicas
buy no CPU: the figures show what the shared database costs, not how far a fleet scales.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text

from bot.serving import serve_http
from bot.slack.server import EVENTS_PATH
from store import tickets
from store.db import Database
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import USERGROUPS, USERS, build_pipeline_and_bot, slack_settings
from tests.slack.processes import listening_port
from tests.slack.signed import Sent, click_body, command_body, event_body, mention, send

PG_ADMIN_URL = os.environ.get("OPSBOT_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


async def serve_replica(home: str, api_url: str, database_url: str) -> None:
    """One replica's process: the Slack app on the test pipeline and the shared database, served as `opsbot serve
    --http` serves it (the port on stdout, until SIGTERM)."""
    service = build_pipeline_and_bot(slack_settings(Path(home), api_url), Database(database_url))
    await serve_http(service, host="127.0.0.1", port=0)


class Load:
    def __init__(self, fake: FakeSlack, session: aiohttp.ClientSession, urls: list[str]) -> None:
        self.fake, self.session, self.urls = fake, session, urls
        self.acks: list[Sent] = []

    async def send(self, url: str, request: tuple[str, str], **signing: int) -> None:
        self.acks.append(await send(self.session, url, request, **signing))

    async def conversation(self, n: int) -> None:
        first, other = self.urls[n % len(self.urls)], self.urls[(n + 1) % len(self.urls)]
        channel, user, root = f"C{n:04d}", f"U{n:04d}", f"{1_800_000_000 + n}.000100"
        request = event_body(mention(channel, user, "my VPN keeps disconnecting", root))
        await self.send(first, request)
        await self.send(other, request, retry=1)
        await self.send(first, command_body(user, channel, 'create_ticket title="VPN down" priority=high'))
        card = await self.fake.wait_until(lambda: self.card(channel))
        confirm = next(e["value"] for b in card["blocks"] if b["type"] == "actions" for e in b["elements"])
        await asyncio.gather(*(self.send(url, click_body(user, card, confirm)) for url in self.urls))

    def card(self, channel: str) -> dict[str, object] | None:
        for call in self.fake.by_channel.get(channel, []):
            if call.method == "chat.postMessage" and "confirm:" in str(call.args.get("blocks")):
                return call.args | {"ts": call.response["ts"]}
        return None


@contextmanager
def throwaway_database() -> Iterator[str]:
    name = f"opsbot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


async def run(replicas: int, conversations: int, home: Path, database_url: str) -> bool:
    Database(database_url).upgrade()
    fake = FakeSlack(users=USERS, usergroups=USERGROUPS)
    await fake.start()
    processes, urls = [], []
    for number in range(replicas):
        (home / str(number)).mkdir()
        args = f"{str(home / str(number))!r}, {fake.base_url!r}, {database_url!r}"
        code = f"import asyncio, bench.replicas as b; asyncio.run(b.serve_replica({args}))"
        processes.append(
            await asyncio.create_subprocess_exec(sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE)
        )
    for process in processes:
        urls.append(f"http://127.0.0.1:{await listening_port(process, 180)}{EVENTS_PATH}")
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        load = Load(fake, session, urls)
        started = time.perf_counter()
        await asyncio.gather(*(load.conversation(n) for n in range(conversations)))
        await fake.wait_until(lambda: True if len(fake.calls_to("chat.update")) >= conversations else None, 120)
        elapsed = time.perf_counter() - started
        await asyncio.sleep(1.0)  # room for a duplicate to show up
    for process in processes:
        process.send_signal(signal.SIGTERM)
        await process.wait()
    await fake.close()
    return report(replicas, conversations, load, tickets_in(database_url, conversations), elapsed)


def tickets_in(database_url: str, conversations: int) -> int:
    """Tickets created by the conversations' requesters (one each when every double click ran once)."""
    database = Database(database_url)
    with database.transaction() as session:
        count = sum(len(tickets.tickets_of(session, requester=f"U{n:04d}")) for n in range(conversations))
    database.dispose()
    return count


def report(replicas: int, conversations: int, load: Load, created: int, elapsed: float) -> bool:
    cuts = statistics.quantiles([a.seconds * 1000 for a in load.acks], n=100, method="inclusive")
    posts = load.fake.calls_to("chat.postMessage")
    answered = Counter(c.args.get("thread_ts") for c in posts if "feedback:up" in str(c.args.get("blocks")))
    duplicates = sum(n - 1 for n in answered.values()) + max(0, created - conversations)
    slowest = max(a.seconds for a in load.acks) * 1000
    print(f"{replicas} replica(s), {conversations} conversations: {len(load.acks)} signed requests in {elapsed:.1f} s")
    print(f"  ack latency ms: p50 {cuts[49]:.1f}  p95 {cuts[94]:.1f}  p99 {cuts[98]:.1f}  max {slowest:.1f}")
    print(f"  answers: {answered.total()} ({conversations / elapsed:.1f} conversations/s), tickets: {created}")
    print(f"  duplicates: {duplicates}  statuses: {dict(Counter(a.status for a in load.acks))}")
    return duplicates == 0 and len(answered) == conversations


def main() -> None:
    counts = [int(n) for n in os.environ.get("BENCH_REPLICAS", "1,2").split(",")]
    conversations = int(os.environ.get("BENCH_CONVERSATIONS", "30"))
    ok = True
    for replicas in counts:
        with tempfile.TemporaryDirectory() as home, throwaway_database() as url:
            ok = asyncio.run(run(replicas, conversations, Path(home), url)) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
