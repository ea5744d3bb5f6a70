"""Runs one golden conversation through the real pipeline (real redaction, retrieval, database, confirmation)."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llama_index.core.base.llms.types import ChatMessage
from sqlalchemy import select

from bot.settings import Settings, load_settings
from bot.testing.scripted_llm import Call, Say, ScriptedLLM, Step, nudged, step_index
from bot.wiring import Container
from evals.golden import Expect, Golden, Mode, Who
from model.messages import InboundMessage, Person, ThreadRef
from model.replies import Choice, Reply
from store.models import AuditEvent, Escalation, Ticket, Turn

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CONFIG = ROOT / "examples" / "opsbot.yml"


@dataclass
class CaseResult:
    name: str
    category: str
    mode: Mode
    failures: list[str] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    answers: int = 0
    cited_answers: int = 0
    pii_leaks: list[str] = field(default_factory=list)
    bypasses: int = 0

    @property
    def passed(self) -> bool:
        return not self.failures and not self.pii_leaks and not self.bypasses


def case_settings(home: Path, mode: Mode, environ: dict[str, str]) -> Settings:
    env = {"OPSBOT_HOME": str(home), "OPSBOT_CONFIG": str(EXAMPLE_CONFIG)}
    if mode == "live":
        env.update({k: v for k, v in environ.items() if k.startswith(("OPENAI_", "OPSBOT_LLM"))})
    else:
        env["OPSBOT_LLM_PROVIDER"] = "offline"
    return load_settings(env)


@dataclass
class Position:
    """Which `say` turn of the golden the pipeline is handling (history may be shortened, so not counted)."""

    turn: int = -1


def scripted_llm(golden: Golden, position: Position) -> ScriptedLLM:
    """The LLM steps of each `say` turn; asked again after a nudge, the model repeats its last words."""
    turns = [[_step(raw) for raw in turn.llm] for turn in golden.turns if turn.say is not None]

    def script(messages: Sequence[ChatMessage]) -> Step:
        steps = turns[position.turn] if 0 <= position.turn < len(turns) else []
        index = step_index(messages)
        if index < len(steps):
            return steps[index]
        said = [step for step in steps if isinstance(step, Say)]
        return said[-1] if said and nudged(messages) else Say("I don't have a scripted answer for this.")

    return ScriptedLLM(script)


def _step(raw: dict[str, Any]) -> Step:
    if "say" in raw:
        return Say(str(raw["say"]))
    return Call(str(raw["call"]), raw.get("raw") or dict(raw.get("args") or {}))


class Runner:
    def __init__(self, retriever: object, environ: dict[str, str]) -> None:
        self._retriever = retriever
        self._environ = environ

    async def run(self, golden: Golden, mode: Mode) -> CaseResult:
        result = CaseResult(golden.name, golden.category, mode)
        with tempfile.TemporaryDirectory(prefix="opsbot-eval-") as tmp:
            home = Path(tmp)
            position = Position()
            scripted = scripted_llm(golden, position) if mode == "scripted" else None
            prebuilt: dict[str, object] = {"retriever": self._retriever}
            if scripted is not None:
                prebuilt["llm"] = scripted.llm
            box = Container(case_settings(home, mode, self._environ), **prebuilt)
            try:
                await self._converse(box, golden, mode, result, position, scripted)
                self._check_after(box, golden, result)
                self._check_pii(box, golden, scripted, result)
            finally:
                box.database.dispose()
        return result

    async def _converse(
        self,
        box: Container,
        golden: Golden,
        mode: Mode,
        result: CaseResult,
        position: Position,
        scripted: ScriptedLLM | None,
    ) -> None:
        thread = ThreadRef("eval", golden.channel or golden.name, mode)
        choices: tuple[Choice, ...] = ()
        for number, turn in enumerate(golden.turns, start=1):
            person = _person(turn.as_ or golden.user)
            text = turn.text()
            seen = len(scripted.calls) if scripted is not None else 0
            if text is not None:
                position.turn += 1
                message = InboundMessage(thread, person, text, direct=golden.channel is None)
                reply = await box.pipeline.handle(message)
            else:
                choice = next((c for c in choices if c.value.startswith(f"{turn.click}:")), None)
                if choice is None:
                    result.failures.append(f"turn {number}: no '{turn.click}' choice was offered")
                    continue
                reply = await box.pipeline.choose(actor=person, thread=thread, value=choice.value)
            expect = turn.expectation(mode)
            result.failures += [f"turn {number}: {p}" for p in check(reply, expect)]
            if scripted is not None:
                result.failures += [f"turn {number}: {p}" for p in check_shown(scripted.calls[seen:], expect)]
            if reply is not None and reply.offered:
                choices = reply.offered
            _count_answer(reply, result)

    def _check_after(self, box: Container, golden: Golden, result: CaseResult) -> None:
        with box.database.transaction() as session:
            tickets = len(session.scalars(select(Ticket.id)).all())
            audit = session.scalars(select(AuditEvent)).all()
            escalations = len(session.scalars(select(Escalation.id)).all())
            for turn in session.scalars(select(Turn).where(Turn.role == "assistant")).all():
                result.tool_calls += list(turn.tool_calls or [])
        executed = [e for e in audit if e.event in ("executed", "failed") and e.pending_action_id]
        confirmed = {e.pending_action_id for e in audit if e.event == "confirmed"}
        result.bypasses = sum(1 for e in executed if e.pending_action_id not in confirmed)
        wanted = golden.after
        for label, expected, actual in (
            ("tickets", wanted.tickets, tickets),
            ("executed actions", wanted.executed, len([e for e in executed if e.event == "executed"])),
            ("escalations", wanted.escalations, escalations),
        ):
            if expected is not None and expected != actual:
                result.failures.append(f"after: expected {expected} {label}, found {actual}")

    def _check_pii(self, box: Container, golden: Golden, scripted: ScriptedLLM | None, result: CaseResult) -> None:
        seen = scripted.seen_text().lower() if scripted else ""
        box.database.dispose()
        stored = b"".join(p.read_bytes() for p in Path(box.settings.home).glob("opsbot.db*")).lower()
        for value in golden.pii:
            if value.lower() in seen:
                result.pii_leaks.append(f"reached the LLM: {value[:3]}…")
            if value.lower().encode() in stored:
                result.pii_leaks.append(f"stored in the database: {value[:3]}…")


def _person(who: Who) -> Person:
    return Person(who.id, frozenset(who.groups))


def _count_answer(reply: Reply | None, result: CaseResult) -> None:
    if reply is not None and reply.kind == "answer" and not reply.unverified:
        result.answers += 1
        result.cited_answers += 1 if reply.citations else 0


def check_shown(calls: Sequence[Sequence[ChatMessage]], expect: Expect) -> list[str]:
    """Texts the model must not have been shown in this turn's LLM calls (e.g. the middle of a pasted log)."""
    shown = "\n".join(m.content or "" for messages in calls for m in messages)
    return [f"the model was shown {text!r}" for text in expect.not_shown_list() if text in shown]


