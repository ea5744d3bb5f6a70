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
        ("jane doe jane@corp.example.com says the VPN is down", "<PERSON_1> <EMAIL_ADDRESS_1> says the VPN is down"),
        ("Doe, Jane jane@corp.example.com asked for access", "<PERSON_1> <EMAIL_ADDRESS_1> asked for access"),
        ("Ms. Jane Doe jane@corp.example.com reported it", "<PERSON_1> <EMAIL_ADDRESS_1> reported it"),
        ("J. Doe jdoe@corp.example.com owns the export job", "<PERSON_1> <EMAIL_ADDRESS_1> owns the export job"),
        ("ask chidi okafor <chidi.okafor@corp.example.com>", "ask <PERSON_1> <<EMAIL_ADDRESS_1>>"),
        ("Ticket from Okafor, Chidi about MFA", "Ticket from <PERSON_1> about MFA"),
    ],
)
def test_variants_of_the_issue_name_leave_nothing_in_clear(text: str, expected: str) -> None:
    """Lower case, surname first, honorific and initial: the name before an address is one placeholder."""
    assert Redactor(RedactionConfig()).redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contact support support@corp.example.com today", "contact support <EMAIL_ADDRESS_1> today"),
        ("Please email me at jane@corp.example.com", "Please email me at <EMAIL_ADDRESS_1>"),
        ("Thanks, Jane, that worked", "Thanks, <PERSON_1>, that worked"),
    ],
)
def test_words_before_an_address_or_a_comma_that_are_not_a_name_stay(text: str, expected: str) -> None:
    """A team mailbox or an ordinary word before an address or a name is not part of a person's name."""
    assert Redactor(RedactionConfig()).redact(text).text == expected


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
