"""Where each setting lives: its group, its field, its environment variable and its flat config-file name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import AliasChoices, BaseModel

from bot.settings.groups import GROUPS
from bot.settings.schema import Settings


@dataclass(frozen=True)
class Place:
    group: str | None  # None: a top-level field of Settings
    field: str
    env: str | None  # the environment variable, when the setting has one
    flat: str  # the name in a flat config file (and in error messages without an env name)

    @property
    def shown(self) -> str:
        return self.env or self.flat


def _places_of(model: type[BaseModel], group: str | None) -> list[Place]:
    places = []
    for name, info in model.model_fields.items():
        alias = info.validation_alias
        names = [str(choice) for choice in alias.choices] if isinstance(alias, AliasChoices) else []
        env = names[0] if names and names[0].isupper() else None
        flat = next((n for n in names if not n.isupper()), name)
        places.append(Place(group, name, env, flat))
    return places


@cache
def places() -> tuple[Place, ...]:
    top = [p for p in _places_of(Settings, None) if p.field not in GROUPS]
    return tuple(top + [p for group, model in GROUPS.items() for p in _places_of(model, group)])


@cache
def by_name() -> dict[str, Place]:
    """Every accepted flat name (environment variable, flat file key, `group.field`) -> its place."""
    names: dict[str, Place] = {}
    for place in places():
        names[place.flat] = place
        names[f"{place.group}.{place.field}" if place.group else place.field] = place
        if place.env:
            names[place.env] = place
    return names


@cache
def env_names() -> frozenset[str]:
    return frozenset(p.env for p in places() if p.env)
