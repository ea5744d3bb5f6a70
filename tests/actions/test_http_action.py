"""Declarative HTTP actions against a local server: the request sent, the response mapped, failures explained."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from actions import ActionContext, ActionSpec, HttpActionSpec, InvalidArguments, run_action, validate_arguments
from actions.http import http_action
from bot.settings import load_settings, secret_env
from model.errors import ConfigError
from model.messages import Person
from store.db import Database

SNIPPET = Path(__file__).with_name("http_actions.yml")
SECRETS = {"STATUSPAGE_TOKEN": "sp-secret-123", "PAGERDUTY_ROUTING_KEY": "pd-routing-456"}
ALICE = Person("U_ALICE")
SRE = Person("U_SRE", frozenset({"sre"}))


@dataclass
class Seen:
    method: str
    raw_path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeService:
    """A local HTTP server that records requests and answers from a script (status, JSON, delay)."""

    base: str = ""
    seen: list[Seen] = field(default_factory=list)
    script: list[tuple[int, Any, float]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.seen.append(Seen(request.method, request.raw_path, dict(request.headers), body))
        status, payload, delay = self.script.pop(0) if self.script else (200, {}, 0.0)
        await asyncio.sleep(delay)
        return web.json_response(payload, status=status)


@pytest.fixture
async def service() -> AsyncIterator[FakeService]:
    fake = FakeService()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.base = f"http://127.0.0.1:{port}"
    yield fake
    await runner.cleanup()


def configured(name: str, base: str, **overrides: Any) -> HttpActionSpec:
    """The named action from the YAML snippet, pointed at the local server."""
    settings = load_settings({"OPSBOT_CONFIG": str(SNIPPET)})
    config = next(c for c in settings.actions.http_actions if c.name == name)
    path = config.url.split("/", 3)[3]
    return config.model_copy(update={"url": f"{base}/{path}", **overrides})


def spec_for(config: HttpActionSpec, secrets: Callable[[str], str | None] = SECRETS.get) -> ActionSpec:
    return http_action(config, secret_lookup=secrets)


def context(**overrides: Any) -> ActionContext:
    fields: dict[str, Any] = {"actor": SRE, "requester": ALICE.id, "idempotency_key": "pa_key123"} | overrides
    return ActionContext(database=None, **fields)  # type: ignore[arg-type]


INCIDENT = {"title": "VPN slow for <PERSON_1>", "message": "We are looking into it."}


async def test_the_request_carries_method_path_secret_header_and_body(service: FakeService) -> None:
    """The statuspage action POSTs the filled JSON body with the secret header, restoring placeholders first."""
    service.script.append((201, {"id": "inc_42", "shortlink": "https://stspg.io/x", "status": "investigating"}, 0))
    spec = spec_for(configured("statuspage_incident", service.base))
    ctx = context(restore=lambda text: text.replace("<PERSON_1>", "Alice Doe"))
    execution = await run_action(spec, validate_arguments(spec, INCIDENT), ctx)
    (seen,) = service.seen
    assert (seen.method, seen.raw_path) == ("POST", "/v1/pages/YOUR_PAGE_ID/incidents")
    assert seen.headers["Authorization"] == "OAuth sp-secret-123"
    assert seen.body == {
        "incident": {
            "name": "VPN slow for Alice Doe",
            "status": "investigating",
            "body": "We are looking into it.",
            "impact_override": "minor",
        }
    }
    assert execution.result is not None
    assert execution.result.summary == "Status page incident inc_42 opened: https://stspg.io/x"
    assert execution.result.data == {"incident_id": "inc_42", "url": "https://stspg.io/x", "status_code": 201}


async def test_a_server_error_is_retried_then_fails_clearly(service: FakeService) -> None:
    """An idempotent action retries a 500 with the same dedup key, then says what failed and to check."""
    service.script += [(500, {}, 0)] * 3
    spec = spec_for(configured("page_oncall", service.base))
    params = validate_arguments(spec, {"summary": "VPN down for all of Berlin"})
    execution = await run_action(spec, params, context(), backoff=0.01)
    assert len(service.seen) == 3
    assert {s.body["dedup_key"] for s in service.seen} == {"pa_key123"}
    assert service.seen[0].body["routing_key"] == "pd-routing-456"
    assert service.seen[0].body["payload"]["custom_details"] == {"requested_by": "U_ALICE", "confirmed_by": "U_SRE"}
    assert execution.failure_text() == (
        "page_oncall failed: the service answered HTTP 500 Internal Server Error (3 attempts). It may have partly "
        f"happened, so check before trying again, or ask a human (ref {execution.reference})."
    )


async def test_a_non_idempotent_action_is_not_retried(service: FakeService) -> None:
    """A 503 on a call that could create a duplicate incident is tried once only."""
    service.script.append((503, {}, 0))
    spec = spec_for(configured("statuspage_incident", service.base, retries=3))
    execution = await run_action(spec, validate_arguments(spec, INCIDENT), context(), backoff=0.01)
    assert len(service.seen) == 1 and execution.attempts == 1 and not execution.ok


async def test_a_refusal_is_not_retried_and_says_nothing_changed(service: FakeService) -> None:
    """A 403 fails at once and tells the user nothing was changed."""
    service.script.append((403, {"error": "no"}, 0))
    spec = spec_for(configured("page_oncall", service.base))
    execution = await run_action(spec, validate_arguments(spec, {"summary": "VPN down"}), context(), backoff=0.01)
    assert len(service.seen) == 1
    assert execution.failure_text().startswith(
        "page_oncall failed: the service refused the request: HTTP 403 Forbidden. Nothing was changed"
    )


async def test_a_slow_service_times_out_clearly(service: FakeService) -> None:
    """A service slower than the action's timeout gives 'timed out after 0.3 s'."""
    service.script.append((201, {}, 2.0))
    spec = spec_for(configured("statuspage_incident", service.base, timeout_seconds=0.3))
    execution = await run_action(spec, validate_arguments(spec, INCIDENT), context())
    assert execution.failure_text().startswith("statuspage_incident failed: timed out after 0.3 s. It may have partly")


