"""Per-turn overhead without an LLM: redaction + retrieval + database, through the real pipeline.

`python -m bench.turn` indexes examples/, then sends questions through `Pipeline.handle` in offline mode (each in
a thread of its own, as Slack mentions are) and prints end-to-end p50/p95 and the retrieval share. This is the
time Opsbot itself adds to every turn; with an LLM, the provider's time comes on top.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.settings import load_settings
from bot.wiring import Container
from model.messages import InboundMessage, Person, ThreadRef

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "My VPN keeps dropping every few minutes, especially on video calls",
    "Okta says push sent but nothing shows up on my phone",
    "deploy stuck in Pending, events say Insufficient cpu",
    "FATAL: sorry, too many clients already in the API logs",
    "Dell asks for a 48-digit recovery key after a BIOS update",
    "how do I declare an incident and pick a severity",
    "Priya Natarajan (priya.natarajan@northwind.internal) cannot log in to the VPN",
    "postgres replica is hours behind the primary",
    "image pull back off on the new release of checkout-api",
    "who is on call for the network team this week",
]
ROUNDS = 6


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(box: Container) -> tuple[list[float], list[float]]:
    totals, retrievals = [], []
    user = Person("U_BENCH", frozenset({"everyone"}))
    for round_no in range(ROUNDS):
        for number, question in enumerate(QUESTIONS):
            thread = ThreadRef("bench", "C1", f"{round_no}.{number}")
            started = time.perf_counter()
            await box.pipeline.handle(InboundMessage(thread, user, question))
            totals.append((time.perf_counter() - started) * 1000)
    with box.database.transaction() as session:
        from sqlalchemy import select

        from store.models import Turn

        retrievals = [t.retrieval_ms or 0.0 for t in session.scalars(select(Turn).where(Turn.role == "assistant"))]
    return totals, retrievals


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="opsbot-bench-turn-") as home:
        settings = load_settings(
            {
                "OPSBOT_HOME": home,
                "OPSBOT_LLM_PROVIDER": "offline",
                "OPSBOT_REDACTION_NAMES_FILE": str(ROOT / "examples" / "names.txt"),
            }
        )
        box = Container(settings)
        from knowledge.ingest import ingest

        ingest(box.knowledge_config, [ROOT / "examples"], text_filter=box.redactor.redact_inert)
        asyncio.run(box.pipeline.handle(InboundMessage(ThreadRef("bench", "C0", "warm"), Person("U0"), "warm up")))
        totals, retrievals = asyncio.run(run(box))
        box.close()
    print(f"turns: {len(totals)} offline turns (redaction + retrieval + database, no LLM)")
    print(f"turn overhead ms: p50 {statistics.median(totals):.1f}  p95 {percentile(totals, 0.95):.1f}")
    print(f"  of which retrieval ms: p50 {statistics.median(retrievals):.1f}  p95 {percentile(retrievals, 0.95):.1f}")
    print(f"target: median <= 100 ms -> {'met' if statistics.median(totals) <= 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
