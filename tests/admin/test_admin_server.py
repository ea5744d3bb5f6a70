"""The admin endpoint refuses what it cannot run with a 4xx that says why, and never starts an ingest for it."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from bot.admin.credentials import admin_file, discover
from bot.admin.server import INGEST_PATH, AdminServer, IngestRequest, Progress
from knowledge.ingest import IngestSummary


def must_not_run(request: IngestRequest, progress: Progress) -> IngestSummary:
    raise AssertionError("a refused request must not start an ingest")


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"\xff", "JSON object"),
        (b"[1, 2", "JSON object"),
        (json.dumps({"paths": ["relative/folder"]}).encode(), "absolute"),
        (json.dumps({"paths": []}).encode(), "absolute"),
        (json.dumps({"paths": ["/srv/runbooks"], "kind": "poem"}).encode(), "kind"),
        (json.dumps({"paths": ["/srv/runbooks"], "delete_everything": True}).encode(), "delete_everything"),
    ],
)
async def test_a_malformed_ingest_request_gets_400_naming_the_problem(tmp_path: Path, body: bytes, named: str) -> None:
    """Bad bytes, bad JSON, relative or no paths, an unknown kind or field: 400 with the reason, nothing ingested."""
    server = AdminServer(tmp_path, must_not_run)
    endpoint = await server.start()
    try:
        headers = {"Authorization": f"Bearer {endpoint.token}"}
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{endpoint.port}{INGEST_PATH}"
            async with session.post(url, data=body, headers=headers) as answer:
                assert answer.status == 400
                assert named in (await answer.json())["error"]
    finally:
        await server.stop()
    assert not admin_file(tmp_path).exists()


async def test_each_start_publishes_a_new_token(tmp_path: Path) -> None:
    """A restarted bot has a new token, so a token read from an earlier run no longer works."""
    first = AdminServer(tmp_path, must_not_run)
    old = await first.start()
    await first.stop()
    second = AdminServer(tmp_path, must_not_run)
    new = await second.start()
    try:
        assert discover(tmp_path) == new and new.token != old.token
    finally:
        await second.stop()
