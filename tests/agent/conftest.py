"""Fixtures for the agent tests: an LlmAgent over fakes, driven by a scripted LLM or the OpenAI stub."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from llama_index.core.llms.function_calling import FunctionCallingLLM

from actions import build_registry
from bot.agent.llm_agent import LlmAgent
from bot.agent.offline import OfflineAgent
from bot.agent.registry_actions import RegistryActions
from bot.testing.scripted_llm import Script, ScriptedLLM
from store import tickets
from store.db import Database
from tests.agent.fakes import FakeSearcher, fake_redact


@pytest.fixture
def searcher() -> FakeSearcher:
    return FakeSearcher()


@pytest.fixture(scope="session")
def agent_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One migrated SQLite database for the agent tests (the built-in ticket actions use it)."""
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('agent') / 'opsbot.db'}", embedded=True)
    db.ensure_ready()
    yield db
    db.dispose()


@pytest.fixture
def actions(agent_database: Database) -> RegistryActions:
    """The real built-in actions (tickets, restart_service) behind the agent's ActionTools port."""
    return RegistryActions(build_registry(), agent_database)


@pytest.fixture
def ticket(agent_database: Database) -> str:
    """A ticket whose description carries an e-mail address, as 'OPS-<id>'."""
    with agent_database.transaction() as session:
        created = tickets.create_ticket(
            session,
            title="VPN drops every hour",
            description="Reported by alice@example.com from Berlin.",
            priority="normal",
            requester="U1",
        )
        return tickets.ticket_ref(created)


@pytest.fixture
def build(searcher: FakeSearcher, actions: RegistryActions) -> Callable[..., LlmAgent]:
    """An LlmAgent over the fake searcher and actions; the offline agent is its fallback."""

    def _build(llm: FunctionCallingLLM, **options: Any) -> LlmAgent:
        return LlmAgent(
            llm=llm,
            searcher=searcher,
            actions=actions,
            redact=fake_redact,
            fallback=OfflineAgent(searcher),
            **options,
        )

    return _build


@pytest.fixture
def scripted(build: Callable[..., LlmAgent]) -> Callable[..., tuple[LlmAgent, ScriptedLLM]]:
    """An agent driven by a script, and the scripted model (to inspect what it was shown)."""

    def _scripted(script: Script, **options: Any) -> tuple[LlmAgent, ScriptedLLM]:
        model = ScriptedLLM(script)
        return build(model.llm, **options), model

    return _scripted
