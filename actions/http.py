"""Declarative HTTP actions: an HttpActionSpec from the config file becomes an ActionSpec with an httpx handler.

Retryable: timeouts, connection errors, 429 and 5xx (and only when the action is idempotent or sends the
idempotency key). Other 4xx answers fail at once. Response bodies are never shown or stored, only mapped fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import httpx
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from actions.errors import ActionFailed
from actions.http_spec import HttpActionSpec, HttpParam
from actions.http_templates import RESERVED, Secrets, fill, fill_url, names_in, path_names, path_segment_problem, pick
from actions.spec import ActionContext, ActionResult, ActionSpec
from model.errors import ConfigError

_TYPES: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool}


def http_action(config: HttpActionSpec, *, secret_lookup: Secrets) -> ActionSpec:
    """The ActionSpec for one configured HTTP action; ConfigError if its templates do not add up."""
    _check_templates(config)
    try:
        return ActionSpec(
            name=config.name,
            description=config.description,
            params=params_model(config),
            handler=HttpHandler(config, secret_lookup),
            kind=config.kind,
            risk=config.risk,
            confirm_by=config.confirm_by,
            approver_group=config.approver_group,
            timeout_seconds=config.timeout_seconds,
            retries=config.retries,
            idempotent=config.idempotent or config.idempotency_header is not None,
            source="http",
            destination=f"{config.method} {_netloc(config.url)}",
            definition=config.model_dump_json(),
        )
    except ValueError as exc:
        raise ConfigError(f"http_actions: {exc}") from exc


def _netloc(url: str) -> str:
    """The host (and port) a URL sends to, never its user or password."""
    parts = urlsplit(url)
    host = parts.hostname or "the service"
    return f"{host}:{parts.port}" if parts.port else host


def _check_templates(config: HttpActionSpec) -> None:
    known = set(config.params) | RESERVED
    clash = RESERVED & set(config.params)
    used, _ = names_in([config.url, config.headers, config.body or {}])
    _, url_secrets = names_in(config.url)
    problem = (
        f"parameter names {sorted(clash)} are reserved"
        if clash
        else f"the templates use unknown parameters {sorted(used - known)}"
        if used - known
        else "secrets (${env:...}) are not allowed in the URL; put them in a header"
        if url_secrets
        else None
    )
    if problem:
        raise ConfigError(f"http_actions: action {config.name!r}: {problem}")


def params_model(config: HttpActionSpec) -> type[BaseModel]:
    """A pydantic model for the configured parameters, so they validate and document like Python ones."""
    in_path = path_names(config.url)
    fields: dict[str, Any] = {name: _field(param, name in in_path) for name, param in config.params.items()}
    model_name = "".join(part.title() for part in config.name.split("_")) or "Params"
    config_dict = ConfigDict(extra="forbid", str_strip_whitespace=True)
    return create_model(model_name, __config__=config_dict, __doc__=config.description, **fields)


def _field(param: HttpParam, in_path: bool) -> tuple[Any, Any]:
    kind: Any = Literal.__getitem__(tuple(param.enum)) if param.enum else _TYPES[param.type]
    if in_path:
        kind = Annotated[kind, AfterValidator(_one_path_segment)]
    optional = not param.required or param.default is not None
    constraints: dict[str, Any] = {}
    if param.type == "string" and not param.enum:
        constraints = {"min_length": param.min_length, "max_length": param.max_length, "pattern": param.pattern}
    default = param.default if optional else ...
    annotation = kind | None if optional and param.default is None else kind
    return annotation, Field(default, description=param.description, **constraints)


def _one_path_segment(value: Any) -> Any:
    problem = path_segment_problem(value)
    if problem:
        raise ValueError(f"it {problem}; give the name itself")
    return value


class HttpHandler:
    """Sends one request per attempt; restores placeholders in parameter values just before sending."""

    def __init__(self, config: HttpActionSpec, secret_lookup: Secrets) -> None:
        self._config = config
        self._secrets = secret_lookup

    async def __call__(self, params: BaseModel, ctx: ActionContext) -> ActionResult:
        request = self._request(params, ctx)
        async with httpx.AsyncClient(timeout=self._config.timeout_seconds, follow_redirects=False) as client:
            response = await _send(client, request, self._host)
        return self._result(response)

    @property
    def _host(self) -> str:
        return urlsplit(self._config.url).hostname or "the service"

    def _request(self, params: BaseModel, ctx: ActionContext) -> httpx.Request:
        values = _values(params, ctx)
        config = self._config
        headers = dict(fill(config.headers, values, self._secrets))
        if config.idempotency_header:
            headers[config.idempotency_header] = ctx.idempotency_key
        body = fill(config.body, values, self._secrets) if config.body is not None else None
        return httpx.Request(config.method, fill_url(config.url, values), headers=headers, json=body)

    def _result(self, response: httpx.Response) -> ActionResult:
        _raise_for_status(response)
        decoded = _json(response)
        data: dict[str, Any] = {name: pick(decoded, path) for name, path in self._config.response.items()}
        data["status_code"] = response.status_code
        template = self._config.summary or f"{self._config.name} done (HTTP {response.status_code})."
        return ActionResult(str(fill(template, data, None)), data)


def _values(params: BaseModel, ctx: ActionContext) -> dict[str, Any]:
    values = {k: ctx.restore(v) if isinstance(v, str) else v for k, v in params.model_dump().items()}
    return values | {"idempotency_key": ctx.idempotency_key, "requester": ctx.requester_id, "confirmer": ctx.actor.id}


async def _send(client: httpx.AsyncClient, request: httpx.Request, host: str) -> httpx.Response:
    try:
        return await client.send(request)
    except httpx.TimeoutException as exc:
        raise ActionFailed(f"{host} did not answer in time", retryable=True) from exc
    except httpx.ConnectError as exc:
        raise ActionFailed(f"could not connect to {host}", retryable=True, changed=False) from exc
    except httpx.TransportError as exc:
        raise ActionFailed(f"the connection to {host} failed ({type(exc).__name__})", retryable=True) from exc


def _raise_for_status(response: httpx.Response) -> None:
    code = response.status_code
    if code == 429 or code >= 500:
        raise ActionFailed(f"the service answered HTTP {code} {response.reason_phrase}".rstrip(), retryable=True)
    if code >= 400:
        raise ActionFailed(
            f"the service refused the request: HTTP {code} {response.reason_phrase}".rstrip(), changed=False
        )
    if code >= 300:
        raise ActionFailed(f"the service answered with a redirect (HTTP {code}); check the action's URL")


def _json(response: httpx.Response) -> Mapping[str, Any] | list[Any] | None:
    try:
        decoded = response.json()
    except ValueError:
        return None
    return decoded if isinstance(decoded, dict | list) else None
