"""Only the Bot Framework, signing for this bot, gets through /api/messages; everything else is 401 and ignored."""

from __future__ import annotations

import time

import pytest

from tests.teams import activities
from tests.teams.conftest import Endpoint
from tests.teams.fake_botframework import new_key


async def test_a_correctly_signed_activity_reaches_the_core(endpoint: Endpoint) -> None:
    """A message signed by the Bot Framework's key for this app is accepted and handed on once."""
    status, _ = await endpoint.post(activities.personal(endpoint.fake.service_url, "how do I restart nginx?"))
    assert status == 200
    assert [m.text for m in endpoint.handler.messages] == ["how do I restart nginx?"]


async def test_a_request_without_a_token_is_refused(endpoint: Endpoint) -> None:
    """No Authorization header: 401, and the core hears nothing."""
    status, body = await endpoint.post(activities.personal(endpoint.fake.service_url, "hi"), token=None)
    assert (status, body, endpoint.handler.calls) == (401, {"error": "Unauthorized"}, 0)


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"aud": "00000000-0000-4000-8000-000000000000"}, id="another bot's audience"),
        pytest.param({"iss": "https://sts.windows.net/evil/"}, id="wrong issuer"),
        pytest.param({"exp": int(time.time()) - 600}, id="expired ten minutes ago"),
        pytest.param({"exp": None}, id="no expiry"),
        pytest.param({"serviceurl": "http://127.0.0.1:9/elsewhere/"}, id="serviceurl of another service"),
        pytest.param({"serviceurl": None}, id="no serviceurl claim"),
    ],
)
async def test_a_token_with_the_wrong_claims_is_refused(endpoint: Endpoint, claims: dict[str, object]) -> None:
    """Audience, issuer, expiry and serviceurl are all checked: any one wrong is a 401."""
    token = endpoint.fake.sign(**claims)
    status, _ = await endpoint.post(activities.personal(endpoint.fake.service_url, "hi"), token=token)
    assert (status, endpoint.handler.calls) == (401, 0)


async def test_a_forged_token_is_refused(endpoint: Endpoint) -> None:
    """Signed with another key under the Bot Framework's key id: the signature check fails, 401."""
    token = endpoint.fake.sign(key=new_key())
    status, _ = await endpoint.post(activities.personal(endpoint.fake.service_url, "hi"), token=token)
    assert (status, endpoint.handler.calls) == (401, 0)


async def test_a_token_for_another_activity_service_is_refused(endpoint: Endpoint) -> None:
    """A valid token replayed with an activity whose serviceUrl points elsewhere (where our replies would go): 401."""
    body = activities.personal("http://127.0.0.1:9/attacker/", "hi")
    status, _ = await endpoint.post(body)
    assert (status, endpoint.handler.calls) == (401, 0)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwdw==", "Bearer", "Bearer not.a.jwt", "Bearer " + "x" * 8000])
async def test_malformed_authorization_headers_are_refused(endpoint: Endpoint, header: str) -> None:
    """Anything that is not a bearer JWT is a 401, not a 500."""
    status, _ = await endpoint.post(
        activities.personal(endpoint.fake.service_url, "hi"), token=None, headers={"Authorization": header}
    )
    assert (status, endpoint.handler.calls) == (401, 0)


async def test_unknown_key_ids_do_not_hammer_the_metadata_endpoint(endpoint: Endpoint) -> None:
    """Tokens naming keys the metadata does not list are refused, and refetch the key set at most once a minute."""
    body = activities.personal(endpoint.fake.service_url, "hi")
    for n in range(5):
        status, _ = await endpoint.post(body, token=endpoint.fake.sign(kid=f"invented-{n}"))
        assert status == 401
    assert endpoint.fake.metadata_requests == 1
    assert endpoint.handler.calls == 0


async def test_keys_that_cannot_be_read_give_503_and_nothing_runs(endpoint: Endpoint) -> None:
    """When the OpenID metadata is unreachable no token can be checked: 503 with Retry-After, so Teams redelivers."""
    await endpoint.fake.close()
    async with endpoint.session.post(
        endpoint.url,
        json=activities.personal(endpoint.fake.service_url, "hi"),
        headers={"Authorization": f"Bearer {endpoint.fake.sign()}"},
    ) as response:
        assert (response.status, response.headers.get("Retry-After")) == (503, "5")
    assert endpoint.handler.calls == 0