async def test_a_missing_secret_fails_before_anything_is_sent(service: FakeService) -> None:
    """Without its secret the action sends no request and names the missing setting."""
    spec = spec_for(configured("statuspage_incident", service.base), secrets=lambda name: None)
    execution = await run_action(spec, validate_arguments(spec, INCIDENT), context())
    assert service.seen == []
    assert "the secret STATUSPAGE_TOKEN is not set on the Opsbot server; ask an admin. Nothing was changed" in (
        execution.failure_text()
    )


async def test_url_values_are_percent_encoded_and_reads_map_the_response(service: FakeService) -> None:
    """A value cannot change the URL's path: it is encoded, and a GET read maps fields out of the reply."""
    service.script.append((200, {"component": {"status": "operational"}}, 0))
    config = HttpActionSpec(
        name="component_status",
        description="Show a status page component.",
        method="GET",
        url=f"{service.base}/v1/components/{{component}}",
        params={"component": {"description": "Component id."}},  # type: ignore[dict-item]
        response={"status": "component.status"},
        summary="{status}",
        kind="read",
    )
    spec = spec_for(config)
    execution = await run_action(spec, validate_arguments(spec, {"component": "a b?x=1&y=2#top"}), context())
    assert service.seen[0].raw_path == "/v1/components/a%20b%3Fx%3D1%26y%3D2%23top"
    assert execution.result is not None and execution.result.summary == "operational"


def notify_customer(base: str) -> HttpActionSpec:
    """An action whose path has two parameters, as in the security review (issue 19, finding 3)."""
    return HttpActionSpec(
        name="notify_customer",
        description="Notify a customer of a team.",
        url=f"{base}/api/v1/teams/{{team}}/customers/{{customer}}/notify",
        headers={"Authorization": "Bearer ${env:STATUSPAGE_TOKEN}"},
        params={"team": {"description": "Team id."}, "customer": {"description": "Customer id."}},  # type: ignore[dict-item]
        body={"note": "{customer}"},
    )


@pytest.mark.parametrize("value", [".", "..", " .. ", "a/b", "%2F", "%2e%2e", "%252F", "a\\b", "a%5Cb"])
def test_a_value_that_would_change_the_path_is_refused_before_a_card_is_shown(value: str) -> None:
    """`..`, `.` or a (percent-encoded) path separator in a path parameter is a clear argument error."""
    spec = spec_for(notify_customer("https://crm.example"))
    with pytest.raises(InvalidArguments) as refused:
        validate_arguments(spec, {"team": value, "customer": "acme"})
    assert "- team:" in refused.value.user_text and "would change the request's path" in refused.value.user_text


async def test_a_restored_dot_dot_is_refused_at_run_time_and_nothing_is_sent(service: FakeService) -> None:
    """Placeholders that restore to `..` cannot send `POST /api/v1/notify` with the Authorization header."""
    spec = spec_for(notify_customer(service.base))
    params = validate_arguments(spec, {"team": "<ID_1>", "customer": "<ID_2>"})
    restore = {"<ID_1>": "..", "<ID_2>": ".."}
    execution = await run_action(spec, params, context(restore=lambda text: restore.get(text, text)))
    assert service.seen == []
    assert execution.result is None and execution.changed_nothing
    assert "would change the request's path" in execution.failure_text()


async def test_dots_inside_a_path_value_and_anywhere_in_the_body_still_work(service: FakeService) -> None:
    """A value like `acme.eu` is one segment: it is sent, percent-encoded, to the configured endpoint."""
    spec = spec_for(notify_customer(service.base))
    execution = await run_action(spec, validate_arguments(spec, {"team": "ops.eu", "customer": "acme..x"}), context())
    assert execution.result is not None
    assert service.seen[0].raw_path == "/api/v1/teams/ops.eu/customers/acme..x/notify"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": "https://x.example/{nope}"}, "unknown parameters \\['nope'\\]"),
        ({"url": "https://x.example/?key=${env:STATUSPAGE_TOKEN}"}, "not allowed in the URL"),
        ({"params": {"requester": {"description": "x"}}}, "reserved"),
        ({"risk": "high", "confirm_by": "requester"}, "high-risk action must be confirmed by approvers"),
    ],
)
def test_config_mistakes_are_caught_at_start_up(overrides: dict[str, Any], message: str) -> None:
    """Typos in templates, secrets in URLs, reserved names and unsafe policies stop start-up with a clear error."""
    config = configured("page_oncall", "https://events.pagerduty.com").model_dump() | overrides
    with pytest.raises(ConfigError, match=message):
        spec_for(HttpActionSpec.model_validate(config))