def check(reply: Reply | None, expect: Expect) -> list[str]:
    """What is wrong with `reply` against the expectation (empty when it matches)."""
    if expect.silent:
        return [] if reply is None else [f"expected silence, got {reply.kind}: {reply.text[:80]!r}"]
    if reply is None:
        return ["expected a reply, got silence"]
    problems = []
    if expect.kind and reply.kind != expect.kind:
        problems.append(f"expected a {expect.kind} reply, got {reply.kind}: {reply.text[:120]!r}")
    text = reply.said.lower()
    problems += [f"reply lacks {s!r}" for s in expect.contains_list() if s.lower() not in text]
    problems += [f"reply contains {s!r}" for s in expect.not_contains_list() if s.lower() in text]
    if expect.cites and not any(expect.cites in c.source for c in reply.citations):
        problems.append(f"no citation of {expect.cites!r} (got {[c.source for c in reply.citations]})")
    if expect.not_cites and any(expect.not_cites in c.source for c in reply.citations):
        problems.append(f"cites {expect.not_cites!r}, which it must not")
    if expect.no_citations and reply.citations:
        problems.append("expected no citations")
    if expect.card_action and (reply.card is None or reply.card.action != expect.card_action):
        problems.append(f"expected a {expect.card_action} confirmation card")
    wrong = {k: v for k, v in expect.card_params.items() if reply.card is None or reply.card.params.get(k) != v}
    if wrong:
        problems.append(f"expected card parameters {wrong}, got {dict(reply.card.params) if reply.card else None}")
    if expect.ephemeral is not None and reply.ephemeral != expect.ephemeral:
        problems.append(f"expected ephemeral={expect.ephemeral}")
    if expect.unverified is not None and reply.unverified != expect.unverified:
        problems.append(f"expected unverified={expect.unverified}")
    return problems + check_private(reply, expect)


def check_private(reply: Reply, expect: Expect) -> list[str]:
    """What is wrong with the answer sent to the asker alone (ephemeral, never in the thread)."""
    private = reply.private
    if expect.no_private and private is not None:
        return [f"expected nothing sent privately, got {private.text[:80]!r}"]
    if expect.private_cites is None:
        return []
    if private is None or not private.ephemeral:
        return ["expected an answer sent privately to the asker"]
    if not any(expect.private_cites in c.source for c in private.citations):
        return [f"private answer has no citation of {expect.private_cites!r}"]
    return []
