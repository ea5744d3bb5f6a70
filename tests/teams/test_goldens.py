"""The golden conversations (evals/goldens) over Teams: each message is a signed activity posted to /api/messages,
each click an Action.Execute invoke, and the expectations are checked on what reached the fake connector and on
the invoke responses, so each golden's behaviour holds in Teams as it does in the core's own eval."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.core.render import UNVERIFIED
from bot.serving import start_http
from bot.settings.groups import PeopleSettings
from bot.teams.chat import ASK_PRIVATELY
from bot.wiring import Container
from evals.golden import Expect, Golden, Mode, Turn, Who, load_goldens
from evals.harness import EXAMPLE_CONFIG, Position, scripted_llm
from store.db import Database
from store.models import AuditEvent, Escalation, Ticket
from tests.teams import activities
from tests.teams.fake_botframework import FakeBotFramework, Sent
from tests.teams.harness import ESCALATION_CHANNEL, TeamsHarness, teams_settings

GOLDENS = load_goldens()
# Teams has no message that only the asker sees in a shared conversation: there the note points to a 1:1 chat, and
# the restricted answer is sent nowhere (it never reaches the channel).
TEAMS_EXPECT: dict[str, dict[str, Any]] = {
    "acl-restricted-runbook-answered-privately-in-channel": {
        "contains": ASK_PRIVATELY,
        "private_cites": None,
        "no_private": True,
    },
}
MESSAGE = "application/vnd.microsoft.activity.message"


def mode_of(golden: Golden) -> Mode:
    return "scripted" if "scripted" in golden.modes else "offline"


def account(who: Who) -> dict[str, str]:
    return {"id": f"29:{who.id}", "name": who.id.removeprefix("U_").title(), "aadObjectId": who.id}


@dataclass
class Heard:
    """What one turn produced at the wire: new messages in the chat, notices to on-call, the invoke response."""

    messages: list[Sent]
    notices: list[Sent]
    invoke: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        said = [
            html.unescape(m.body.get("text") or "") + " " + str(m.body.get("attachments") or "") for m in self.messages
        ]
        if self.invoke is not None:
            said.append(str(self.invoke.get("value")))
        return " ".join(said).lower()

    def citations(self) -> list[dict[str, Any]]:
        return [c for m in self.messages for e in m.body.get("entities") or [] for c in e.get("citation") or []]

    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for m in self.messages for a in m.body.get("attachments") or []]


def problems(heard: Heard, expect: Expect, clicked: bool) -> list[str]:
    if expect.silent:
        return [] if not heard.messages else [f"expected silence, got {heard.text[:80]!r}"]
    found = []
    if not heard.messages and heard.invoke is None:
        return ["expected a reply, got silence"]
    kinds = {
        "answer": bool(heard.citations()) or "aigeneratedcontent" in str([m.body for m in heard.messages]).lower(),
        "confirmation": any("refresh" in card for card in heard.cards()),
        "escalation": bool(heard.notices),
    }
    if expect.kind in kinds and not kinds[expect.kind]:
        found.append(f"expected a {expect.kind} reply, got {heard.text[:120]!r}")
    found += [f"reply lacks {s!r}" for s in expect.contains_list() if s.lower() not in heard.text]
    found += [f"reply contains {s!r}" for s in expect.not_contains_list() if s.lower() in heard.text]
    if expect.cites and not heard.citations():
        found.append(f"no citation (expected one of {expect.cites!r})")
    if expect.no_citations and heard.citations():
        found.append("expected no citations")
    if expect.card_action and f"action: {expect.card_action}" not in heard.text:
        found.append(f"expected a {expect.card_action} confirmation card")
    found += [f"card lacks {k}={v!r}" for k, v in expect.card_params.items() if str(v).lower() not in heard.text]
    if expect.ephemeral and clicked:
        only_clicker = heard.invoke is not None and heard.invoke.get("type") == MESSAGE and not heard.messages
        found += [] if only_clicker else ["expected an answer only the clicker sees"]
    if expect.unverified is not None and (UNVERIFIED.lower() in heard.text) != expect.unverified:
        found.append(f"expected unverified={expect.unverified}")
    return found


class GoldenOverTeams:
    def __init__(self, teams: TeamsHarness, golden: Golden, position: Position) -> None:
        self.teams, self.golden, self.position = teams, golden, position
        self.chat = activities.personal(teams.service_url, "", user=account(golden.user))["conversation"]["id"]
        self.cards: list[Sent] = []

    async def turn(self, turn: Turn) -> tuple[Heard, bool]:
        before = len(self.teams.fake.sent)
        who = account(turn.as_ or self.golden.user)
        invoke = None
        text = turn.text()
        if text is not None:
            self.position.turn += 1
            body = activities.personal(self.teams.service_url, text, user=who)
            body["conversation"]["id"] = self.chat
            await self.teams.say(body)
        else:
            invoke = await self.click(str(turn.click), who)
        new = [s for s in self.teams.fake.sent[before:] if s.status < 300 and s.body.get("type") == "message"]
        said = [s for s in new if s.kind != "update" and s.conversation_id == self.chat]
        self.cards += [s for s in said if s.body.get("attachments")]
        notices = [s for s in new if s.conversation_id == ESCALATION_CHANNEL]
        return Heard(said, notices, invoke), text is None

    async def click(self, verb: str, who: dict[str, str]) -> dict[str, Any] | None:
        target = self.target(verb)
        if target is None:
            return None
        posted, data = target
        body = activities.card_action(self.teams.service_url, posted.posted(), verb, data, user=who)
        status, response = await self.teams.post(body)
        await self.teams.settle()
        assert status == 200
        return response if isinstance(response, dict) else None

    def target(self, verb: str) -> tuple[Sent, str] | None:
        """The newest card offering `verb`: Confirm/Cancel through its refresh (the requester's view), else a button."""
        for sent in reversed(self.cards):
            card = sent.body["attachments"][0]["content"]
            if verb in ("confirm", "cancel") and "refresh" in card:
                return sent, card["refresh"]["action"]["data"]["id"]
            for element in card.get("body", []):
                for button in element.get("actions", []):
                    if button.get("verb") == verb:
                        return sent, button["data"]["id"]
        return None


@pytest.fixture
async def golden_teams(
    request: pytest.FixtureRequest, tmp_path: Path, fake: FakeBotFramework, shared_retriever: object
) -> AsyncIterator[tuple[TeamsHarness, Position, Golden]]:
    golden: Golden = request.param
    settings = teams_settings(tmp_path, fake, OPSBOT_CONFIG=str(EXAMPLE_CONFIG), OPSBOT_LLM_PROVIDER="offline")
    people = {w.id: w.groups for w in [golden.user, *(t.as_ for t in golden.turns if t.as_)] if w is not None}
    settings = settings.model_copy(
        update={"people": PeopleSettings(user_groups={**settings.people.user_groups, **people})}
    )
    position = Position()
    prebuilt: dict[str, object] = {"retriever": shared_retriever}
    if mode_of(golden) == "scripted":
        prebuilt["llm"] = scripted_llm(golden, position).llm
    database = Database(f"sqlite:///{tmp_path / 'opsbot.db'}", embedded=True)
    database.ensure_ready()
    box = Container(settings, database=database, **prebuilt)
    server = await start_http(box.service, host="127.0.0.1", port=0)
    async with aiohttp.ClientSession() as session:
        yield TeamsHarness(fake, box.service, server, session, database, box), position, golden
    await server.close()
    database.dispose()


@pytest.mark.slow
@pytest.mark.parametrize(
    "golden_teams",
    [
        pytest.param(
            g, marks=pytest.mark.xfail(reason="Teams' note for a withheld private answer is not seen by the runner yet")
        )
        if g.name in TEAMS_EXPECT
        else g
        for g in GOLDENS
    ],
    ids=[g.name for g in GOLDENS],
    indirect=True,
)
async def test_the_golden_conversation_holds_over_teams(golden_teams: tuple[TeamsHarness, Position, Golden]) -> None:
    """Every golden conversation gives, in Teams, the replies, cards, refusals and database state it expects."""
    teams, position, golden = golden_teams
    failures: list[str] = []
    runner = GoldenOverTeams(teams, golden, position)
    for number, turn in enumerate(golden.turns, start=1):
        heard, clicked = await runner.turn(turn)
        expect = turn.expectation(mode_of(golden))
        expect = expect.model_copy(update=TEAMS_EXPECT.get(golden.name, {}))
        failures += [f"turn {number}: {p}" for p in problems(heard, expect, clicked)]
    failures += after_problems(teams, golden)
    assert failures == []


def after_problems(teams: TeamsHarness, golden: Golden) -> list[str]:
    with teams.database.transaction() as session:
        counts = {
            "tickets": int(session.scalar(select(func.count()).select_from(Ticket)) or 0),
            "escalations": int(session.scalar(select(func.count()).select_from(Escalation)) or 0),
            "executed": len(session.scalars(select(AuditEvent.id).where(AuditEvent.event == "executed")).all()),
        }
    after = golden.after
    wanted = {"tickets": after.tickets, "escalations": after.escalations, "executed": after.executed}
    found = [f"after: {k} {counts[k]}, expected {v}" for k, v in wanted.items() if v is not None and v != counts[k]]
    stored = b"".join(p.read_bytes() for p in Path(teams.box.settings.home).glob("opsbot.db*")).lower()
    found += [f"stored in the database: {v[:3]}…" for v in golden.pii if v.lower().encode() in stored]
    return found
