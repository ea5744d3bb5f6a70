"""Each PII type is found, reported at its offsets in the original text, and replaced."""

from __future__ import annotations

import itertools

import pytest

from redaction import RedactionConfig, Redactor

CASES = [
    ("PERSON", "ask Priya Natarajan about the deploy", "Priya Natarajan"),
    ("PERSON", "customer John Smith reported the outage first", "John Smith"),
    ("EMAIL_ADDRESS", "mail jane.doe@corp.internal today", "jane.doe@corp.internal"),
    ("EMAIL_ADDRESS", "write to a.b@example.com please", "a.b@example.com"),
    ("PHONE_NUMBER", "call me on +1 415 555 0132 tonight", "+1 415 555 0132"),
    ("PHONE_NUMBER", "her mobile: 0491 570 156", "0491 570 156"),
    ("CREDIT_CARD", "refund card 4111 1111 1111 1111 twice", "4111 1111 1111 1111"),
    ("US_SSN", "her SSN is 536-22-8426, scrub it", "536-22-8426"),
    ("IBAN_CODE", "payout IBAN DE89 3704 0044 0532 0130 00 bounced", "DE89 3704 0044 0532 0130 00"),
    ("IP_ADDRESS", "upstream 10.0.3.17 is unreachable", "10.0.3.17"),
    ("IP_ADDRESS", "route to 2001:db8:85a3::8a2e:370:7334 flaps", "2001:db8:85a3::8a2e:370:7334"),
    ("EMPLOYEE_ID", "new hire EMP-20417 needs VPN", "EMP-20417"),
]

NEGATIVES = [
    "Grafana shows Kafka consumer lag on broker-3 since 14:02 UTC",
    "the Jenkins job release-train #312 is stuck behind Terraform",
    "who owns db-prod-3.eu-west-1.internal? replication lag 45s",
    "INC-4821 and CHG0034567 are linked, see OPS-1234",
    "commit 3f9a1c2e7b4d5f6a8b9c0d1e2f3a4b5c6d7e8f90 broke checkout 2.14.3",
    "pod payments-api-7d9f8b6c5-x2x7z restarted, thread 1700000000.0001",
    "ssh ubuntu@bastion-2.corp.internal then git clone git@github.com:acme/ops.git",
    "mark the incident as resolved once the lag is under 1000",
    'SSH froze ("client_loop: send disconnect: Broken pipe")',
]


@pytest.mark.parametrize(("entity", "text", "value"), CASES)
def test_entity_is_found_and_replaced(redactor: Redactor, entity: str, text: str, value: str) -> None:
    """A value of every supported type is reported with its type and offsets, and gone from the text."""
    redacted = redactor.redact(text)
    found = {(f.type, text[f.start : f.end]) for f in redacted.findings}
    assert (entity, value) in found
    assert value not in redacted.text
    assert f"<{entity}_1>" in redacted.text


@pytest.mark.parametrize("text", NEGATIVES)
def test_ops_vocabulary_is_left_alone(redactor: Redactor, text: str) -> None:
    """Service names, hosts, ticket ids, SHAs, pod names and machine logins are not PII."""
    redacted = redactor.redact(text)
    assert redacted.findings == []
    assert redacted.text == text


def test_findings_are_ordered_and_disjoint(redactor: Redactor) -> None:
    """Findings come in text order and never overlap, so a consumer can splice them directly."""
    text = "Tom Becker (tom.becker@corp.internal, +44 20 7946 0958) owns 10.1.2.3"
    findings = redactor.redact(text).findings
    assert [f.type for f in findings] == ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_entity_list_is_configurable() -> None:
    """An entity left out of the configuration is not redacted."""
    redactor = Redactor(RedactionConfig(entities=["EMAIL_ADDRESS"]))
    redacted = redactor.redact("call +1 415 555 0132 or mail a@corp.internal")
    assert redacted.text == "call +1 415 555 0132 or mail <EMAIL_ADDRESS_1>"


def test_score_threshold_is_configurable() -> None:
    """Raising the threshold above a phone's context-free score (0.4) lets bare phone numbers through."""
    text = "the bridge is +1 415 555 0147 today"
    assert Redactor(RedactionConfig(score_threshold=0.5)).redact(text).text == text
    assert Redactor(RedactionConfig()).redact(text).text == "the bridge is <PHONE_NUMBER_1> today"


def test_unknown_entity_is_a_configuration_error() -> None:
    """A misspelt entity fails at start-up instead of silently redacting nothing."""
    with pytest.raises(ValueError, match="EMAIL_ADRESS"):
        RedactionConfig(entities=["EMAIL_ADRESS"])


def test_custom_pattern_needs_a_valid_name_and_regex() -> None:
    """Custom patterns are checked when the configuration is built."""
    with pytest.raises(ValueError, match="not a valid regular expression"):
        RedactionConfig(custom_patterns={"EMPLOYEE_ID": "EMP-("})
    with pytest.raises(ValueError, match="upper case"):
        RedactionConfig(custom_patterns={"employee id": r"EMP-\d+"})


@pytest.mark.parametrize(
    "text",
    ["upgrade to version 2.4.1.0 today", "agent v10.4.2.1 is out", "bind to 0.0.0.0:8080", "curl 127.0.0.1:9090"],
)
def test_versions_and_local_addresses_are_not_ips(redactor: Redactor, text: str) -> None:
    """Four-part version numbers and the loopback and unspecified addresses identify nobody."""
    assert redactor.redact(text).findings == []


def test_international_number_outside_validated_plans_is_a_phone() -> None:
    """A '+44 7700 900 412' style number is redacted even though phonenumbers does not validate it."""
    redacted = Redactor(RedactionConfig()).redact("— Amara, +44 7700 900 412 (mobile), or +49 (30) 1234567").text
    assert "7700" not in redacted and "1234567" not in redacted
    assert Redactor(RedactionConfig()).redact("bump to version +1.2.3 and score +12").text.count("<") == 0
