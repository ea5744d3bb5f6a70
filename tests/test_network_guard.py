"""The suite itself refuses to talk to the internet."""

import socket

import pytest

from tests.conftest import NetworkAccessError


def test_outbound_connection_is_refused() -> None:
    """A connection to a public address fails before any packet leaves the machine."""
    with socket.socket() as sock, pytest.raises(NetworkAccessError):
        sock.connect(("93.184.216.34", 80))


def test_name_resolution_is_refused() -> None:
    """Resolving a public host name fails, so no DNS query is sent."""
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.com", 443)


def test_loopback_is_allowed() -> None:
    """Loopback stays usable for local fakes (Slack, OpenAI stubs, PostgreSQL)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())
