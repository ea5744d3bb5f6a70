"""Slack markup is normalised before analysis; offsets still point into the original message."""

from __future__ import annotations

from redaction import Redactor
from redaction.markup import normalise


def test_mailto_markup_is_redacted_as_one_address(redactor: Redactor) -> None:
    """<mailto:x|x> becomes one e-mail finding covering the whole markup token."""
    text = "mail <mailto:wei.zhang@example.com|wei.zhang@example.com> now"
    redacted = redactor.redact(text)
    assert redacted.text == "mail <EMAIL_ADDRESS_1> now"
    [finding] = redacted.findings
    assert text[finding.start : finding.end] == "<mailto:wei.zhang@example.com|wei.zhang@example.com>"


def test_tel_markup_is_a_phone(redactor: Redactor) -> None:
    """<tel:...|...> is read as the phone number it shows."""
    redacted = redactor.redact("bridge: <tel:+14155550147|+1 415 555 0147>")
    assert redacted.text == "bridge: <PHONE_NUMBER_1>"


def test_link_label_and_target_are_both_analysed(redactor: Redactor) -> None:
    """A link keeps its label and its target, and PII in either is found."""
    redacted = redactor.redact("see <https://wiki.corp/x?owner=a@corp.internal|Tom Becker's notes>")
    assert redacted.text == "see <PERSON_1>'s notes (https://wiki.corp/x?owner=<EMAIL_ADDRESS_1>)"


def test_user_mentions_stay_mentions(redactor: Redactor) -> None:
    """<@U123> is neither redacted nor taken for a placeholder; a legacy label is dropped."""
    assert (
        redactor.redact("<@U024BE7LH> and <@U0G9QF9C6|wei> please ack").text
        == "<@U024BE7LH> and <@U0G9QF9C6> please ack"
    )


def test_channels_and_specials_read_as_text(redactor: Redactor) -> None:
    """Channel links and @here are rendered as a reader sees them."""
    assert redactor.redact("<!here> see <#C024BE7LR|ops-alerts>").text == "@here see #ops-alerts"


def test_offsets_after_markup_are_shifted_back() -> None:
    """A span after a markup token maps to its place in the original text."""
    original = "a <mailto:x@y.io|x@y.io> b Tom"
    normalised = normalise(original)
    assert normalised.text == "a x@y.io b Tom"
    start = normalised.text.index("Tom")
    assert normalised.to_original(start, start + 3) == (original.index("Tom"), len(original))


def test_span_ending_before_markup_is_not_stretched() -> None:
    """A span that ends right where a markup token starts keeps its own end."""
    normalised = normalise("Tom <mailto:x@y.io|x@y.io>")
    assert normalised.to_original(0, 3) == (0, 3)
