"""Conversation references survive a restart: proactive messages reach a conversation the new process has not
heard from, through the serviceUrl stored in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from bot.teams.inbound import ConversationType, Where
from bot.teams.references import References, StoredReferences
from store.db import Database

LONG_CHAT = "a:1" + "Xy9" * 40  # personal chat ids are long; they fit the conversations table too


def where(conversation_id: str, service_url: str) -> Where:
    return Where(service_url, "tenant-1", conversation_id, ConversationType.PERSONAL, None, None, "28:bot")


def test_a_new_process_finds_the_service_url_a_conversation_came_from(database: Database) -> None:
    """After a restart, a re-ping to a chat goes to the Bot Connector that chat used, not the default one."""
    References("https://default.example/", StoredReferences(database)).remember(
        where(LONG_CHAT, "https://smba.example/emea/")
    )
    restarted = References("https://default.example/", StoredReferences(database))
    assert restarted.service_url(LONG_CHAT) == "https://smba.example/emea/"
    assert restarted.service_url("19:unknown@thread.tacv2") == "https://default.example/"


def test_a_moved_conversation_keeps_its_newest_service_url(database: Database) -> None:
    """When Teams moves a conversation to another serviceUrl, the stored reference follows it."""
    first = References("https://default.example/", StoredReferences(database))
    first.remember(where("19:c@thread.tacv2", "https://smba.example/emea/"))
    first.remember(where("19:c@thread.tacv2", "https://smba.example/amer/"))
    restarted = References("https://default.example/", StoredReferences(database))
    assert restarted.service_url("19:c@thread.tacv2") == "https://smba.example/amer/"
