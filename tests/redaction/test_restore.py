"""Placeholders are restored for the thread that produced them, and only those."""

from __future__ import annotations

from redaction import Redactor


def test_reply_is_restored_within_its_scope(vaulted: Redactor) -> None:
    """The bot can tell the requester which person it created the ticket for."""
    vaulted.redact("open a ticket for Priya Natarajan (priya@corp.internal)", scope="r1")
    reply = "I created the ticket for <PERSON_1> and mailed <EMAIL_ADDRESS_1>."
    assert (
        vaulted.restore(reply, scope="r1") == "I created the ticket for Priya Natarajan and mailed priya@corp.internal."
    )


def test_other_scopes_do_not_resolve(vaulted: Redactor) -> None:
    """A placeholder from one thread stays a placeholder in any other thread."""
    vaulted.redact("Priya Natarajan", scope="r2")
    assert vaulted.restore("<PERSON_1>", scope="r3") == "<PERSON_1>"


def test_unknown_placeholders_stay(vaulted: Redactor) -> None:
    """A number never issued in the thread is left as it is."""
    vaulted.redact("Priya Natarajan", scope="r4")
    assert vaulted.restore("<PERSON_1> and <PERSON_7> and <EMAIL_ADDRESS_1>", scope="r4") == (
        "Priya Natarajan and <PERSON_7> and <EMAIL_ADDRESS_1>"
    )


def test_typed_placeholder_is_never_resolved(vaulted: Redactor) -> None:
    """A user who types <PERSON_1> gets the literal text back, never the value another thread stored."""
    vaulted.redact("Priya Natarajan", scope="victim")
    redacted = vaulted.redact("who is <PERSON_1>?", scope="attacker").text
    assert redacted == "who is ‹PERSON_1›?"
    assert vaulted.restore(f"you asked: {redacted}", scope="attacker") == "you asked: who is <PERSON_1>?"
    assert vaulted.restore(f"you asked: {redacted}", scope="victim") == "you asked: who is <PERSON_1>?"


def test_typed_placeholder_is_inert_in_its_own_thread(vaulted: Redactor) -> None:
    """Even in the thread that owns <PERSON_1>, a typed <PERSON_1> is echoed, not resolved."""
    redacted = vaulted.redact("Tom Becker asked: what is <PERSON_1>?", scope="r5").text
    assert redacted == "<PERSON_1> asked: what is ‹PERSON_1›?"
    assert vaulted.restore(redacted, scope="r5") == "Tom Becker asked: what is <PERSON_1>?"
