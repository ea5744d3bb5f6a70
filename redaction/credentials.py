"""Secrets recognisable by their shape alone: vendor tokens with a documented prefix, keys, private-key blocks.

Secrets found by their context instead (`password: ...`, `DB_PASSWORD=...`, `user:pass@host`, "the password is ...")
are in assignments.py and secret_phrases.py. All of them become <SECRET>.
"""

from __future__ import annotations

import re

from redaction.recognizers import Rule
from redaction.secret_values import aws_secret_like, mixed_case_token


def _rule(entity: str, pattern: str, score: float = 1.0, flags: int = 0) -> Rule:
    return Rule(entity, re.compile(pattern, flags), score)


_TOKENS: tuple[tuple[str, str], ...] = (
    ("SLACK_TOKEN", r"\b(?:xoxe\.)?xox[abposre]-[A-Za-z0-9-]{8,}"),
    ("SLACK_TOKEN", r"\bxapp-[A-Za-z0-9-]{8,}"),
    ("SLACK_TOKEN", r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<value>[A-Za-z0-9/_-]{16,})"),
    ("GITHUB_TOKEN", r"\bgh[pousr]_[A-Za-z0-9]{30,}"),
    ("GITHUB_TOKEN", r"\bgithub_pat_[A-Za-z0-9_]{20,}"),
    ("API_KEY", r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}"),
    ("API_KEY", r"\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}"),
    ("API_KEY", r"\bAIza[0-9A-Za-z_-]{35}"),
    ("API_KEY", r"\b(?:glpat|glrt|gldt|glptt|glsoat|glcbt)-[A-Za-z0-9_-]{20,}"),
    ("API_KEY", r"\b(?:npm|hf|whsec|do[por]_v1|shp(?:at|ca|pa|ss)|lin_api|dckr_pat)_[A-Za-z0-9+/=_-]{20,}"),
    ("API_KEY", r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    ("API_KEY", r"\bSG\.[\w-]{16,}\.[\w-]{16,}"),
    ("API_KEY", r"\bSK[0-9a-fA-F]{32}\b"),  # Twilio API key
    ("API_KEY", r"\bkey-[0-9a-zA-Z]{32}\b"),  # Mailgun
    ("API_KEY", r"\bhv[sbr]\.[A-Za-z0-9_-]{20,}"),  # HashiCorp Vault
    ("API_KEY", r"\b(?:glsa|glc)_[A-Za-z0-9+/=_]{32,}"),  # Grafana
    ("API_KEY", r"\bATATT3[A-Za-z0-9_=-]{100,}"),  # Atlassian
    ("API_KEY", r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b"),  # Telegram bot
    ("API_KEY", r"\bdapi[0-9a-f]{32}(?:-\d)?\b"),  # Databricks
    ("API_KEY", r"\bNR(?:AK|II|JS|AA)-[A-Z0-9]{27}\b"),  # New Relic
    ("API_KEY", r"\bPMAK-[0-9a-f]{24}-[0-9a-f]{34}\b"),  # Postman
    ("API_KEY", r"\bsntry[su]_[A-Za-z0-9_=+/-]{40,}"),  # Sentry
    ("API_KEY", r"\bSSWS\s+(?P<value>[A-Za-z0-9_-]{20,})"),  # Okta
    ("API_KEY", r"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}"),  # Terraform Cloud
    ("API_KEY", r"\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b"),
    ("API_KEY", r"\bdp\.(?:st|ct|sa|scim|audit)\.[A-Za-z0-9._-]{20,}"),  # Doppler
    ("AWS_ACCESS_KEY_ID", r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b"),
    ("AWS_SECRET_KEY", r"\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9/+=]{100,}"),  # STS session token
    ("JWT", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
)

_PEM = r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
_KEY_BLOCKS: tuple[tuple[str, str], ...] = (
    # Up to its END line; half a key pasted (no END line) is redacted to the end of the message.
    ("PRIVATE_KEY", _PEM + r"[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)"),
    ("PRIVATE_KEY", r"PuTTY-User-Key-File-\d:[\s\S]*?(?:Private-MAC:\s*[0-9a-fA-F]+|\Z)"),
    # Key bodies without their header: PKCS#1/#8 DER ("MII...") and OpenSSH ("openssh-key-v1"), over several lines.
    ("PRIVATE_KEY", r"\bMII[A-Za-z0-9+/]{60,}={0,2}"),
    ("PRIVATE_KEY", r"\bb3BlbnNzaC1rZXktdjE[A-Za-z0-9+/=]*(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/=]{16,})*"),
)

_START, _END = r"(?<![A-Za-z0-9/+=_-])", r"(?![A-Za-z0-9/+=_-])"
SHAPE_RULES: tuple[Rule, ...] = (
    *(_rule(entity, pattern) for entity, pattern in _TOKENS),
    *(_rule(entity, pattern, 0.95) for entity, pattern in _KEY_BLOCKS),
    Rule("AWS_SECRET_KEY", re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"), 0.9, aws_secret_like),
    # A 64-byte key in base64 (Azure storage account keys, HMAC keys)
    _rule("API_KEY", _START + r"[A-Za-z0-9+/]{86}==" + _END, 0.9),
    # Any other machine-made token pasted on its own: 24+ characters mixing upper, lower and digits, high entropy.
    # Pod names, git SHAs, UUIDs and digests are single-case, so they stay.
    Rule("API_KEY", re.compile(_START + r"[A-Za-z0-9_+/-]{24,}={0,2}" + _END), 0.7, mixed_case_token),
)
