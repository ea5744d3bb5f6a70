"""`opsbot ingest` while `opsbot serve` runs on the embedded index: the bot does the ingest and keeps answering."""

from __future__ import annotations

import asyncio
import json
import os
import re
import stat
import sys
from pathlib import Path

import aiohttp

from bot.admin.credentials import admin_file
from bot.core.knowledge_access import BUSY
from tests.knowledge.conftest import write_corpus
from tests.knowledge.test_rebuild import CERT_QUESTION, CERTS
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.processes import ROOT, serve, stopped
from tests.slack.signed import SECRET, event_body, message, send

HTTP = ("--http", "--host", "127.0.0.1", "--port", "0")


async def opsbot_ingest(home: Path, *paths: Path) -> tuple[int, str, str]:
    """`opsbot ingest PATHS` as an operator runs it next to the bot: same OPSBOT_HOME, another folder."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_", "QDRANT_"))}
    environ |= {"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline", "PYTHONPATH": str(ROOT)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "ingest", *map(str, paths),
        cwd=home.parent, env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 300)
    return int(process.returncode or 0), out.decode(), err.decode()


async def ask(session: aiohttp.ClientSession, port: int, fake: FakeSlack, text: str, ts: str) -> str:
    """A DM to the bot; returns everything its answer in that thread shows."""
    await send(session, f"http://127.0.0.1:{port}/slack/events", event_body(message("D0BOB", "U0BOB", text, ts)))

    def answered() -> Call | None:
        posts = fake.calls_to("chat.postMessage")
        return next((c for c in posts if c.args.get("thread_ts") == ts), None)

    call = await fake.wait_until(answered, 60)
    return json.dumps(call.args)


def new_runbook(root: Path) -> Path:
    (root / "runbooks").mkdir(parents=True)
    (root / "runbooks" / "CertificateExpiringSoon.md").write_text(CERTS)
    return root


async def test_ingest_is_handed_to_the_running_bot_which_serves_the_new_content_after(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    """With the bot serving, `opsbot ingest` exits 0 with the summary, questions are answered (never "being
    updated") while it runs, and the new runbook answers the next question; without a bot it ingests by itself."""
    home = tmp_path / "home"
    home.mkdir()
    assert (await opsbot_ingest(home, write_corpus(tmp_path / "old")))[0] == 0  # no bot yet: as before
    process = await serve(home, fake_slack, *HTTP, SLACK_SIGNING_SECRET=SECRET)
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/slack/events", line).group(1))  # type: ignore[union-attr]
        async with aiohttp.ClientSession() as session:
            assert "KubePodCrashLooping" in await ask(session, port, fake_slack, "pod crash looping", "1.1")
            ingesting = asyncio.ensure_future(opsbot_ingest(home, new_runbook(tmp_path / "new")))
            meanwhile = await ask(session, port, fake_slack, "pod crash looping", "2.1")
            code, out, err = await ingesting
            after = await ask(session, port, fake_slack, CERT_QUESTION, "3.1")
        assert code == 0, err
        assert "the running bot is doing the ingest" in err
        assert "1 added" in out
        assert BUSY not in meanwhile and "KubePodCrashLooping" in meanwhile
        assert "CertificateExpiringSoon" in after
    finally:
        await stopped(process)
    assert not admin_file(home).exists()


async def test_the_admin_endpoint_wants_the_token_from_the_owner_only_file(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    """The endpoint listens on loopback, its token sits in a file only the owner can read, and a request without
    it or with a wrong one gets 401 and ingests nothing."""
    process = await serve(tmp_path, fake_slack, *HTTP, SLACK_SIGNING_SECRET=SECRET)
    try:
        assert process.stdout is not None
        await asyncio.wait_for(process.stdout.readline(), 60)
        published = admin_file(tmp_path)
        assert stat.S_IMODE(published.stat().st_mode) == 0o600
        port = json.loads(published.read_text())["port"]
        body = {"paths": [str(write_corpus(tmp_path / "corpus"))]}
        url = f"http://127.0.0.1:{port}/admin/ingest"
        async with aiohttp.ClientSession() as session:
            for headers in ({}, {"Authorization": "Bearer not-the-token"}):
                async with session.post(url, json=body, headers=headers) as refused:
                    assert refused.status == 401
    finally:
        await stopped(process)


async def test_a_file_left_by_a_killed_bot_does_not_stop_a_plain_ingest(tmp_path: Path) -> None:
    """When the published endpoint no longer answers (the bot was killed), `opsbot ingest` indexes by itself."""
    admin_file(tmp_path).write_text(json.dumps({"port": 9, "token": "stale", "pid": 1}))
    code, out, err = await opsbot_ingest(tmp_path, write_corpus(tmp_path.parent / "corpus"))
    assert code == 0, err
    assert "added" in out and "running bot" not in err
