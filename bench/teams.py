"""Teams load test: 50 concurrent conversations of signed activities into /api/messages, against the fake Bot
Framework (its issuer signs RS256 tokens; its connector receives the replies).

The bot runs in a process of its own (`opsbot serve --http` with only Teams: the real endpoint, JWT validation and
pipeline); this process plays Microsoft. Each conversation is a 1:1 chat: a question and a redelivery of it (each
as soon as the previous one is acked), a follow-up, then `/ops create_ticket ...` and two Confirm invokes at the
same moment. Reported: ack latency of the message activities (time to the HTTP 200) p50/p95/p99, answers
delivered, the invoke round trip (the decision is in its response), and duplicates (must be 0).
Target: ack p99 <= 100 ms, as for Slack.
"""

from __future__ import annotations

import asyncio
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bot.serving import TEAMS_PATH, start_http
from store.db import Database
from store.models import Ticket
from tests.teams import activities
from tests.teams.fake_botframework import FakeBotFramework
from tests.teams.harness import build_container, teams_settings

CONVERSATIONS = 50
TARGET_P99_MS = 100.0
QUIET_SECONDS = 1.0


class Load:
    def __init__(self, fake: FakeBotFramework, session: aiohttp.ClientSession, url: str) -> None:
        self.fake, self.session, self.url = fake, session, url
        self.token = fake.sign()  # one Bot Framework token, as Teams reuses its token for an hour
        self.acks: list[tuple[float, int]] = []
        self.invokes: list[tuple[float, int]] = []

    async def post(self, body: dict[str, Any], into: list[tuple[float, int]]) -> None:
        started = time.perf_counter()
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.session.post(self.url, json=body, headers=headers) as response:
            await response.read()
            into.append((time.perf_counter() - started, response.status))

    async def conversation(self, n: int) -> None:
        user = {
            "id": f"29:1user{n:04d}",
            "name": f"User {n:04d}",
            "aadObjectId": f"{n:08d}-1111-4111-8111-111111111111",
        }
        url = self.fake.service_url
        first = activities.personal(url, "my VPN keeps disconnecting", user=user)
        for body in (first, first):
            await self.post(body, self.acks)
        await self.messages(first["conversation"]["id"], 1)
        await self.post(activities.personal(url, "still dropping on the VPN", user=user), self.acks)
        await self.messages(first["conversation"]["id"], 2)
        ticket = activities.personal(url, '/ops create_ticket title="VPN down" priority=high', user=user)
        await self.post(ticket, self.acks)
        card = await self.card(first["conversation"]["id"])
        pending_id = card.body["attachments"][0]["content"]["refresh"]["action"]["data"]["id"]
        click = activities.card_action(url, card.posted(), "confirm", pending_id, user=user)
        await asyncio.gather(*(self.post(click, self.invokes) for _ in range(2)))

    def answers(self, conversation: str) -> list[Any]:
        return [
            s
            for s in self.fake.delivered("send")
            if s.conversation_id == conversation and s.body.get("type") == "message"
        ]

    async def messages(self, conversation: str, count: int) -> None:
        while len(self.answers(conversation)) < count:  # noqa: ASYNC110 - the fake connector records, nothing to await
            await asyncio.sleep(0.02)

    async def card(self, conversation: str) -> Any:
        while True:
            for sent in self.answers(conversation):
                if "refresh" in str(sent.body.get("attachments")):
                    return sent
            await asyncio.sleep(0.02)


async def serve_bot(home: str, metadata_url: str, token_url: str, service_url: str) -> None:
    """The bot's process: only Teams configured, on the test pipeline, serving HTTP until SIGTERM."""
    fake = FakeBotFramework()
    fake.base_url = metadata_url.split("/v1/")[0]  # only its URLs: the real fake runs in the load process
    database = Database(f"sqlite:///{Path(home) / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    box = build_container(teams_settings(Path(home), fake), database, typing_delay=0.4)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    print(server.port, flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await server.close()


async def run(home: Path) -> bool:
    fake = FakeBotFramework()
    await fake.start()
    args = ", ".join(repr(a) for a in (str(home), fake.metadata_url, fake.token_url, fake.service_url))
    code = f"import asyncio, bench.teams as b; asyncio.run(b.serve_bot({args}))"
    bot = await asyncio.create_subprocess_exec(sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE)
    assert bot.stdout is not None
    port = int(await asyncio.wait_for(bot.stdout.readline(), 120))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        load = Load(fake, session, f"http://127.0.0.1:{port}{TEAMS_PATH}")
        started = time.perf_counter()
        await asyncio.gather(*(load.conversation(n) for n in range(CONVERSATIONS)))
        elapsed = time.perf_counter() - started
        await asyncio.sleep(QUIET_SECONDS)
    bot.send_signal(signal.SIGTERM)
    await bot.wait()
    await fake.close()
    return report(load, tickets_in(home), elapsed)


def tickets_in(home: Path) -> int:
    database = Database(f"sqlite:///{home / 'opsbot.db'}")
    with database.transaction() as session:
        count = int(session.scalar(select(func.count()).select_from(Ticket)) or 0)
    database.dispose()
    return count


def quantiles(seconds: list[float]) -> tuple[float, float, float]:
    ms = [s * 1000 for s in seconds]
    p50, p95, p99 = (statistics.quantiles(ms, n=100, method="inclusive")[q - 1] for q in (50, 95, 99))
    return p50, p95, p99


def report(load: Load, created: int, elapsed: float) -> bool:
    p50, p95, p99 = quantiles([s for s, _ in load.acks])
    i50, _, i99 = quantiles([s for s, _ in load.invokes])
    answers = Counter(
        s.conversation_id for s in load.fake.delivered("send") if "citation" in str(s.body.get("entities"))
    )
    updates = len(load.fake.delivered("update"))
    duplicates = sum(max(0, n - 2) for n in answers.values()) + max(0, created - CONVERSATIONS)
    duplicates += max(0, updates - CONVERSATIONS)
    statuses = dict(Counter(status for _, status in load.acks + load.invokes))
    print(f"{CONVERSATIONS} concurrent Teams conversations: {len(load.acks) + len(load.invokes)} signed activities")
    print(f"in {elapsed:.1f} s, status {statuses}")
    print(f"ack latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  (target p99 <= {TARGET_P99_MS:.0f})")
    print(f"Action.Execute round trip ms (the decision is in the response): p50 {i50:.1f}  p99 {i99:.1f}")
    print(f"answers delivered: {sum(answers.values())} of {2 * CONVERSATIONS} in {len(answers)} chats")
    print(f"tickets from {CONVERSATIONS} double-clicked cards: {created}; card updates: {updates}")
    print(f"duplicates: {duplicates}")
    return duplicates == 0 and p99 <= TARGET_P99_MS and sum(answers.values()) == 2 * CONVERSATIONS


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        ok = asyncio.run(run(Path(home)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
