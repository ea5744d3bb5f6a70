"""A secret is found by what is around it, in every way people type one, and only the value is removed."""

from __future__ import annotations

import random
import string

import pytest

from redaction import Redactor
from tests.redaction.samples import fake

FORMS = [
    ("pw: {}", "Tr0ub4dor&3"),
    ("temporary pw {} expires in 24h", "Welcome123!"),
    ("the password is {}", "correcthorsebatterystaple"),
    ("the root password on the iLO is still {}", "calvin"),
    ("the password was reset to {} by the helpdesk", "P@ssw0rd"),
    ("his password is literally {}", "password123"),
    ("use {} as the password for the lab vms", "Lab$2024"),
    ("passcode {} for the bridge", "448291"),
    ("the passphrase for the gpg key is {}", "purple monkey dishwasher"),
    ("creds are app_staging / {}, rotate after the demo", "St4ging-Only!"),
    ("admin / {} works on the old iDRAC", "Adm1n@2024"),
    ("wifi pw: {}", "guestWifi2025"),
    ("p/w: {}", "Sl4shPw!"),
    ("here are the recovery codes: {} 7hq3-p0zv", "8d4k-2m9x"),
    ("the enable secret on the old cisco is {}", "c1sc0Enable"),
    ("PGPASSWORD={} psql -h pg-main -U admin", "pgAdm!n77"),
    ("export MYSQL_PWD='{}'", "Qk#93hdL"),
    ("helm install pg --set auth.postgresPassword={}", "pgHelm2024"),
    ('"password": "{}" is in config.json', "J$0nP@ss"),
    ("Server=tcp:erp;User ID=erp;Password={};Encrypt=True;", "Az!Sql2025"),
    ("jdbc:postgresql://pg:5432/reports?user=reporter&password={}", "R3portz!"),
    ("postgresql://billing_rw:{}@pg-billing.prod.internal:5432/billing", "Zx8!mQ2p"),
    ("mysql://wp_admin:{}@mysql-wp.internal/wordpress", "Wp@2024!x"),
    ("curl -u admin:{} https://jenkins.corp.internal/api/json", "Jenk1ns!"),
    ("echo '{}' | docker login --username svc --password-stdin", "Rabb1tMQ!"),
    ("redis-cli -h cache-3 -a {} ping", "R3disPass!"),
    ('curl -H "X-API-Key: {}" https://status.internal', fake("k", "9fQ2", 6)),
    ("curl 'https://api.example/v2?city=oslo&api_key={}&units=metric'", fake("", "3f9a1c7e", 4)),
    ("Authorization: Basic {}", "c3ZjOnBhc3N3b3JkMTIz"),
    ("Cookie: session={}", "s3ss10nC00k1eValue99xx"),
    ('<add key="ApiKey" value="{}" />', "a8f3k2m9x7q1w5e4r6t8"),
    ("the license key is {}", "QW3RT-7YU1O-P4SDF-G8HJK-L2ZXC"),
    ("heroku api key {}", "b4e1c9a7-2f3d-4e8b-9a6c-1d2e3f4a5b6c"),
    ("radius secret {}", "r4diusS3cret"),
    ("here it is: {}", "".join(random.Random(7).choices(string.ascii_letters + string.digits, k=32))),
]

NOT_SECRETS = [
    "the password expired for the service account, AD policy is 90 days",
    'the password is in 1Password under "prod billing db"',
    "the password is stored in Vault at secret/billing/db",
    "the token is expired, request a new one from the portal",
    "password: ${DB_PASSWORD} in the compose file",
    "token rotation runs every Sunday at 02:00 UTC",
    "set the password to something from the password manager",
    "PGPASSWORD is unset in the cron environment",
    "--password-stdin is safer than -p on the command line",
    "the secret name is payments-db-credentials in namespace billing",
    "exit code is 137, status code is 502",
]


@pytest.mark.parametrize(("template", "secret"), FORMS)
def test_secret_in_context_is_removed(redactor: Redactor, template: str, secret: str) -> None:
    """Whatever the form (prose, .env, flags, headers, URLs), no letter or digit of the value is left."""
    text = template.format(secret)
    redacted = redactor.redact(text)
    covered = {i for f in redacted.findings for i in range(f.start, f.end)}
    start = text.index(secret)
    assert all(i in covered for i in range(start, start + len(secret)) if text[i].isalnum()), redacted.text
    assert "<SECRET>" in redacted.text


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_talk_about_secrets_is_kept(redactor: Redactor, text: str) -> None:
    """Sentences about passwords and tokens, without one in them, reach the model unchanged."""
    assert redactor.redact(text).text == text
