"""`opsbot report`: KPIs from real turns, as JSON and as an HTML page a browser renders with its charts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.observability import kpis
from bot.testing.scripted_llm import call, say
from model.messages import Person, ThreadRef
from store.models import utcnow
from tests.observability.conftest import build_box
from tests.observability.test_tracing import message

SCRIPT = [
    call("search_knowledge", query="x"),  # invalid arguments: counted against validity
    call("search_knowledge", query="VPN keeps disconnecting"),
    say("Reinstall the VPN profile [1]."),
]


@pytest.fixture
def report_home(tmp_path: Path, shared_retriever: Any, monkeypatch: pytest.MonkeyPatch, restore_logging: None) -> Path:
    """A home whose database holds an answer, a proposed ticket, an escalation and a thumbs-up."""
    import asyncio

    box = build_box(tmp_path, shared_retriever, SCRIPT)

    async def turns() -> None:
        await box.pipeline.handle(message("my VPN keeps disconnecting"))
        await box.pipeline.handle(message('/ops create_ticket title="New laptop"'))
        await box.pipeline.handle(message("I need a human please"))
        await box.pipeline.choose(
            actor=Person("U1", frozenset()), thread=ThreadRef("console", "C1", "T1"), value="feedback:up"
        )

    asyncio.run(turns())
    box.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPSBOT_HOME", str(tmp_path))
    monkeypatch.setenv("OPSBOT_LLM_PROVIDER", "offline")
    return tmp_path


def test_report_json_has_the_kpis(report_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON report counts three replies, one completed answer, one escalation and the tool calls' quality."""
    assert main(["report", "--since", "1d", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["replies"] == 3 and data["completed"] == 1 and data["escalations"] == 1
    assert data["tool_calls"] == 2 and data["tool_success_rate"] == 0.5 and data["tool_validity_rate"] == 0.5
    assert data["thumbs_up"] == 1 and data["thumbs_down"] == 0
    assert data["latency_p95_ms"] > 0 and len(data["daily"]) == 1


def test_report_into_a_missing_folder_is_one_clear_error(report_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--html` into a folder that does not exist exits 1 with the reason, not a traceback."""
    target = report_home / "no-such-dir" / "report.html"
    assert main(["report", "--since", "1d", "--html", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"opsbot report: cannot write {target}: No such file or directory"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "chromium is not installed (make browser installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.mark.browser
def test_the_html_report_renders_kpis_and_charts_in_chromium(
    report_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opened in headless Chromium, the page shows the KPI values and an SVG chart of the daily trend."""
    page = report_home / "report.html"
    assert main(["report", "--html", str(page)]) == 0
    assert "<script" not in page.read_text() and "http" not in page.read_text().replace("http://www.w3.org", "")
    profile = report_home / "chromium-profile"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    flags += ["--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]
    done = subprocess.run(
        [chromium(), *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60, check=True
    )
    dom = done.stdout
    assert "Task completion rate" in dom and "33.3%" in dom
    assert "Tool-argument validity rate" in dom and "50.0%" in dom
    assert "<svg" in dom and 'class="replies"' in dom and "<polyline" in dom
    assert 'id="legend-replies"' in dom and 'class="y-axis"' in dom
    assert 'class="p95"' in dom  # a single day is a visible point, with its value


def test_every_kpi_is_defined_in_the_report_and_no_emoji_is_needed(
    report_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text report says, beside each figure, what counts and over what; no label depends on an emoji font."""
    assert main(["report", "--since", "1d"]) == 0
    out = capsys.readouterr().out
    assert "over replies" in out and "action runs (/ops, plain words, LLM)" in out
    assert "Thumbs up / down" in out
    assert all(ord(ch) < 0x2000 or ch in "›…" for ch in out)


@pytest.mark.browser
def test_the_html_report_charts_paint_in_chromium(report_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A screenshot in headless Chromium shows each chart series' colour, so the one-day charts are not blank."""
    image = pytest.importorskip("PIL.Image")
    page = report_home / "report.html"
    assert main(["report", "--html", str(page)]) == 0
    shot = report_home / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars"]
    flags += ["--no-first-run", f"--user-data-dir={report_home / 'chromium-profile'}", "--window-size=900,1600"]
    subprocess.run(
        [chromium(), *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=60, check=True
    )
    picture = image.open(shot).convert("RGB")
    blue, green = rows_painted(picture, b"\x40\x62\xbb"), rows_painted(picture, b"\x2a\x9d\x5b")
    assert green, "no 'completed' bar painted"
    # the latency chart is below the bar chart: its one-day point must be painted below every bar
    assert blue and max(blue) > max(green) + 40, "the one-day p95 chart is blank"


def rows_painted(picture: Any, rgb: bytes) -> list[int]:
    """The pixel rows of the screenshot where this exact colour appears."""
    data, stride = picture.tobytes(), picture.width * 3
    found = []
    for y in range(picture.height):
        row = data[y * stride : (y + 1) * stride]
        at = row.find(rgb)
        while at != -1 and at % 3:
            at = row.find(rgb, at + 1)
        if at != -1:
            found.append(y)
    return found


async def test_ops_actions_count_in_tool_success(
    tmp_path: Path, shared_retriever: Any, monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    """Five tickets opened with /ops and confirmed make tool-call success 100%, not n/a."""
    box = build_box(tmp_path, shared_retriever, [])
    thread, person = ThreadRef("console", "C1", "T1"), Person("U1", frozenset({"everyone"}))
    for n in range(5):
        reply = await box.pipeline.handle(message(f'/ops create_ticket title="Laptop {n} broken"'))
        assert reply is not None and reply.card is not None
        await box.pipeline.choose(actor=person, thread=thread, value=reply.offered[0].value)
    with box.database.transaction() as session:
        result = kpis.compute(session, since=utcnow().replace(year=2000), prices={})
    box.close()
    assert result.action_runs == 5 and result.tool_success_rate == 1.0
