"""Versioned system prompts: `system-<version>.md`. Add a new file for a change; never edit a released one."""

from __future__ import annotations

from importlib import resources

from model.errors import ConfigError

DEFAULT_PROMPT_VERSION = "v2"


def load_system_prompt(version: str = DEFAULT_PROMPT_VERSION) -> str:
    """The text of system-<version>.md; ConfigError if there is no such version."""
    name = f"system-{version}.md"
    path = resources.files(__name__).joinpath(name)
    if not path.is_file():
        known = sorted(p.name for p in resources.files(__name__).iterdir() if p.name.startswith("system-"))
        raise ConfigError(f"unknown system prompt version {version!r} (have: {', '.join(known)})")
    return path.read_text(encoding="utf-8").strip()


def versions() -> list[str]:
    """The versions shipped: system-<version>.md files."""
    names = (p.name for p in resources.files(__name__).iterdir())
    return sorted(n.removeprefix("system-").removesuffix(".md") for n in names if n.startswith("system-"))
