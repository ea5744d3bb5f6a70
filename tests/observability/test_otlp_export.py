"""Traces leave the process over real OTLP/HTTP: `opsbot ask` with OPSBOT_TRACES=otlp posts one trace per turn
to a collector (a local one here), with the turn's steps as spans and none of the person's data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.observability.conftest import PII, PII_MESSAGE

ROOT = Path(__file__).resolve().parents[2]


class Collector(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receive)
        self.bodies: list[tuple[str, str, bytes]] = []


class _Receive(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.bodies.append((self.path, self.headers.get("Content-Type", ""), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def ask(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`opsbot ask PII_MESSAGE --json` in a process of its own, offline, with `env` on top."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_", "OTEL_"))}
    environ.update({"OPSBOT_HOME": str(home), "OPSBOT_LLM_PROVIDER": "offline", **env})
    command = [sys.executable, "-m", "bot.cli", "ask", PII_MESSAGE, "--json"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environ, timeout=300, check=False)


@pytest.mark.slow
def test_a_turn_exports_one_clean_trace_over_otlp(tmp_path: Path, collector: Collector) -> None:
    """An operator's collector receives the turn's spans under one trace id, with no name or e-mail in them."""
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    result = ask(tmp_path, OPSBOT_TRACES="otlp", OTEL_EXPORTER_OTLP_ENDPOINT=endpoint)
    assert result.returncode == 0, result.stderr
    assert collector.bodies, "no spans reached the collector"
    assert {(path, kind) for path, kind, _ in collector.bodies} == {("/v1/traces", "application/x-protobuf")}
    spans = []
    for _, _, body in collector.bodies:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource in request.resource_spans:
            service = {a.key: a.value.string_value for a in resource.resource.attributes}["service.name"]
            assert service == "opsbot"
            spans += [span for scope in resource.scope_spans for span in scope.spans]
    names = [span.name for span in spans]
    for step in ("turn", "receive", "redact", "decide", "retrieve", "reply"):
        assert step in names, names
    assert len({span.trace_id for span in spans}) == 1
    everything = b"".join(body for _, _, body in collector.bodies)
    for value in PII:
        assert value.encode() not in everything


@pytest.mark.slow
def test_console_traces_go_to_stderr_and_keep_json_output_clean(tmp_path: Path) -> None:
    """OPSBOT_TRACES=console prints spans on stderr, so `opsbot ask --json` still prints one JSON document."""
    result = ask(tmp_path, OPSBOT_TRACES="console")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["type"] in ("answer", "error", "notice", "escalation")
    assert '"name": "turn"' in result.stderr and '"name": "redact"' in result.stderr
    for value in PII:
        assert value not in result.stderr
