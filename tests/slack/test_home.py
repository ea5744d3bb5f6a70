"""App Home: an approver sees the requests waiting on them and decides there, through the same confirmation code."""

from __future__ import annotations

from typing import Any

from store import pending
from tests.slack.harness import Harness
from tests.slack.signed import command_body, event_body, home_click_body

CHANNEL = "C0GENERAL"
RESTART = 'restart_service service=vpn-gateway environment=production reason="stuck after config push"'


async def open_home(slack: Harness, user: str) -> list[dict[str, Any]]:
    await slack.send(event_body({"type": "app_home_opened", "user": user, "channel": "D0X", "tab": "home"}))
    await slack.settle()
    publish = [c for c in slack.fake.calls_to("views.publish") if c.args["user_id"] == user][-1]
    return list(publish.args["view"]["blocks"])


def home_buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def request_restart(slack: Harness) -> dict[str, Any]:
    await slack.send(command_body("U0BOB", CHANNEL, RESTART))
    await slack.settle()
    return slack.posts(CHANNEL)[-1]


async def test_an_approver_sees_the_request_waiting_on_them_with_confirm_and_cancel(slack: Harness) -> None:
    """The SRE's Home lists Bob's restart under 'Waiting for your approval' with buttons; Bob's shows no buttons."""
    await request_restart(slack)
    sre = await open_home(slack, "U0SRE")
    assert "*Waiting for your approval*" in str(sre) and "`restart_service`" in str(sre) and "<@U0BOB>" in str(sre)
    confirm, cancel = home_buttons(sre)
    assert confirm["value"].startswith("confirm:pa_") and cancel["value"] == "cancel:" + confirm["value"][8:]
    bob = await open_home(slack, "U0BOB")
    assert "Waiting for your approval" not in str(bob) and "`restart_service`" in str(bob) and not home_buttons(bob)


async def test_confirm_on_the_home_runs_the_request_and_tells_its_thread(slack: Harness) -> None:
    """Confirm on the Home runs the action once as the approver, the thread is told, and the Home is refreshed."""
    card = await request_restart(slack)
    confirm, _ = home_buttons(await open_home(slack, "U0SRE"))
    await slack.send(home_click_body("U0SRE", confirm))
    await slack.settle()
    with slack.database.transaction() as session:
        [row] = pending.recent_for_user(session, user_id="U0BOB")
        assert (row.status, row.decided_by) == ("succeeded", "U0SRE")
    told = slack.posts(CHANNEL)[-1]
    assert told["thread_ts"] == card["thread_ts"] and "Restart of vpn-gateway in production requested" in told["text"]
    refreshed = slack.fake.calls_to("views.publish")[-1]
    assert refreshed.args["user_id"] == "U0SRE" and not home_buttons(refreshed.args["view"]["blocks"])


async def test_someone_outside_the_approver_group_is_refused_from_the_home_too(slack: Harness) -> None:
    """A forged Home click by a person who may not approve changes nothing and is told only to them."""
    await request_restart(slack)
    confirm, _ = home_buttons(await open_home(slack, "U0SRE"))
    await slack.send(home_click_body("U0PRIYA", confirm))
    await slack.settle()
    with slack.database.transaction() as session:
        [row] = pending.pending_for_user(session, user_id="U0BOB")
        assert row.status == "pending"
    [note] = [c for c in slack.fake.calls_to("chat.postEphemeral") if c.args["user"] == "U0PRIYA"]
    assert "sre" in note.args["text"]
