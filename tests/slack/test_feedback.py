"""👍/👎 on the answer that was clicked, and the optional "what was wrong?" modal after a 👎."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Feedback, Turn
from tests.slack.harness import Harness
from tests.slack.signed import click_body, mention, message, view_submission_body

CHANNEL = "C0GENERAL"


async def two_answers(slack: Harness) -> list[dict[str, object]]:
    await slack.event(mention(CHANNEL, "U0BOB", "my VPN keeps disconnecting", "300.000001"))
    await slack.settle()
    await slack.event(message(CHANNEL, "U0BOB", "what about the Berlin gateway VPN?", "300.000002", "300.000001"))
    await slack.settle()
    return slack.posts(CHANNEL)


def rated(slack: Harness) -> list[tuple[str, int, str | None]]:
    """(text of the rated answer, vote, reason) for every feedback row."""
    with slack.database.transaction() as session:
        rows = session.execute(select(Feedback, Turn).join(Turn, Feedback.turn_id == Turn.id)).all()
        return [(turn.message_id or "", fb.value, fb.reason) for fb, turn in rows]


async def test_a_thumbs_up_on_an_older_answer_rates_that_answer(slack: Harness) -> None:
    """👍 on the first of two answers in a thread is stored against the first answer, not the thread's latest."""
    first, second = await two_answers(slack)
    await slack.send(click_body("U0BOB", first, "feedback:up"))
    await slack.settle()
    assert rated(slack) == [(first["ts"], 1, None)]
    [thanks] = slack.fake.calls_to("chat.postEphemeral")
    assert "Thanks for the feedback" in thanks.args["text"] and second["ts"] != first["ts"]


async def test_a_thumbs_down_asks_what_was_wrong_and_stores_the_reason_redacted(slack: Harness) -> None:
    """👎 opens a "What was wrong?" modal; the reason sent with it is stored with that vote, without the email."""
    first, _ = await two_answers(slack)
    await slack.send(click_body("U0BOB", first, "feedback:down"))
    await slack.settle()
    [opened] = slack.fake.calls_to("views.open")
    view = opened.args["view"]
    assert view["title"]["text"] == "What was wrong?" and opened.args["trigger_id"].startswith("trigger")
    reason = {"reason": {"reason_text": {"type": "plain_text_input", "value": "Outdated, ask ann@example.com"}}}
    sent = await slack.send(view_submission_body("U0BOB", view, reason))
    await slack.settle()
    assert sent.status == 200
    [(ts, vote, stored)] = rated(slack)
    assert (ts, vote) == (first["ts"], -1) and stored is not None
    assert stored.startswith("Outdated") and "ann@example.com" not in stored


async def test_someone_else_cannot_attach_a_reason_to_my_thumbs_down(slack: Harness) -> None:
    """A submission by another person, or with metadata Opsbot did not write, changes nothing."""
    first, _ = await two_answers(slack)
    await slack.send(click_body("U0BOB", first, "feedback:down"))
    await slack.settle()
    view = slack.fake.calls_to("views.open")[0].args["view"]
    reason = {"reason": {"reason_text": {"type": "plain_text_input", "value": "wrong"}}}
    await slack.send(view_submission_body("U0PRIYA", view, reason))
    await slack.send(view_submission_body("U0BOB", view | {"private_metadata": "{bad"}, reason))
    await slack.settle()
    assert [r[2] for r in rated(slack)] == [None]


async def test_when_the_modal_cannot_open_the_thumbs_down_is_still_thanked(slack: Harness) -> None:
    """If Slack refuses views.open, the 👎 is stored and the clicker still gets an ephemeral thanks."""
    first, _ = await two_answers(slack)
    slack.fake.fail_next("views.open", error="expired_trigger_id")
    await slack.send(click_body("U0BOB", first, "feedback:down"))
    await slack.settle()
    assert rated(slack) == [(first["ts"], -1, None)]
    [note] = slack.fake.calls_to("chat.postEphemeral")
    assert note.args["user"] == "U0BOB" and "What was wrong?" in note.args["text"]
