"""A person's name is one placeholder: given name, surname, initials and honorific; no part of it stays in clear."""

from __future__ import annotations

import pytest

from redaction import RedactionConfig, Redactor


def test_name_before_an_email_address_is_hidden_whole() -> None:
    """Issue 14: "Jane Doe jane@…" was stored as "<PERSON_1> Doe"; the name and the address are each replaced."""
    text = "Jane Doe jane@corp.example.com asked for access"
    expected = "<PERSON_1> <EMAIL_ADDRESS_1> asked for access"
    assert Redactor(RedactionConfig()).redact(text).text == expected
    assert Redactor(RedactionConfig(names=["Jane Smith"])).redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Amaka Obi will approve the change", "<PERSON_1> will approve the change"),
        ("Mr Tanaka called about his locked account", "<PERSON_1> called about his locked account"),
        ("signed off by T. J. Morrison, good to deploy", "signed off by <PERSON_1>, good to deploy"),
        ("R.S. Iyer asked why the export is empty", "<PERSON_1> asked why the export is empty"),
        ("Kwame A. Mensah updated the pgbouncer runbook", "<PERSON_1> updated the pgbouncer runbook"),
        ("Jan van der Berg is the DPO, loop him in", "<PERSON_1> is the DPO, loop him in"),
        ("María José García Pérez is the approver", "<PERSON_1> is the approver"),
    ],
)
def test_whole_name_is_one_placeholder(text: str, expected: str) -> None:
    """Honorifics, initials, particles and every part of a long name go into the same placeholder."""
    redactor = Redactor(RedactionConfig(names=["Kwame Mensah"]))
    assert redactor.redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ifeoma Chukwu can't receive the password reset email", "Ifeoma Chukwu"),
        ("Call Jane Roe at +1 415 555 0100 about the outage", "Jane Roe"),
        ("Thanks,\nAoife Byrne\nPlatform SRE", "Aoife Byrne"),
        ("cc oleksandr kovalenko on the cert renewal", "oleksandr kovalenko"),
        ("Hiroko Matsumoto's order is stuck in pending_payment", "Hiroko Matsumoto"),
    ],
)
def test_no_part_of_a_name_is_left(text: str, name: str) -> None:
    """Names the small model misses (sentence start, sign-off, lower case after cc) leave no word in clear."""
    redacted = Redactor(RedactionConfig()).redact(text).text
    assert not any(part in redacted for part in name.split()), redacted
