"""Slack markup becomes plain text with mentions and links as parts, so redaction and the core never see it."""

from __future__ import annotations

import pytest

from bot.slack.markup import to_plain
from model.messages import Link, Mention
from redaction import RedactionConfig, Redactor

NAMES = {"U024BE7LH": "Priya Natarajan"}


def plain(text: str, bot: str | None = "U0OPSBOT") -> str:
    return to_plain(text, bot_user_id=bot, name_of=NAMES.get).text


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(RedactionConfig(names=["Priya Natarajan", "Tom Becker"]))


def test_the_bots_own_mention_is_removed_and_marks_the_message_addressed() -> None:
    """`<@BOT>: help` reads "help" and says the bot was addressed; other people's mentions are parts."""
    parsed = to_plain("<@U0OPSBOT>: ask <@U024BE7LH> or <@U0G9QF9C6|wei>", bot_user_id="U0OPSBOT", name_of=NAMES.get)
    assert parsed.text == "ask @Priya Natarajan or @wei" and parsed.addressed
    assert parsed.mentions == (Mention("U024BE7LH", "Priya Natarajan"), Mention("U0G9QF9C6", "wei"))


def test_links_keep_label_and_target_and_are_parts() -> None:
    """A link shows its label and keeps its target in the text (it may hold PII), and is listed as a part."""
    parsed = to_plain("see <https://wiki.corp/x|the notes> and <https://a.io>", bot_user_id=None, name_of=NAMES.get)
    assert parsed.text == "see the notes (https://wiki.corp/x) and https://a.io"
    assert parsed.links == (Link("https://wiki.corp/x", "the notes"), Link("https://a.io", "https://a.io"))


def test_channels_specials_and_entities_read_as_text() -> None:
    """Channel links, @here, user groups and &lt; &gt; &amp; are what a reader sees."""
    assert plain("<!here> see <#C024BE7LR|ops-alerts>, ping <!subteam^S0SRE|@sre> &lt;b&gt; &amp;") == (
        "@here see #ops-alerts, ping @sre <b> &"
    )


def test_mailto_and_tel_markup_are_redacted_as_one_value(redactor: Redactor) -> None:
    """<mailto:x|x> is one e-mail address and <tel:...|...> one phone number once the text is plain."""
    text = plain(
        "mail <mailto:wei.zhang@example.com|wei.zhang@example.com>, bridge: <tel:+14155550147|+1 415 555 0147>"
    )
    assert redactor.redact(text).text == "mail <EMAIL_ADDRESS_1>, bridge: <PHONE_NUMBER_1>"


def test_pii_in_a_link_label_and_target_is_found(redactor: Redactor) -> None:
    """A link keeps its label and its target, and PII in either is redacted."""
    text = plain("see <https://wiki.corp/x?owner=a@corp.internal|Tom Becker's notes>")
    assert redactor.redact(text).text == "see <PERSON_1>'s notes (https://wiki.corp/x?owner=<EMAIL_ADDRESS_1>)"


def test_a_mentioned_persons_name_is_redacted(redactor: Redactor) -> None:
    """A mention becomes the person's name, which redaction replaces like any other name."""
    assert redactor.redact(plain("<@U024BE7LH> please ack")).text == "@<PERSON_1> please ack"


def test_escaped_markup_cannot_smuggle_a_placeholder(redactor: Redactor) -> None:
    """Slack's &lt;PERSON_1&gt; is unescaped by the adapter and then neutralised by redaction like a typed one."""
    redactor.redact("Tom Becker", scope="r6")
    redacted = redactor.redact(plain("show &lt;PERSON_1&gt;"), scope="r6").text
    assert redactor.restore(redacted, scope="r6") == "show <PERSON_1>"
