"""`opsbot serve --http` with only the three Teams settings: Teams' endpoint alone, in a process of its own."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.commands.serve import require_platform_settings
from bot.settings import load_settings
from model.errors import ConfigError
from tests.teams import activities
from tests.teams.fake_botframework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework, Sent

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = """---
title: VPN keeps disconnecting
url: https://wiki.example.test/vpn
---

# VPN keeps disconnecting

## Fix

If the VPN keeps disconnecting every few minutes, switch the client to TCP and renew the certificate.
"""
TEAMS_ONLY = {"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": APP_PASSWORD, "TEAMS_TENANT_ID": TENANT_ID}


def test_teams_alone_needs_http_mode() -> None:
    """Teams is served over HTTP only: starting it in Socket Mode stops with a clear error (exit code 2)."""
    with pytest.raises(ConfigError, match="--http"):
        require_platform_settings(load_settings(TEAMS_ONLY), http=False)
    require_platform_settings(load_settings(TEAMS_ONLY), http=True)


async def opsbot(home: Path, *args: str, **env: str) -> asyncio.subprocess.Process:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_", "TEAMS_"))}
    environ |= {"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline", "PYTHONPATH": str(ROOT), **env}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args,
        cwd=home, env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_serve_http_with_only_teams_refuses_strangers_and_answers_a_signed_message_with_citations(
    tmp_path: Path, fake: FakeBotFramework
) -> None:
    """No token: 401 and nothing sent. A Bot Framework-signed DM: 200, then a cited answer at the fake connector."""
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "VPN-Keeps-Disconnecting.md").write_text(RUNBOOK)
    ingest = await opsbot(tmp_path, "ingest", str(tmp_path / "runbooks"))
    assert await asyncio.wait_for(ingest.wait(), 180) == 0
    env = TEAMS_ONLY | {"TEAMS_OPENID_METADATA_URL": fake.metadata_url, "TEAMS_TOKEN_URL": fake.token_url}
    process = await opsbot(tmp_path, "serve", "--http", "--host", "127.0.0.1", "--port", "0", **env)
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 120)).decode()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/api/messages", line).group(1))  # type: ignore[union-attr]
        assert "/slack/events" not in line
        url = f"http://127.0.0.1:{port}/api/messages"
        body = activities.personal(fake.service_url, "my VPN keeps disconnecting")
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=body) as stranger:
                assert stranger.status == 401
            headers = {"Authorization": f"Bearer {fake.sign()}"}
            async with session.post(url, json=body, headers=headers) as signed:
                assert signed.status == 200
        answer = await wait_for_message(fake)
        assert answer.conversation_id == body["conversation"]["id"]
        [entity] = [e for e in answer.body["entities"] if e.get("@type") == "Message"]
        assert [c["appearance"]["name"] for c in entity["citation"]] == ["VPN keeps disconnecting"]
        assert "[1]" in answer.body["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 30)
        assert code == 0, (await process.stderr.read()).decode() if process.stderr else ""
    assert [s.body.get("type") for s in fake.delivered()].count("message") == 1  # the stranger got nothing


async def wait_for_message(fake: FakeBotFramework, seconds: float = 60) -> Sent:
    for _ in range(int(seconds * 10)):
        found = [s for s in fake.delivered() if s.body.get("type") == "message"]
        if found:
            return found[0]
        await asyncio.sleep(0.1)
    raise AssertionError("no answer reached the fake connector")
