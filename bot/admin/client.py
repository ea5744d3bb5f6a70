"""`opsbot ingest`'s side of the hand-off: find a running bot in the home folder and let it do the ingest."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.admin.credentials import discover
from bot.admin.server import INGEST_PATH, LOOPBACK
from knowledge.ingest import IngestSummary

CONNECT_SECONDS = 5.0


class HandOffError(Exception):
    """The running bot refused or failed the ingest; the message is safe to show."""


def hand_off(
    home: Path,
    paths: Sequence[Path],
    *,
    kind: str | None,
    acl: Sequence[str],
    prune: bool,
    on_file: Callable[[int, int], None],
) -> IngestSummary | None:
    """The summary of the ingest the running bot did, or None when no bot serves this home."""
    endpoint = discover(home)
    if endpoint is None:
        return None
    connection = http.client.HTTPConnection(LOOPBACK, endpoint.port, timeout=CONNECT_SECONDS)
    try:
        connection.connect()
    except OSError:  # a file left behind by a bot that was killed
        return None
    assert connection.sock is not None
    connection.sock.settimeout(None)  # a large file may take minutes between two progress lines
    try:
        absolute = [str(path.expanduser().absolute()) for path in paths]  # the bot runs in another folder
        body = {"paths": absolute, "kind": kind, "acl": list(acl), "prune": prune}
        headers = {"Authorization": f"Bearer {endpoint.token}", "Content-Type": "application/json"}
        connection.request("POST", INGEST_PATH, body=json.dumps(body), headers=headers)
        return _follow(connection.getresponse(), on_file)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise HandOffError(f"lost the running bot during the ingest ({type(exc).__name__}); see its log") from exc
    finally:
        connection.close()


def _follow(response: http.client.HTTPResponse, on_file: Callable[[int, int], None]) -> IngestSummary:
    if response.status != 200:
        reason = json.loads(response.read() or b"{}").get("error", response.reason)
        raise HandOffError(f"the running bot refused the ingest ({response.status}): {reason}")
    for line in response:
        event: dict[str, Any] = json.loads(line)
        if event["event"] == "progress":
            on_file(int(event["done"]), int(event["total"]))
        elif event["event"] == "done":
            return _summary(event["summary"])
        else:
            raise HandOffError(str(event.get("message", "the ingest failed in the running bot")))
    raise HandOffError("the running bot stopped before the ingest ended; see its log")


def _summary(data: dict[str, Any]) -> IngestSummary:
    summary = IngestSummary(**{k: v for k, v in data.items() if k not in ("failures", "skipped")})
    summary.failures = [(str(where), str(why)) for where, why in data.get("failures", [])]
    summary.skipped = [(str(where), str(why)) for where, why in data.get("skipped", [])]
    return summary
