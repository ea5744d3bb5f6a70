"""Assembling the registry: built-in actions, then the config file's HTTP actions, then the config kill switch."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from actions.http import http_action
from actions.http_spec import HttpActionSpec
from actions.http_templates import Secrets
from actions.registry import ActionRegistry, SwitchedOff, no_switches
from actions.restart import DEMO_SERVICES, restart_service_action
from actions.tickets import DEFAULT_AGENT_GROUPS, ticket_actions

log = logging.getLogger(__name__)


def build_registry(
    http_actions: Iterable[HttpActionSpec] = (),
    disabled: Iterable[str] = (),
    secret_lookup: Secrets | None = None,
    *,
    switched_off: SwitchedOff = no_switches,
    restartable_services: Sequence[str] = DEMO_SERVICES,
    ticket_agent_groups: Sequence[str] = DEFAULT_AGENT_GROUPS,
) -> ActionRegistry:
    """Every action Opsbot offers. An HTTP action named like a built-in replaces it (e.g. a real restart)."""
    registry = ActionRegistry(switched_off=switched_off)
    for spec in (*ticket_actions(ticket_agent_groups), restart_service_action(restartable_services)):
        registry.register(spec)
    for config in http_actions:
        replaces = registry.get(config.name) is not None
        registry.register(http_action(config, secret_lookup=secret_lookup or _no_secrets), replace=replaces)
        if replaces:
            log.info("http action replaces the built-in action", extra={"action": config.name})
    for name in disabled:
        registry.disable(name)
    return registry


def _no_secrets(name: str) -> str | None:
    return None