def test_the_example_snippet_is_valid_config() -> None:
    """The YAML handed over for examples/opsbot.yml loads, and each action has a documented schema."""
    settings = load_settings({"OPSBOT_CONFIG": str(SNIPPET)})
    specs = [spec_for(c) for c in settings.actions.http_actions]
    assert [s.name for s in specs] == ["statuspage_incident", "page_oncall"]
    properties = specs[0].params.model_json_schema()["properties"]
    assert properties["impact"]["enum"] == ["none", "minor", "major", "critical"]
    assert specs[1].idempotent and specs[1].attempts == 3 and specs[0].attempts == 1


def test_secrets_come_from_the_environment_but_never_opsbots_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """`${env:NAME}` reads the environment, except Opsbot's own credentials, which stay private."""
    monkeypatch.setenv("STATUSPAGE_TOKEN", "sp-secret")
    monkeypatch.setenv("OPSBOT_VAULT_KEY", "vault-secret")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret")
    assert secret_env("STATUSPAGE_TOKEN") == "sp-secret"
    assert secret_env("OPSBOT_VAULT_KEY") is None and secret_env("SLACK_BOT_TOKEN") is None
    assert secret_env("NOT_SET_ANYWHERE_123") is None


@pytest.mark.db
async def test_an_http_action_runs_through_confirmation(service: FakeService, database: Database) -> None:
    """A high-risk HTTP action needs an SRE; once confirmed it calls the service, and no secret reaches the log."""
    from actions import ActionRegistry, DatabaseSwitches
    from bot.core.confirmation.service import ConfirmationService
    from model.messages import ThreadRef
    from model.outcomes import ProposedAction
    from model.replies import ReplyKind
    from store import audit, pending

    service.script.append((201, {"id": "inc_7", "shortlink": "https://stspg.io/7"}, 0))
    registry = ActionRegistry(switched_off=DatabaseSwitches(database))
    registry.register(spec_for(configured("statuspage_incident", service.base)))
    confirmations = ConfirmationService(database=database, registry=registry)
    proposal = ProposedAction("statuspage_incident", INCIDENT)
    card = await confirmations.propose(proposal=proposal, requester=ALICE, thread=ThreadRef("console", "c", "t"))
    assert card.card is not None and card.card.who_may_confirm == "a member of sre"
    refused = await confirmations.decide(pending_id=card.card.pending_id, actor=ALICE, choice="confirm")
    assert refused.ephemeral and service.seen == []
    done = await confirmations.decide(pending_id=card.card.pending_id, actor=SRE, choice="confirm")
    assert done.kind is ReplyKind.ACTION_RESULT and done.text == "Status page incident inc_7 opened: https://stspg.io/7"
    with database.transaction() as session:
        stored = repr([(e.params, e.detail) for e in audit.list_audit(session)])
        stored += repr(pending.get_pending(session, pending_id=card.card.pending_id).__dict__)
    assert "sp-secret-123" not in stored and "<PERSON_1>" in stored


async def test_restored_values_are_validated_too_so_a_placeholder_cannot_bypass_max_length(
    service: FakeService,
) -> None:
    """`<PERSON_1>` fits a 120-character title, the 300 characters it stands for do not: nothing is sent, and the
    error names the field and its limit but not the value."""
    spec = spec_for(configured("statuspage_incident", service.base))
    params = validate_arguments(spec, {"title": "<PERSON_1>", "message": "VPN is slow"})
    real = "Ann " + "x" * 296
    execution = await run_action(spec, params, context(restore=lambda text: text.replace("<PERSON_1>", real)))
    assert service.seen == [] and execution.result is None and execution.changed_nothing
    assert "title: string should have at most 120 characters, it must be text, at most 120" in execution.failure_text()
    assert real not in execution.failure_text()


async def test_restored_values_that_fit_are_sent(service: FakeService) -> None:
    """A placeholder standing for a short name is restored and sent as usual."""
    service.script.append((201, {"id": "inc1", "shortlink": "https://stspg.io/1"}, 0))
    spec = spec_for(configured("statuspage_incident", service.base))
    params = validate_arguments(spec, {"title": "VPN slow for <PERSON_1>", "message": "We are on it"})
    execution = await run_action(spec, params, context(restore=lambda text: text.replace("<PERSON_1>", "Ann Lee")))
    assert execution.result is not None and service.seen[0].body["incident"]["name"] == "VPN slow for Ann Lee"
