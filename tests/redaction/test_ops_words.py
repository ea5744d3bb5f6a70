"""Ops words are not people: quoted UI messages, tools and verbs at a sentence start stay as they were typed."""

from __future__ import annotations

import pytest

from redaction import Redactor

UNCHANGED = [
    "Okta says 'Push sent!' but nothing arrives on the phone",
    "VPN slow, Git clones time out after 60s",
    "Duo Push sent, still waiting on the approve button",
    "Failover to the secondary region worked, Rollback not needed",
    "Kafka Connect keeps rebalancing, the consumer group is empty",
    "Token Expired error on the Jira integration, reauthorize the app",
    "thanks everyone, hi all, cc legal",
    "PRIVATE-TOKEN header missing, MFA and SSO look fine",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_ops_text_is_not_taken_for_names(redactor: Redactor, text: str) -> None:
    """The demo's errors ("<PERSON_1> sent!", "<PERSON_1> clones") and their kind do not happen."""
    assert redactor.redact(text).text == text


def test_person_after_an_ops_verb_is_still_found(redactor: Redactor) -> None:
    """In "Reset MFA for Jane Roe" the person is hidden and the request is not."""
    assert redactor.redact("Reset MFA for Jane Roe").text == "Reset MFA for <PERSON_1>"
