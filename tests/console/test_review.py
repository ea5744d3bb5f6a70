"""`opsbot review` on the demo's database: 👎 answers, unanswered and escalated questions, redacted and grouped by
topic; `export` drafts golden cases and the runbook-gap report; the KPI report names the top gaps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.observability import kpis
from bot.settings import load_settings
from bot.wiring import Container
from evals.golden import Golden
from model.messages import InboundMessage, Person, ThreadRef
from store.models import utcnow

ENV = {"OPSBOT_LLM_PROVIDER": "offline"}
ME = Person("U1", frozenset({"everyone"}))
ESPRESSO = "how do I descale the espresso machine on floor 3"


@pytest.fixture
async def demo_home(tmp_path: Path, shared_retriever: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo database with a 👎 (and its reason), a question asked twice that nothing answers, then escalated."""
    for name, value in (ENV | {"OPSBOT_HOME": str(tmp_path)}).items():
        monkeypatch.setenv(name, value)
    box = Container(load_settings(), retriever=shared_retriever)
    try:
        vpn = ThreadRef("console", "local", "t-vpn")
        await box.pipeline.handle(InboundMessage(vpn, ME, "my VPN keeps disconnecting every few minutes", direct=True))
        down = await box.pipeline.choose(actor=ME, thread=vpn, value="feedback:down")
        assert down.asks_reason is not None
        reason = "It cites the old gateway; ask ann.example@example.com"
        assert await box.pipeline.explain(actor=ME, thread=vpn, feedback_id=down.asks_reason, reason=reason)
        coffee = ThreadRef("console", "local", "t-coffee")
        for text in (ESPRESSO, "the espresso machine descale light is still on"):
            await box.pipeline.handle(InboundMessage(coffee, ME, text, direct=True))
    finally:
        box.close()
    return tmp_path


async def test_review_lists_what_went_wrong_grouped_by_topic_and_redacted(
    demo_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 👎 with its reason, the unanswered questions and the escalation are listed by topic; no raw email."""
    assert main(["review", "--since", "1d"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\[d\d+\] 👎: my VPN keeps disconnecting.* — It cites the old gateway", out)
    assert re.search(r"descale \(3\)\n  \[u\d+\] unanswered: how do I descale the espresso", out)
    assert re.search(r"\[e\d+\] escalated: how do I descale", out)
    assert re.search(r"Runbook gaps: descale \(asked 3×\)", out)
    assert "ann.example@example.com" not in out


async def test_export_drafts_golden_cases_and_a_runbook_gap_report(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each selected item becomes a valid golden draft with its expectation left empty; the gaps get a report."""
    main(["review", "--since", "1d", "--json"])
    codes = [c for c in re.findall(r'"code": "(\w+)"', capsys.readouterr().out)]
    disliked = next(c for c in codes if c.startswith("d"))
    out = tmp_path / "drafts"
    assert main(["review", "export", "--select", disliked, "--out", str(out)]) == 0
    [draft] = out.glob("review-*.yaml")
    text = draft.read_text(encoding="utf-8")
    case = Golden.model_validate(yaml.safe_load(text))
    assert "TODO" in text and case.category == "review" and case.turns[0].say
    assert case.turns[0].expect.kind is None and not case.turns[0].expect.contains_list()
    gaps = (out / "runbook-gaps.md").read_text(encoding="utf-8")
    assert re.search(r"\| descale \| 3 \| how do I descale the espresso", gaps)
    assert main(["review", "export", "--select", "d999", "--out", str(out)]) == 2


async def test_the_weekly_report_names_the_top_runbook_gaps(demo_home: Path) -> None:
    """The KPI report carries the topics most often left unanswered, with how often."""
    box = Container(load_settings())
    try:
        with box.database.transaction() as session:
            result = kpis.compute(session, since=utcnow().replace(year=2000), prices={})
    finally:
        box.close()
    assert result.top_gaps[0] == ("descale", 3)
