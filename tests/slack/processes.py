"""`opsbot serve` in processes of their own, configured for the fake Slack: the serve and replica tests use them."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from tests.slack.fake_slack import TOKEN, FakeSlack

ROOT = Path(__file__).resolve().parents[2]


async def serve(home: Path, fake: FakeSlack, *args: str, **env: str) -> asyncio.subprocess.Process:
    """`opsbot serve ARGS` in a process of its own, configured for the fake Slack (read its stdout to know when it
    listens)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_", "QDRANT_"))}
    environ.pop("DATABASE_URL", None)
    environ |= {"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline", "SLACK_BOT_TOKEN": TOKEN}
    environ |= {"SLACK_API_URL": fake.base_url, "PYTHONPATH": str(ROOT), **env}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "serve", *args,
        cwd=home, env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def listening_port(process: asyncio.subprocess.Process, seconds: float = 60) -> int:
    """The port an `opsbot serve --http` process says it listens on."""
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), seconds)).decode()
    found = re.search(r"127\.0\.0\.1:(\d+)/slack/events", line)
    if found is None:
        stderr = (await process.stderr.read()).decode() if process.stderr else ""
        raise AssertionError(f"not listening: {line!r} {stderr[-2000:]}")
    return int(found.group(1))


async def stopped(process: asyncio.subprocess.Process) -> int:
    process.send_signal(signal.SIGTERM)
    code = await asyncio.wait_for(process.wait(), 30)
    assert code == 0, (await process.stderr.read()).decode() if process.stderr else ""
    return code
