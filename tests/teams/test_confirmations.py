"""Confirmations in Teams: an Adaptive Card with Action.Execute, decided by the same confirmation code as Slack.
Only people who may decide get the buttons (their own refreshed view); a decision replaces the card for everyone;
replays, stale and expired cards and other people's clicks run nothing and say why, to the clicker only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from store import pending, tickets
from store.models import PendingAction, utcnow
from tests.teams import activities
from tests.teams.fake_botframework import Sent
from tests.teams.harness import SRE, TeamsHarness

ANN = activities.ANN["aadObjectId"]
TICKET = '/ops create_ticket title="VPN down in Berlin" priority=high'
RESTART = '/ops restart_service service=vpn-gateway environment=production reason="hung after deploy"'


async def card_for(teams: TeamsHarness, text: str = TICKET) -> tuple[Sent, dict[str, Any]]:
    """Ann asks in her 1:1 chat; the posted activity holding the confirmation card, and the card."""
    await teams.say(activities.personal(teams.service_url, text))
    posted = next(m for m in teams.messages() if m.body.get("attachments"))
    return posted, posted.body["attachments"][0]["content"]


def buttons(card: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (a["title"], a["verb"], a["data"])
        for element in card["body"]
        if element["type"] == "ActionSet"
        for a in element["actions"]
    ]


async def invoke(teams: TeamsHarness, posted: Sent, verb: str, target: str, **options: Any) -> dict[str, Any]:
    status, body = await teams.post(activities.card_action(teams.service_url, posted.posted(), verb, target, **options))
    assert status == 200
    await teams.settle()
    assert isinstance(body, dict)
    return body


def ticket_count(teams: TeamsHarness) -> int:
    with teams.database.transaction() as session:
        return len(tickets.tickets_of(session, requester=ANN))


async def test_the_posted_card_shows_the_exact_parameters_and_no_buttons_but_refreshes_for_the_requester(
    teams: TeamsHarness,
) -> None:
    """Everyone sees the action and its parameters; the card's refresh names only Ann and carries only the id."""
    _, card = await card_for(teams)
    shown = str(card["body"])
    for fact in ("Action: create_ticket", "title: ", "VPN down in Berlin", "priority: ", "high"):
        assert fact in shown
    assert buttons(card) == []
    assert card["refresh"]["userIds"] == [ANN]
    assert card["refresh"]["action"]["verb"] == "refresh"
    assert list(card["refresh"]["action"]["data"]) == ["id"] and card["refresh"]["action"]["data"]["id"].startswith(
        "pa_"
    )


async def test_only_who_may_decide_gets_the_buttons_when_the_card_refreshes(teams: TeamsHarness) -> None:
    """Ann's refreshed view has Confirm and Cancel; Bob's, even if his client asks, has none."""
    posted, card = await card_for(teams)
    pending_id = card["refresh"]["action"]["data"]["id"]
    mine = await invoke(teams, posted, "refresh", pending_id, automatic=True)
    assert [(title, verb) for title, verb, _ in buttons(mine["value"])] == [
        ("Confirm", "confirm"),
        ("Cancel", "cancel"),
    ]
    assert all(data == {"id": pending_id} for _, _, data in buttons(mine["value"]))
    bobs = await invoke(teams, posted, "refresh", pending_id, automatic=True, user=activities.BOB)
    assert bobs["type"] == "application/vnd.microsoft.card.adaptive" and buttons(bobs["value"]) == []


async def test_the_requester_confirms_once_and_the_card_is_replaced_for_everyone(teams: TeamsHarness) -> None:
    """Confirm runs the action once, the posted activity is updated with the outcome; a replayed invoke runs nothing."""
    posted, card = await card_for(teams)
    pending_id = card["refresh"]["action"]["data"]["id"]
    decided = await invoke(teams, posted, "confirm", pending_id)
    assert decided["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Created OPS-1" in str(decided["value"]) and "Decided by Ann Example" in str(decided["value"])
    [update] = teams.fake.delivered("update")
    assert update.activity_id == posted.id and "refresh" not in update.body["attachments"][0]["content"]
    replay = await invoke(teams, posted, "confirm", pending_id)
    assert replay["type"] == "application/vnd.microsoft.activity.message" and "already" in replay["value"]
    assert ticket_count(teams) == 1 and len(teams.fake.delivered("update")) == 1


async def test_someone_else_clicking_runs_nothing_and_only_they_are_told(teams: TeamsHarness) -> None:
    """Bob's confirm on Ann's request is refused in the invoke response; the card and the database stay as they were."""
    posted, card = await card_for(teams)
    refused = await invoke(teams, posted, "confirm", card["refresh"]["action"]["data"]["id"], user=activities.BOB)
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert "Only the person who asked" in refused["value"] and "Nothing was changed" in refused["value"]
    assert ticket_count(teams) == 0 and teams.fake.delivered("update") == []


async def test_stale_and_expired_cards_run_nothing(teams: TeamsHarness) -> None:
    """A click naming no request, or one that expired, says so to the clicker and runs nothing."""
    posted, card = await card_for(teams)
    stale = await invoke(teams, posted, "confirm", "pa_doesnotexist0000")
    assert "can't find that request" in stale["value"]
    pending_id = card["refresh"]["action"]["data"]["id"]
    with teams.database.transaction() as session:
        row = session.get(PendingAction, pending_id)
        assert row is not None
        row.expires_at = utcnow() - timedelta(minutes=1)
    expired = await invoke(teams, posted, "confirm", pending_id)
    assert "expired" in expired["value"] and ticket_count(teams) == 0


async def test_a_high_risk_action_refreshes_for_the_approvers_and_an_approver_confirms(teams: TeamsHarness) -> None:
    """A production restart shows the buttons to the sre group (from user_groups), not to Ann; Bob approves it."""
    posted, card = await card_for(teams, RESTART)
    assert card["refresh"]["userIds"] == [SRE]
    pending_id = card["refresh"]["action"]["data"]["id"]
    refused = await invoke(teams, posted, "confirm", pending_id)
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    approved = await invoke(teams, posted, "confirm", pending_id, user=activities.BOB)
    assert "Decided by Bob Sample" in str(approved["value"])
    with teams.database.transaction() as session:
        [row] = pending.recent_for_user(session, user_id=ANN)
        assert (row.status, row.decided_by) == ("succeeded", SRE)


async def test_an_action_a_crash_left_running_is_announced_in_the_chat(teams: TeamsHarness) -> None:
    """A confirmed run whose process died is closed by the sweep, and Ann is mentioned in her chat to check."""
    _, card = await card_for(teams)
    pending_id = card["refresh"]["action"]["data"]["id"]
    with teams.database.transaction() as session:  # a click claimed it an hour ago, then the process died
        assert pending.transition(
            session,
            pending_id=pending_id,
            from_status="pending",
            to_status="executing",
            decided_by=ANN,
            decided_at=utcnow() - timedelta(hours=1),
        )
    assert teams.service.jobs is not None
    [sweep] = [job for job in teams.service.jobs.jobs if job.name == "interrupted actions"]
    await teams.service.worker.run(sweep.run())  # type: ignore[arg-type]
    notice = teams.messages()[-1]
    assert notice.conversation_id == "a:1personalann"
    assert notice.body["text"].startswith("<at>Ann Example</at>") and "was interrupted" in notice.body["text"]
    assert [e["mentioned"]["id"] for e in notice.body["entities"] if e["type"] == "mention"] == [ANN]
    assert ticket_count(teams) == 0
