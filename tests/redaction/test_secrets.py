"""Secrets become <SECRET>, irreversibly: never numbered, never stored, never restored."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.fernet import Fernet

from redaction import MemoryVaultStore, Redactor
from tests.redaction.samples import KEY, fake


def _jwt() -> str:
    part = base64.urlsafe_b64encode(json.dumps({"alg": "HS256", "sub": "1234"}).encode()).rstrip(b"=").decode()
    return f"{part}.{part}.c2lnbmF0dXJlX2J5dGVz"


SECRETS = [
    ("SLACK_TOKEN", "token leaked: {}", fake("xoxb-", "1234567890-", 2) + "AbCdEfGhIjKl" * 2),
    ("GITHUB_TOKEN", "export GH={} now", fake("ghp_", "A1b2C3", 6)),
    ("GITHUB_TOKEN", "found {} in vars", fake("github_pat_", "11ABCD0123456789abcd_", 3)),
    ("AWS_ACCESS_KEY_ID", "key {} in the runbook", "AKIAIOSFODNN7EXAMPLE"),
    ("AWS_SECRET_KEY", "secret {} in CI", fake("", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 1)),
    ("JWT", "the JWT was {} yesterday", _jwt()),
    (
        "PRIVATE_KEY",
        "pasted:\n{}\noops",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow" + "Ab9+" * 15 + "\n-----END RSA PRIVATE KEY-----",
    ),
    ("PRIVATE_KEY", "half a key: {}", "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA"),
    ("BEARER_TOKEN", 'curl -H "Authorization: Bearer {}" https://api', fake("", "q8Zr2Lm0", 4)),
    ("PASSWORD", "password: {} for staging", "Summer2024!"),
    ("PASSWORD", "pwd={} user=deploy", "s3cr3t-Passw0rd"),
    ("PASSWORD", "the root password for the iDRAC is {}, change it", "calvin123"),
    ("PASSWORD", "redis-cli -a {} -h cache-2 info", "R3d1sAuth!"),
    ("CONNECTION_STRING", "DB_URL=postgres://{}@db-prod-3.internal:5432/billing", "svc_billing:Xk9#mP2vQ"),
    ("API_KEY", "stripe key {} in the repo", fake("sk_live_", "4eC39HqLyjWD", 2)),
]


@pytest.mark.parametrize(("entity", "template", "secret"), SECRETS)
def test_secret_is_removed(redactor: Redactor, entity: str, template: str, secret: str) -> None:
    """Every secret kind is reported under its type and replaced by <SECRET>, leaving no fragment behind."""
    text = template.format(secret)
    redacted = redactor.redact(text, scope="secrets")
    assert entity in {f.type for f in redacted.findings}
    assert "<SECRET>" in redacted.text
    assert secret not in redacted.text
    assert not any(len(part) > 3 and part in redacted.text for part in secret.split(":"))


def test_password_keeps_its_label(redactor: Redactor) -> None:
    """Only the value is removed, so the model still knows a password was there."""
    assert redactor.redact("password: hunter2x").text == "password: <SECRET>"


def test_secrets_never_reach_the_vault(vaulted: Redactor, store: MemoryVaultStore) -> None:
    """A secret is not written to the vault, even alongside PII that is."""
    vaulted.redact("Tom Becker's token is " + fake("ghp_", "Z9y8X7", 6), scope="s1")
    stored = Fernet(KEY.encode()).decrypt(store.load("s1") or b"").decode()
    assert "Tom Becker" in stored
    assert "ghp_" not in stored


def test_only_secrets_leave_the_vault_untouched(vaulted: Redactor, store: MemoryVaultStore) -> None:
    """A message holding nothing but secrets does not create a vault."""
    vaulted.redact("key AKIAIOSFODNN7EXAMPLE", scope="s2")
    assert store.load("s2") is None


def test_secret_placeholder_is_never_restored(vaulted: Redactor) -> None:
    """<SECRET> stays <SECRET> when a reply is restored."""
    vaulted.redact("Tom Becker: password=Pg!2024prod", scope="s3")
    assert vaulted.restore("done, <PERSON_1>; the <SECRET> is rotated", scope="s3") == (
        "done, Tom Becker; the <SECRET> is rotated"
    )
