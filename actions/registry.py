"""The action registry: every action by name, and which are switched off (config list + runtime kill switch)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Set
from typing import Any

from actions.errors import UnknownAction
from actions.spec import ActionSpec

SwitchedOff = Callable[[], Set[str]]


def no_switches() -> Set[str]:
    return frozenset()


class ActionRegistry:
    """Actions by name. `switched_off` is read on every check, so a runtime kill switch needs no restart."""

    def __init__(self, *, switched_off: SwitchedOff = no_switches) -> None:
        self._specs: dict[str, ActionSpec] = {}
        self._disabled: set[str] = set()
        self._switched_off = switched_off

    def register(self, spec: ActionSpec, *, replace: bool = False) -> ActionSpec:
        """Add an action; a second one with the same name is an error unless `replace` is given."""
        if spec.name in self._specs and not replace:
            raise ValueError(f"an action called {spec.name!r} is already registered")
        self._specs[spec.name] = spec
        return spec

    def get(self, name: str) -> ActionSpec | None:
        return self._specs.get(name)

    def require(self, name: str) -> ActionSpec:
        """The action called `name`, or UnknownAction naming the closest one."""
        spec = self._specs.get(name)
        if spec is None:
            raise UnknownAction(name, self.closest(name))
        return spec

    def closest(self, name: str) -> str | None:
        matches = difflib.get_close_matches(name, list(self._specs), n=1, cutoff=0.6)
        return matches[0] if matches else None

    def specs(self, include_disabled: bool = False) -> list[ActionSpec]:
        """Actions in name order; switched-off ones only when asked for."""
        off = set() if include_disabled else self.disabled_names()
        return [self._specs[n] for n in sorted(self._specs) if n not in off]

    def disable(self, name: str) -> None:
        """Switch an action off in this process (the config file's `disabled_actions`)."""
        self._disabled.add(name)

    def enable(self, name: str) -> None:
        """Undo `disable` in this process; a runtime kill switch (`opsbot actions disable`) stays on."""
        self._disabled.discard(name)

    def is_enabled(self, name: str) -> bool:
        return name in self._specs and name not in self.disabled_names()

    def disabled_names(self) -> frozenset[str]:
        """Switched off by config or at runtime; reads the runtime switches (a database query) each time."""
        return frozenset(self._disabled) | frozenset(self._switched_off())

    def disabled_in_config(self, name: str) -> bool:
        return name in self._disabled

    def json_schemas(self, include_disabled: bool = False) -> list[dict[str, Any]]:
        """One tool schema per action: name, description, JSON-schema parameters, and how it is confirmed."""
        off = self.disabled_names()
        specs = self.specs(include_disabled=True)
        return [tool_schema(s, enabled=s.name not in off) for s in specs if include_disabled or s.name not in off]


def tool_schema(spec: ActionSpec, *, enabled: bool = True) -> dict[str, Any]:
    return {
        "name": spec.name,
        "description": spec.description,
        "parameters": spec.params.model_json_schema(),
        "kind": spec.kind,
        "risk": spec.risk,
        "confirm_by": spec.confirm_by,
        "approver_group": spec.approver_group,
        "timeout_seconds": spec.timeout_seconds,
        "enabled": enabled,
    }
